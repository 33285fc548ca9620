// CLUSTER FAILOVER (coordinated with the master) on one replica, waited for until its outcome checks pass;
// and the test failover of a Redis Cluster instance that makes one under the instance's lock, with
// preconditions before and post-checks after, every run recorded. A cluster resize makes one per master.
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { TEST_FAILOVER_OPERATION } from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  assessClusterFailoverOutcome,
  assessClusterFailoverPreconditions,
  type ClusterMember,
} from './clusterChecks';
import { clusterPlan, observeCluster, type ClusterPlan } from './clusterLive';
import {
  describeFailed,
  type FailoverCheck,
  type ProcessRef,
} from './failoverChecks';
import {
  errorMessage,
  hostPort,
  sleep,
  withRedis,
  type CustomResource,
} from './liveRedis';
import { readOperationHistory } from './operationHistory';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';
import type {
  TestFailoverOptions,
  TestFailoverPreview,
  TestFailoverResult,
} from './testFailover';

/**
 * One shard's master moved to its replica by CLUSTER FAILOVER, as a resize or a password rotation records it.
 *
 * @public
 */
export interface ClusterFailoverSummary {
  oldMaster: ProcessRef;
  newMaster: ProcessRef;
  /** The slot ranges of the shard that moved, e.g. `0-5460`. */
  slots: string;
  /** From the command to every outcome check passing, or to giving up. */
  failoverMs: number;
}

/** A CLUSTER FAILOVER that was sent, and how it ended. */
export interface ClusterFailoverRun extends ClusterFailoverSummary {
  /** The outcome checks, the last time they were read. */
  outcome: { checks: FailoverCheck[]; ok: boolean };
}

/** The outcome check that waits for the operator, which moves its labels in its own time. */
const LABEL_CHECK = "operator's redis-role labels agree";

/**
 * CLUSTER FAILOVER on `replica` (of `master`), in its default form: the master stops its clients until the
 * replica has caught up, so no acknowledged write is lost. Then polls until the replica owns the shard's
 * slots, the old master replicates it with its link up, and every node agrees (with `labels`, the
 * operator's `redis-role` labels too); or `timeoutMs` passed
 * (then `outcome.ok` is false). The caller has checked the replica is in sync.
 */
export async function clusterFailover(options: {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  plan: ClusterPlan;
  replica: ClusterMember;
  master: ClusterMember;
  redisTimeoutMs: number;
  pollIntervalMs: number;
  timeoutMs: number;
  /**
   * Whether to wait for the operator's `redis-role` labels too: a test failover checks them; an operation
   * that moves masters on its way (a resize, a rotation) needs only Redis's own agreement.
   */
  labels: boolean;
}): Promise<ClusterFailoverRun> {
  const { cluster, instance, plan, replica, master } = options;
  const failoverStarted = Date.now();
  await withRedis(
    hostPort(replica.address!),
    plan.auth,
    {
      connectTimeoutMs: options.redisTimeoutMs,
      commandTimeoutMs: options.redisTimeoutMs,
    },
    client => client.call('CLUSTER', 'FAILOVER'),
  );
  const deadline = failoverStarted + options.timeoutMs;
  const outcomeInput = {
    expectedNodes: plan.expectedNodes,
    expectedShards: plan.shards,
    oldMaster: { pod: master.pod, id: master.id, slots: master.slots },
    newMaster: { pod: replica.pod, id: replica.id },
  };
  let outcome = assessClusterFailoverOutcome({ ...outcomeInput, nodes: [] });
  for (;;) {
    const nodes = await observeCluster(
      cluster,
      instance,
      plan,
      options.redisTimeoutMs,
    );
    const judged = assessClusterFailoverOutcome({ ...outcomeInput, nodes });
    const checks = options.labels
      ? judged.checks
      : judged.checks.filter(check => check.name !== LABEL_CHECK);
    outcome = { checks, ok: checks.every(check => check.ok) };
    if (outcome.ok || Date.now() >= deadline) break;
    await sleep(options.pollIntervalMs);
  }
  return {
    oldMaster: { pod: master.pod, address: master.address! },
    newMaster: { pod: replica.pod, address: replica.address! },
    slots: master.slots.join(' '),
    outcome,
    failoverMs: Date.now() - failoverStarted,
  };
}

/** Why a CLUSTER FAILOVER whose outcome checks did not all pass is not done, with the figures. */
export function describeUnfinished(run: ClusterFailoverRun): string {
  return `CLUSTER FAILOVER was sent to ${
    run.newMaster.pod
  }, but after ${Math.round(run.failoverMs / 1000)} s ${describeFailed(
    run.outcome.checks,
  )}`;
}

/** What a failover changes on a pod's object: the operator's label of its role. */
export const ROLE_LABEL = ['metadata.labels.redis-role'];

/** A cluster test failover's settings, with the defaults filled in. */
type ClusterTestFailoverOptions = Pick<
  TestFailoverOptions,
  'cluster' | 'instance' | 'override' | 'replica'
> &
  Required<
    Pick<
      TestFailoverOptions,
      | 'timeoutMs'
      | 'maxLagBytes'
      | 'minIntervalMs'
      | 'redisTimeoutMs'
      | 'pollIntervalMs'
    >
  >;

/** Its preconditions, read from the nodes: shared by the run and its preview. */
async function testFailoverPreconditions(
  options: ClusterTestFailoverOptions,
  plan: ClusterPlan,
  now: Date,
) {
  const { cluster, instance } = options;
  return assessClusterFailoverPreconditions({
    nodes: await observeCluster(
      cluster,
      instance,
      plan,
      options.redisTimeoutMs,
    ),
    expectedNodes: plan.expectedNodes,
    replica: options.replica,
    maxLagBytes: options.maxLagBytes,
    history: await readOperationHistory(cluster, instance),
    operation: TEST_FAILOVER_OPERATION,
    now,
    minIntervalMs: options.minIntervalMs,
    override: options.override ?? false,
  });
}

const refusalMessage = (where: string, checks: FailoverCheck[]) =>
  `Test failover of ${where} refused: ${describeFailed(
    checks,
  )}. The masters are unchanged.`;

/**
 * The dry run of a cluster test failover: its preconditions as the run checks them, and the two pods
 * whose role would change; nothing is sent, locked or recorded. A failed precondition is a ConflictError.
 */
export async function previewClusterTestFailover(
  options: ClusterTestFailoverOptions,
  resource: CustomResource,
): Promise<TestFailoverPreview> {
  const { cluster, instance } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const plan = await clusterPlan(cluster, instance, resource);
  const assessment = await testFailoverPreconditions(options, plan, new Date());
  if (!assessment.ok || !assessment.plan)
    throw new ConflictError(refusalMessage(where, assessment.checks));
  const { replica, master } = assessment.plan;
  const slots = master.slots.join(' ');
  const pod = (name: string) => `Pod ${instance.namespace}/${name}`;
  return {
    masterName: slots,
    oldMaster: { pod: master.pod, address: master.address! },
    candidates: [replica.pod],
    preconditions: assessment.checks,
    summary: `CLUSTER FAILOVER on ${replica.pod}: the master of slots ${slots} moves from ${master.pod} to it, after its clients paused until the replica caught up`,
    changes: [
      { ref: pod(master.pod), action: 'becomes a replica', paths: ROLE_LABEL },
      {
        ref: pod(replica.pod),
        action: 'becomes the master',
        paths: ROLE_LABEL,
      },
    ],
  };
}

/**
 * CLUSTER FAILOVER on `options.replica` (default: the first in-sync replica of the shard of slot 0), after
 * the preconditions (every node answers, cluster state ok with all slots ok, the replica's link up and at
 * most `maxLagBytes` behind, the interval rule); then post-checks until the timeout.
 */
export async function clusterTestFailover(
  options: ClusterTestFailoverOptions & Pick<TestFailoverOptions, 'requester'>,
  resource: CustomResource,
  started: Date,
): Promise<TestFailoverResult> {
  const { cluster, instance, requester } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const plan = await clusterPlan(cluster, instance, resource);
  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject: plan.involvedObject,
    operation: TEST_FAILOVER_OPERATION,
    requester,
    timeoutMs: options.timeoutMs,
    started,
    details: {
      override: options.override ?? false,
      ...(options.replica && { replica: options.replica }),
    },
  });

  let details: Record<string, unknown> = {};
  let refused = false;
  try {
    const assessment = await testFailoverPreconditions(options, plan, started);
    details = {
      masterOffset: assessment.masterOffset,
      replicas: assessment.replicas,
      preconditions: assessment.checks,
    };
    if (!assessment.ok || !assessment.plan) {
      refused = true;
      throw new ConflictError(refusalMessage(where, assessment.checks));
    }
    const { replica, master } = assessment.plan;
    const oldMaster = { pod: master.pod, address: master.address! };
    const newMaster = { pod: replica.pod, address: replica.address! };
    details = {
      ...details,
      oldMaster,
      replica: newMaster,
      slots: master.slots,
    };

    const moved = await clusterFailover({
      cluster,
      instance,
      plan,
      replica,
      master,
      redisTimeoutMs: options.redisTimeoutMs,
      pollIntervalMs: options.pollIntervalMs,
      timeoutMs: options.timeoutMs,
      labels: true,
    });
    const { outcome, failoverMs } = moved;
    details = { ...details, postChecks: outcome.checks, failoverMs };
    if (!outcome.ok) {
      throw new ServiceUnavailableError(
        `Test failover of ${where}: ${describeUnfinished(moved)}`,
      );
    }
    const finished = new Date();
    await record(
      'succeeded',
      `The master of slots ${master.slots.join(' ')} moved from ${
        master.pod
      } to ${replica.pod} in ${(failoverMs / 1000).toFixed(
        1,
      )} s; every post-check passed.`,
      details,
    );
    return {
      id,
      masterName: master.slots.join(' '),
      oldMaster,
      newMaster,
      preconditions: assessment.checks,
      replicas: assessment.replicas,
      masterOffset: assessment.masterOffset,
      postChecks: outcome.checks,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      failoverMs,
      durationMs: finished.getTime() - started.getTime(),
    };
  } catch (error) {
    await record(refused ? 'refused' : 'failed', errorMessage(error), details);
    throw error;
  } finally {
    await lock.release();
  }
}
