// Resize of a Redis Cluster instance: the CPU and memory of its leader and follower pods (one pod at a time,
// every replica first, then each master after a CLUSTER FAILOVER to its replica in sync), or their storage.
// The recorded order with the new size, applied again under the instance's lock; every run recorded.
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  RESIZE_OPERATION,
  instanceMaxmemory,
  parseInfoFields,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import {
  assessClusterHealth,
  assessShardsInSync,
  clusterMembers,
  type ClusterNodeView,
  type RedisClusterStatus,
} from './clusterChecks';
import {
  clusterFailover,
  describeUnfinished,
  type ClusterFailoverSummary,
} from './clusterFailover';
import { clusterPlan, observeCluster, readRedisCluster } from './clusterLive';
import { describeFailed, type FailoverCheck } from './failoverChecks';
import { errorMessage } from './liveRedis';
import { startOperationRun } from './operationRun';
import {
  Refusal,
  Resize,
  budgetCheck,
  dataStatefulSets,
  describeRequest,
  dryRunOf,
  duringRestarts,
  failedWithStrategySetAside,
  growStorage,
  refusalOf,
  runDetails,
  storagePreconditions,
  type ResizeOrder,
  type ResizeRestart,
  type ResizeResult,
} from './resize';
import {
  assessEpochRise,
  assessNodeConfClaims,
  clusterEpoch,
  datasetFits,
} from './resizeChecks';
import { assessMastersKept } from './rotatePasswordChecks';
import { changesOf, ownerAnnotationsOf } from './scale';

/** `used_memory` of every node, from the INFO it answered. */
function usedMemory(nodes: ClusterNodeView[]) {
  return nodes.map(node =>
    node.info
      ? {
          pod: node.pod,
          bytes: Number(parseInfoFields(node.info).get('used_memory')),
        }
      : { pod: node.pod, error: node.error ?? 'no answer' },
  );
}

/**
 * Resizes a cluster instance (see resizeInstance, which calls this for cluster mode).
 *
 * CPU and memory: refused unless every node's dataset fits the new maxmemory, the cluster is as ordered
 * and healthy (the operator's Ready, every node answering, all 16384 slots ok, every replica's link up),
 * every master has a replica in sync, every node keeps nodes.conf on a claim (persistence), and the
 * order has its PodDisruptionBudgets. The order is applied with the new resources (leaders and followers
 * alike) and the update strategy `OnDelete`; then every replica's pod is deleted and waited for (ready,
 * the new resources, in sync with its master, the cluster ok), and then each master is moved to its
 * replica in sync by CLUSTER FAILOVER, its pod deleted and waited for likewise, back as a replica, and
 * the shard failed back to it by a second CLUSTER FAILOVER. Then the order is applied with its own update
 * strategy again, and checked: the cluster as ordered and healthy, every pod with the new resources, each
 * shard with the master it had, and the cluster's epoch raised by the failovers only.
 *
 * Storage: as in the other modes, for the data claims of the leaders and the followers.
 */
export async function resizeClusterInstance(
  order: ResizeOrder,
): Promise<ResizeResult> {
  const { settings, where, started, request, kind, config, next, final } =
    order;
  const { from, to } = order;
  const { cluster, instance, requester } = settings;
  const resource = await readRedisCluster(cluster, instance);
  if (!resource)
    throw new NotFoundError(
      `${where} has no RedisCluster on cluster "${cluster.name}"`,
    );
  const annotations = ownerAnnotationsOf(resource);
  const plan = await clusterPlan(cluster, instance, resource);
  const statefulSets = dataStatefulSets(config);
  const resize = new Resize(
    cluster,
    instance,
    { statefulSets, dataPort: plan.dataPort, auth: plan.auth },
    settings,
    started.getTime(),
  );
  const deadline = started.getTime() + settings.timeoutMs;
  const shape = {
    shards: config.flavour.cluster.numShards,
    replicasPerShard: config.flavour.cluster.replicasPerShard,
  };
  const observe = () =>
    observeCluster(cluster, instance, plan, settings.redisTimeoutMs);
  const health = async (nodes: ClusterNodeView[]) =>
    assessClusterHealth({
      ...shape,
      nodes,
      status: (await readRedisCluster(cluster, instance))?.status as
        | RedisClusterStatus
        | undefined,
    });
  /** True once `pod` replicates a master in sync and the cluster is as ordered and healthy. */
  const backInSync = (pod: string) => async () => {
    const nodes = await observe();
    const synced = assessShardsInSync(nodes, settings.maxLagBytes).shards.some(
      shard =>
        shard.replicas.some(replica => replica.pod === pod && replica.inSync),
    );
    return synced && (await health(nodes)).every(check => check.ok)
      ? (true as const)
      : undefined;
  };

  /** The checks that refuse the resize, and the nodes they read; none of them changes anything. */
  const preconditions = async (): Promise<{
    checks: FailoverCheck[];
    nodes: ClusterNodeView[];
  }> => {
    if (kind === 'storage')
      return { checks: await storagePreconditions(resize, order), nodes: [] };
    const nodes = await observe();
    return {
      nodes,
      checks: [
        datasetFits(usedMemory(nodes), instanceMaxmemory(next)),
        ...assessClusterHealth({
          ...shape,
          nodes,
          status: resource.status as RedisClusterStatus | undefined,
        }),
        assessShardsInSync(nodes, settings.maxLagBytes).check,
        assessNodeConfClaims({
          persistenceEnabled: config.flavour.persistence.enabled,
          pods: nodes.map(node => node.pod),
          claims: await resize.claims(),
        }),
        await budgetCheck(cluster, instance, statefulSets),
      ],
    };
  };

  if (settings.dryRun)
    return dryRunOf(
      cluster,
      order,
      (await preconditions()).checks,
      annotations,
    );

  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject: plan.involvedObject,
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
    const { checks, nodes: before } = await preconditions();
    details = { preconditions: checks };
    const refused = refusalOf(order, checks);
    if (refused) throw new Refusal(refused);

    let changes: ResizeResult['changes'] = [];
    const restarts: ResizeRestart[] = [];
    const failovers: ClusterFailoverSummary[] = [];
    let postChecks: FailoverCheck[];
    if (kind === 'storage') {
      ({ changes, postChecks } = await growStorage(resize, order, annotations));
    } else {
      const resources = to.resources!;
      const epochBefore = clusterEpoch(before);
      const shardsBefore = assessShardsInSync(
        before,
        settings.maxLagBytes,
      ).shards;
      const during = duringRestarts(order);
      resize.progress(
        'Applying the order with the new resources and the update strategy OnDelete',
      );
      // Set aside as soon as the apply may have written it: a failure after it must say so.
      strategySetAside = during !== final;
      changes = changesOf(
        await applyInstance({
          cluster,
          config: during,
          annotations,
          onProgress: settings.onProgress,
        }),
      );
      await resize.templateUpdated(resources);
      details = { ...details, changes };

      /** The pod, as it is now, unless it has the new resources already (a run that stopped half-way). */
      const outdated = async (pod: string) =>
        (await resize.dataPods()).find(
          candidate =>
            candidate.metadata.name === pod &&
            !resize.hasResources(candidate, resources),
        );

      // Every replica first, then the masters, as the preconditions found them (every node answered);
      // each pod's role is read again just before its turn, so a master is never restarted as a replica.
      const sequence = clusterMembers(before)
        .sort(
          (x, y) =>
            Number(x.role === 'master') - Number(y.role === 'master') ||
            x.pod.localeCompare(y.pod),
        )
        .map(member => member.pod);
      details = { ...details, order: sequence };
      for (const pod of sequence) {
        const current = await outdated(pod);
        if (!current) continue;
        // A master owning slots moves them first to a replica in sync, which has the new resources by now.
        const turn = await resize.until(
          `${pod} to answer as a replica, or as a master with a replica in sync`,
          async () => {
            const nodes = await observe();
            const member = clusterMembers(nodes).find(node => node.pod === pod);
            if (!member) return undefined;
            if (member.role === 'slave' || member.slots.length === 0)
              return { role: 'replica' as const };
            const shard = assessShardsInSync(
              nodes,
              settings.maxLagBytes,
            ).shards.find(entry => entry.master.pod === pod && entry.inSync);
            return shard && { role: 'master' as const, shard };
          },
        );
        if (turn.role === 'master') {
          const { shard } = turn;
          resize.progress(
            `Moving the slots of ${pod} to ${
              shard.inSync!.pod
            } (CLUSTER FAILOVER)`,
          );
          const moved = await clusterFailover({
            cluster,
            instance,
            plan,
            replica: shard.inSync!,
            master: shard.master,
            redisTimeoutMs: settings.redisTimeoutMs,
            pollIntervalMs: settings.pollIntervalMs,
            timeoutMs: Math.max(0, deadline - Date.now()),
            labels: false,
          });
          const { outcome, ...failover } = moved;
          if (!outcome.ok)
            throw new ServiceUnavailableError(
              `${where}: ${describeUnfinished(moved)}`,
            );
          failovers.push(failover);
          details = { ...details, failovers };
        }
        restarts.push(
          await resize.restart(
            { pod, role: turn.role },
            current,
            resources,
            backInSync(pod),
          ),
        );
        details = { ...details, restarts };
        if (turn.role === 'master') {
          // Back to the master it was, now resized and in sync: each shard keeps its master (a scale-in
          // wants its leaders as masters).
          const members = clusterMembers(await observe());
          const back = members.find(member => member.pod === pod);
          const holder = members.find(
            member => member.pod === turn.shard.inSync!.pod,
          );
          if (!back || !holder)
            throw new ServiceUnavailableError(
              `${where}: ${pod} or ${
                turn.shard.inSync!.pod
              } does not answer after ${pod} restarted`,
            );
          resize.progress(`Moving the slots back to ${pod} (CLUSTER FAILOVER)`);
          const returned = await clusterFailover({
            cluster,
            instance,
            plan,
            replica: back,
            master: holder,
            redisTimeoutMs: settings.redisTimeoutMs,
            pollIntervalMs: settings.pollIntervalMs,
            timeoutMs: Math.max(0, deadline - Date.now()),
            labels: false,
          });
          const { outcome, ...failover } = returned;
          if (!outcome.ok)
            throw new ServiceUnavailableError(
              `${where}: ${describeUnfinished(returned)}`,
            );
          failovers.push(failover);
          details = { ...details, failovers };
        }
      }

      if (during !== final) {
        resize.progress(
          'Applying the order with its own update strategy again',
        );
        await applyInstance({
          cluster,
          config: final,
          annotations,
          wait: { timeoutMs: Math.max(0, deadline - Date.now()) },
          onProgress: settings.onProgress,
        });
        strategySetAside = false;
      }
      postChecks = [];
      await resize
        .until('the post-checks', async () => {
          const nodes = await observe();
          const pods = await resize.dataPods();
          postChecks = [
            ...(await health(nodes)),
            resize.resourcesCheck(pods, plan.expectedNodes, resources),
            assessMastersKept(shardsBefore, nodes),
            assessEpochRise(epochBefore, clusterEpoch(nodes), failovers.length),
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
        : `Resized the data pods to ${describeRequest(request)}: ${
            restarts.map(restart => restart.pod).join(', ') || 'no pod'
          } restarted in that order${
            failovers.length
              ? `, after CLUSTER FAILOVER of ${failovers
                  .map(
                    failover =>
                      `${failover.oldMaster.pod} to ${failover.newMaster.pod} (${failover.failoverMs} ms)`,
                  )
                  .join(', ')}`
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
      preconditions: checks,
      restarts,
      ...(kind === 'resources' && { failovers }),
      postChecks,
      durationMs: finished.getTime() - started.getTime(),
    };
  } catch (error) {
    if (error instanceof Refusal) {
      await record('refused', error.message, details);
      throw new ConflictError(error.message);
    }
    const failed = strategySetAside
      ? failedWithStrategySetAside(error, order.original)
      : error;
    await record('failed', errorMessage(failed), details);
    throw failed;
  } finally {
    await lock.release();
  }
}
