// A sentinel order (master, 2 replicas, 3 sentinels) applied with redis-node's applyInstance to the k8s-testenv
// API server and run by a sandbox controller: what the status API says about the real pods and processes.
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { SANDBOX_NODES } from '@odin/redis-sandbox';
import request from 'supertest';
import {
  applyOrder,
  eventually,
  orderIn,
  podClient,
  processIdAt,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  clusterEntry,
  KubernetesRequestCounter,
  START_TIMEOUT_MS,
  statusReads,
} from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  statusOf,
  statusPath,
  userHeader,
  type RecordingLogger,
} from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-7f3a9c1e';
const INSTANCE = 'orders';
const DATA_PODS = ['orders-0', 'orders-1', 'orders-2'];
const SENTINEL_PODS = [
  'orders-sentinel-0',
  'orders-sentinel-1',
  'orders-sentinel-2',
];

let live: LiveNamespace;
let backend: { server: any; logger: RecordingLogger };

jest.setTimeout(90_000);

beforeAll(async () => {
  // The kubelet's longest back-off: a killed process stays down for the rest of the file, as the failover needs.
  live = await startLiveNamespace('redis-sentinel', {
    restartBackoffMs: 300_000,
  });
  const order = orderIn(live, {
    name: INSTANCE,
    flavour: {
      deploymentMode: 'sentinel',
      replica: { count: 2 },
      sentinel: { enabled: true },
      persistence: { enabled: true, size: '2Gi' },
    },
  });
  await applyOrder(live, order, PASSWORD);
  // Writes, so the replication offsets move.
  const master = await podClient(live, 'orders-0', PASSWORD);
  await master.set('greeting', 'hello');
  master.disconnect();
  backend = await startRedisBackend({
    cluster: clusterEntry(live.testCluster),
    entities: [
      redisEntity('orders', `${live.namespace}/${INSTANCE}`),
      redisEntity('plain'),
    ],
    status: { cacheTtlSeconds: 0 },
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  // The processes go with the controller; startTestBackend stops its backends by itself.
  await live?.sandbox.stop();
});

const getStatus = () => statusOf(backend.server, 'orders');

/** Throws (so that eventually keeps polling) until the status is healthy with both replicas in sync. */
function settled(status: RedisStatus): RedisStatus {
  const nodes = status.redis.status === 'ok' ? status.redis.data.nodes : {};
  const replicasOnline = ['orders-1', 'orders-2'].every(
    pod => nodes[pod]?.replication?.state === 'online',
  );
  // Replicas sync and report their offsets once a second; the sentinels find each other by hello messages every 2 s.
  if (!replicasOnline || status.health.overall !== 'healthy')
    throw new Error(`not settled: ${JSON.stringify(status.health.reasons)}`);
  return status;
}

describe('status of a live sentinel instance', () => {
  it('shows roles, replication lag, sentinel quorum, and each pod with its node, zone, address and claim', async () => {
    const status = await eventually(
      async () => settled(await getStatus()),
      'the instance healthy with both replicas online',
    );

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
    const master = await podClient(live, 'orders-0', PASSWORD);
    const version = /redis_version:(\S+)/.exec(
      await master.info('server'),
    )?.[1];
    master.disconnect();
    expect(common).toMatchObject({ version, lastBgsaveStatus: 'ok' });
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
    expect(
      sentinel.sentinels.map(s => [s.pod, s.reachable, s.quorumOk]),
    ).toEqual(SENTINEL_PODS.map(pod => [pod, true, true]));
    expect(sentinel.replicas.map(r => r.pod).sort()).toEqual([
      'orders-1',
      'orders-2',
    ]);

    const pods = status.kubernetes.data.pods;
    expect(Object.keys(pods)).toEqual([...DATA_PODS, ...SENTINEL_PODS]);
    const zoneOf = new Map(SANDBOX_NODES.map(node => [node.name, node.zone]));
    for (const [pod, state] of Object.entries(pods)) {
      expect(state).toMatchObject({
        phase: 'Running',
        ready: true,
        restarts: 0,
        startedAt: expect.any(String),
      });
      // The zone of the Node the pod runs on, and at its address the pod's own process answers.
      expect(zoneOf.has(state.node!)).toBe(true);
      expect(state.zone).toBe(zoneOf.get(state.node!));
      const podPort = SENTINEL_PODS.includes(pod) ? 26379 : 6379;
      expect(await processIdAt(state.ip!, podPort, PASSWORD)).toBe(
        live.sandbox.processOf(pod),
      );
    }
    expect([...DATA_PODS, ...SENTINEL_PODS].map(pod => pods[pod].role)).toEqual(
      ['master', 'replica', 'replica', 'sentinel', 'sentinel', 'sentinel'],
    );
    // The sandbox's scheduler spreads a StatefulSet's pods over its three zones.
    expect(new Set(DATA_PODS.map(pod => pods[pod].zone)).size).toBe(3);
    expect(status.kubernetes.data.volumeClaims).toEqual(
      DATA_PODS.map(pod => ({
        name: `${INSTANCE}-${pod}`,
        pod,
        size: '2Gi',
        phase: 'Bound',
      })),
    );
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it('answers 401 without credentials, 403 without permission and 404 without annotations', async () => {
    expect(
      (await request(backend.server).get(statusPath('orders'))).status,
    ).toBe(401);
    const plain = await request(backend.server)
      .get(statusPath('plain'))
      .set(userHeader());
    expect(plain.status).toBe(404);
    expect(plain.body.error.message).toContain('odin.dev/redis-instance');
    const denied = await startRedisBackend({
      cluster: clusterEntry(live.testCluster),
      entities: [redisEntity('orders', `${live.namespace}/${INSTANCE}`)],
      permission: AuthorizeResult.DENY,
    });
    expect(
      (await request(denied.server).get(statusPath('orders')).set(userHeader()))
        .status,
    ).toBe(403);
  });

  it('coalesces concurrent requests into one set of upstream calls', async () => {
    const cached = await startRedisBackend({
      cluster: clusterEntry(live.testCluster),
      entities: [redisEntity('orders', `${live.namespace}/${INSTANCE}`)],
    });
    const counter = new KubernetesRequestCounter(live.testCluster.server);
    counter.listen();
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(cached.server).get(statusPath('orders')).set(userHeader()),
        ),
      );
      expect(responses.map(response => response.status)).toEqual(
        Array(20).fill(200),
      );
      expect(counter.withoutDiscovery()).toEqual(
        statusReads(live.namespace, INSTANCE, ['orders-auth']),
      );
    } finally {
      counter.close();
    }
  });

  it('is degraded, with the other sections ok, while a replica is stopped', async () => {
    live.sandbox.signal('orders-2', 'SIGSTOP');
    let status: RedisStatus;
    try {
      status = await getStatus();
    } finally {
      live.sandbox.signal('orders-2', 'SIGCONT');
    }
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
    // Resumed, it answers again.
    await eventually(
      async () => settled(await getStatus()),
      'the instance healthy again',
    );
  });

  it('shows the new master and the old one down after Sentinel fails over', async () => {
    live.sandbox.signal('orders-0', 'SIGKILL');
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
      return redisMaster !== undefined &&
        redisMaster !== 'orders-0' &&
        redisMaster === sentinelMaster
        ? current
        : undefined;
    }, 'failover away from orders-0');
    if (
      status.redis.status !== 'ok' ||
      status.sentinel?.status !== 'ok' ||
      status.kubernetes.status !== 'ok'
    )
      throw new Error('sections should be ok');
    const newMaster = status.redis.data.masterPod!;
    expect(['orders-1', 'orders-2']).toContain(newMaster);
    expect(status.redis.data.nodes[newMaster].role).toBe('master');
    expect(status.redis.data.nodes['orders-0'].error).toEqual(
      expect.any(String),
    );
    expect(status.sentinel.data.masterPod).toBe(newMaster);
    expect(status.sentinel.data.configEpoch).toBeGreaterThan(0);
    // The stand-in kubelet saw the process die and waits out its back-off before it restarts it.
    expect(status.kubernetes.data.pods['orders-0']).toMatchObject({
      ready: false,
      restarts: 1,
    });
    expect(status.health.overall).toBe('degraded');
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it('never writes the password to the logs', () => {
    expect(backend.logger.lines.length).toBeGreaterThan(0);
    expect(backend.logger.lines.join('\n')).not.toContain(PASSWORD);
  });
});
