// Every mode through the CLI's apply into the k8s-testenv kube-apiserver, with the redis-sandbox controller standing
// in for the operator and the kubelet: real redis-server and sentinel processes behind the pods, read by the status
// backend. Then fault drills (failovers, a killed controller) and teardown, checked against the process table.
import type { PodLabelRole, RedisStatus } from '@odin/plugin-redis-common';
import { startSandbox, type RunningSandbox } from '@odin/redis-sandbox';
import Redis from 'ioredis';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  statusOf,
} from './__testUtils__/testBackend';

const CLI_DIR = path.resolve(__dirname, '../../../packages/cli');
const OPERATOR_API = '/apis/redis.redis.opstreelabs.in/v1beta2';
const CLUSTER_SLOTS = 16384;
/**
 * The stand-in kubelet's restart back-off for the modes' controller. Longer than a cluster failover takes
 * (cluster-node-timeout 15 s, then the election): a leader restarted sooner comes back with its slots, and no
 * follower ever takes over. It also keeps a killed pod visibly down while the test looks.
 */
const FAILOVER_BACKOFF_MS = 60_000;

type Mode = 'standalone' | 'replication' | 'sentinel' | 'cluster';
const MODES: Mode[] = ['standalone', 'replication', 'sentinel', 'cluster'];

interface Order {
  name: string;
  root?: Record<string, unknown>;
  flavour: Record<string, unknown>;
}

const ORDERS: Record<Mode, Order> = {
  standalone: { name: 'solo', flavour: { deploymentMode: 'standalone' } },
  // The flavour has no replication mode of its own: standalone with replicas is a RedisReplication without sentinels.
  replication: {
    name: 'repl',
    flavour: { deploymentMode: 'standalone', replica: { count: 2 } },
  },
  sentinel: {
    name: 'sent',
    flavour: {
      deploymentMode: 'sentinel',
      replica: { count: 2 },
      sentinel: { enabled: true },
    },
  },
  cluster: {
    name: 'shard',
    root: { clusterModeEnabled: true },
    flavour: {
      deploymentMode: 'cluster',
      cluster: { numShards: 3, replicasPerShard: 1 },
    },
  },
};

/** The custom resource whose redisSecret holds the data pods' password. */
const DATA_RESOURCE: Record<Mode, string> = {
  standalone: 'redis',
  replication: 'redisreplications',
  sentinel: 'redisreplications',
  cluster: 'redisclusters',
};

/** Pods by name with the role their labels give (the status API's `kubernetes.pods[].role`). */
const EXPECTED_PODS: Record<Mode, Record<string, PodLabelRole>> = {
  standalone: { 'solo-0': 'standalone' },
  replication: { 'repl-0': 'master', 'repl-1': 'replica', 'repl-2': 'replica' },
  sentinel: {
    'sent-0': 'master',
    'sent-1': 'replica',
    'sent-2': 'replica',
    'sent-sentinel-0': 'sentinel',
    'sent-sentinel-1': 'sentinel',
    'sent-sentinel-2': 'sentinel',
  },
  cluster: {
    'shard-follower-0': 'replica',
    'shard-follower-1': 'replica',
    'shard-follower-2': 'replica',
    'shard-leader-0': 'master',
    'shard-leader-1': 'master',
    'shard-leader-2': 'master',
  },
};

/** The status API's `redis.masterPod`: the single master, which the operator makes pod 0; none in a cluster. */
const EXPECTED_MASTER: Record<Mode, string | undefined> = {
  standalone: 'solo-0',
  replication: 'repl-0',
  sentinel: 'sent-0',
  cluster: undefined,
};

/** What ROLE answers on the pod's own address, for each label role. */
const REDIS_ROLE: Record<PodLabelRole, string> = {
  standalone: 'master',
  master: 'master',
  replica: 'slave',
  sentinel: 'sentinel',
  leader: 'master',
  follower: 'slave',
  unknown: 'unknown',
};

let testCluster: TestCluster;
let workDir: string;
let cliBundle: string;
/** Private to this file, so the reap of a new controller never touches the controllers of other test runs. */
let stateDir: string;
/** Controllers that are running, for their logs in a failure message. */
const sandboxes = new Set<RunningSandbox>();

jest.setTimeout(120_000);

beforeAll(async () => {
  testCluster = await startTestCluster();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-sandbox-it-'));
  // realpath: the sandbox recognises its processes by their cwd under the state dir, as /proc shows it.
  stateDir = fs.realpathSync(fs.mkdtempSync(path.join(workDir, 'state-')));
  // Its own copy of the CLI bundle: the CLI's own integration test rebuilds packages/cli/dist meanwhile.
  cliBundle = path.join(workDir, 'cli', 'redis-flavour.cjs');
  execFileSync(process.execPath, [path.join(CLI_DIR, 'bundle.mjs'), cliBundle]);
}, START_TIMEOUT_MS);

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function logTails(): string {
  return [...sandboxes]
    .map(
      sandbox =>
        `--- redis-sandbox ${sandbox.pid}:\n${sandbox
          .log()
          .split('\n')
          .slice(-40)
          .join('\n')}`,
    )
    .join('\n');
}

/** Polls `check` until it returns; it throws to say why not yet. The deadline only bounds the wait, it asserts nothing. */
async function until<T>(
  what: string,
  check: () => Promise<T>,
  deadlineMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `gave up waiting for ${what}: ${
            (error as Error).message
          }\n${logTails()}`,
        );
    }
    await sleep(200);
  }
}

async function startTracked(
  options: Parameters<typeof startSandbox>[0],
): Promise<RunningSandbox> {
  const sandbox = await startSandbox(options);
  sandboxes.add(sandbox);
  return sandbox;
}

async function stopTracked(sandbox: RunningSandbox | undefined) {
  if (!sandbox) return;
  await sandbox.stop();
  sandboxes.delete(sandbox);
}

/**
 * Whether `pid` is a live process. A zombie counts as gone: where PID 1 does not reap orphans (as on this kind of
 * machine), a killed process whose parent died before it stays a zombie in the process table.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function writeOrder(
  namespace: string,
  order: Order,
  flavour: Record<string, unknown> = {},
): string {
  const file = path.join(workDir, `${namespace}-${order.name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...order,
      flavour: { ...order.flavour, ...flavour, namespace },
    }),
  );
  return file;
}

/** The CLI's `apply --wait` as a child process, against the test cluster's kubeconfig. */
function applyOrder(
  file: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [
        '-e',
        'require(process.argv[1]).runRedisFlavour(process.argv.slice(2)).then(status => { process.exitCode = status; })',
        cliBundle,
        'apply',
        file,
        '--kubeconfig',
        testCluster.kubeconfigPath,
        '--wait',
        '--timeout',
        '90',
      ],
      { encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** A custom resource of two pods written directly with the admin token, past the portal's validation. */
async function createTwoPodResource(
  namespace: string,
  plural: 'redisclusters' | 'redisreplications',
  name: string,
) {
  const kind = plural === 'redisclusters' ? 'RedisCluster' : 'RedisReplication';
  expectStatus(
    await kubeRequest(
      testCluster,
      'POST',
      `${OPERATOR_API}/namespaces/${namespace}/${plural}`,
      {
        body: {
          apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
          kind,
          metadata: { name },
          spec: {
            clusterSize: 2,
            kubernetesConfig: { image: 'quay.io/opstree/redis:v7.0.15' },
          },
        },
      },
    ),
    `create ${kind} ${name}`,
    201,
  );
}

async function getJson(apiPath: string, ...expected: number[]) {
  return expectStatus(
    await kubeRequest(testCluster, 'GET', apiPath),
    `GET ${apiPath}`,
    ...(expected.length > 0 ? expected : [200]),
  );
}

/** A namespaced collection's items: `pods` or `events?fieldSelector=…` in the core group, or a full path with `{ns}`. */
async function list(
  namespace: string,
  collection: string,
  labelSelector?: string,
): Promise<any[]> {
  const base = collection.startsWith('/')
    ? collection.replace('{ns}', namespace)
    : `/api/v1/namespaces/${namespace}/${collection}`;
  const query = labelSelector
    ? `?labelSelector=${encodeURIComponent(labelSelector)}`
    : '';
  return (await getJson(`${base}${query}`)).body.items;
}

const STATEFULSETS = '/apis/apps/v1/namespaces/{ns}/statefulsets';
const PDBS = '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets';

async function podsOf(namespace: string, instance: string): Promise<any[]> {
  return list(namespace, 'pods', `app.kubernetes.io/instance=${instance}`);
}

async function passwordOf(namespace: string, mode: Mode): Promise<string> {
  const { name } = ORDERS[mode];
  const resource = await getJson(
    `${OPERATOR_API}/namespaces/${namespace}/${DATA_RESOURCE[mode]}/${name}`,
  );
  const ref = resource.body.spec.kubernetesConfig.redisSecret;
  const secret = await getJson(
    `/api/v1/namespaces/${namespace}/secrets/${ref.name}`,
  );
  return Buffer.from(secret.body.data[ref.key], 'base64').toString('utf8');
}

/** ROLE's first word from the process at the pod's address. */
async function roleAt(
  ip: string,
  port: number,
  password: string,
): Promise<string> {
  const client = new Redis({
    host: ip,
    port,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const reply = (await client.call('ROLE')) as unknown[];
    return String(reply[0]);
  } finally {
    client.disconnect();
  }
}

function podStates(status: RedisStatus) {
  if (status.kubernetes.status !== 'ok')
    throw new Error(`kubernetes section: ${status.kubernetes.message}`);
  return status.kubernetes.data.pods;
}

function labelRoles(status: RedisStatus): Record<string, PodLabelRole> {
  return Object.fromEntries(
    Object.entries(podStates(status)).map(([pod, state]) => [pod, state.role]),
  );
}

/** Throws why the status does not yet show a healthy instance of the mode with every pod in its role. */
function expectHealthy(status: RedisStatus, mode: Mode): RedisStatus {
  const reasons = status.health.reasons.map(reason => reason.message);
  if (status.health.overall !== 'healthy')
    throw new Error(`health ${status.health.overall}: ${reasons.join('; ')}`);
  const roles = labelRoles(status);
  if (!isDeepStrictEqual(roles, EXPECTED_PODS[mode]))
    throw new Error(`pod roles ${JSON.stringify(roles)}`);
  const notReady = Object.entries(podStates(status)).filter(
    ([, pod]) => !pod.ready,
  );
  if (notReady.length > 0)
    throw new Error(`not ready: ${notReady.map(([pod]) => pod).join(', ')}`);
  if (status.redis.status !== 'ok')
    throw new Error(`redis section: ${status.redis.message}`);
  for (const [pod, node] of Object.entries(status.redis.data.nodes)) {
    if (node.role === 'replica' && node.replication?.state !== 'online')
      throw new Error(`${pod} is not online: ${node.replication?.state}`);
  }
  if (mode === 'cluster') {
    if (status.cluster?.status !== 'ok')
      throw new Error(`cluster section: ${JSON.stringify(status.cluster)}`);
    const { slotsOk, shards } = status.cluster.data;
    if (slotsOk !== CLUSTER_SLOTS || shards.some(s => s.replicas.length !== 1))
      throw new Error(`cluster: ${slotsOk} slots ok, ${shards.length} shards`);
  }
  return status;
}

describe('the redis-sandbox behind every mode, applied with the CLI', () => {
  let namespace: string;
  let sandbox: RunningSandbox;
  let server: Parameters<typeof statusOf>[0];
  /** Per mode, once the status says healthy: the status then and how long it took. */
  const applied: Partial<
    Record<
      Mode,
      Promise<{
        status: RedisStatus;
        healthyMs: number;
        applyMs: number;
        apply: { code: number; stdout: string; stderr: string };
      }>
    >
  > = {};

  const statusOfMode = (mode: Mode) => statusOf(server, ORDERS[mode].name);

  async function applyUntilHealthy(mode: Mode) {
    const started = Date.now();
    let applyMs = 0;
    const apply = applyOrder(writeOrder(namespace, ORDERS[mode])).then(
      result => {
        applyMs = Date.now() - started;
        return result;
      },
    );
    const status = await until(
      `${mode} to be healthy`,
      async () => expectHealthy(await statusOfMode(mode), mode),
      90_000,
    );
    const healthyMs = Date.now() - started;
    const result = await apply;
    return { status, healthyMs, applyMs, apply: result };
  }

  beforeAll(async () => {
    namespace = await createNamespace(testCluster, 'sandbox-modes');
    sandbox = await startTracked({
      namespace,
      kubeconfig: testCluster.kubeconfigPath,
      restartBackoffMs: FAILOVER_BACKOFF_MS,
      stateDir,
    });
    ({ server } = await startRedisBackend({
      cluster: {
        url: testCluster.server,
        serviceAccountToken: testCluster.adminToken,
        caData: testCluster.caData,
      },
      entities: MODES.map(mode =>
        redisEntity(ORDERS[mode].name, `${namespace}/${ORDERS[mode].name}`),
      ),
      status: { cacheTtlSeconds: 0 },
    }));
    // All four at once: each test below waits for its own.
    for (const mode of MODES) {
      const result = applyUntilHealthy(mode);
      result.catch(() => undefined);
      applied[mode] = result;
    }
  });

  afterAll(async () => {
    await stopTracked(sandbox);
  });

  it.each(MODES)(
    '%s: the pods appear, Redis answers at their IPs and the status is healthy with the right roles',
    async mode => {
      const { status, healthyMs, applyMs, apply } = await applied[mode]!;
      // For the lead's report: the whole path from the CLI to a healthy status.
      // eslint-disable-next-line no-console
      console.log(
        `${mode}: apply -> healthy in ${healthyMs} ms (apply --wait exited after ${applyMs} ms)`,
      );
      expect([apply.code, apply.stderr]).toEqual([0, expect.any(String)]);
      expect(apply.stdout).toMatch(/^ready: pods ready/m);

      const { name } = ORDERS[mode];
      const pods = await podsOf(namespace, name);
      expect(pods.map(pod => pod.metadata.name).sort()).toEqual(
        Object.keys(EXPECTED_PODS[mode]).sort(),
      );
      for (const pod of pods) {
        // As the statefulset controller makes them (observed pods of the reference).
        expect(pod.metadata.ownerReferences).toEqual([
          expect.objectContaining({
            kind: 'StatefulSet',
            name: pod.metadata.labels.app,
            controller: true,
          }),
        ]);
        expect(pod.metadata.labels).toMatchObject({
          'statefulset.kubernetes.io/pod-name': pod.metadata.name,
          'apps.kubernetes.io/pod-index': pod.metadata.name.split('-').pop(),
          'controller-revision-hash': expect.stringMatching(
            new RegExp(`^${pod.metadata.labels.app}-`),
          ),
        });
      }
      const password = await passwordOf(namespace, mode);
      for (const pod of pods) {
        const sentinel = pod.metadata.labels.role === 'sentinel';
        const expectedRole = REDIS_ROLE[EXPECTED_PODS[mode][pod.metadata.name]];
        expect([
          pod.metadata.name,
          await roleAt(pod.status.podIP, sentinel ? 26379 : 6379, password),
        ]).toEqual([pod.metadata.name, expectedRole]);
        expect(pod.status.podIP).toBe(podStates(status)[pod.metadata.name].ip);
      }

      expect(status.mode).toBe(mode);
      expect(status.health).toEqual({ overall: 'healthy', reasons: [] });
      expect(labelRoles(status)).toEqual(EXPECTED_PODS[mode]);
      for (const pod of Object.values(podStates(status)))
        expect(pod).toMatchObject({
          phase: 'Running',
          ready: true,
          restarts: 0,
        });
      if (status.kubernetes.status !== 'ok' || status.redis.status !== 'ok')
        throw new Error('sections should be ok');
      for (const set of status.kubernetes.data.statefulSets)
        expect(set.readyReplicas).toBe(set.desiredReplicas);
      const redisRoles = Object.fromEntries(
        Object.entries(status.redis.data.nodes).map(([pod, node]) => [
          pod,
          node.role,
        ]),
      );
      const dataPods = Object.entries(EXPECTED_PODS[mode]).filter(
        ([, role]) => role !== 'sentinel',
      );
      expect(redisRoles).toEqual(
        Object.fromEntries(
          dataPods.map(([pod, role]) => [
            pod,
            REDIS_ROLE[role] === 'slave' ? 'replica' : 'master',
          ]),
        ),
      );
      expect(status.redis.data.masterPod).toBe(EXPECTED_MASTER[mode]);
      expect(JSON.stringify(status)).not.toContain(password);
    },
  );

  it('sentinel: the three sentinels monitor the master and agree on it', async () => {
    const { status } = await applied.sentinel!;
    expect(status.sentinel).toMatchObject({
      status: 'ok',
      data: {
        masterName: 'mymaster',
        masterPod: 'sent-0',
        quorum: 2,
        quorumOk: true,
        agreeOnMaster: true,
        knownSentinels: 2,
      },
    });
    if (status.sentinel?.status !== 'ok')
      throw new Error('sentinel section should be ok');
    expect(
      status.sentinel.data.sentinels.map(sentinel => [
        sentinel.pod,
        sentinel.reachable,
        sentinel.quorumOk,
      ]),
    ).toEqual(
      ['sent-sentinel-0', 'sent-sentinel-1', 'sent-sentinel-2'].map(pod => [
        pod,
        true,
        true,
      ]),
    );
    expect(
      status.sentinel.data.replicas.map(replica => replica.pod).sort(),
    ).toEqual(['sent-1', 'sent-2']);
  });

  it('cluster: 3 leaders with a follower each serve all 16384 slots', async () => {
    const { status } = await applied.cluster!;
    if (status.cluster?.status !== 'ok')
      throw new Error('cluster section should be ok');
    expect(status.cluster.data).toMatchObject({
      state: 'ok',
      slotsAssigned: CLUSTER_SLOTS,
      slotsOk: CLUSTER_SLOTS,
      slotsFail: 0,
      slotsPfail: 0,
      knownNodes: 6,
      size: 3,
      nodeFlags: {},
      unassigned: [],
    });
    const shards = [...status.cluster.data.shards].sort((a, b) =>
      a.master.localeCompare(b.master),
    );
    // The operator's bootstrap: follower i replicates leader i.
    expect(shards.map(shard => [shard.master, shard.replicas])).toEqual([
      ['shard-leader-0', ['shard-follower-0']],
      ['shard-leader-1', ['shard-follower-1']],
      ['shard-leader-2', ['shard-follower-2']],
    ]);
    expect(shards.reduce((sum, shard) => sum + shard.slotCount, 0)).toBe(
      CLUSTER_SLOTS,
    );
    const resource = await getJson(
      `${OPERATOR_API}/namespaces/${namespace}/redisclusters/shard`,
    );
    expect(resource.body.status).toMatchObject({
      state: 'Ready',
      readyLeaderReplicas: 3,
      readyFollowerReplicas: 3,
    });
  });

  it('sentinel: a killed master is failed over, and labels, pod status and the status API follow', async () => {
    const healthy = (await applied.sentinel!).status;
    const pid = sandbox.processOf('sent-0')!;
    expect(isRunning(pid)).toBe(true);
    sandbox.signal('sent-0', 'SIGKILL');

    const down = await until('sent-0 to be reported down', async () => {
      const status = await statusOfMode('sentinel');
      const pod = podStates(status)['sent-0'];
      if (pod.ready || pod.restarts !== 1)
        throw new Error(`sent-0: ${JSON.stringify(pod)}`);
      return status;
    });
    expect(isRunning(pid)).toBe(false);
    expect(podStates(down)['sent-0']).toMatchObject({
      ready: false,
      restarts: 1,
      // A container restart leaves the pod's start time, so its age, alone.
      startedAt: podStates(healthy)['sent-0'].startedAt,
    });

    const status = await until(
      'the sentinels to fail over',
      async () => {
        const current = await statusOfMode('sentinel');
        if (current.redis.status !== 'ok' || current.sentinel?.status !== 'ok')
          throw new Error('sections not ok');
        const master = current.redis.data.masterPod;
        if (
          !master ||
          master === 'sent-0' ||
          current.sentinel.data.masterPod !== master
        )
          throw new Error(
            `redis says ${master}, sentinel ${current.sentinel.data.masterPod}`,
          );
        const other = master === 'sent-1' ? 'sent-2' : 'sent-1';
        const roles = labelRoles(current);
        if (roles[master] !== 'master' || roles[other] !== 'replica')
          throw new Error(`labels ${JSON.stringify(roles)}`);
        if (current.redis.data.nodes[other].replication?.state !== 'online')
          throw new Error(`${other} does not replicate ${master} yet`);
        // The sentinels that did not lead the failover learn of it from the others' hello messages.
        if (!current.sentinel.data.agreeOnMaster)
          throw new Error('the sentinels do not agree on the master yet');
        return current;
      },
      60_000,
    );
    if (status.redis.status !== 'ok' || status.sentinel?.status !== 'ok')
      throw new Error('sections should be ok');
    const master = status.redis.data.masterPod!;
    const other = master === 'sent-1' ? 'sent-2' : 'sent-1';
    expect(status.redis.data.nodes[master].role).toBe('master');
    expect(status.redis.data.nodes[other]).toMatchObject({
      role: 'replica',
      master,
      masterLinkUp: true,
    });
    expect(status.redis.data.nodes['sent-0'].error).toEqual(expect.any(String));
    expect(status.sentinel.data.configEpoch).toBeGreaterThan(0);
    expect(status.sentinel.data.agreeOnMaster).toBe(true);
    expect(podStates(status)['sent-0']).toMatchObject({
      ready: false,
      restarts: 1,
    });
    expect(status.health.overall).toBe('degraded');

    const password = await passwordOf(namespace, 'sentinel');
    const pods = await podsOf(namespace, 'sent');
    const byName = Object.fromEntries(
      pods.map(pod => [pod.metadata.name, pod]),
    );
    expect(byName[master].metadata.labels['redis-role']).toBe('master');
    expect(byName[other].metadata.labels['redis-role']).toBe('slave');
    expect(await roleAt(byName[master].status.podIP, 6379, password)).toBe(
      'master',
    );
    expect(byName['sent-0'].status.containerStatuses[0]).toMatchObject({
      ready: false,
      restartCount: 1,
      lastState: { terminated: { reason: 'Killed' } },
      state: { waiting: { reason: 'CrashLoopBackOff' } },
    });
    const replication = await getJson(
      `${OPERATOR_API}/namespaces/${namespace}/redisreplications/sent`,
    );
    expect(replication.body.status.masterNode).toBe(master);
  });

  it('cluster: a follower takes over the slots of a killed leader', async () => {
    const healthy = (await applied.cluster!).status;
    if (healthy.cluster?.status !== 'ok')
      throw new Error('cluster section should be ok');
    const shard = healthy.cluster.data.shards.find(
      candidate => candidate.master === 'shard-leader-0',
    )!;
    const [follower] = shard.replicas;
    const pid = sandbox.processOf('shard-leader-0')!;
    sandbox.signal('shard-leader-0', 'SIGKILL');

    // cluster-node-timeout is the operator's 15 s; the election follows.
    const status = await until(
      `${follower} to take over from shard-leader-0`,
      async () => {
        const current = await statusOfMode('cluster');
        if (current.cluster?.status !== 'ok')
          throw new Error('cluster section not ok');
        const taken = current.cluster.data.shards.find(
          candidate => candidate.master === follower,
        );
        if (!taken || current.cluster.data.slotsOk !== CLUSTER_SLOTS)
          throw new Error(
            `shards ${JSON.stringify(current.cluster.data.shards)}`,
          );
        if (labelRoles(current)[follower] !== 'master')
          throw new Error(`${follower} is not labelled master yet`);
        return current;
      },
      60_000,
    );
    expect(isRunning(pid)).toBe(false);
    if (status.cluster?.status !== 'ok')
      throw new Error('cluster section should be ok');
    expect(status.cluster.data).toMatchObject({
      state: 'ok',
      slotsAssigned: CLUSTER_SLOTS,
      slotsOk: CLUSTER_SLOTS,
    });
    const taken = status.cluster.data.shards.find(
      candidate => candidate.master === follower,
    )!;
    expect(taken.slots).toEqual(shard.slots);
    expect(status.cluster.data.nodeFlags['shard-leader-0']).toEqual(
      expect.arrayContaining(['fail']),
    );
    expect(podStates(status)['shard-leader-0']).toMatchObject({
      ready: false,
      restarts: 1,
    });
    const pods = await podsOf(namespace, 'shard');
    const pod = pods.find(candidate => candidate.metadata.name === follower);
    expect(pod.metadata.labels['redis-role']).toBe('master');
    expect(
      await roleAt(
        pod.status.podIP,
        6379,
        await passwordOf(namespace, 'cluster'),
      ),
    ).toBe('master');
  });

  it('cluster: a scale-out to 4 shards and back moves the slots, keeps every key, and stops the removed pods', async () => {
    const grow: Order = {
      name: 'grow',
      root: { clusterModeEnabled: true },
      flavour: { deploymentMode: 'cluster' },
    };
    const shards = (numShards: number) => ({
      cluster: { numShards, replicasPerShard: 1 },
    });
    expect(
      (await applyOrder(writeOrder(namespace, grow, shards(3)))).code,
    ).toBe(0);
    const secret = await getJson(
      `/api/v1/namespaces/${namespace}/secrets/grow-auth`,
    );
    const password = Buffer.from(secret.body.data.password, 'base64').toString(
      'utf8',
    );
    const [leader] = (await podsOf(namespace, 'grow')).filter(
      pod => pod.metadata.name === 'grow-leader-0',
    );
    const cluster = new Redis.Cluster(
      [{ host: leader.status.podIP, port: 6379 }],
      { redisOptions: { password } },
    );
    /** Slots per master address, once every slot is served and no migration is open. */
    const settled = (masters: number) =>
      until(`${masters} masters sharing all slots`, async () => {
        const info = String(await cluster.cluster('INFO'));
        const nodes = String(await cluster.cluster('NODES'))
          .trim()
          .split('\n')
          .map(line => line.split(' '));
        const serving = nodes.filter(
          node => node[2].includes('master') && node.length > 8,
        );
        if (
          !info.includes(`cluster_slots_ok:${CLUSTER_SLOTS}`) ||
          serving.length !== masters ||
          nodes.some(node => node.slice(8).some(slot => slot.startsWith('[')))
        )
          throw new Error(info);
        return serving.map(node => node[1].split('@')[0]);
      });
    try {
      await settled(3);
      const keys = Array.from({ length: 200 }, (_, index) => `key-${index}`);
      for (const key of keys) await cluster.set(key, key);

      expect(
        (await applyOrder(writeOrder(namespace, grow, shards(4)))).code,
      ).toBe(0);
      const grown = await settled(4);
      const [newLeader] = (await podsOf(namespace, 'grow')).filter(
        pod => pod.metadata.name === 'grow-leader-3',
      );
      expect(grown).toContain(`${newLeader.status.podIP}:6379`);
      const removed = ['grow-leader-3', 'grow-follower-3'].map(
        pod => sandbox.processOf(pod)!,
      );

      expect(
        (await applyOrder(writeOrder(namespace, grow, shards(3)))).code,
      ).toBe(0);
      const shrunk = await settled(3);
      expect(shrunk).not.toContain(`${newLeader.status.podIP}:6379`);
      await until('the removed pods to be gone', async () => {
        const names = (await podsOf(namespace, 'grow')).map(
          pod => pod.metadata.name,
        );
        if (names.length !== 6) throw new Error(names.join(', '));
      });
      expect(removed.map(isRunning)).toEqual([false, false]);
      expect(await Promise.all(keys.map(key => cluster.get(key)))).toEqual(
        keys,
      );
    } finally {
      cluster.disconnect();
    }
  });

  it('replication: a re-apply with fewer replicas stops the removed pod and its process', async () => {
    await applied.replication;
    const pid = sandbox.processOf('repl-2')!;
    expect(isRunning(pid)).toBe(true);

    const apply = await applyOrder(
      writeOrder(namespace, ORDERS.replication, { replica: { count: 1 } }),
    );
    expect([apply.code, apply.stderr]).toEqual([0, expect.any(String)]);
    await until('repl-2 to be gone', async () => {
      const names = (await podsOf(namespace, 'repl')).map(
        pod => pod.metadata.name,
      );
      if (names.includes('repl-2')) throw new Error(names.join(', '));
    });
    expect(isRunning(pid)).toBe(false);
    expect(sandbox.processOf('repl-2')).toBeUndefined();
    const status = await until('repl to be healthy with 2 pods', async () => {
      const current = await statusOfMode('replication');
      if (current.health.overall !== 'healthy')
        throw new Error(JSON.stringify(current.health));
      return current;
    });
    expect(labelRoles(status)).toEqual({
      'repl-0': 'master',
      'repl-1': 'replica',
    });
    const [statefulSet] = (await list(namespace, STATEFULSETS)).filter(
      set => set.metadata.name === 'repl',
    );
    expect(statefulSet.spec.replicas).toBe(2);
  });

  it('deleting custom resources: the finalizer stops their processes and removes their objects', async () => {
    await Promise.all([applied.standalone, applied.cluster]);
    const deleted = { solo: 'redis', shard: 'redisclusters' };
    const pods = [
      ...(await podsOf(namespace, 'solo')),
      ...(await podsOf(namespace, 'shard')),
    ].map(pod => pod.metadata.name);
    const pids = pods
      .map(pod => sandbox.processOf(pod))
      .filter((pid): pid is number => pid !== undefined);
    // shard-leader-0 was killed by the test above and may still wait for its restart.
    expect(pids.length).toBeGreaterThanOrEqual(pods.length - 1);
    expect(pids.filter(isRunning)).toEqual(pids);

    for (const [name, plural] of Object.entries(deleted)) {
      expectStatus(
        await kubeRequest(
          testCluster,
          'DELETE',
          `${OPERATOR_API}/namespaces/${namespace}/${plural}/${name}`,
        ),
        `delete ${name}`,
        200,
        202,
      );
    }
    await Promise.all(
      Object.entries(deleted).map(([name, plural]) =>
        until(`${name} to be gone`, async () => {
          await getJson(
            `${OPERATOR_API}/namespaces/${namespace}/${plural}/${name}`,
            404,
          );
        }),
      ),
    );
    expect(pids.filter(isRunning)).toEqual([]);
    const left = [];
    for (const collection of [
      'pods',
      'services',
      'persistentvolumeclaims',
      STATEFULSETS,
      PDBS,
    ]) {
      for (const item of await list(namespace, collection)) {
        if (/^(solo|shard)-|^(solo|shard)$/.test(item.metadata.name))
          left.push(`${collection} ${item.metadata.name}`);
      }
    }
    expect(left).toEqual([]);
    // The other instances keep running.
    expect(isRunning(sandbox.processOf('repl-0')!)).toBe(true);
  });

  it('a RedisCluster the operator would reject gets a Warning Event and no objects', async () => {
    await createTwoPodResource(namespace, 'redisclusters', 'tiny');
    const event = await until('a Warning Event for tiny', async () => {
      const events = await list(
        namespace,
        `events?fieldSelector=${encodeURIComponent(
          'involvedObject.name=tiny',
        )}`,
      );
      const warning = events.find(candidate => candidate.type === 'Warning');
      if (!warning) throw new Error(`events: ${JSON.stringify(events)}`);
      return warning;
    });
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'ValidationFailed',
      involvedObject: { kind: 'RedisCluster', name: 'tiny' },
      message: expect.stringMatching(/at least 3 shards/),
    });
    const sets = (await list(namespace, STATEFULSETS)).map(
      set => set.metadata.name,
    );
    expect(sets.filter(name => name.startsWith('tiny'))).toEqual([]);
    const tiny = await getJson(
      `${OPERATOR_API}/namespaces/${namespace}/redisclusters/tiny`,
    );
    expect(tiny.body.metadata.finalizers ?? []).toEqual([]);
  });

  it('a RedisSentinel refused after its RedisReplication is deleted keeps its pods running', async () => {
    await applied.sentinel;
    const sentinels = ['sent-sentinel-0', 'sent-sentinel-1', 'sent-sentinel-2'];
    const pids = sentinels.map(pod => sandbox.processOf(pod)!);
    expect(pids.filter(isRunning)).toEqual(pids);
    const replication = `${OPERATOR_API}/namespaces/${namespace}/redisreplications/sent`;
    expectStatus(
      await kubeRequest(testCluster, 'DELETE', replication),
      'delete RedisReplication sent',
      200,
      202,
    );
    await until('RedisReplication sent to be gone', async () => {
      await getJson(replication, 404);
    });
    const event = await until('a Warning Event for the sentinel', async () => {
      const events = await list(
        namespace,
        `events?fieldSelector=${encodeURIComponent(
          'involvedObject.kind=RedisSentinel,involvedObject.name=sent',
        )}`,
      );
      const warning = events.find(candidate => candidate.type === 'Warning');
      if (!warning) throw new Error(`events: ${JSON.stringify(events)}`);
      return warning;
    });
    expect(event.message).toMatch(/names no RedisReplication/);
    const pods = (await podsOf(namespace, 'sent')).map(
      pod => pod.metadata.name,
    );
    expect(pods).toEqual(sentinels);
    expect(sentinels.map(pod => sandbox.processOf(pod))).toEqual(pids);
    expect(pids.filter(isRunning)).toEqual(pids);
  });

  it('stopping the controller stops every process it started', async () => {
    const pods = (await list(namespace, 'pods')).map(pod => pod.metadata.name);
    const pids = pods
      .map(pod => sandbox.processOf(pod))
      .filter((pid): pid is number => pid !== undefined);
    // What is left: repl and sent, whose killed master may still wait for its restart.
    expect(pids.length).toBeGreaterThanOrEqual(pods.length - 1);
    expect(pids.filter(isRunning)).toEqual(pids);
    await stopTracked(sandbox);
    expect(isRunning(sandbox.pid)).toBe(false);
    expect(pids.filter(isRunning)).toEqual([]);
  });
});

describe('a controller that was SIGKILLed', () => {
  let namespace: string;
  let first: RunningSandbox | undefined;
  let second: RunningSandbox | undefined;
  const PODS = ['left-0', 'left-1'];

  async function readyPods(sandbox: RunningSandbox, restarts: number) {
    return until(`${PODS.join(', ')} to run`, async () => {
      const pods = await list(namespace, 'pods');
      const pids = PODS.map(name => {
        const pod = pods.find(candidate => candidate.metadata.name === name);
        const container = pod?.status?.containerStatuses?.[0];
        if (!container?.ready || container.restartCount !== restarts)
          throw new Error(`${name}: ${JSON.stringify(container)}`);
        const pid = sandbox.processOf(name);
        if (pid === undefined) throw new Error(`${name} has no process`);
        return pid;
      });
      return pids;
    });
  }

  async function podIps() {
    return Object.fromEntries(
      (await list(namespace, 'pods')).map(pod => [
        pod.metadata.name,
        pod.status.podIP,
      ]),
    );
  }

  beforeAll(async () => {
    namespace = await createNamespace(testCluster, 'sandbox-reap');
  });

  afterAll(async () => {
    await stopTracked(second);
    // A no-op once the test killed it; a SIGTERM (which stops its processes) if the test failed before.
    await stopTracked(first);
  });

  it('leaves its Redis processes running, and the next controller reaps them and restarts the pods', async () => {
    const options = {
      namespace,
      kubeconfig: testCluster.kubeconfigPath,
      stateDir,
    };
    first = await startTracked(options);
    await createTwoPodResource(namespace, 'redisreplications', 'left');
    const leftovers = await readyPods(first, 0);
    const ipsBefore = await podIps();

    process.kill(first.pid, 'SIGKILL');
    await until('the controller to die', async () => {
      if (isRunning(first!.pid)) throw new Error('still running');
    });
    sandboxes.delete(first);
    expect(leftovers.filter(isRunning)).toEqual(leftovers);

    second = await startTracked(options);
    // The reap runs before the new controller says it is ready.
    expect(leftovers.filter(isRunning)).toEqual([]);
    // It then restarts the pods' containers, as a kubelet does after a node restart.
    const restarted = await readyPods(second, 1);
    expect(restarted.filter(pid => leftovers.includes(pid))).toEqual([]);
    expect(restarted.every(isRunning)).toBe(true);
    // The pods are the same objects, so they keep their addresses (and clients their endpoints).
    expect(await podIps()).toEqual(ipsBefore);
  });
});
