// Test failover of a Redis Cluster instance: CLUSTER FAILOVER (coordinated with the master) on one replica,
// under the instance's lock, with preconditions before and post-checks after, every run recorded.
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { TEST_FAILOVER_OPERATION } from '@odin/plugin-redis-common';
import {
  assessClusterFailoverOutcome,
  assessClusterFailoverPreconditions,
} from './clusterChecks';
import { clusterPlan, observeCluster } from './clusterLive';
import { describeFailed } from './failoverChecks';
import {
  errorMessage,
  hostPort,
  sleep,
  withRedis,
  type CustomResource,
} from './liveRedis';
import { readOperationHistory } from './operationHistory';
import { startOperationRun } from './operationRun';
import type { TestFailoverOptions, TestFailoverResult } from './testFailover';

/**
 * CLUSTER FAILOVER on `options.replica` (default: the first in-sync replica of the shard of slot 0), after
 * the preconditions (every node answers, cluster state ok with all slots ok, the replica's link up and at
 * most `maxLagBytes` behind, the interval rule); then post-checks until the timeout.
 */
export async function clusterTestFailover(
  options: Pick<
    TestFailoverOptions,
    'cluster' | 'instance' | 'requester' | 'override' | 'replica'
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
    >,
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
    const history = await readOperationHistory(cluster, instance);
    const before = await observeCluster(
      cluster,
      instance,
      plan,
      options.redisTimeoutMs,
    );
    const assessment = assessClusterFailoverPreconditions({
      nodes: before,
      expectedNodes: plan.expectedNodes,
      replica: options.replica,
      maxLagBytes: options.maxLagBytes,
      history,
      operation: TEST_FAILOVER_OPERATION,
      now: started,
      minIntervalMs: options.minIntervalMs,
      override: options.override ?? false,
    });
    details = {
      masterOffset: assessment.masterOffset,
      replicas: assessment.replicas,
      preconditions: assessment.checks,
    };
    if (!assessment.ok || !assessment.plan) {
      refused = true;
      throw new ConflictError(
        `Test failover of ${where} refused: ${describeFailed(
          assessment.checks,
        )}. The masters are unchanged.`,
      );
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

    const failoverStarted = Date.now();
    // The default (coordinated) form: the master stops its clients until the replica has caught up.
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
      outcome = assessClusterFailoverOutcome({ ...outcomeInput, nodes });
      if (outcome.ok || Date.now() >= deadline) break;
      await sleep(options.pollIntervalMs);
    }
    const failoverMs = Date.now() - failoverStarted;
    details = { ...details, postChecks: outcome.checks, failoverMs };
    if (!outcome.ok) {
      throw new ServiceUnavailableError(
        `Test failover of ${where}: CLUSTER FAILOVER was sent to ${
          replica.pod
        }, but after ${Math.round(failoverMs / 1000)} s ${describeFailed(
          outcome.checks,
        )}`,
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
