// Scale of a replication or sentinel instance: its recorded order with another replica count, applied
// again (server-side apply of every object, so nothing the order set is lost), under the instance's
// lock, then checked on the processes themselves. Every run is recorded. A cluster-mode instance (shards
// and replicas per shard) goes to clusterScale.ts.
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import {
  SCALE_OPERATION,
  ownerAnnotations,
  parseInfoFields,
  stampedOwner,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import { validRecordedOrder } from '../apply/applySet';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import { scaleClusterInstance } from './clusterScale';
import type { FailoverCheck } from './failoverChecks';
import {
  definedOnly,
  errorMessage,
  instancePlan,
  involvedObjectOf,
  observe,
  readReplicationResources,
  sleep,
  type CustomResource,
  type InstancePlan,
} from './liveRedis';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';
import { assessScale } from './scaleChecks';

/** @public */
export interface ScaleOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  /** Replication and sentinel mode: the replicas of the master afterwards. */
  replicas?: number;
  /** Cluster mode: the shards afterwards (`flavour.cluster.numShards`); default unchanged. */
  shards?: number;
  /** Cluster mode: the replicas of each shard afterwards (`flavour.cluster.replicasPerShard`); default unchanged. */
  replicasPerShard?: number;
  /**
   * How the caller names `replicas`, `shards` and `replicasPerShard` in its input, for the messages
   * that refuse one (e.g. `--replicas-per-shard`). Default: those names.
   */
  inputNames?: Partial<Record<ScaleInput, string>>;
  /** Cluster scale-in: how long after a scheduled backup run its backup may still be missing. Default 1 hour. */
  backupSlackMs?: number;
  /** Cluster scale: the share of the keys the count may differ by afterwards. Default 0.01. */
  keyTolerance?: number;
  /** Who asks, e.g. `user:default/alice`: the lock's holder and the history's requester. */
  requester: string;
  /** Only the server dry run: what would change; nothing is written, locked or recorded. */
  dryRun?: boolean;
  /** The lock's duration, and how long the pods and the post-checks may take. Default 10 minutes. */
  timeoutMs?: number;
  /** Connect and command timeout of each Redis and Sentinel request. Default 2 s. */
  redisTimeoutMs?: number;
  /** Interval of the post-checks' polls. Default 1 s. */
  pollIntervalMs?: number;
  onProgress?: (message: string) => void;
}

/**
 * The inputs of a scale: `replicas` in replication and sentinel mode, `shards` and `replicasPerShard`
 * in cluster mode.
 *
 * @public
 */
export type ScaleInput = 'replicas' | 'shards' | 'replicasPerShard';

/**
 * The size of a cluster instance.
 *
 * @public
 */
export interface ClusterShape {
  shards: number;
  replicasPerShard: number;
}

/** @public */
export interface ScaleResult {
  /** The history entry; undefined for a dry run. */
  id?: string;
  dryRun: boolean;
  /** The replicas before; in cluster mode the shards. */
  from: number;
  /** The replicas after; in cluster mode the shards. */
  to: number;
  /** From and to in words: `2 to 3 replicas`, or `3 shards × 1 replica to 4 shards × 1 replica`. */
  counts: string;
  /** Cluster mode: the shards and replicas per shard, before and after. */
  cluster?: { from: ClusterShape; to: ClusterShape };
  /** Cluster mode: the checks before a scale-in of shards (backup, memory headroom, masters). */
  preconditions?: FailoverCheck[];
  /** Each object the apply changes (or in a dry run would change), with the changed fields. */
  changes: { ref: string; action: string; paths: string[] }[];
  postChecks: FailoverCheck[];
  durationMs: number;
}

const DEFAULTS = {
  timeoutMs: 600_000,
  redisTimeoutMs: 2_000,
  pollIntervalMs: 1_000,
  backupSlackMs: 3_600_000,
  keyTolerance: 0.01,
};

/** The settings of a scale: the options with their defaults. */
export type ScaleSettings = ScaleOptions & typeof DEFAULTS;

/** The objects an apply changed (or would), with the changed fields. */
export function changesOf(
  result: Awaited<ReturnType<typeof applyInstance>>,
): ScaleResult['changes'] {
  return result.objects
    .filter(object => object.action !== 'unchanged')
    .map(object => ({
      ref: object.ref,
      action: object.action,
      paths: object.changes.map(change => change.path),
    }));
}

/** The owner annotations the live custom resource carries, for the apply to keep them. */
export function ownerAnnotationsOf(
  resource: CustomResource,
): Record<string, string> | undefined {
  const owner = stampedOwner(resource.metadata);
  const annotationsOfOwner = owner ? ownerAnnotations(owner) : undefined;
  return annotationsOfOwner && 'annotations' in annotationsOfOwner
    ? annotationsOfOwner.annotations
    : undefined;
}

/** The recorded order, valid, in a mode with replicas; anything else is refused saying what to do. */
async function recordedInstance(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<ResolvedInstance> {
  const where = `${instance.namespace}/${instance.name}`;
  const config = await validRecordedOrder(cluster, instance, 'scale');
  const mode = config.flavour.deploymentMode;
  if (mode === 'standalone')
    throw new InputError(
      `${where} is standalone and has no replicas; order it in replication or sentinel mode`,
    );
  return config;
}

/** The order with `replicas`; invalid counts are refused with the field and the rule. */
function scaledOrder(
  config: ResolvedInstance,
  replicas: number,
  where: string,
): ResolvedInstance {
  const { replicaCount: _deprecated, ...flavour } = config.flavour as Record<
    string,
    unknown
  > & { replicaCount?: number };
  const result = validateInstance({
    ...config,
    flavour: {
      ...flavour,
      replica: { ...config.flavour.replica, count: replicas },
    },
  });
  if (!result.config) {
    throw new InputError(
      `${where} cannot be scaled to ${replicas} replicas: ${result.errors
        .map(issue => `${issue.pointer}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.config;
}

/**
 * A scale-in removes the highest-numbered data pods; refuses when the master is one of them, so that
 * no scale makes the sentinels fail over.
 */
async function refuseRemovingTheMaster(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  plan: InstancePlan,
  from: number,
  replicas: number,
  redisTimeoutMs: number,
): Promise<void> {
  if (replicas >= from) return;
  const { nodes, sentinels } = await observe(
    cluster,
    instance,
    plan,
    redisTimeoutMs,
    false,
  );
  const where = `${instance.namespace}/${instance.name}`;
  const masters = nodes.filter(
    node => node.info && parseInfoFields(node.info).get('role') === 'master',
  );
  const named = new Set(sentinels.map(sentinel => sentinel.master));
  // Right after a failover the old master still says it is one, until the sentinels convert it.
  if (
    masters.length !== 1 ||
    (sentinels.length > 0 &&
      (named.size !== 1 || !named.has(masters[0].address)))
  ) {
    throw new ConflictError(
      `Scaling ${where} in needs one master that every sentinel names, to be sure no pod it removes is the master; now ${
        masters.map(node => node.pod).join(' and ') || 'no data pod'
      } say they are master${
        sentinels.length > 0
          ? `, and the sentinels name ${[...named]
              .map(address => address ?? 'none')
              .join(', ')}`
          : ''
      }. Try again once the instance has settled.`,
    );
  }
  const [master] = masters;
  const ordinal = Number(/-(\d+)$/.exec(master.pod)?.[1]);
  if (ordinal > replicas) {
    const removed = Array.from(
      { length: from - replicas },
      (_, i) => `${instance.name}-${replicas + 1 + i}`,
    );
    throw new ConflictError(
      `Scaling ${where} to ${replicas} replicas removes ${removed.join(
        ', ',
      )}, and ${
        master.pod
      } is the master: run a test failover first (redis:test-failover, or redis-flavour test-failover), until a pod that stays is master`,
    );
  }
}

/**
 * Scales a replication or sentinel instance to `replicas`: its recorded order (the ApplySet parent
 * keeps it) with `flavour.replica.count` changed, validated, server-side applied with the live owner
 * kept, and waited for. Afterwards every data pod answers, there is one master with every replica's
 * link up, and every sentinel names that master. A cluster-mode instance takes `shards` and
 * `replicasPerShard` instead (`flavour.cluster`); a scale-in of shards needs a recent successful
 * backup, memory headroom on the remaining masters, and every master a leader pod; afterwards all
 * 16384 slots are ok, no node fails, every replica's link is up and the key count is kept. With `dryRun`, only the server dry run: what would
 * change. Runs under the instance's operation lock; every real run is recorded, refusals included.
 *
 * @public
 */
export async function scaleInstance(
  options: ScaleOptions,
): Promise<ScaleResult> {
  const settings: ScaleSettings = {
    ...options,
    ...DEFAULTS,
    ...definedOnly(options),
  };
  const { cluster, instance, requester } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const started = new Date();
  const config = await recordedInstance(cluster, instance);
  const named = (input: ScaleInput) => options.inputNames?.[input] ?? input;
  if (config.flavour.deploymentMode === 'cluster') {
    if (options.replicas !== undefined)
      throw new InputError(
        `${named(
          'replicas',
        )} does not apply to ${where}, which runs in cluster mode: set ${named(
          'shards',
        )} or ${named('replicasPerShard')} instead`,
      );
    if (options.shards === undefined && options.replicasPerShard === undefined)
      throw new InputError(
        `Scaling ${where}, which runs in cluster mode, needs ${named(
          'shards',
        )} or ${named('replicasPerShard')}`,
      );
    return scaleClusterInstance(settings, config, started);
  }
  for (const input of ['shards', 'replicasPerShard'] as const) {
    if (options[input] !== undefined)
      throw new InputError(
        `${named(input)} applies to cluster mode only; ${where} runs in ${
          config.flavour.deploymentMode
        } mode: set ${named('replicas')} instead`,
      );
  }
  const replicas = options.replicas;
  if (replicas === undefined)
    throw new InputError(
      `Scaling ${where}, which runs in ${
        config.flavour.deploymentMode
      } mode, needs ${named('replicas')}`,
    );
  const from = config.flavour.replica.count;
  const next = scaledOrder(config, replicas, where);
  const { replication, sentinel } = await readReplicationResources(
    cluster,
    instance,
  );
  if (!replication)
    throw new NotFoundError(
      `${where} has no RedisReplication on cluster "${cluster.name}"`,
    );
  const annotations = ownerAnnotationsOf(replication);
  const involvedObject = involvedObjectOf(replication);
  const plan = await instancePlan(cluster, instance, {
    replication,
    sentinel,
    involvedObject,
  });
  const masterStays = () =>
    refuseRemovingTheMaster(
      cluster,
      instance,
      plan,
      from,
      replicas,
      settings.redisTimeoutMs,
    );

  if (options.dryRun) {
    await masterStays();
    const result = await applyInstance({
      cluster,
      config: next,
      dryRun: true,
      annotations,
    });
    return {
      dryRun: true,
      from,
      to: replicas,
      counts: `${from} to ${replicas} replicas`,
      changes: changesOf(result),
      postChecks: [],
      durationMs: Date.now() - started.getTime(),
    };
  }

  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject,
    operation: SCALE_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs,
    started,
    details: { from, to: replicas },
  });

  try {
    await masterStays();
  } catch (error) {
    if (isError(error) && error.name === 'ConflictError')
      await record('refused', error.message, { precondition: 'master stays' });
    await lock.release();
    throw error;
  }

  let details: Record<string, unknown> = {};
  try {
    const applied = await applyInstance({
      cluster,
      config: next,
      annotations,
      wait: { timeoutMs: settings.timeoutMs },
      onProgress: options.onProgress,
    });
    const changes = changesOf(applied);
    details = { changes };
    const deadline = started.getTime() + settings.timeoutMs;
    let assessment = assessScale({ nodes: [], sentinels: [], replicas });
    for (;;) {
      const observed = await observe(
        cluster,
        instance,
        plan,
        settings.redisTimeoutMs,
        false,
      );
      assessment = assessScale({ ...observed, replicas });
      if (assessment.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    details = { ...details, postChecks: assessment.checks };
    const failed = assessment.checks.filter(check => !check.ok);
    if (failed.length > 0) {
      throw new ServiceUnavailableError(
        `${where} was applied with ${replicas} replicas, but ${failed
          .map(check => `${check.name} failed (${check.figures})`)
          .join('; ')}`,
      );
    }
    const finished = new Date();
    await record(
      'succeeded',
      `Scaled from ${from} to ${replicas} replicas; every post-check passed.`,
      details,
    );
    return {
      id,
      dryRun: false,
      from,
      to: replicas,
      counts: `${from} to ${replicas} replicas`,
      changes,
      postChecks: assessment.checks,
      durationMs: finished.getTime() - started.getTime(),
    };
  } catch (error) {
    await record('failed', errorMessage(error), details);
    throw error;
  } finally {
    await lock.release();
  }
}
