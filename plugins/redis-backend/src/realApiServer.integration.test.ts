// A sentinel order applied with redis-node's applyInstance to the k8s-testenv kube-apiserver, where the sandbox
// controller stores what the operator, the statefulset controller and the kubelet would: the status is read from there.
import {
  OPERATOR_API_VERSION,
  TEST_FAILOVER_OPERATION,
  type OperationRecord,
  type RedisStatus,
} from '@odin/plugin-redis-common';
import {
  acquireOperationLock,
  newOperationId,
  recordOperation,
} from '@odin/plugin-redis-node';
import {
  applyOrder,
  eventually,
  orderIn,
  podClient,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  clusterEntry,
  expectStatus,
  kubeRequest,
  KubernetesRequestCounter,
  serviceAccountToken,
  START_TIMEOUT_MS,
  statusReads,
} from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  statusOf,
  type RecordingLogger,
} from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-real-4d8e2b7a';
const INSTANCE = 'orders';
const DATA_PODS = ['orders-0', 'orders-1', 'orders-2'];
const SENTINEL_PODS = [
  'orders-sentinel-0',
  'orders-sentinel-1',
  'orders-sentinel-2',
];
/** Distinct per pod, so the status can only match if it reads each pod's own stored containerStatuses. */
const KILLS: Record<string, number> = {
  'orders-2': 2,
  'orders-sentinel-1': 1,
};

let live: LiveNamespace;
let counter: KubernetesRequestCounter;
let backend: { server: any; logger: RecordingLogger };

jest.setTimeout(90_000);

beforeAll(async () => {
  // A short back-off, so a killed process is back in a moment.
  live = await startLiveNamespace('redis-status', { restartBackoffMs: 200 });
  const order = orderIn(live, {
    name: INSTANCE,
    root: { clusterModeEnabled: false },
    flavour: {
      deploymentMode: 'sentinel',
      replica: { count: 2 },
      sentinel: { enabled: true },
      persistence: { enabled: true, size: '10Gi' },
    },
  });
  // The Secret exists before the apply, which keeps it instead of generating a random password.
  await applyOrder(live, order, PASSWORD);
  // Writes, so the replication offsets move.
  const master = await podClient(live, 'orders-0', PASSWORD);
  await master.set('greeting', 'hello');
  master.disconnect();

  counter = new KubernetesRequestCounter(live.testCluster.server);
  counter.listen();
  backend = await startRedisBackend({
    cluster: clusterEntry(live.testCluster),
    entities: [redisEntity('orders', `${live.namespace}/${INSTANCE}`)],
    status: { cacheTtlSeconds: 0 },
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  counter?.close();
  await live?.sandbox.stop();
});

const getStatus = () => statusOf(backend.server, 'orders');

/** Throws (so that eventually keeps polling) until the status is healthy with both replicas in sync. */
function settled(status: RedisStatus): RedisStatus {
  const nodes = status.redis.status === 'ok' ? status.redis.data.nodes : {};
  if (
    !['orders-1', 'orders-2'].every(
      pod => nodes[pod]?.replication?.state === 'online',
    ) ||
    status.health.overall !== 'healthy'
  )
    throw new Error(`not settled: ${JSON.stringify(status.health.reasons)}`);
  return status;
}

/** The zone label of each Node, as the API server stores them. */
async function storedZones(): Promise<Map<string, string>> {
  const nodes = expectStatus(
    await kubeRequest(live.testCluster, 'GET', '/api/v1/nodes'),
    'list Nodes',
    200,
  ).body.items;
  return new Map(
    nodes.map((node: any) => [
      node.metadata.name,
      node.metadata.labels?.['topology.kubernetes.io/zone'],
    ]),
  );
}

describe('status of a live sentinel instance stored in a real API server', () => {
  it('shows roles, sentinel quorum and the stored custom resources, StatefulSets, pods and claims', async () => {
    const status = await eventually(
      async () => settled(await getStatus()),
      'the instance healthy with both replicas online',
    );

    expect(status.mode).toBe('sentinel');
    if (
      status.redis.status !== 'ok' ||
      status.kubernetes.status !== 'ok' ||
      status.sentinel?.status !== 'ok'
    ) {
      throw new Error(
        `sections should be ok: ${JSON.stringify([
          status.redis,
          status.kubernetes,
          status.sentinel,
        ])}`,
      );
    }
    const { nodes, masterPod } = status.redis.data;
    expect(masterPod).toBe('orders-0');
    expect(
      Object.entries(nodes).map(([pod, node]) => [pod, node.role, node.error]),
    ).toEqual([
      ['orders-0', 'master', undefined],
      ['orders-1', 'replica', undefined],
      ['orders-2', 'replica', undefined],
    ]);
    expect(nodes['orders-0'].replicationOffset).toBeGreaterThan(0);
    for (const pod of ['orders-1', 'orders-2']) {
      expect(nodes[pod]).toMatchObject({
        master: 'orders-0',
        masterLinkUp: true,
      });
      expect(nodes[pod].replication?.lagBytes).toBeGreaterThanOrEqual(0);
      expect(nodes[pod].replication?.secondsSinceAck).toBeGreaterThanOrEqual(0);
    }
    expect(status.sentinel.data).toMatchObject({
      masterName: 'mymaster',
      masterPod: 'orders-0',
      quorum: 2,
      quorumOk: true,
      agreeOnMaster: true,
    });
    expect(
      status.sentinel.data.sentinels.map(sentinel => [
        sentinel.pod,
        sentinel.reachable,
        sentinel.quorumOk,
      ]),
    ).toEqual(SENTINEL_PODS.map(pod => [pod, true, true]));

    const kubernetes = status.kubernetes.data;
    expect(
      kubernetes.customResources
        .map(resource => [resource.kind, resource.name])
        .sort(),
    ).toEqual([
      ['RedisReplication', INSTANCE],
      ['RedisSentinel', INSTANCE],
    ]);
    // What the operator writes into the custom resource's status.
    expect(
      kubernetes.customResources.find(
        resource => resource.kind === 'RedisReplication',
      )?.operatorStatus,
    ).toMatchObject({ masterNode: 'orders-0' });
    expect(
      [...kubernetes.statefulSets].sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: INSTANCE, desiredReplicas: 3, readyReplicas: 3, updated: true },
      {
        name: `${INSTANCE}-sentinel`,
        desiredReplicas: 3,
        readyReplicas: 3,
        updated: true,
      },
    ]);
    // Each pod as stored: its phase, readiness, restarts, node and the zone of that Node, and its address.
    const stored = await storedPods(live);
    const zones = await storedZones();
    expect(Object.keys(kubernetes.pods)).toEqual([
      ...DATA_PODS,
      ...SENTINEL_PODS,
    ]);
    for (const [name, state] of Object.entries(kubernetes.pods)) {
      const pod = stored[name];
      expect(state).toEqual({
        role: state.role,
        phase: 'Running',
        ready: true,
        restarts: pod.status.containerStatuses[0].restartCount,
        node: pod.spec.nodeName,
        zone: zones.get(pod.spec.nodeName),
        ip: pod.status.podIP,
        startedAt: new Date(pod.status.startTime).toISOString(),
      });
      expect(state.zone).toMatch(/^eu-west-1[abc]$/);
    }
    expect(
      [...DATA_PODS, ...SENTINEL_PODS].map(pod => kubernetes.pods[pod].role),
    ).toEqual([
      'master',
      'replica',
      'replica',
      'sentinel',
      'sentinel',
      'sentinel',
    ]);
    expect(kubernetes.volumeClaims).toEqual(
      DATA_PODS.map(pod => ({
        name: `${INSTANCE}-${pod}`,
        pod,
        size: '10Gi',
        phase: 'Bound',
      })),
    );
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it("shows each pod's own restarts after the kubelet restarted its killed process", async () => {
    // Killed again only once the stand-in kubelet has restarted it and it is ready.
    const restarted = (pod: string, restarts: number) =>
      eventually(async () => {
        const container = (await storedPods(live))[pod].status
          .containerStatuses[0];
        return container.restartCount === restarts &&
          container.ready &&
          live.sandbox.processOf(pod) !== undefined
          ? true
          : undefined;
      }, `${pod} restarted ${restarts} times`);
    for (const [pod, kills] of Object.entries(KILLS)) {
      for (let kill = 1; kill <= kills; kill++) {
        live.sandbox.signal(pod, 'SIGKILL');
        await restarted(pod, kill);
      }
    }
    const status = await eventually(
      async () => settled(await getStatus()),
      'the instance healthy again',
    );
    if (status.kubernetes.status !== 'ok')
      throw new Error(status.kubernetes.message);
    expect(
      Object.entries(status.kubernetes.data.pods).map(([pod, state]) => [
        pod,
        state.restarts,
        state.ready,
      ]),
    ).toEqual(
      [...DATA_PODS, ...SENTINEL_PODS].map(pod => [pod, KILLS[pod] ?? 0, true]),
    );
    // The restarted replica follows the master again.
    expect(status.redis.status === 'ok' && status.redis.data.masterPod).toBe(
      'orders-0',
    );
  });

  it('makes one LIST per kind, one read of the password Secret and one each of the operation lock and history, nothing per pod', async () => {
    counter.requests.clear();
    await getStatus();

    // The data nodes and sentinels share one Secret, read by name once; discovery was cached by earlier requests.
    expect(Object.fromEntries(counter.requests)).toEqual(
      statusReads(live.namespace, INSTANCE, ['orders-auth']),
    );
  });

  it('shows the operation holding the lock and the recorded runs, as redis-node wrote them', async () => {
    const instance = { namespace: live.namespace, name: INSTANCE };
    const finishedAt = new Date().toISOString();
    const refused: OperationRecord = {
      id: newOperationId(),
      operation: TEST_FAILOVER_OPERATION,
      requester: 'user:default/alice',
      startedAt: finishedAt,
      finishedAt,
      outcome: 'refused',
      message: 'another failover ran less than an hour ago',
    };
    await recordOperation(live.cluster, {
      instance,
      involvedObject: {
        apiVersion: OPERATOR_API_VERSION,
        kind: 'RedisReplication',
        name: INSTANCE,
      },
      record: refused,
    });
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: TEST_FAILOVER_OPERATION,
      timeoutMs: 600_000,
    });
    let status: RedisStatus;
    try {
      status = await getStatus();
    } finally {
      await lock.release();
    }

    expect(status.operations).toEqual({
      status: 'ok',
      data: {
        running: {
          holder: 'user:default/bob',
          operation: TEST_FAILOVER_OPERATION,
          since: lock.since,
          expiresAt: lock.expiresAt,
        },
        history: [refused],
      },
    });
    // Released, the lock is gone from the status; the history stays.
    expect((await getStatus()).operations).toEqual({
      status: 'ok',
      data: { history: [refused] },
    });
  });

  it('shows the pods without zones, and the section ok, to a namespaced role that may not list Nodes', async () => {
    const { testCluster, namespace } = live;
    const resources = {
      '': ['pods', 'persistentvolumeclaims', 'events', 'secrets'],
      apps: ['statefulsets'],
      batch: ['cronjobs', 'jobs'],
      'redis.redis.opstreelabs.in': [
        'redis',
        'redisreplications',
        'redissentinels',
        'redisclusters',
      ],
    };
    expectStatus(
      await kubeRequest(
        testCluster,
        'POST',
        `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`,
        {
          body: {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'Role',
            metadata: { name: 'status-reader' },
            rules: Object.entries(resources).map(([group, plurals]) => ({
              apiGroups: [group],
              resources: plurals,
              verbs: ['get', 'list'],
            })),
          },
        },
      ),
      'create Role status-reader',
      201,
    );
    const token = await serviceAccountToken(
      testCluster,
      { namespace, name: 'status-reader' },
      [{ roleKind: 'Role', roleName: 'status-reader', namespace }],
      { verb: 'list', resource: 'pods', namespace },
    );
    expect(
      (await kubeRequest(testCluster, 'GET', '/api/v1/nodes', { token }))
        .status,
    ).toBe(403);
    const namespaced = await startRedisBackend({
      cluster: clusterEntry(testCluster, token),
      entities: [redisEntity('orders', `${namespace}/${INSTANCE}`)],
    });

    const status = await statusOf(namespaced.server, 'orders');

    if (status.kubernetes.status !== 'ok')
      throw new Error(status.kubernetes.message);
    const pods = Object.values(status.kubernetes.data.pods);
    expect(pods).toHaveLength(6);
    for (const pod of pods) {
      expect(pod.node).toMatch(/^sandbox-node-[abc]$/);
      expect(pod.zone).toBeUndefined();
    }
    // The Secret may be read, so Redis and the sentinels are probed as before.
    expect([status.redis.status, status.sentinel?.status]).toEqual([
      'ok',
      'ok',
    ]);
    // Nor may it get the operation lock and history: that section alone is an error, naming both grants.
    expect(status.operations).toEqual({
      status: 'error',
      message: expect.stringContaining(
        'Forbidden: the credentials used for cluster "local" may not get leases.coordination.k8s.io (',
      ),
    });
    expect(status.operations).toEqual({
      status: 'error',
      message: expect.stringContaining(
        'may not get configmaps (ConfigMap "orders-operations"',
      ),
    });
    expect(status.health.overall).toBe('healthy');
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it('never writes the password to the logs', () => {
    expect(backend.logger.lines.length).toBeGreaterThan(0);
    expect(backend.logger.lines.join('\n')).not.toContain(PASSWORD);
  });
});
