// Master + 2 replicas + 3 sentinels, real processes on 127.x.y.z; the Kubernetes API is faked with msw.
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  customResource,
  FakeKubernetesApi,
  node,
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
import {
  redisEntity,
  startRedisBackend,
  statusOf,
  statusPath,
  userHeader,
  type RecordingLogger,
} from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-7f3a9c1e';
const NAMESPACE = 'shop';
const INSTANCE = 'orders';
const address = loopbackBlock();
const kubernetes = new FakeKubernetesApi();
const msw = setupServer(...kubernetes.handlers());
const fleet = new RedisFleet(PASSWORD);

let redis: RedisProcess[];
let backend: { server: any; logger: RecordingLogger };

jest.setTimeout(60_000);

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' });
  const master = await fleet.startServer(address(1), 6379);
  const replicas = await Promise.all(
    [2, 3].map(index =>
      fleet.startServer(address(index), 6379, [
        '--replicaof',
        master.host,
        '6379',
      ]),
    ),
  );
  redis = [master, ...replicas];
  await Promise.all(
    [11, 12, 13].map(index => fleet.startSentinel(address(index), master, 2)),
  );
  const secretRef = { redisSecret: { name: 'orders-auth', key: 'password' } };
  kubernetes
    .add(
      'redisreplications',
      customResource(NAMESPACE, INSTANCE, 'RedisReplication', {
        clusterSize: 3,
        kubernetesConfig: secretRef,
      }),
    )
    .add(
      'redissentinels',
      customResource(NAMESPACE, INSTANCE, 'RedisSentinel', {
        clusterSize: 3,
        kubernetesConfig: secretRef,
        redisSentinelConfig: {
          redisReplicationName: INSTANCE,
          masterGroupName: 'mymaster',
        },
      }),
    )
    .add(
      'statefulsets',
      statefulSet(NAMESPACE, INSTANCE, 'orders', 3),
      statefulSet(NAMESPACE, INSTANCE, 'orders-sentinel', 3),
    )
    .add('secrets', passwordSecret(NAMESPACE, 'orders-auth', PASSWORD))
    .add('nodes', node('node-a', 'eu-west-1a'), node('node-b', 'eu-west-1b'))
    .add('persistentvolumeclaims', {
      metadata: { name: 'orders-orders-0', namespace: NAMESPACE },
      spec: { resources: { requests: { storage: '10Gi' } } },
      status: { phase: 'Bound', capacity: { storage: '10Gi' } },
    });
  [1, 2, 3].forEach((index, i) =>
    kubernetes.add(
      'pods',
      podObject(NAMESPACE, INSTANCE, {
        name: `orders-${i}`,
        ip: address(index),
        labels: {
          role: 'replication',
          'redis-role': i === 0 ? 'master' : 'slave',
        },
        node: i === 1 ? 'node-b' : 'node-a',
        claim: `orders-orders-${i}`,
      }),
    ),
  );
  [11, 12, 13].forEach((index, i) =>
    kubernetes.add(
      'pods',
      podObject(NAMESPACE, INSTANCE, {
        name: `orders-sentinel-${i}`,
        ip: address(index),
        labels: { role: 'sentinel' },
      }),
    ),
  );
  // Writes, so the replication offsets move.
  const client = fleet.client(master);
  await client.connect();
  await client.set('greeting', 'hello');
  client.disconnect();
  backend = await startRedisBackend({
    entities: [
      redisEntity('orders', `${NAMESPACE}/${INSTANCE}`),
      redisEntity('plain'),
    ],
    status: { cacheTtlSeconds: 0 },
  });
});

afterAll(async () => {
  // Processes first, so nothing outlives a failing hook; startTestBackend stops its backends by itself.
  await fleet.stopAll();
  msw.close();
});

const getStatus = () => statusOf(backend.server, 'orders');

describe('status of a sentinel instance', () => {
  it('shows roles, replication lag, sentinel quorum and pods', async () => {
    // Replicas report their offsets once a second: wait until both are in sync.
    const status = await eventually(async () => {
      const current = await getStatus();
      const data =
        current.redis.status === 'ok' ? current.redis.data : undefined;
      const replicas = [data?.nodes['orders-1'], data?.nodes['orders-2']];
      return replicas.every(replica => replica?.replication?.state === 'online')
        ? current
        : undefined;
    }, 'both replicas online');

    expect(status.mode).toBe('sentinel');
    expect(status.health).toEqual({ overall: 'healthy', reasons: [] });
    if (
      status.redis.status !== 'ok' ||
      status.kubernetes.status !== 'ok' ||
      status.sentinel?.status !== 'ok'
    ) {
      throw new Error('sections should be ok');
    }
    const { nodes, masterPod, port, common } = status.redis.data;
    expect(masterPod).toBe('orders-0');
    expect(port).toBe(6379);
    expect(common).toMatchObject({ version: '7.0.15', lastBgsaveStatus: 'ok' });
    expect(
      Object.entries(nodes).map(([pod, n]) => [pod, n.role, n.error]),
    ).toEqual([
      ['orders-0', 'master', undefined],
      ['orders-1', 'replica', undefined],
      ['orders-2', 'replica', undefined],
    ]);
    expect(nodes['orders-0'].replicationOffset).toBeGreaterThan(0);
    expect(nodes['orders-0'].unknownReplicas).toBeUndefined();
    for (const pod of ['orders-1', 'orders-2']) {
      expect(nodes[pod]).toMatchObject({
        master: 'orders-0',
        masterLinkUp: true,
      });
      expect(nodes[pod].version).toBeUndefined();
      expect(nodes[pod].replication?.lagBytes).toBeGreaterThanOrEqual(0);
      expect(nodes[pod].replication?.secondsSinceAck).toBeGreaterThanOrEqual(0);
    }

    const sentinel = status.sentinel.data;
    expect(sentinel).toMatchObject({
      masterName: 'mymaster',
      masterPod: 'orders-0',
      masterFlags: ['master'],
      quorum: 2,
      quorumOk: true,
      agreeOnMaster: true,
      knownSentinels: 2,
    });
    expect(sentinel.sentinels.every(s => s.reachable && s.quorumOk)).toBe(true);
    expect(sentinel.replicas.map(r => r.pod).sort()).toEqual([
      'orders-1',
      'orders-2',
    ]);

    const pods = status.kubernetes.data.pods;
    expect(Object.keys(pods)).toEqual([
      'orders-0',
      'orders-1',
      'orders-2',
      'orders-sentinel-0',
      'orders-sentinel-1',
      'orders-sentinel-2',
    ]);
    expect(pods['orders-1']).toMatchObject({
      role: 'replica',
      ready: true,
      restarts: 1,
      node: 'node-b',
      zone: 'eu-west-1b',
      ip: address(2),
      startedAt: expect.any(String),
    });
    expect(status.kubernetes.data.volumeClaims).toEqual([
      {
        name: 'orders-orders-0',
        pod: 'orders-0',
        size: '10Gi',
        phase: 'Bound',
      },
    ]);
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it('answers 401 without credentials, 403 without permission and 404 without annotations', async () => {
    expect(
      (await request(backend.server).get(statusPath('orders'))).status,
    ).toBe(401);
    const plain = await request(backend.server)
      .get('/api/redis/entities/resource/default/plain/status')
      .set(userHeader());
    expect(plain.status).toBe(404);
    expect(plain.body.error.message).toContain('odin.dev/redis-instance');
    const denied = await startRedisBackend({
      entities: [redisEntity('orders', `${NAMESPACE}/${INSTANCE}`)],
      permission: AuthorizeResult.DENY,
    });
    expect(
      (await request(denied.server).get(statusPath('orders')).set(userHeader()))
        .status,
    ).toBe(403);
  });

  it('turns Kubernetes API errors and timeouts into a section error with HTTP 200', async () => {
    kubernetes.faults.set('pods', 'error');
    const failed = await getStatus();
    expect(failed.kubernetes).toEqual({
      status: 'error',
      message: expect.stringContaining('etcd is on fire'),
    });
    expect(failed.health.overall).toBe('unknown');
    kubernetes.faults.set('pods', 'hang');
    const slow = await getStatus();
    expect(slow.kubernetes).toEqual({
      status: 'error',
      message: expect.stringContaining('timed out'),
    });
    kubernetes.faults.clear();
    kubernetes.faults.set('nodes', 'error');
    const noZones = await getStatus();
    expect(noZones.kubernetes.status).toBe('ok');
    kubernetes.faults.clear();
  });

  it('coalesces concurrent requests into one set of upstream calls', async () => {
    const cached = await startRedisBackend({
      entities: [redisEntity('orders', `${NAMESPACE}/${INSTANCE}`)],
    });
    kubernetes.requests.clear();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(cached.server).get(statusPath('orders')).set(userHeader()),
      ),
    );
    expect(responses.every(response => response.status === 200)).toBe(true);
    expect(kubernetes.requests.get('pods')).toBe(1);
    expect(kubernetes.requests.get('redissentinels')).toBe(1);
  });

  it('is degraded, with the other sections ok, when a replica stops', async () => {
    await fleet.kill(redis[2]);
    const status = await getStatus();
    expect(status.health.overall).toBe('degraded');
    expect(status.health.reasons).toContainEqual(
      expect.objectContaining({
        section: 'redis',
        message: expect.stringContaining('orders-2 does not answer'),
      }),
    );
    expect([
      status.kubernetes.status,
      status.redis.status,
      status.sentinel?.status,
      status.backups.status,
    ]).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('shows the new master and the old one down after Sentinel fails over', async () => {
    await fleet.kill(redis[0]);
    const status = await eventually(async () => {
      const current = await getStatus();
      const redisMaster =
        current.redis.status === 'ok'
          ? current.redis.data.masterPod
          : undefined;
      const sentinelMaster =
        current.sentinel?.status === 'ok'
          ? current.sentinel.data.masterPod
          : undefined;
      // Redis promotes the replica a moment before the sentinels announce the switch.
      return redisMaster === 'orders-1' && sentinelMaster === 'orders-1'
        ? current
        : undefined;
    }, 'failover to orders-1');
    if (status.redis.status !== 'ok' || status.sentinel?.status !== 'ok')
      throw new Error('sections should be ok');
    expect(status.redis.data.nodes['orders-0'].error).toEqual(
      expect.any(String),
    );
    expect(status.sentinel.data.masterPod).toBe('orders-1');
    expect(status.sentinel.data.configEpoch).toBeGreaterThan(0);
    expect(status.health.overall).toBe('degraded');
  });

  it('never writes the password to the logs', () => {
    expect(backend.logger.lines.length).toBeGreaterThan(0);
    expect(backend.logger.lines.join('\n')).not.toContain(PASSWORD);
  });
});
