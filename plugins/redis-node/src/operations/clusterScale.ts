// Scale of a Redis Cluster instance: its recorded order with other shards or replicas per shard, applied
// again under the instance's lock (the operator, or the sandbox, moves the slots), with the scale-in's
// preconditions before and the cluster's health checked after. Every run is recorded.
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  SCALE_OPERATION,
  instanceMaxmemory,
  redisTopology,
  renderManifests,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import type { ApiObject, KubernetesCluster } from '../cluster/clusterAccess';
import { BACKUP_CRONJOB_ANNOTATION } from './backupNow';
import {
  assessBackupRecency,
  assessClusterScale,
  assessLeadersAreMasters,
  assessMemoryHeadroom,
  masterKeys,
  type BackupJob,
  type ClusterNodeView,
  type RedisClusterStatus,
} from './clusterChecks';
import {
  clusterPlan,
  observeCluster,
  readRedisCluster,
  type ClusterPlan,
} from './clusterLive';
import { describeFailed, type FailoverCheck } from './failoverChecks';
import { errorMessage, sleep } from './liveRedis';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';
import {
  changesOf,
  ownerAnnotationsOf,
  type ClusterShape,
  type ScaleResult,
  type ScaleSettings,
} from './scale';

/** The share of maxmemory the remaining masters may fill on average after a scale-in of shards. */
const MEMORY_HEADROOM_RATIO = 0.8;

function shapeOf(config: ResolvedInstance): ClusterShape {
  return {
    shards: config.flavour.cluster.numShards,
    replicasPerShard: config.flavour.cluster.replicasPerShard,
  };
}

const describeShape = (shape: ClusterShape) =>
  `${shape.shards} shards × ${shape.replicasPerShard} ${
    shape.replicasPerShard === 1 ? 'replica' : 'replicas'
  }`;

/** The order with the new shape; a shape the order does not allow is refused with the field and the rule. */
function scaledOrder(
  config: ResolvedInstance,
  shape: ClusterShape,
  where: string,
): ResolvedInstance {
  const result = validateInstance({
    ...config,
    flavour: {
      ...config.flavour,
      cluster: {
        numShards: shape.shards,
        replicasPerShard: shape.replicasPerShard,
      },
    },
  });
  if (!result.config) {
    throw new InputError(
      `${where} cannot be scaled to ${describeShape(shape)}: ${result.errors
        .map(issue => `${issue.pointer}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.config;
}

interface JobObject extends ApiObject {
  metadata?: ApiObject['metadata'] & {
    ownerReferences?: { kind?: string; name?: string }[];
  };
  status?: { succeeded?: number; completionTime?: string };
}

/** The backup CronJob as the order renders it, as it is live, and the Jobs it left. */
async function backupRecency(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  now: Date,
  slackMs: number,
): Promise<FailoverCheck> {
  const rendered = renderManifests(config).find(
    object => object.kind === 'CronJob',
  );
  if (!config.flavour.backup.enabled || !rendered)
    return assessBackupRecency({ enabled: false, jobs: [], now, slackMs });
  const { name, namespace } = rendered.metadata;
  const live = await cluster.get<
    ApiObject & { spec?: { schedule?: string; timeZone?: string } }
  >({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace },
  });
  const labels: Record<string, string> =
    (rendered as any).spec?.jobTemplate?.metadata?.labels ?? {};
  const jobs = live
    ? await cluster.list<JobObject>({
        apiVersion: 'batch/v1',
        kind: 'Job',
        namespace,
        labelSelector: Object.entries(labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(','),
      })
    : [];
  // The CronJob's own runs, and the on-demand ones made from it (backupNow: no owner, an annotation).
  const backupJobs: BackupJob[] = jobs
    .filter(
      job =>
        job.metadata?.ownerReferences?.some(
          owner => owner.kind === 'CronJob' && owner.name === name,
        ) || job.metadata?.annotations?.[BACKUP_CRONJOB_ANNOTATION] === name,
    )
    .map(job => ({
      name: job.metadata?.name ?? '',
      succeeded: (job.status?.succeeded ?? 0) > 0,
      completionTime: job.status?.completionTime,
    }));
  return assessBackupRecency({
    enabled: true,
    cronJob: live && {
      name,
      schedule: live.spec?.schedule ?? config.flavour.backup.schedule,
      timeZone: live.spec?.timeZone,
    },
    jobs: backupJobs,
    now,
    slackMs,
  });
}

/** The checks before a scale-in: every master a leader, and for fewer shards a recent backup and memory headroom. */
async function scaleInPreconditions(
  settings: ScaleSettings,
  config: ResolvedInstance,
  nodes: ClusterNodeView[],
  from: ClusterShape,
  to: ClusterShape,
  now: Date,
): Promise<FailoverCheck[]> {
  const fewerShards = to.shards < from.shards;
  if (!fewerShards && to.replicasPerShard >= from.replicasPerShard) return [];
  const leaders = redisTopology(config).groups[0].statefulSet;
  const checks = [assessLeadersAreMasters(nodes, `${leaders}-`)];
  if (fewerShards) {
    checks.push(
      await backupRecency(
        settings.cluster,
        config,
        now,
        settings.backupSlackMs,
      ),
      assessMemoryHeadroom({
        nodes,
        remainingMasters: to.shards,
        fallbackMaxmemory: instanceMaxmemory(config).bytes,
        ratio: MEMORY_HEADROOM_RATIO,
      }),
    );
  }
  return checks;
}

async function observe(
  settings: ScaleSettings,
  instance: OperationTarget,
  plan: ClusterPlan,
) {
  return observeCluster(
    settings.cluster,
    instance,
    plan,
    settings.redisTimeoutMs,
  );
}

/**
 * Scales a cluster instance to `settings.shards` and `settings.replicasPerShard` (each default
 * unchanged): see scaleInstance.
 */
export async function scaleClusterInstance(
  settings: ScaleSettings,
  config: ResolvedInstance,
  started: Date,
): Promise<ScaleResult> {
  const { cluster, instance, requester } = settings;
  const where = `${instance.namespace}/${instance.name}`;
  const from = shapeOf(config);
  const to: ClusterShape = {
    shards: settings.shards ?? from.shards,
    replicasPerShard: settings.replicasPerShard ?? from.replicasPerShard,
  };
  const next = scaledOrder(config, to, where);
  const resource = await readRedisCluster(cluster, instance);
  if (!resource)
    throw new NotFoundError(
      `${where} has no RedisCluster on cluster "${cluster.name}"`,
    );
  const annotations = ownerAnnotationsOf(resource);
  const plan = await clusterPlan(cluster, instance, resource);
  const shapes = { from, to };
  const result = (
    fields: Pick<ScaleResult, 'changes' | 'postChecks'> & {
      id?: string;
      preconditions: FailoverCheck[];
    },
  ): ScaleResult => ({
    ...fields,
    dryRun: fields.id === undefined,
    from: from.shards,
    to: to.shards,
    counts: `${describeShape(from)} to ${describeShape(to)}`,
    cluster: shapes,
    durationMs: Date.now() - started.getTime(),
  });
  const refusal = (checks: FailoverCheck[]) =>
    `Scaling ${where} from ${describeShape(from)} to ${describeShape(
      to,
    )} refused: ${describeFailed(checks)}. Nothing was changed.`;

  if (settings.dryRun) {
    const nodes = await observe(settings, instance, plan);
    const preconditions = await scaleInPreconditions(
      settings,
      config,
      nodes,
      from,
      to,
      started,
    );
    if (preconditions.some(check => !check.ok))
      throw new ConflictError(refusal(preconditions));
    const applied = await applyInstance({
      cluster,
      config: next,
      dryRun: true,
      annotations,
    });
    return result({
      changes: changesOf(applied),
      postChecks: [],
      preconditions,
    });
  }

  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject: plan.involvedObject,
    operation: SCALE_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs,
    started,
    details: { from, to },
  });
  let details: Record<string, unknown> = {};
  let refused = false;
  try {
    const before = await observe(settings, instance, plan);
    const keysBefore = masterKeys(before);
    const preconditions = await scaleInPreconditions(
      settings,
      config,
      before,
      from,
      to,
      started,
    );
    details = { preconditions, keysBefore };
    if (preconditions.some(check => !check.ok)) {
      refused = true;
      throw new ConflictError(refusal(preconditions));
    }
    const applied = await applyInstance({
      cluster,
      config: next,
      annotations,
      wait: { timeoutMs: settings.timeoutMs },
      onProgress: settings.onProgress,
    });
    const changes = changesOf(applied);
    details = { ...details, changes };
    const deadline = started.getTime() + settings.timeoutMs;
    const expected = {
      ...to,
      keysBefore,
      keyTolerance: settings.keyTolerance,
    };
    let assessment = assessClusterScale({ ...expected, nodes: [] });
    for (;;) {
      const [nodes, live] = await Promise.all([
        observe(settings, instance, plan),
        readRedisCluster(cluster, instance),
      ]);
      assessment = assessClusterScale({
        ...expected,
        nodes,
        status: live?.status as RedisClusterStatus | undefined,
      });
      if (assessment.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    details = {
      ...details,
      postChecks: assessment.checks,
      keysAfter: assessment.keysAfter,
    };
    if (!assessment.ok)
      throw new ServiceUnavailableError(
        `${where} was applied with ${describeShape(to)}, but ${describeFailed(
          assessment.checks,
        )}`,
      );
    await record(
      'succeeded',
      `Scaled from ${describeShape(from)} to ${describeShape(
        to,
      )}; every post-check passed.`,
      details,
    );
    return result({
      id,
      changes,
      postChecks: assessment.checks,
      preconditions,
    });
  } catch (error) {
    await record(refused ? 'refused' : 'failed', errorMessage(error), details);
    throw error;
  } finally {
    await lock.release();
  }
}
