// A status document of a Redis Cluster of `shards` shards with `replicasPerShard` replicas each, as
// redis-backend sends it: the same pods, roles, slots and replication as the backend's own 3,000-pod bench
// (plugins/redis-backend/bench/statusBench.ts, which assembles it from synthetic Kubernetes objects and
// INFO replies), built here straight from the document's types.
import type {
  ClusterShard,
  PodState,
  RedisNodeState,
  RedisStatus,
} from '@odin/plugin-redis-common';

const CLUSTER_SLOTS = 16384;
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

export function syntheticClusterStatus(
  shards: number,
  replicasPerShard: number,
  name = 'big',
): RedisStatus {
  const now = new Date();
  const startedAt = new Date(now.getTime() - 3 * 86_400_000).toISOString();
  const pods: Record<string, PodState> = {};
  const nodes: Record<string, RedisNodeState> = {};
  const shardList: ClusterShard[] = [];
  const slotsPerShard = Math.floor(CLUSTER_SLOTS / shards);
  for (let shard = 0; shard < shards; shard++) {
    const leader = `${name}-leader-${shard}`;
    const followers = Array.from(
      { length: replicasPerShard },
      (_, member) => `${name}-follower-${shard * replicasPerShard + member}`,
    );
    [leader, ...followers].forEach((pod, member) => {
      const zone = (shard + member) % ZONES.length;
      pods[pod] = {
        role: member === 0 ? 'leader' : 'follower',
        phase: 'Running',
        ready: true,
        restarts: 0,
        node: `node-${String.fromCharCode(97 + zone)}-${shard % 40}`,
        zone: ZONES[zone],
        ip: `10.${Math.floor(shard / 200)}.${shard % 200}.${member + 1}`,
        startedAt,
      };
      nodes[pod] =
        member === 0
          ? {
              role: 'master',
              uptimeSeconds: 259_200,
              usedMemoryBytes: 1_048_576,
              replicationOffset: 1200,
            }
          : {
              role: 'replica',
              uptimeSeconds: 259_200,
              usedMemoryBytes: 1_048_576,
              master: leader,
              masterLinkUp: true,
              replication: {
                state: 'online',
                lagBytes: 200,
                secondsSinceAck: 0,
              },
            };
    });
    const from = shard * slotsPerShard;
    const to =
      shard === shards - 1 ? CLUSTER_SLOTS - 1 : from + slotsPerShard - 1;
    shardList.push({
      master: leader,
      replicas: followers,
      slots: [`${from}-${to}`],
      slotCount: to - from + 1,
    });
  }
  // The backend sorts pods by name, and lists nodes in the same order.
  const sortedPods = Object.fromEntries(
    Object.entries(pods).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const sortedNodes = Object.fromEntries(
    Object.keys(sortedPods).map(pod => [pod, nodes[pod]]),
  );
  const podCount = Object.keys(pods).length;
  return {
    instance: { cluster: 'local', namespace: 'shop', name },
    mode: 'cluster',
    generatedAt: now.toISOString(),
    health: { overall: 'healthy', reasons: [] },
    kubernetes: {
      status: 'ok',
      data: {
        customResources: [
          {
            kind: 'RedisCluster',
            name,
            createdAt: startedAt,
            operatorStatus: { state: 'Ready' },
          },
        ],
        statefulSets: [
          {
            name: `${name}-leader`,
            desiredReplicas: shards,
            readyReplicas: shards,
            updated: true,
          },
          {
            name: `${name}-follower`,
            desiredReplicas: shards * replicasPerShard,
            readyReplicas: shards * replicasPerShard,
            updated: true,
          },
        ],
        pods: sortedPods,
        volumeClaims: [],
        events: [],
      },
    },
    redis: {
      status: 'ok',
      data: {
        port: 6379,
        common: {
          version: '7.0.15',
          maxMemoryBytes: 51_380_224,
          aofEnabled: false,
          lastBgsaveStatus: 'ok',
        },
        nodes: sortedNodes,
      },
    },
    cluster: {
      status: 'ok',
      data: {
        state: 'ok',
        slotsAssigned: CLUSTER_SLOTS,
        slotsOk: CLUSTER_SLOTS,
        slotsPfail: 0,
        slotsFail: 0,
        knownNodes: podCount,
        size: shards,
        currentEpoch: shards,
        observedFrom: `${name}-leader-0`,
        shards: shardList,
        unassigned: [],
        nodeFlags: {},
      },
    },
    backups: {
      status: 'ok',
      data: {
        configured: false,
        stale: false,
        records: [],
        storage: {
          status: 'ok',
          data: { bucket: '', prefix: '', objectCount: 0, totalBytes: 0 },
        },
      },
    },
  };
}
