// A Redis Cluster order (3 shards of a master and a replica) applied with redis-node's applyInstance and run by
// a sandbox controller, which bootstraps the cluster as the operator does: the status of its real processes.
import type { RedisStatus } from '@odin/plugin-redis-common';
import {
  applyOrder,
  eventually,
  orderIn,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { clusterEntry, START_TIMEOUT_MS } from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  statusOf,
} from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-cluster-2b7d';
let live: LiveNamespace;

jest.setTimeout(90_000);

beforeAll(async () => {
  live = await startLiveNamespace('redis-cluster');
  const order = orderIn(live, {
    name: 'sessions',
    root: { clusterModeEnabled: true },
    flavour: {
      deploymentMode: 'cluster',
      cluster: { numShards: 3, replicasPerShard: 1 },
    },
  });
  await applyOrder(live, order, PASSWORD);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

describe('status of a live Redis Cluster instance', () => {
  it('shows cluster state, slots and shards with their replicas', async () => {
    const { server } = await startRedisBackend({
      cluster: clusterEntry(live.testCluster),
      entities: [redisEntity('sessions', `${live.namespace}/sessions`)],
      status: { cacheTtlSeconds: 0 },
    });
    // The cluster agrees on its state, gossip tells every node of each replica, and the replicas finish their first sync, a moment after the bootstrap.
    const status = await eventually(async (): Promise<RedisStatus> => {
      const current = await statusOf(server, 'sessions');
      const settled =
        current.cluster?.status === 'ok' &&
        current.cluster.data.state === 'ok' &&
        current.cluster.data.shards.every(shard => shard.replicas.length > 0) &&
        current.redis.status === 'ok' &&
        Object.values(current.redis.data.nodes).every(
          node =>
            node.role !== 'replica' || node.replication?.state === 'online',
        ) &&
        current.health.overall === 'healthy';
      if (!settled)
        throw new Error(
          `not settled: ${JSON.stringify(current.health.reasons)}`,
        );
      return current;
    }, 'cluster state ok with a replica in every shard');
    if (status.cluster?.status !== 'ok' || status.redis.status !== 'ok')
      throw new Error('sections should be ok');
    expect(status.mode).toBe('cluster');
    const cluster = status.cluster.data;
    expect(cluster).toMatchObject({
      slotsAssigned: 16384,
      slotsOk: 16384,
      slotsFail: 0,
      knownNodes: 6,
      size: 3,
    });
    expect(cluster.shards).toHaveLength(3);
    expect(
      cluster.shards.map(shard => shard.slotCount).reduce((a, b) => a + b),
    ).toBe(16384);
    for (const shard of cluster.shards) {
      expect(shard.master).toMatch(/^sessions-leader-\d$/);
      expect(shard.replicas).toEqual([
        expect.stringMatching(/^sessions-follower-\d$/),
      ]);
    }
    expect(cluster.nodeFlags).toEqual({});
    const redisNodes = Object.values(status.redis.data.nodes);
    expect(redisNodes.filter(node => node.role === 'master')).toHaveLength(3);
    // Every replica carries the lag its master reports, and names that master by its pod.
    for (const replica of redisNodes.filter(node => node.role === 'replica')) {
      expect(replica.master).toMatch(/^sessions-leader-\d$/);
      expect(replica.replication).toMatchObject({
        state: 'online',
        lagBytes: expect.any(Number),
      });
    }
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });
});
