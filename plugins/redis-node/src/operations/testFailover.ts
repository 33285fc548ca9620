// Test failover of a sentinel instance: SENTINEL FAILOVER on one sentinel, under the instance's lock, with
// preconditions before and post-checks after, every run recorded. Not the operator's job: it has no API for it.
// A cluster-mode instance goes to clusterFailover.ts (CLUSTER FAILOVER on a replica).
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { TEST_FAILOVER_OPERATION } from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  ROLE_LABEL,
  clusterTestFailover,
  previewClusterTestFailover,
} from './clusterFailover';
import { readRedisCluster } from './clusterLive';
import {
  assessOutcome,
  assessPreconditions,
  describeFailed,
  type FailoverCheck,
  type ProcessRef,
  type ReplicaFigures,
  type SentinelView,
} from './failoverChecks';
import { readOperationHistory } from './operationHistory';
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
  type CustomResource,
} from './liveRedis';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';

/** @public */
export interface TestFailoverOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  /** Who asks, e.g. `user:default/alice`: the lock's holder and the history's requester. */
  requester: string;
  /** An admin's override of the once-per-interval rule; the caller decides who may set it. */
  override?: boolean;
  /**
   * Cluster mode only: the replica to promote, by pod name (e.g. `shop-follower-0`). Default: the first
   * in-sync replica of the shard that owns slot 0. In sentinel mode the sentinels choose.
   */
  replica?: string;
  /** How the caller names `replica` in its input, for the message that refuses it (e.g. `--replica`). */
  inputNames?: { replica?: string };
  /** The operation's timeout: the lock's duration, and how long the post-checks may take. Default 120 s. */
  timeoutMs?: number;
  /** How far (bytes) a replica may be behind the master's offset and still count as in sync. Default 1024. */
  maxLagBytes?: number;
  /** At most one test failover per instance in this interval (ms). Default one hour. */
  minIntervalMs?: number;
  /** Connect and command timeout of each Redis and Sentinel request. Default 2 s. */
  redisTimeoutMs?: number;
  /** Interval of the post-checks' polls. Default 500 ms. */
  pollIntervalMs?: number;
}

/** @public */
export interface TestFailoverResult {
  id: string;
  /** The sentinels' name of the master; in cluster mode the shard's slot ranges, e.g. `0-5460`. */
  masterName: string;
  oldMaster: ProcessRef;
  newMaster: ProcessRef;
  preconditions: FailoverCheck[];
  replicas: ReplicaFigures[];
  masterOffset?: number;
  postChecks: FailoverCheck[];
  startedAt: string;
  finishedAt: string;
  /** From the SENTINEL FAILOVER (or CLUSTER FAILOVER) command to the post-checks passing. */
  failoverMs: number;
  /** The whole run, preconditions and records included. */
  durationMs: number;
}

const DEFAULTS = {
  timeoutMs: 120_000,
  maxLagBytes: 1024,
  minIntervalMs: 3_600_000,
  redisTimeoutMs: 2_000,
  pollIntervalMs: 500,
};

/** A precondition that failed: the run is refused, the instance untouched. */
class Refusal extends Error {
  constructor(message: string, readonly checks: FailoverCheck[]) {
    super(message);
  }
}

async function readCustomResources(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<
  | { replication: CustomResource; sentinel?: CustomResource }
  | { redisCluster: CustomResource }
> {
  const { replication, sentinel } = await readReplicationResources(
    cluster,
    instance,
  );
  const where = `${instance.namespace}/${instance.name}`;
  if (!replication) {
    const redisCluster = await readRedisCluster(cluster, instance);
    if (redisCluster) return { redisCluster };
    throw new NotFoundError(
      `${where} has no RedisReplication or RedisCluster on cluster "${cluster.name}"; test failover needs a sentinel or cluster instance`,
    );
  }
  if (!sentinel && !(Number(replication.spec?.sentinel?.size) > 0)) {
    throw new InputError(
      `${where} has no sentinels; a test failover is a SENTINEL FAILOVER, so it needs sentinel mode`,
    );
  }
  return { replication, sentinel };
}

/** A replica to promote is cluster mode's choice; in sentinel mode the sentinels make it. */
function refuseReplicaChoice(
  options: Pick<TestFailoverOptions, 'replica' | 'inputNames'>,
  where: string,
) {
  if (options.replica === undefined) return;
  const input = options.inputNames?.replica ?? 'replica';
  throw new InputError(
    `${input} ${options.replica} applies to cluster mode only: in sentinel mode (${where}) the sentinels choose the replica; leave ${input} out`,
  );
}

/** Its preconditions, read from the sentinels and the data pods: shared by the run and its preview. */
async function sentinelPreconditions(
  options: Omit<TestFailoverOptions, 'requester'>,
  settings: typeof DEFAULTS,
  resources: { replication: CustomResource; sentinel?: CustomResource },
  now: Date,
) {
  const { cluster, instance } = options;
  const plan = await instancePlan(cluster, instance, {
    ...resources,
    involvedObject: involvedObjectOf(resources.replication),
  });
  const history = await readOperationHistory(cluster, instance);
  const before = await observe(
    cluster,
    instance,
    plan,
    settings.redisTimeoutMs,
    true,
  );
  const named = before.sentinels.find(view => view.master)?.master;
  const master = before.nodes.find(node => node.address === named);
  const assessment = assessPreconditions({
    sentinels: before.sentinels,
    expectedSentinels: plan.expectedSentinels,
    master,
    replicas: before.nodes.filter(node => node !== master),
    maxLagBytes: settings.maxLagBytes,
    history,
    operation: TEST_FAILOVER_OPERATION,
    now,
    minIntervalMs: settings.minIntervalMs,
    override: options.override ?? false,
  });
  return { plan, before, master, assessment };
}

/** @public */
export interface TestFailoverPreview {
  /** The sentinels' name of the master; in cluster mode the shard's slot ranges. */
  masterName: string;
  oldMaster: ProcessRef;
  /** The replicas in sync: in sentinel mode the sentinels choose one of them; in cluster mode the one promoted. */
  candidates: string[];
  preconditions: FailoverCheck[];
  /** What the run would do, in a sentence. */
  summary: string;
  /** The pods whose role (and `redis-role` label) the run would change. */
  changes: { ref: string; action: string; paths: string[] }[];
}

const refusalMessage = (where: string, checks: FailoverCheck[]) =>
  `Test failover of ${where} refused: ${describeFailed(
    checks,
  )}. The master is unchanged.`;

/**
 * The dry run of {@link testFailover}: its preconditions, checked as the run checks them, and which pods
 * would change roles; nothing is sent, locked or recorded. A failed precondition is the run's refusal,
 * a ConflictError naming the checks.
 *
 * @public
 */
export async function previewTestFailover(
  options: Omit<TestFailoverOptions, 'requester'>,
): Promise<TestFailoverPreview> {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { cluster, instance } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const resources = await readCustomResources(cluster, instance);
  if ('redisCluster' in resources)
    return previewClusterTestFailover(
      { ...settings, cluster, instance },
      resources.redisCluster,
    );
  refuseReplicaChoice(options, where);
  const { plan, master, assessment } = await sentinelPreconditions(
    options,
    settings,
    resources,
    new Date(),
  );
  if (!assessment.ok || !master?.address)
    throw new ConflictError(refusalMessage(where, assessment.checks));
  const candidates = assessment.replicas
    .filter(replica => replica.inSync)
    .map(replica => replica.pod);
  const pod = (name: string) => `Pod ${instance.namespace}/${name}`;
  return {
    masterName: plan.masterName,
    oldMaster: { pod: master.pod, address: master.address },
    candidates,
    preconditions: assessment.checks,
    summary: `SENTINEL FAILOVER of ${plan.masterName}: the master moves from ${
      master.pod
    } to the replica the sentinels choose among ${candidates.join(
      ', ',
    )}; connections to the old master are closed`,
    changes: [
      { ref: pod(master.pod), action: 'becomes a replica', paths: ROLE_LABEL },
      ...candidates.map(name => ({
        ref: pod(name),
        action: 'may become the master',
        paths: ROLE_LABEL,
      })),
    ],
  };
}

/**
 * Fails a sentinel instance's master over to a replica, to test that failover works: preconditions
 * (every sentinel reachable, quorum, a replica in sync, at most one per interval unless `override`),
 * then `SENTINEL FAILOVER`, then post-checks until the timeout (every sentinel names the same new
 * master, the old master rejoined as its replica, one master, the operator's `redis-role` labels agree).
 * A cluster-mode instance gets `CLUSTER FAILOVER` on `replica` instead: before, every node answers,
 * cluster state ok with all 16384 slots ok, and the replica's link up and in sync; after, the replica
 * owns the shard's slots, the old master is its replica with its link up, every node's CLUSTER NODES
 * agrees, one master per shard, and the `redis-role` labels agree.
 * Runs under the instance's operation lock; every run is recorded, refusals included. A refusal is a
 * ConflictError naming the failed preconditions and their figures; failed post-checks are a
 * ServiceUnavailableError naming theirs.
 *
 * @public
 */
export async function testFailover(
  options: TestFailoverOptions,
): Promise<TestFailoverResult> {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { cluster, instance, requester } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const started = new Date();

  const resources = await readCustomResources(cluster, instance);
  if ('redisCluster' in resources)
    return clusterTestFailover(
      { ...settings, cluster, instance, requester },
      resources.redisCluster,
      started,
    );
  refuseReplicaChoice(options, where);
  const { replication } = resources;
  const involvedObject = involvedObjectOf(replication);
  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject,
    operation: TEST_FAILOVER_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs,
    started,
    details: { override: options.override ?? false },
  });

  let details: Record<string, unknown> = {};
  try {
    const { plan, before, master, assessment } = await sentinelPreconditions(
      options,
      settings,
      resources,
      started,
    );
    details = {
      masterName: plan.masterName,
      oldMaster: master && { pod: master.pod, address: master.address },
      masterOffset: assessment.masterOffset,
      replicas: assessment.replicas,
      preconditions: assessment.checks,
    };
    if (!assessment.ok || !master?.address) {
      throw new Refusal(
        refusalMessage(where, assessment.checks),
        assessment.checks,
      );
    }
    const oldMaster = { pod: master.pod, address: master.address };

    // One sentinel starts it; the others learn the new configuration from its hello messages.
    const initiator = before.sentinels[0] as SentinelView & { address: string };
    const failoverStarted = Date.now();
    await withRedis(
      hostPort(initiator.address),
      plan.sentinelAuth,
      {
        connectTimeoutMs: settings.redisTimeoutMs,
        commandTimeoutMs: settings.redisTimeoutMs,
      },
      client => client.call('SENTINEL', 'FAILOVER', plan.masterName),
    );
    details = { ...details, initiator: initiator.pod };

    const deadline = failoverStarted + settings.timeoutMs;
    let outcome = assessOutcome({ oldMaster, sentinels: [], nodes: [] });
    for (;;) {
      const after = await observe(
        cluster,
        instance,
        plan,
        settings.redisTimeoutMs,
        false,
      );
      outcome = assessOutcome({ oldMaster, ...after });
      if (outcome.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    const failoverMs = Date.now() - failoverStarted;
    details = {
      ...details,
      newMaster: outcome.newMaster,
      postChecks: outcome.checks,
      failoverMs,
    };
    if (!outcome.ok || !outcome.newMaster) {
      throw new ServiceUnavailableError(
        `Test failover of ${where}: SENTINEL FAILOVER was sent to ${
          initiator.pod
        }, but after ${Math.round(failoverMs / 1000)} s ${describeFailed(
          outcome.checks,
        )}`,
      );
    }

    const finished = new Date();
    const result: TestFailoverResult = {
      id,
      masterName: plan.masterName,
      oldMaster,
      newMaster: outcome.newMaster,
      preconditions: assessment.checks,
      replicas: assessment.replicas,
      masterOffset: assessment.masterOffset,
      postChecks: outcome.checks,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      failoverMs,
      durationMs: finished.getTime() - started.getTime(),
    };
    await record(
      'succeeded',
      `The master moved from ${oldMaster.pod} to ${outcome.newMaster.pod} in ${(
        failoverMs / 1000
      ).toFixed(1)} s; every post-check passed.`,
      details,
    );
    return result;
  } catch (error) {
    if (error instanceof Refusal) {
      await record('refused', error.message, details);
      throw new ConflictError(error.message);
    }
    await record('failed', errorMessage(error), details);
    throw error;
  } finally {
    await lock.release();
  }
}
