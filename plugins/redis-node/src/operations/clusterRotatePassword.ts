// Password rotation of a cluster-mode instance: the steps around the ones every mode shares
// (rotatePassword.ts). Before, the cluster's health and a replica in sync for every master; then the
// replicas restarted, and each shard's master after a CLUSTER FAILOVER to its replica, failed back once it
// is in sync again, each node waited for until it is back as the node it was; after, the cluster's health
// and each shard with the master it had.
import { ServiceUnavailableError } from '@backstage/errors';
import {
  ROTATE_PASSWORD_OPERATION,
  type SecretKeyRef,
} from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  assessClusterFailoverPreconditions,
  assessClusterHealth,
  assessShardsInSync,
  clusterMembers,
  clusterShards,
  type ClusterFailoverPlan,
  type ShardSync,
} from './clusterChecks';
import {
  clusterFailover,
  describeUnfinished,
  type ClusterFailoverSummary,
} from './clusterFailover';
import { clusterPlan, observeCluster, type ClusterPlan } from './clusterLive';
import { describeFailed, type FailoverCheck } from './failoverChecks';
import type { CustomResource } from './liveRedis';
import type { InvolvedObject } from './operationHistory';
import type { OperationTarget } from './operationLock';
import type {
  PasswordRotation,
  PodRestart,
  RotationMode,
  RotationPod,
  RotationSecret,
} from './rotatePassword';
import {
  assessClusterNodeBack,
  assessMastersKept,
  restartOrder,
} from './rotatePasswordChecks';

/** How long one CLUSTER FAILOVER may take to show in every node's view; Redis gives a manual failover 5 s. */
const FAILOVER_WAIT_MS = 60_000;

const passed = (checks: FailoverCheck[]) => checks.every(check => check.ok);

/** The steps of a cluster instance's rotation, for `runRotation` of rotatePassword.ts. */
export function clusterRotationMode(input: {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  resource: CustomResource;
  involvedObject: InvolvedObject;
  ref: SecretKeyRef;
  secret: RotationSecret;
}): RotationMode<PasswordRotation> {
  const { cluster, instance, resource } = input;
  // What prepare found, for the steps after it.
  let plan: ClusterPlan;
  let shape = { shards: 0, replicasPerShard: 0 };
  let shardsBefore: ShardSync[] = [];
  let idsBefore = new Map<string, string>();

  /** Every node's answers, signed in with the new password. */
  const look = (rotation: PasswordRotation) =>
    observeCluster(
      cluster,
      instance,
      { ...plan, auth: { ...plan.auth, password: rotation.next } },
      rotation.settings.redisTimeoutMs,
    );

  /** Deletes the node's pod and waits until it is back as the node it was, in sync, the cluster healthy. */
  async function restartNode(
    rotation: PasswordRotation,
    name: string,
    role: PodRestart['role'],
    byName: Map<string, RotationPod>,
  ): Promise<PodRestart> {
    const started = Date.now();
    const id = idsBefore.get(name)!;
    await rotation.recreate(name, role, byName);
    const back = await rotation.until(
      `${name} to rejoin the cluster as node ${id}, in sync with its master`,
      async () => {
        const nodes = await look(rotation);
        const judged = assessClusterNodeBack({
          nodes,
          pod: name,
          id,
          maxLagBytes: rotation.settings.maxLagBytes,
        });
        // A new ID is no matter of time: the node lost its nodes.conf.
        if (judged.newId) return judged;
        const checks = [
          ...judged.checks,
          ...assessClusterHealth({ nodes, ...shape }),
        ];
        if (!passed(checks)) throw new Error(describeFailed(checks));
        return judged;
      },
    );
    if (back.newId)
      throw new ServiceUnavailableError(
        `${name} came back as a new cluster node ${back.newId}, not as node ${id}: its nodes.conf was not kept. Its slots stay with the shard's other nodes; the cluster must forget node ${id} and take ${name} in again (CLUSTER FORGET, CLUSTER MEET and CLUSTER REPLICATE) before the rotation can run again`,
      );
    const durationMs = Date.now() - started;
    rotation.progress(
      `${name} is back in the cluster with the new password in ${durationMs} ms`,
    );
    return { pod: name, role, durationMs };
  }

  /**
   * CLUSTER FAILOVER (the coordinated form: the master pauses its clients until the replica has caught up)
   * on a replica of the shard `masterPod` is master of: `to`, or its first replica in sync. Waits until the
   * replica owns the shard's slots, the old master follows it, and every node agrees.
   */
  async function failover(
    rotation: PasswordRotation,
    masterPod: string,
    to?: string,
  ): Promise<ClusterFailoverSummary> {
    const { settings } = rotation;
    const chosen = await rotation.until<ClusterFailoverPlan>(
      `a replica of ${masterPod} in sync for CLUSTER FAILOVER`,
      async () => {
        const nodes = await look(rotation);
        const shard = clusterShards(clusterMembers(nodes)).find(
          candidate => candidate.master.pod === masterPod,
        );
        if (!shard) throw new Error(`${masterPod} is no master owning slots`);
        const candidates = to
          ? [to]
          : shard.replicas.map(replica => replica.pod);
        let checks: FailoverCheck[] = [];
        for (const replica of candidates) {
          // The test failover's preconditions, without its once-an-hour rule.
          const assessment = assessClusterFailoverPreconditions({
            nodes,
            expectedNodes: plan.expectedNodes,
            replica,
            maxLagBytes: settings.maxLagBytes,
            history: [],
            operation: ROTATE_PASSWORD_OPERATION,
            now: new Date(),
            minIntervalMs: 0,
            override: false,
          });
          checks = assessment.checks;
          if (assessment.ok && assessment.plan) return assessment.plan;
        }
        throw new Error(
          candidates.length > 0
            ? describeFailed(checks)
            : `${masterPod} has no replica`,
        );
      },
    );
    const { replica, master } = chosen;
    rotation.progress(
      `CLUSTER FAILOVER on ${
        replica.pod
      }: the master of slots ${master.slots.join(' ')} moves from ${
        master.pod
      }`,
    );
    const moved = await clusterFailover({
      cluster,
      instance,
      plan: { ...plan, auth: { ...plan.auth, password: rotation.next } },
      replica,
      master,
      redisTimeoutMs: settings.redisTimeoutMs,
      pollIntervalMs: settings.pollIntervalMs,
      timeoutMs: FAILOVER_WAIT_MS,
      labels: false,
    });
    const { outcome, ...summary } = moved;
    if (!outcome.ok)
      throw new ServiceUnavailableError(describeUnfinished(moved));
    rotation.progress(
      `${replica.pod} is master of slots ${summary.slots} after ${summary.failoverMs} ms`,
    );
    return summary;
  }

  return {
    involvedObject: input.involvedObject,
    ref: input.ref,
    secret: input.secret,
    async prepare(context) {
      plan = await clusterPlan(cluster, instance, resource);
      shape = {
        shards: plan.shards,
        replicasPerShard: (plan.expectedNodes - plan.shards) / plan.shards,
      };
      const nodes = await observeCluster(
        cluster,
        instance,
        plan,
        context.settings.redisTimeoutMs,
      );
      const inSync = assessShardsInSync(nodes, context.settings.maxLagBytes);
      shardsBefore = inSync.shards;
      idsBefore = new Map(
        clusterMembers(nodes).map(member => [member.pod, member.id]),
      );
      return {
        preconditions: [
          ...assessClusterHealth({ nodes, ...shape }),
          inSync.check,
        ],
        rotation: context.rotation(
          { dataPort: plan.dataPort, dataAuth: plan.auth },
          plan.auth.password ?? '',
        ),
      };
    },
    // The replicas first, then each master (after a CLUSTER FAILOVER), by the nodes before the rotation.
    restartOrder: () => {
      const masters = new Set(shardsBefore.map(shard => shard.master.pod));
      return restartOrder(
        [...idsBefore.keys()].map(pod => ({
          pod,
          role: masters.has(pod) ? 'master' : 'replica',
        })),
      );
    },
    async restartAll(rotation, pods, note) {
      const byName = new Map(pods.map(pod => [pod.metadata.name, pod]));
      const masters = new Set(shardsBefore.map(shard => shard.master.pod));
      const order = this.restartOrder(pods);
      const restarts: PodRestart[] = [];
      const failovers: ClusterFailoverSummary[] = [];
      for (const candidate of order) {
        if (candidate.role === 'master') {
          failovers.push(await failover(rotation, candidate.pod));
          note({ failovers });
        }
        restarts.push(
          await restartNode(rotation, candidate.pod, candidate.role, byName),
        );
        note({ restarts });
        if (candidate.role === 'master') {
          // Back to the master it was: the shards keep their masters (a scale-in wants its leaders as masters).
          const away = failovers[failovers.length - 1];
          failovers.push(
            await failover(rotation, away.newMaster.pod, candidate.pod),
          );
          note({ failovers });
        }
      }
      return {
        restarts,
        failovers,
        moved: `, each of the ${masters.size} masters moved to its replica with CLUSTER FAILOVER before its restart and back after it`,
      };
    },
    postChecks(rotation) {
      return rotation.settle(async () => {
        const nodes = await look(rotation);
        return [
          await rotation.passwordsCheck(),
          ...assessClusterHealth({ nodes, ...shape }),
          assessMastersKept(shardsBefore, nodes),
        ];
      });
    },
  };
}
