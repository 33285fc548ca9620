// Reads the Kubernetes objects of one instance: one LIST per kind, filtered by our labels, never one call per pod.
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CoreV1Event,
  CustomObjectsApi,
  V1CronJob,
  V1Job,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { instanceLabelSelector, type InstanceRef } from '@odin/plugin-redis-common';
import type { ClusterAccess } from './clusterAccess';

export const OPERATOR_GROUP = 'redis.redis.opstreelabs.in';
export const OPERATOR_VERSION = 'v1beta2';
export const OPERATOR_KINDS = {
  Redis: 'redis',
  RedisReplication: 'redisreplications',
  RedisSentinel: 'redissentinels',
  RedisCluster: 'redisclusters',
} as const;
export type OperatorKind = keyof typeof OPERATOR_KINDS;

export interface CustomResourceObject {
  kind: OperatorKind;
  metadata: { name: string; creationTimestamp?: string | Date };
  spec?: Record<string, any>;
  status?: Record<string, unknown>;
}

export interface KubernetesSnapshot {
  customResources: CustomResourceObject[];
  statefulSets: V1StatefulSet[];
  pods: V1Pod[];
  volumeClaims: V1PersistentVolumeClaim[];
  events: CoreV1Event[];
  /** Undefined when nodes may not be listed; pods then have no zone. */
  nodes?: V1Node[];
  cronJobs: V1CronJob[];
  jobs: V1Job[];
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The Kubernetes client hides the API server's message in the response body; bring it to the surface. */
export function kubernetesErrorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'body' in error) {
    const { code, body } = error as { code: number; body: unknown };
    let message = typeof body === 'string' ? body : '';
    try {
      message = JSON.parse(message).message ?? message;
    } catch {
      // a body that is not JSON is shown as it is
    }
    return `HTTP ${code}${message ? `: ${message}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export class KubernetesReader {
  constructor(
    private readonly clusterAccess: ClusterAccess,
    private readonly timeoutMs: number,
  ) {}

  async readInstance(ref: InstanceRef): Promise<KubernetesSnapshot> {
    const kubeConfig = this.clusterAccess.kubeConfig(ref.cluster);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const batch = kubeConfig.makeApiClient(BatchV1Api);
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const { namespace } = ref;
    // The labels every object we render carries; the operator copies them onto its StatefulSets and pods.
    const labelSelector = instanceLabelSelector(ref);
    const list = <T>(what: string, call: () => Promise<{ items: T[] }>): Promise<T[]> =>
      withTimeout(call(), this.timeoutMs, `listing ${what}`).then(
        result => result.items,
        error => {
          throw new Error(`listing ${what}: ${kubernetesErrorMessage(error)}`);
        },
      );
    const customResources = Promise.all(
      (Object.entries(OPERATOR_KINDS) as [OperatorKind, string][]).map(([kind, plural]) =>
        list<CustomResourceObject>(plural, () =>
          custom.listNamespacedCustomObject({ group: OPERATOR_GROUP, version: OPERATOR_VERSION, namespace, plural, labelSelector }),
        ).then(items => items.map(item => ({ ...item, kind }))),
      ),
    ).then(lists => lists.flat());
    const [resources, statefulSets, pods, volumeClaims, events, nodes, cronJobs, jobs] = await Promise.all([
      customResources,
      list('statefulsets', () => apps.listNamespacedStatefulSet({ namespace, labelSelector })),
      list('pods', () => core.listNamespacedPod({ namespace, labelSelector })),
      // The operator's volume claim templates do not carry our labels: list the namespace, keep the pods' claims.
      list('persistentvolumeclaims', () => core.listNamespacedPersistentVolumeClaim({ namespace })),
      // Events name their object but carry no labels of it.
      list('events', () => core.listNamespacedEvent({ namespace })),
      list('nodes', () => core.listNode()).catch(() => undefined),
      list('cronjobs', () => batch.listNamespacedCronJob({ namespace, labelSelector })),
      list('jobs', () => batch.listNamespacedJob({ namespace, labelSelector })),
    ]);
    return { customResources: resources, statefulSets, pods, volumeClaims, events, nodes, cronJobs, jobs };
  }

  /** One key of one Secret, decoded; undefined when the Secret or the key does not exist. */
  async readSecretValue(ref: InstanceRef, secretName: string, key: string): Promise<string | undefined> {
    const core = this.clusterAccess.kubeConfig(ref.cluster).makeApiClient(CoreV1Api);
    try {
      const secret = await withTimeout(
        core.readNamespacedSecret({ name: secretName, namespace: ref.namespace }),
        this.timeoutMs,
        `reading Secret ${secretName}`,
      );
      const encoded = secret.data?.[key];
      return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw new Error(`reading Secret ${secretName}: ${kubernetesErrorMessage(error)}`);
    }
  }
}
