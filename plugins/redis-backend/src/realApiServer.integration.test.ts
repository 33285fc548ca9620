// Master + 2 replicas + 3 sentinels as real processes; their Kubernetes objects live in the k8s-testenv kube-apiserver.
import {
  authSecretRef,
  renderManifests,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
// The portal's own apply engine stores the objects.
import {
  applyInstance,
  clusterAccessFromKubeconfig,
} from '@odin/plugin-redis-node';
import {
  ClusterObjects,
  createNamespace,
  KubernetesRequestCounter,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from './__testUtils__/realKubernetes';
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
const RESTARTS: Record<string, number> = {
  'orders-0': 0,
  'orders-1': 2,
  'orders-2': 5,
  'orders-sentinel-0': 1,
  'orders-sentinel-1': 0,
  'orders-sentinel-2': 3,
};
const address = loopbackBlock();
const fleet = new RedisFleet(PASSWORD);

let testCluster: TestCluster;
let namespace: string;
let objects: ClusterObjects;
let counter: KubernetesRequestCounter;
let master: RedisProcess;
let backend: { server: any; logger: RecordingLogger };
let nodeA: string;
let nodeB: string;

jest.setTimeout(60_000);

function sentinelOrder(targetNamespace: string): ResolvedInstance {
  const result = validateInstance({
    name: INSTANCE,
    root: { clusterModeEnabled: false },
    flavour: {
      deploymentMode: 'sentinel',
      namespace: targetNamespace,
      replica: { count: 2 },
      sentinel: { enabled: true },
    },
  });
  if (!result.config)
    throw new Error(`invalid order: ${JSON.stringify(result.errors)}`);
  return result.config;
}

/** The operator's pods and StatefulSets of the order (names and labels per FACTS.md §3) at the real processes' IPs. */
async function createOperatorObjects(config: ResolvedInstance): Promise<void> {
  const replication = renderManifests(config).find(
    object => object.kind === 'RedisReplication',
  );
  // The operator copies the custom resource's own labels onto its StatefulSets and pods.
  const crLabels = replication?.metadata.labels ?? {};
  const dataSelector = {
    app: INSTANCE,
    redis_setup_type: 'replication',
    role: 'replication',
  };
  const sentinelSelector = {
    app: `${INSTANCE}-sentinel`,
    redis_setup_type: 'sentinel',
    role: 'sentinel',
  };
  nodeA = await objects.createNode('node-a', 'eu-west-1a');
  nodeB = await objects.createNode('node-b', 'eu-west-1b');
  await objects.createStatefulSet(INSTANCE, crLabels, dataSelector, 3, 3);
  await objects.createStatefulSet(
    `${INSTANCE}-sentinel`,
    crLabels,
    sentinelSelector,
    3,
    3,
  );
  for (const [index, pod] of DATA_PODS.entries()) {
    const claim = `${INSTANCE}-${pod}`;
    await objects.createBoundClaim(claim, '10Gi');
    await objects.createRunningPod({
      name: pod,
      ip: address(index + 1),
      labels: {
        ...crLabels,
        ...dataSelector,
        'redis-role': index === 0 ? 'master' : 'slave',
      },
      statefulSet: INSTANCE,
      node: index === 1 ? nodeB : nodeA,
      restarts: RESTARTS[pod],
      claim,
    });
  }
  for (const [index, pod] of SENTINEL_PODS.entries()) {
    await objects.createRunningPod({
      name: pod,
      ip: address(index + 11),
      labels: { ...crLabels, ...sentinelSelector },
      statefulSet: `${INSTANCE}-sentinel`,
      node: nodeA,
      restarts: RESTARTS[pod],
    });
  }
}

beforeAll(async () => {
  testCluster = await startTestCluster();
  master = await fleet.startServer(address(1), 6379);
  await Promise.all(
    [2, 3].map(index =>
      fleet.startServer(address(index), 6379, [
        '--replicaof',
        master.host,
        '6379',
      ]),
    ),
  );
  await Promise.all(
    [11, 12, 13].map(index => fleet.startSentinel(address(index), master, 2)),
  );

  namespace = await createNamespace(testCluster, 'redis-status');
  objects = new ClusterObjects(testCluster, namespace);
  const config = sentinelOrder(namespace);
  const secret = authSecretRef(config);
  if (!secret)
    throw new Error('a sentinel order should have a password Secret');
  // Created before the apply, which then keeps it instead of generating a random password.
  await objects.createSecret(secret.name, { [secret.key]: PASSWORD });
  const applied = await applyInstance({
    cluster: clusterAccessFromKubeconfig({
      path: testCluster.kubeconfigPath,
    }).getCluster(),
    config,
  });
  if (applied.secret?.action !== 'keep')
    throw new Error(
      `apply should keep the planted password, not ${applied.secret?.action}`,
    );
  await createOperatorObjects(config);

  // Writes, so the replication offsets move.
  const client = fleet.client(master);
  await client.connect();
  await client.set('greeting', 'hello');
  client.disconnect();

  counter = new KubernetesRequestCounter(testCluster.server);
  counter.listen();
  backend = await startRedisBackend({
    cluster: {
      url: testCluster.server,
      serviceAccountToken: testCluster.adminToken,
      caData: testCluster.caData,
    },
    entities: [redisEntity('orders', `${namespace}/${INSTANCE}`)],
    status: { cacheTtlSeconds: 0 },
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  // Processes first, so nothing outlives a failing hook.
  await fleet.stopAll();
  counter?.close();
  await objects?.removeNodes();
});

const getStatus = () => statusOf(backend.server, 'orders');

describe('status of a sentinel instance stored in a real API server', () => {
  it('shows roles, replication lag, sentinel quorum and the stored pods, claims and StatefulSets', async () => {
    // Replicas report their offsets once a second: wait until both are in sync.
    const status = await eventually(async () => {
      const current = await getStatus();
      const data =
        current.redis.status === 'ok' ? current.redis.data : undefined;
      return ['orders-1', 'orders-2'].every(
        pod => data?.nodes[pod]?.replication?.state === 'online',
      )
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
    expect(
      Object.entries(kubernetes.pods).map(([pod, state]) => [
        pod,
        state.role,
        state.phase,
        state.ready,
        state.restarts,
        state.ip,
      ]),
    ).toEqual([
      ['orders-0', 'master', 'Running', true, RESTARTS['orders-0'], address(1)],
      [
        'orders-1',
        'replica',
        'Running',
        true,
        RESTARTS['orders-1'],
        address(2),
      ],
      [
        'orders-2',
        'replica',
        'Running',
        true,
        RESTARTS['orders-2'],
        address(3),
      ],
      ...SENTINEL_PODS.map((pod, index) => [
        pod,
        'sentinel',
        'Running',
        true,
        RESTARTS[pod],
        address(index + 11),
      ]),
    ]);
    expect(kubernetes.pods['orders-1']).toMatchObject({
      node: nodeB,
      zone: 'eu-west-1b',
      startedAt: expect.any(String),
    });
    expect(kubernetes.pods['orders-0']).toMatchObject({
      node: nodeA,
      zone: 'eu-west-1a',
    });
    expect(kubernetes.volumeClaims).toEqual(
      DATA_PODS.map(pod => ({
        name: `${INSTANCE}-${pod}`,
        pod,
        size: '10Gi',
        phase: 'Bound',
      })),
    );
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
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it('makes one LIST per kind and one read of the password Secret, nothing per pod', async () => {
    counter.requests.clear();
    await getStatus();

    const apps = `/apis/apps/v1/namespaces/${namespace}`;
    const batch = `/apis/batch/v1/namespaces/${namespace}`;
    const core = `/api/v1/namespaces/${namespace}`;
    const operator = `/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/${namespace}`;
    const lists = [
      ...['redis', 'redisreplications', 'redissentinels', 'redisclusters'].map(
        plural => `GET ${operator}/${plural}`,
      ),
      `GET ${apps}/statefulsets`,
      `GET ${core}/pods`,
      `GET ${core}/persistentvolumeclaims`,
      `GET ${core}/events`,
      'GET /api/v1/nodes',
      `GET ${batch}/cronjobs`,
      `GET ${batch}/jobs`,
    ];
    // The data nodes and sentinels share one Secret, read by name once; nothing is fetched per pod.
    const expected = [...lists, `GET ${core}/secrets/orders-auth`];
    expect(Object.fromEntries(counter.requests)).toEqual(
      Object.fromEntries(expected.map(key => [key, 1])),
    );
  });

  it('shows the new master and the old one down after Sentinel fails over', async () => {
    await fleet.kill(master);
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
    if (status.redis.status !== 'ok' || status.sentinel?.status !== 'ok')
      throw new Error('sections should be ok');
    const newMaster = status.redis.data.masterPod;
    expect(['orders-1', 'orders-2']).toContain(newMaster);
    expect(status.redis.data.nodes[newMaster!].role).toBe('master');
    expect(status.redis.data.nodes['orders-0'].error).toEqual(
      expect.any(String),
    );
    expect(status.sentinel.data.configEpoch).toBeGreaterThan(0);
    expect(status.health.overall).toBe('degraded');
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });

  it('never writes the password to the logs', () => {
    expect(backend.logger.lines.length).toBeGreaterThan(0);
    expect(backend.logger.lines.join('\n')).not.toContain(PASSWORD);
  });
});
