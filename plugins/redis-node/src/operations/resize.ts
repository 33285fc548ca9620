// Resize of an instance: the CPU and memory of its data pods (a restart of one pod at a time, replicas
// first, the master last after a switchover that loses no write), or its storage (grow only). The
// recorded order with the new size, applied again under the instance's lock; every run recorded. A
// cluster-mode instance goes to clusterResize.ts, which shares the order, the pod restarts and the storage.
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  RESIZE_OPERATION,
  instanceMaxmemory,
  ownerAnnotations,
  parseInfoFields,
  redisTopology,
  stampedOwner,
  validateInstance,
  type ResolvedInstance,
  type ResourceRequirements,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import { validRecordedOrder } from '../apply/applySet';
import type { ApiObject, KubernetesCluster } from '../cluster/clusterAccess';
import type { ClusterFailoverSummary } from './clusterFailover';
import { resizeClusterInstance } from './clusterResize';
import {
  describeFailed,
  masterFigures,
  replicaFigures,
  type FailoverCheck,
  type ProcessRef,
} from './failoverChecks';
import {
  definedOnly,
  errorMessage,
  hostPort,
  instancePlan,
  involvedObjectOf,
  observe,
  readReplicationResources,
  sleep,
  withRedis,
  type InstancePlan,
  type PodObject,
  type RedisAuth,
} from './liveRedis';
import type { OperationTarget } from './operationLock';
import { readOperationHistory } from './operationHistory';
import { startOperationRun } from './operationRun';
import { restartOrder, type RestartCandidate } from './rotatePasswordChecks';
import {
  assessClaimsGrown,
  assessStorageGrowth,
  checkResizeRequest,
  datasetFits,
  interruptedStrategy,
  resizedResources,
  sameResources,
  type ClaimView,
  type ResizeInputNames,
  type ResizeRequest,
  type StorageClassView,
  type UpdateStrategy,
} from './resizeChecks';
import { changesOf } from './scale';
import { assessScale } from './scaleChecks';
import { replicationSwitchover, sentinelSwitchover } from './switchover';

/** @public */
export interface ResizeOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  /** The data pods' new CPU limit, a Kubernetes quantity; the request keeps its share of the limit. */
  cpu?: string;
  /** The data pods' new memory limit; maxmemory follows it unless the order sets one. */
  memory?: string;
  /** Each data pod's new volume size (grow only, never with cpu or memory), e.g. `20Gi`. */
  storage?: string;
  /** Who asks, e.g. `user:default/alice`: the lock's holder and the history's requester. */
  requester: string;
  /** What the caller calls the inputs in its refusals, e.g. `--cpu`; default their own names. */
  inputNames?: ResizeInputNames;
  /** Only the server dry run: what would change; nothing is written, locked or recorded. */
  dryRun?: boolean;
  /** The lock's duration, and how long the restarts and the post-checks may take. Default 15 minutes. */
  timeoutMs?: number;
  /** How far (bytes) a replica may be behind the master's offset and count as in sync. Default 1024. */
  maxLagBytes?: number;
  /** Connect and command timeout of each Redis and Sentinel request. Default 2 s. */
  redisTimeoutMs?: number;
  /** Interval of the polls. Default 500 ms. */
  pollIntervalMs?: number;
  onProgress?: (message: string) => void;
}

/** @public */
export interface ResizeRestart {
  pod: string;
  role: 'master' | 'replica';
  /** When its pod was deleted. */
  deletedAt: string;
  /** From the delete to the new pod ready, its link up and in sync. */
  durationMs: number;
}

/** @public */
export interface ResizeResult {
  /** The history entry; undefined for a dry run. */
  id?: string;
  dryRun: boolean;
  kind: 'resources' | 'storage';
  /** The data pods' resources, or the volume size, before and after. */
  from: { resources?: ResourceRequirements; storage?: string };
  to: { resources?: ResourceRequirements; storage?: string };
  /** Each object the apply changes (or in a dry run would change), with the changed fields. */
  changes: { ref: string; action: string; paths: string[] }[];
  preconditions: FailoverCheck[];
  /** The pods restarted, in order: the replicas, then the master. */
  restarts: ResizeRestart[];
  switchover?: {
    oldMaster: ProcessRef;
    newMaster: ProcessRef;
    writesPausedMs: number;
  };
  /** Cluster mode: the CLUSTER FAILOVER of each master to a replica in sync, in order. */
  failovers?: ClusterFailoverSummary[];
  postChecks: FailoverCheck[];
  durationMs: number;
}

const DEFAULTS = {
  timeoutMs: 900_000,
  maxLagBytes: 1024,
  redisTimeoutMs: 2_000,
  pollIntervalMs: 500,
};

/** A precondition that failed: the run is refused, the instance untouched. */
export class Refusal extends Error {}

/** The options of a resize with every default filled in. */
export type ResizeSettings = typeof DEFAULTS & ResizeOptions;

export const isReady = (pod: PodObject) =>
  (
    pod.status as { conditions?: { type: string; status: string }[] }
  )?.conditions?.some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  ) ?? false;

export interface ContainerSpec {
  name: string;
  resources?: {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
  };
}
export type PodWithSpec = PodObject & {
  metadata: {
    name: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
  };
  spec?: { containers?: ContainerSpec[] };
};

/**
 * The order with the resize applied, validated; an invalid result names the input field and the rule.
 * Every data pod gets the master's resized resources, in cluster mode the followers too: a follower
 * becomes a master on failover, and a resize moves every master to a follower.
 */
function resizedOrder(
  config: ResolvedInstance,
  request: ResizeRequest,
  where: string,
): ResolvedInstance {
  const { replicaCount: _deprecated, ...flavour } = config.flavour as Record<
    string,
    unknown
  > & { replicaCount?: number };
  const resources =
    request.storage === undefined
      ? resizedResources(config.flavour.master.resources, request)
      : undefined;
  const result = validateInstance({
    ...config,
    flavour: {
      ...flavour,
      ...(resources && {
        master: { ...config.flavour.master, resources },
        replica: { ...config.flavour.replica, resources },
      }),
      ...(request.storage !== undefined && {
        persistence: { ...config.flavour.persistence, size: request.storage },
      }),
    },
  });
  if (!result.config)
    throw new InputError(
      `${where} cannot be resized to ${describeRequest(
        request,
      )}: ${result.errors
        .map(issue => `${issue.pointer}: ${issue.message}`)
        .join('; ')}`,
    );
  return result.config;
}

/** The same order with another StatefulSet update strategy. */
export function withUpdateStrategy(
  config: ResolvedInstance,
  strategy:
    | { type: 'OnDelete' }
    | ResolvedInstance['flavour']['updateStrategy'],
): ResolvedInstance {
  const { replicaCount: _deprecated, ...flavour } = config.flavour as Record<
    string,
    unknown
  > & { replicaCount?: number };
  return validateInstance({
    ...config,
    flavour: { ...flavour, updateStrategy: strategy },
  }).config!;
}

export function describeRequest(request: ResizeRequest): string {
  return (['cpu', 'memory', 'storage'] as const)
    .filter(field => request[field] !== undefined)
    .map(field => `${field} ${request[field]}`)
    .join(', ');
}

/** The data pods a resize restarts: their StatefulSets, and where and how their Redis answers. */
export interface ResizeTarget {
  /** The data StatefulSets; each pod's Redis container is named after its StatefulSet (its `app` label). */
  statefulSets: string[];
  dataPort: number;
  auth: RedisAuth;
}

/** The data StatefulSets of an order: one in replication and sentinel mode, the leaders and followers of a cluster. */
export function dataStatefulSets(config: ResolvedInstance): string[] {
  return redisTopology(config)
    .groups.filter(group => group.role !== 'sentinel')
    .map(group => group.statefulSet);
}

/** The moving parts of one resize: the cluster, the instance's data pods, and the waits under one deadline. */
export class Resize {
  private readonly deadline: number;

  constructor(
    readonly cluster: KubernetesCluster,
    readonly instance: OperationTarget,
    readonly target: ResizeTarget,
    readonly settings: ResizeSettings,
    started: number,
  ) {
    this.deadline = started + settings.timeoutMs;
  }

  /** The label selector of the data pods and claims: the operator labels both `app=<StatefulSet>`. */
  private get dataSelector(): string {
    return `app in (${this.target.statefulSets.join(',')})`;
  }

  progress(message: string) {
    this.settings.onProgress?.(message);
  }

  /** Polls `check` until it returns a value; past the deadline, fails naming `what`. */
  async until<T>(
    what: string,
    check: () => Promise<T | undefined>,
  ): Promise<T> {
    let last: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        last = error;
      }
      if (Date.now() >= this.deadline)
        throw new ServiceUnavailableError(
          `Gave up waiting for ${what} of ${this.instance.namespace}/${
            this.instance.name
          }${last ? `: ${errorMessage(last)}` : ''}`,
        );
      await sleep(this.settings.pollIntervalMs);
    }
  }

  async dataPods(): Promise<PodWithSpec[]> {
    const pods = await this.cluster.list<PodWithSpec>({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: this.instance.namespace,
      labelSelector: this.dataSelector,
    });
    return pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The pod's Redis container, named after its StatefulSet. */
  container(pod: PodWithSpec): ContainerSpec | undefined {
    const set = pod.metadata.labels?.app ?? this.instance.name;
    return pod.spec?.containers?.find(c => c.name === set);
  }

  /** Whether the pod's Redis container has `resources`. */
  hasResources(pod: PodWithSpec, resources: ResourceRequirements): boolean {
    const container = this.container(pod);
    return container?.resources
      ? sameResources(container.resources, resources)
      : false;
  }

  /** The post-check that every one of the `expected` data pods runs with `resources`. */
  resourcesCheck(
    pods: PodWithSpec[],
    expected: number,
    resources: ResourceRequirements,
  ): FailoverCheck {
    const behind = pods.filter(pod => !this.hasResources(pod, resources));
    return {
      name: 'every data pod has the new resources',
      ok: pods.length === expected && behind.length === 0,
      figures: `${pods.length - behind.length} of ${expected}${
        behind.length
          ? `; not yet: ${behind.map(pod => pod.metadata.name).join(', ')}`
          : ''
      }`,
    };
  }

  /** The data claims (`<StatefulSet>-<pod>`) of the data pods, which a storage resize grows. */
  async dataClaims(): Promise<ClaimView[]> {
    return (await this.claims()).filter(claim =>
      this.target.statefulSets.some(set => claim.name.startsWith(`${set}-`)),
    );
  }

  /** Every claim of the data pods: the data claims, and a cluster's `node-conf-<pod>` claims. */
  async claims(): Promise<ClaimView[]> {
    const claims = await this.cluster.list<
      ApiObject & {
        spec?: {
          storageClassName?: string;
          resources?: { requests?: { storage?: string } };
        };
        status?: {
          phase?: string;
          capacity?: { storage?: string };
          conditions?: { type: string }[];
        };
      }
    >({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: this.instance.namespace,
      labelSelector: this.dataSelector,
    });
    return claims
      .map(claim => ({
        name: claim.metadata?.name ?? '?',
        storageClassName: claim.spec?.storageClassName,
        request: claim.spec?.resources?.requests?.storage,
        capacity: claim.status?.capacity?.storage,
        phase: claim.status?.phase,
        conditions: claim.status?.conditions?.map(condition => condition.type),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The StorageClasses the claims name. A claim always names one when it was provisioned for a class:
   * the API server writes the default class into a claim that named none when it was created.
   */
  async storageClasses(
    claims: ClaimView[],
  ): Promise<Map<string, StorageClassView | undefined>> {
    const classes = new Map<string, StorageClassView | undefined>();
    for (const name of new Set(claims.map(claim => claim.storageClassName)))
      if (name) {
        const found = await this.cluster.get<
          ApiObject & { allowVolumeExpansion?: boolean }
        >({
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name },
        });
        classes.set(
          name,
          found && { name, allowVolumeExpansion: found.allowVolumeExpansion },
        );
      }
    return classes;
  }

  /** `used_memory` of every data pod. */
  async usedMemory(pods: PodWithSpec[]) {
    return Promise.all(
      pods.map(async pod => {
        const ip = pod.status?.podIP;
        if (!ip) return { pod: pod.metadata.name, error: 'no address' };
        try {
          const info = await withRedis(
            { host: ip, port: this.target.dataPort },
            this.target.auth,
            this.timeouts(),
            client => client.call('INFO', 'memory'),
          );
          return {
            pod: pod.metadata.name,
            bytes: Number(parseInfoFields(String(info)).get('used_memory')),
          };
        } catch (error) {
          return { pod: pod.metadata.name, error: errorMessage(error) };
        }
      }),
    );
  }

  timeouts() {
    return {
      connectTimeoutMs: this.settings.redisTimeoutMs,
      commandTimeoutMs: this.settings.redisTimeoutMs,
    };
  }

  /** Each data StatefulSet's pod template carries `resources` and the operator has seen its newest generation. */
  async templateUpdated(resources: ResourceRequirements) {
    for (const name of this.target.statefulSets)
      await this.until(
        `the StatefulSet ${name} to get the new resources`,
        async () => {
          // By LIST, which waiting for readiness needs anyway: no grant of its own.
          const [set] = await this.cluster.list<
            ApiObject & {
              metadata: { generation?: number };
              spec?: { template?: { spec?: { containers?: ContainerSpec[] } } };
              status?: { observedGeneration?: number };
            }
          >({
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            namespace: this.instance.namespace,
            fieldSelector: `metadata.name=${name}`,
          });
          const container = set?.spec?.template?.spec?.containers?.find(
            c => c.name === name,
          );
          return container?.resources &&
            sameResources(container.resources, resources) &&
            set?.status?.observedGeneration === set?.metadata.generation
            ? true
            : undefined;
        },
      );
  }

  /**
   * Deletes the pod and waits until its replacement runs the new template and is ready, then until
   * `inSync` (the mode's own: in sync with its master, and in cluster mode the cluster ok).
   */
  async restart(
    candidate: RestartCandidate,
    before: PodWithSpec,
    resources: ResourceRequirements,
    inSync: () => Promise<true | undefined>,
  ): Promise<ResizeRestart> {
    const started = Date.now();
    this.progress(`Restarting ${candidate.role} ${candidate.pod}`);
    await this.cluster.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: candidate.pod, namespace: this.instance.namespace },
    });
    await this.until(
      `${candidate.pod} to come back with the new resources`,
      async () => {
        const now = await this.cluster.get<PodWithSpec>({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: candidate.pod, namespace: this.instance.namespace },
        });
        return now &&
          now.metadata.uid !== before.metadata.uid &&
          isReady(now) &&
          now.status?.podIP &&
          this.hasResources(now, resources)
          ? true
          : undefined;
      },
    );
    await this.until(`${candidate.pod} to be in sync with its master`, inSync);
    const durationMs = Date.now() - started;
    this.progress(
      `${candidate.pod} is back with the new resources in ${durationMs} ms`,
    );
    return {
      pod: candidate.pod,
      role: candidate.role as ResizeRestart['role'],
      deletedAt: new Date(started).toISOString(),
      durationMs,
    };
  }
}

/** The highest `config-epoch` the sentinels report: it rises by one per failover. */
async function sentinelConfigEpoch(
  resize: Resize,
  plan: InstancePlan,
): Promise<number | undefined> {
  const { sentinels } = await observe(
    resize.cluster,
    resize.instance,
    plan,
    resize.settings.redisTimeoutMs,
    false,
  );
  const epochs = await Promise.all(
    sentinels
      .filter(view => view.address)
      .map(view =>
        withRedis(
          hostPort(view.address!),
          plan.sentinelAuth,
          resize.timeouts(),
          async client => {
            const fields = (await client.call(
              'SENTINEL',
              'MASTER',
              plan.masterName,
            )) as string[];
            return Number(fields[fields.indexOf('config-epoch') + 1]);
          },
        ).catch(() => undefined),
      ),
  );
  const known = epochs.filter((epoch): epoch is number =>
    Number.isFinite(epoch),
  );
  return known.length ? Math.max(...known) : undefined;
}

/** True once `pod` follows the one master with its link up, at most maxLagBytes behind. */
async function replicaInSync(
  resize: Resize,
  plan: InstancePlan,
  pod: string,
): Promise<true | undefined> {
  const { nodes } = await observe(
    resize.cluster,
    resize.instance,
    plan,
    resize.settings.redisTimeoutMs,
    false,
  );
  const masters = nodes.filter(node => masterFigures(node).role === 'master');
  const replica = nodes.find(node => node.pod === pod);
  if (masters.length !== 1 || !replica) return undefined;
  const figures = replicaFigures(
    replica,
    masters[0].address,
    masterFigures(masters[0]).offset,
    resize.settings.maxLagBytes,
  );
  return figures.inSync ? true : undefined;
}

/** What a resize asks of the recorded order, worked out before anything live is read. */
export interface ResizeOrder {
  settings: ResizeSettings;
  /** `namespace/name`, for the messages. */
  where: string;
  started: Date;
  request: ResizeRequest;
  kind: ResizeResult['kind'];
  /** The order as recorded. */
  config: ResolvedInstance;
  /** The order with the new size. */
  next: ResolvedInstance;
  /** The order to leave applied: the new size with the order's own update strategy. */
  final: ResolvedInstance;
  /** The order's own update strategy, which a resize of CPU and memory sets aside while it restarts the pods. */
  original: UpdateStrategy;
  from: ResizeResult['from'];
  to: ResizeResult['to'];
}

/** A resize's dry run: refused as the run would be, else the server dry run of the order it would leave applied. */
export async function dryRunOf(
  cluster: KubernetesCluster,
  order: ResizeOrder,
  checks: FailoverCheck[],
  annotations: Record<string, string> | undefined,
): Promise<ResizeResult> {
  const refused = refusalOf(order, checks);
  if (refused) throw new ConflictError(refused);
  const result = await applyInstance({
    cluster,
    config: order.final,
    dryRun: true,
    annotations,
  });
  return {
    dryRun: true,
    kind: order.kind,
    from: order.from,
    to: order.to,
    changes: changesOf(result),
    preconditions: checks,
    restarts: [],
    postChecks: [],
    durationMs: Date.now() - order.started.getTime(),
  };
}

/** The resize the options ask for, from the recorded order; bad input is refused naming the field. */
async function resizeOrderOf(options: ResizeOptions): Promise<ResizeOrder> {
  const settings = {
    ...DEFAULTS,
    ...definedOnly(options),
  } as ResizeSettings;
  const { cluster, instance } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const started = new Date();
  const request = {
    cpu: options.cpu,
    memory: options.memory,
    storage: options.storage,
  };
  const kind = checkResizeRequest(request, options.inputNames);
  const config = await validRecordedOrder(cluster, instance, 'resize');
  const next = resizedOrder(config, request, where);
  if (kind === 'storage' && !config.flavour.persistence.enabled)
    throw new InputError(
      `${
        options.inputNames?.storage ?? 'storage'
      }: ${where} has no volumes (flavour.persistence.enabled is false), so there is no storage to resize`,
    );
  // A resize that failed after setting OnDelete left the order's own strategy aside: this one restores it.
  const interrupted =
    kind === 'resources' && config.flavour.updateStrategy.type === 'OnDelete'
      ? interruptedStrategy(await readOperationHistory(cluster, instance))
      : undefined;
  // Outside cluster mode the followers' resources are not rendered: the one StatefulSet gets the master's.
  const roles =
    config.flavour.deploymentMode === 'cluster'
      ? (['master', 'replica'] as const)
      : (['master'] as const);
  if (
    kind === 'resources' &&
    !interrupted &&
    roles.every(role =>
      sameResources(
        config.flavour[role].resources,
        next.flavour[role].resources,
      ),
    )
  )
    throw new InputError(
      `${where} already has ${describeRequest(request)}; nothing to resize`,
    );
  return {
    settings,
    where,
    started,
    request,
    kind,
    config,
    next,
    final: interrupted ? withUpdateStrategy(next, interrupted) : next,
    original: interrupted ?? config.flavour.updateStrategy,
    from:
      kind === 'storage'
        ? { storage: config.flavour.persistence.size }
        : { resources: config.flavour.master.resources },
    to:
      kind === 'storage'
        ? { storage: next.flavour.persistence.size }
        : { resources: next.flavour.master.resources },
  };
}

/** The refusal of a resize whose preconditions did not all pass; undefined when they did. */
export function refusalOf(
  order: ResizeOrder,
  checks: FailoverCheck[],
): string | undefined {
  return checks.every(check => check.ok)
    ? undefined
    : `Resize of ${order.where} to ${describeRequest(
        order.request,
      )} refused: ${describeFailed(checks)}. Nothing was changed.`;
}

/** What every record of a resize run carries: its kind, sizes and the update strategy it sets aside. */
export function runDetails(order: ResizeOrder): Record<string, unknown> {
  return {
    kind: order.kind,
    from: order.from,
    to: order.to,
    ...(order.kind === 'resources' && {
      updateStrategy: { original: order.original, during: 'OnDelete' },
    }),
  };
}

/** The order applied while the pods restart: the new resources with the update strategy OnDelete. */
export function duringRestarts(order: ResizeOrder): ResolvedInstance {
  return order.original.type === 'OnDelete'
    ? order.final
    : withUpdateStrategy(order.final, { type: 'OnDelete' });
}

/** A run that failed with the order still on OnDelete: the error says so, and how to finish. */
export function failedWithStrategySetAside(
  error: unknown,
  original: UpdateStrategy,
): Error {
  return new ((error as Error).constructor as new (message: string) => Error)(
    `${errorMessage(
      error,
    )}. The order stays applied with the update strategy OnDelete (its own is ${
      original.type
    }) and the pods restarted so far have the new resources: run the same resize again to finish it, which restores ${
      original.type
    }`,
  );
}

/** The PodDisruptionBudgets the order must have, so that no drain takes a second pod while one restarts. */
export async function budgetCheck(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  names: string[],
): Promise<FailoverCheck> {
  const found = await Promise.all(
    names.map(name =>
      cluster.get({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name, namespace: instance.namespace },
      }),
    ),
  );
  const missing = names.filter((_, index) => found[index] === undefined);
  return {
    name: 'a PodDisruptionBudget covers the data pods',
    ok: missing.length === 0,
    figures:
      missing.length === 0
        ? `PodDisruptionBudget ${names.join(', ')}`
        : `no PodDisruptionBudget ${missing.join(
            ', ',
          )}: enable flavour.podDisruptionBudget in the order and apply it, so that no drain takes a second pod while one restarts`,
  };
}

/** Before a storage resize: every data claim bound and smaller, on a StorageClass that allows expansion. */
export async function storagePreconditions(
  resize: Resize,
  order: ResizeOrder,
): Promise<FailoverCheck[]> {
  const claims = await resize.dataClaims();
  return assessStorageGrowth({
    claims,
    size: order.next.flavour.persistence.size,
    classes: await resize.storageClasses(claims),
  });
}

/** Applies the order with the new storage and waits until every data claim has it; returns the changes and the post-check. */
export async function growStorage(
  resize: Resize,
  order: ResizeOrder,
  annotations: Record<string, string> | undefined,
): Promise<{ changes: ResizeResult['changes']; postChecks: FailoverCheck[] }> {
  const { settings, next } = order;
  resize.progress(`Applying the order with storage ${order.request.storage}`);
  const changes = changesOf(
    await applyInstance({
      cluster: settings.cluster,
      config: next,
      annotations,
      wait: { timeoutMs: settings.timeoutMs },
      onProgress: settings.onProgress,
    }),
  );
  const expected = (await resize.dataClaims()).length;
  let grown = assessClaimsGrown([], next.flavour.persistence.size, expected);
  await resize
    .until('every claim to have the new capacity', async () => {
      grown = assessClaimsGrown(
        await resize.dataClaims(),
        next.flavour.persistence.size,
        expected,
      );
      return grown.ok ? true : undefined;
    })
    .catch(() => undefined);
  return { changes, postChecks: [grown] };
}

/**
 * Resizes an instance, from its recorded order (the ApplySet parent keeps it). A cluster-mode instance
 * is resized by resizeClusterInstance (clusterResize.ts), which this calls.
 *
 * CPU and memory (`cpu`, `memory`: the data pods' new limits): refused unless every dataset fits the new
 * maxmemory, the order has a PodDisruptionBudget and the switchover's checks pass. The order is applied
 * with the new resources and the StatefulSet update strategy `OnDelete`, so that no pod restarts on its
 * own; then each data pod is deleted and waited for (ready, the new resources, in sync): the replicas
 * first, the master last after a switchover that loses no write. Then the order is applied with its own
 * update strategy again, and checked: one master, every link up, the sentinels agreeing, every pod with
 * the new resources, and (under sentinels) one failover only. Without sentinels the master moves by
 * Redis's own `FAILOVER TO`.
 *
 * Storage (`storage`, on its own): refused unless every claim is bound and smaller, and its StorageClass
 * allows volume expansion; then applied, and waited for until every claim has the new capacity. With
 * `dryRun`, only the server dry run. Runs under the instance's operation lock; every real run is
 * recorded, refusals included.
 *
 * @public
 */
export async function resizeInstance(
  options: ResizeOptions,
): Promise<ResizeResult> {
  const order = await resizeOrderOf(options);
  if (order.config.flavour.deploymentMode === 'cluster')
    return resizeClusterInstance(order);
  const { settings, where, started, request, kind, next, final, original } =
    order;
  const { from, to } = order;
  const { cluster, instance, requester } = options;

  const { replication, sentinel } = await readReplicationResources(
    cluster,
    instance,
  );
  if (!replication)
    throw new InputError(
      `${where} has no RedisReplication on cluster "${cluster.name}": a resize is built for replication, sentinel and cluster mode`,
    );
  const owner = stampedOwner(replication.metadata);
  const stamped = owner ? ownerAnnotations(owner) : undefined;
  const annotations =
    stamped && 'annotations' in stamped ? stamped.annotations : undefined;
  const involvedObject = involvedObjectOf(replication);
  const plan = await instancePlan(cluster, instance, {
    replication,
    sentinel,
    involvedObject,
  });
  const resize = new Resize(
    cluster,
    instance,
    {
      statefulSets: dataStatefulSets(order.config),
      dataPort: plan.dataPort,
      auth: plan.dataAuth,
    },
    settings,
    started.getTime(),
  );

  /** The checks that refuse the resize; none of them changes anything. */
  const preconditions = async (): Promise<FailoverCheck[]> => {
    if (kind === 'storage') return storagePreconditions(resize, order);
    const pods = await resize.dataPods();
    return [
      datasetFits(await resize.usedMemory(pods), instanceMaxmemory(next)),
      await budgetCheck(cluster, instance, [`${instance.name}-replication`]),
    ];
  };

  if (options.dryRun)
    return dryRunOf(cluster, order, await preconditions(), annotations);

  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject,
    operation: RESIZE_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs,
    started,
    details: runDetails(order),
  });
  let details: Record<string, unknown> = {};
  /** True while the order is applied with OnDelete in place of its own update strategy. */
  let strategySetAside = false;
  try {
    const checks = await preconditions();
    details = { preconditions: checks };
    const refused = refusalOf(order, checks);
    if (refused) throw new Refusal(refused);

    let changes: ResizeResult['changes'] = [];
    const restarts: ResizeRestart[] = [];
    let switchover: ResizeResult['switchover'];
    let postChecks: FailoverCheck[];
    if (kind === 'storage') {
      ({ changes, postChecks } = await growStorage(resize, order, annotations));
    } else {
      const epochBefore = await sentinelConfigEpoch(resize, plan);
      // The order's own strategy comes back at the end; until then no pod restarts but those deleted here.
      const during = duringRestarts(order);
      resize.progress(
        `Applying the order with the new resources and the update strategy OnDelete`,
      );
      // Set aside as soon as the apply may have written it: a failure after it must say so.
      strategySetAside = during !== final;
      changes = changesOf(
        await applyInstance({
          cluster,
          config: during,
          annotations,
          onProgress: options.onProgress,
        }),
      );
      await resize.templateUpdated(to.resources!);

      const pods = await resize.dataPods();
      const { nodes } = await observe(
        cluster,
        instance,
        plan,
        settings.redisTimeoutMs,
        false,
      );
      const master = nodes.find(node => masterFigures(node).role === 'master');
      const sequence = restartOrder(
        pods.map(pod => ({
          pod: pod.metadata.name,
          role: pod.metadata.name === master?.pod ? 'master' : 'replica',
        })),
      );
      details = {
        ...details,
        changes,
        order: sequence.map(entry => entry.pod),
      };
      for (const candidate of sequence) {
        const pod = pods.find(p => p.metadata.name === candidate.pod)!;
        if (resize.hasResources(pod, to.resources!)) continue;
        if (candidate.role === 'master') {
          resize.progress(`Moving the master away from ${candidate.pod}`);
          // Under sentinels, SENTINEL FAILOVER with the writes paused; without, Redis's own FAILOVER TO.
          const moved = await (sentinel
            ? sentinelSwitchover
            : replicationSwitchover)({
            cluster,
            instance,
            plan,
            timeoutMs: settings.timeoutMs,
            redisTimeoutMs: settings.redisTimeoutMs,
            pollIntervalMs: settings.pollIntervalMs,
            maxLagBytes: settings.maxLagBytes,
          });
          switchover = {
            oldMaster: moved.oldMaster,
            newMaster: moved.newMaster,
            writesPausedMs: moved.writesPausedMs,
          };
          details = { ...details, switchover };
        } else {
          // Before each restart the other replicas are in sync, so a lost master still has a full copy.
          for (const other of sequence.filter(
            entry => entry.role === 'replica' && entry.pod !== candidate.pod,
          ))
            await resize.until(
              `${other.pod} to be in sync before ${candidate.pod} restarts`,
              () => replicaInSync(resize, plan, other.pod),
            );
        }
        restarts.push(
          await resize.restart(candidate, pod, to.resources!, () =>
            replicaInSync(resize, plan, candidate.pod),
          ),
        );
        details = { ...details, restarts };
      }
      if (during !== final) {
        resize.progress(
          'Applying the order with its own update strategy again',
        );
        await applyInstance({
          cluster,
          config: final,
          annotations,
          wait: { timeoutMs: settings.timeoutMs },
          onProgress: options.onProgress,
        });
        strategySetAside = false;
      }
      const replicas = pods.length - 1;
      postChecks = [];
      await resize
        .until('the post-checks', async () => {
          const observed = await observe(
            cluster,
            instance,
            plan,
            settings.redisTimeoutMs,
            false,
          );
          const now = await resize.dataPods();
          const epochAfter = await sentinelConfigEpoch(resize, plan);
          postChecks = [
            ...assessScale({ ...observed, replicas }).checks,
            resize.resourcesCheck(now, replicas + 1, to.resources!),
            // A failover storm is the sentinels'; without them one master (above) is the check.
            ...(sentinel
              ? [
                  {
                    name: 'one failover only',
                    ok:
                      epochBefore !== undefined &&
                      epochAfter !== undefined &&
                      epochAfter - epochBefore <= (switchover ? 1 : 0),
                    figures: `the sentinels' config-epoch went from ${epochBefore} to ${epochAfter}; ${
                      switchover ? 'one switchover' : 'no switchover'
                    } was made`,
                  },
                ]
              : []),
          ];
          return postChecks.every(check => check.ok) ? true : undefined;
        })
        .catch(() => undefined);
    }
    details = { ...details, changes, postChecks };
    if (!postChecks.every(check => check.ok))
      throw new ServiceUnavailableError(
        `${where} was resized to ${describeRequest(
          request,
        )}, but ${describeFailed(postChecks)}`,
      );
    const finished = new Date();
    await record(
      'succeeded',
      kind === 'storage'
        ? `Grew the storage from ${from.storage} to ${to.storage}; every claim has it.`
        : `Resized the data pods to ${describeRequest(request)}: ${restarts
            .map(restart => restart.pod)
            .join(', ')} restarted in that order${
            switchover
              ? `, the master moved from ${switchover.oldMaster.pod} to ${switchover.newMaster.pod} with writes paused ${switchover.writesPausedMs} ms`
              : ''
          }; every post-check passed.`,
      details,
    );
    return {
      id,
      dryRun: false,
      kind,
      from,
      to,
      changes,
      preconditions: details.preconditions as FailoverCheck[],
      restarts,
      switchover,
      postChecks,
      durationMs: finished.getTime() - started.getTime(),
    };
  } catch (error) {
    if (error instanceof Refusal) {
      await record('refused', error.message, details);
      throw new ConflictError(error.message);
    }
    const failed = strategySetAside
      ? failedWithStrategySetAside(error, original)
      : error;
    await record('failed', errorMessage(failed), details);
    throw failed;
  } finally {
    await lock.release();
  }
}
