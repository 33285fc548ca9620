// Reads the Kubernetes objects of one instance: one LIST per kind, filtered by our labels, never one call per pod.
import {
  instanceLabelSelector,
  OPERATOR_API_VERSION,
  type InstanceRef,
  type OperationsState,
} from '@odin/plugin-redis-common';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  isServerSideCluster,
  operationHistoryName,
  operationLeaseName,
  readOperationHistory,
  readOperationLock,
  withTimeout,
  type ApiObject,
  type ClusterAccess,
  type KubernetesCluster,
  type KubernetesPluginClusterAccess,
  type KubernetesUserTokens,
} from '@odin/plugin-redis-node';
import type {
  CronJobObject,
  EventObject,
  JobObject,
  NodeObject,
  PodObject,
  SecretObject,
  StatefulSetObject,
  VolumeClaimObject,
} from './kubernetesObjects';

export const OPERATOR_KINDS = [
  'Redis',
  'RedisReplication',
  'RedisSentinel',
  'RedisCluster',
] as const;
export type OperatorKind = (typeof OPERATOR_KINDS)[number];

export interface CustomResourceObject {
  kind: OperatorKind;
  metadata: {
    name: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, any>;
  status?: Record<string, unknown>;
}

export interface KubernetesSnapshot {
  customResources: CustomResourceObject[];
  statefulSets: StatefulSetObject[];
  pods: PodObject[];
  volumeClaims: VolumeClaimObject[];
  events: EventObject[];
  /** Undefined when nodes may not be listed; pods then have no zone. */
  nodes?: NodeObject[];
  cronJobs: CronJobObject[];
  jobs: JobObject[];
}

/** `Pod objects in namespace "shop" on cluster "eks-prod"`, as redis-node's errors name a request. */
function described(
  cluster: KubernetesCluster,
  kind: string,
  namespace?: string,
  name?: string,
): string {
  const object = name ? `${kind} "${name}"` : `${kind} objects`;
  return `${object}${
    namespace ? ` in namespace "${namespace}"` : ''
  } on cluster "${cluster.name}"`;
}

/** The signed-in user a read is made for, with the Kubernetes tokens their browser sent. */
export interface Viewer {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  userTokens: KubernetesUserTokens;
}

export class KubernetesReader {
  constructor(
    private readonly clusters: ClusterAccess | KubernetesPluginClusterAccess,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Whether the cluster takes only a signed-in user's own token (oidc, google, aks): its reads are
   * then made on the user's behalf, with the token the user's browser sent.
   */
  async needsUserToken(clusterName: string | undefined): Promise<boolean> {
    if (!('onBehalfOf' in this.clusters)) return false;
    const clusters = await this.clusters.listClusters();
    const cluster =
      clusterName === undefined && clusters.length === 1
        ? clusters[0]
        : clusters.find(candidate => candidate.name === clusterName);
    return cluster !== undefined && !isServerSideCluster(cluster);
  }

  /** The plugin's own access, or the user's when a viewer is given. */
  private access(viewer: Viewer | undefined): ClusterAccess {
    return viewer && 'onBehalfOf' in this.clusters
      ? this.clusters.onBehalfOf(viewer.credentials, viewer.userTokens)
      : this.clusters;
  }

  async readInstance(
    ref: InstanceRef,
    viewer?: Viewer,
  ): Promise<KubernetesSnapshot> {
    // An unknown cluster name is a NotFoundError naming the configured clusters.
    const cluster = await this.access(viewer).getCluster(ref.cluster);
    const { namespace } = ref;
    // The labels every object we render carries; the operator copies them onto its StatefulSets and pods.
    const labelSelector = instanceLabelSelector(ref);
    const list = <T extends ApiObject>(
      apiVersion: string,
      kind: string,
      scope: { namespace?: string; labelSelector?: string },
    ): Promise<T[]> =>
      withTimeout(
        cluster.list<T>({ apiVersion, kind, ...scope }),
        this.timeoutMs,
        `Listing ${described(cluster, kind, scope.namespace)}`,
      );
    const customResources = Promise.all(
      OPERATOR_KINDS.map(kind =>
        list(OPERATOR_API_VERSION, kind, { namespace, labelSelector }).then(
          items =>
            items.map(item => ({ ...item, kind } as CustomResourceObject)),
        ),
      ),
    ).then(lists => lists.flat());
    const [
      resources,
      statefulSets,
      pods,
      volumeClaims,
      events,
      nodes,
      cronJobs,
      jobs,
    ] = await Promise.all([
      customResources,
      list<StatefulSetObject>('apps/v1', 'StatefulSet', {
        namespace,
        labelSelector,
      }),
      list<PodObject>('v1', 'Pod', { namespace, labelSelector }),
      // The operator's volume claim templates do not carry our labels: list the namespace, keep the pods' claims.
      list<VolumeClaimObject>('v1', 'PersistentVolumeClaim', { namespace }),
      // Events name their object but carry no labels of it.
      list<EventObject>('v1', 'Event', { namespace }),
      list<NodeObject>('v1', 'Node', {}).catch(() => undefined),
      list<CronJobObject>('batch/v1', 'CronJob', { namespace, labelSelector }),
      list<JobObject>('batch/v1', 'Job', { namespace, labelSelector }),
    ]);
    return {
      customResources: resources,
      statefulSets,
      pods,
      volumeClaims,
      events,
      nodes,
      cronJobs,
      jobs,
    };
  }

  /**
   * The day-2 operation holding the instance's lock (its Lease; none when missing or expired) and the
   * recorded runs (its history ConfigMap; empty when missing): two GETs by name, in parallel. Rejects
   * naming each read that failed.
   */
  async readOperations(
    ref: InstanceRef,
    viewer?: Viewer,
  ): Promise<OperationsState> {
    const cluster = await this.access(viewer).getCluster(ref.cluster);
    const instance = { namespace: ref.namespace, name: ref.name };
    const [running, history] = await Promise.allSettled([
      withTimeout(
        readOperationLock(cluster, instance),
        this.timeoutMs,
        `Reading ${described(
          cluster,
          'Lease',
          ref.namespace,
          operationLeaseName(ref.name),
        )}`,
      ),
      withTimeout(
        readOperationHistory(cluster, instance),
        this.timeoutMs,
        `Reading ${described(
          cluster,
          'ConfigMap',
          ref.namespace,
          operationHistoryName(ref.name),
        )}`,
      ),
    ]);
    if (running.status === 'fulfilled' && history.status === 'fulfilled')
      return { running: running.value, history: history.value };
    const failures = [running, history].flatMap(result =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    // One failure keeps its own error (a NotAllowedError names the missing grant); two are named together.
    if (failures.length === 1) throw failures[0];
    throw new Error(
      failures
        .map(reason =>
          reason instanceof Error ? reason.message : String(reason),
        )
        .join('; '),
    );
  }

  /** One key of one Secret, decoded; undefined when the Secret or the key does not exist. */
  async readSecretValue(
    ref: InstanceRef,
    secretName: string,
    key: string,
    viewer?: Viewer,
  ): Promise<string | undefined> {
    const cluster = await this.access(viewer).getCluster(ref.cluster);
    const { namespace } = ref;
    const read = cluster.get<SecretObject>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretName, namespace },
    });
    const secret = await withTimeout(
      read,
      this.timeoutMs,
      `Reading ${described(cluster, 'Secret', namespace, secretName)}`,
    );
    const encoded = secret?.data?.[key];
    return encoded === undefined
      ? undefined
      : Buffer.from(encoded, 'base64').toString('utf8');
  }
}
