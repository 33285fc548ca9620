// A 3-master + 3-replica Redis Cluster of real processes on 127.x.y.z; the Kubernetes API is faked with msw.
import { mockCredentials } from '@backstage/backend-test-utils';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  customResource,
  FakeKubernetesApi,
  passwordSecret,
  podObject,
  statefulSet,
} from './__testUtils__/fakeKubernetesApi';
import {
  eventually,
  loopbackBlock,
  RedisFleet,
  type RedisProcess,
} from './__testUtils__/redisProcesses';
import { redisEntity, startRedisBackend } from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-cluster-2b7d';
const address = loopbackBlock();
const kubernetes = new FakeKubernetesApi();
const msw = setupServer(...kubernetes.handlers());
const fleet = new RedisFleet(PASSWORD);
let nodes: RedisProcess[];

jest.setTimeout(90_000);

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' });
  nodes = await Promise.all(
    [1, 2, 3, 4, 5, 6].map(index =>
      fleet.startServer(address(index), 6379, [
        '--cluster-enabled',
        'yes',
        '--cluster-announce-ip',
        address(index),
      ]),
    ),
  );
  await promisify(execFile)(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...nodes.map(node => `${node.host}:6379`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ],
    { env: { ...process.env, REDISCLI_AUTH: PASSWORD } },
  );
  kubernetes
    .add(
      'redisclusters',
      customResource('shop', 'sessions', 'RedisCluster', {
        clusterSize: 3,
        port: 6379,
        kubernetesConfig: {
          redisSecret: { name: 'sessions-auth', key: 'password' },
        },
      }),
    )
    .add(
      'statefulsets',
      statefulSet('shop', 'sessions', 'sessions-leader', 3),
      statefulSet('shop', 'sessions', 'sessions-follower', 3),
    )
    .add('secrets', passwordSecret('shop', 'sessions-auth', PASSWORD));
  nodes.forEach((node, index) => {
    const role = index < 3 ? 'leader' : 'follower';
    kubernetes.add(
      'pods',
      podObject('shop', 'sessions', {
        name: `sessions-${role}-${index % 3}`,
        ip: node.host,
        labels: { role },
      }),
    );
  });
});

afterAll(async () => {
  await fleet.stopAll();
  msw.close();
});

describe('status of a Redis Cluster instance', () => {
  it('shows cluster state, slots and shards with their replicas', async () => {
    const { server } = await startRedisBackend({
      entities: [redisEntity('sessions', 'shop/sessions')],
      status: { cacheTtlSeconds: 0 },
    });
    const get = async (): Promise<RedisStatus> =>
      (
        await request(server)
          .get('/api/redis/entities/resource/default/sessions/status')
          .set({ Authorization: mockCredentials.user.header() })
      ).body;
    // The cluster agrees on its state, and gossip tells every node of each replica and the replicas finish their first sync, a moment after creation.
    const status = await eventually(async () => {
      const current = await get();
      return current.cluster?.status === 'ok' &&
        current.cluster.data.state === 'ok' &&
        current.cluster.data.shards.every(shard => shard.replicas.length > 0) &&
        current.redis.status === 'ok' &&
        Object.values(current.redis.data.nodes).every(
          node =>
            node.role !== 'replica' || node.replication?.state === 'online',
        ) &&
        current.health.overall === 'healthy'
        ? current
        : undefined;
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
