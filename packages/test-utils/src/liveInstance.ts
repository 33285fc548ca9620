// Live instances for the integration tests: a real order applied to the k8s-testenv kube-apiserver with
// redis-node's applyInstance, run by a sandbox controller of the test's own (tools/redis-sandbox), which
// stands in for the operator and the kubelet with real redis-server and sentinel processes.
import {
  authSecretRef,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import {
  applyInstance,
  clusterAccessFromKubeconfig,
  expectedStatefulSets,
  type ApiObject,
  type ApplyInstanceResult,
  type KubernetesCluster,
} from '@odin/plugin-redis-node';
import { startSandbox, type RunningSandbox } from '@odin/redis-sandbox';
import Redis from 'ioredis';
// tools/k8s-testenv is deliberately not a workspace package; redis-node's testEnvironment.ts reaches it the same way.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  startTestCluster,
  type TestCluster,
} from '../../../tools/k8s-testenv/testCluster';

export interface LiveNamespace {
  testCluster: TestCluster;
  namespace: string;
  /** The portal's client of the API server, as its admin. */
  cluster: KubernetesCluster;
  /** The namespace's own sandbox controller; stop it in afterAll. */
  sandbox: RunningSandbox;
}

/**
 * A new namespace with a sandbox controller of its own. `restartBackoffMs` is the stand-in kubelet's
 * first back-off before it restarts a killed process (10 s by default, doubling per restart).
 */
export async function startLiveNamespace(
  prefix: string,
  options: { restartBackoffMs?: number } = {},
): Promise<LiveNamespace> {
  const testCluster = await startTestCluster();
  const namespace = await createNamespace(testCluster, prefix);
  // startSandbox labels the namespace as a test's before anything is applied, so the all-namespaces
  // controller of `make start` never runs these instances.
  const sandbox = await startSandbox({
    namespace,
    kubeconfig: testCluster.kubeconfigPath,
    restartBackoffMs: options.restartBackoffMs,
  });
  const cluster = await clusterAccessFromKubeconfig({
    path: testCluster.kubeconfigPath,
  }).getCluster();
  return { testCluster, namespace, cluster, sandbox };
}

/** An Opaque Secret, created as the admin (an apply keeps a password Secret that already exists). */
export async function createSecret(
  cluster: TestCluster,
  namespace: string,
  name: string,
  values: Record<string, string>,
): Promise<void> {
  expectStatus(
    await kubeRequest(
      cluster,
      'POST',
      `/api/v1/namespaces/${namespace}/secrets`,
      {
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name },
          type: 'Opaque',
          stringData: values,
        },
      },
    ),
    `create Secret ${namespace}/${name}`,
    201,
  );
}

/** The order `{ name, root, flavour }` in the live namespace, validated as the portal does. */
export function orderIn(
  live: LiveNamespace,
  order: {
    name: string;
    root?: Record<string, unknown>;
    flavour: Record<string, unknown>;
  },
): ResolvedInstance {
  const result = validateInstance({
    ...order,
    flavour: { ...order.flavour, namespace: live.namespace },
  });
  if (!result.config)
    throw new Error(`invalid order: ${JSON.stringify(result.errors)}`);
  return result.config;
}

/**
 * Applies the order and waits until its pods are ready, as the apply's wait and as each stored pod says.
 * With `password`, the order's password Secret is created first, and the apply must keep it.
 */
export async function applyOrder(
  live: LiveNamespace,
  config: ResolvedInstance,
  password?: string,
): Promise<ApplyInstanceResult> {
  const secret = authSecretRef(config);
  if (password !== undefined) {
    if (!secret) throw new Error(`the order ${config.name} has no password`);
    await createSecret(live.testCluster, live.namespace, secret.name, {
      [secret.key]: password,
    });
  }
  const applied = await applyInstance({
    cluster: live.cluster,
    config,
    wait: { timeoutMs: 60_000, pollIntervalMs: 250, operatorGraceMs: 30_000 },
  }).catch(error => {
    // What the sandbox did is the first thing to read when an instance did not come up.
    error.message = `${error.message}\nsandbox log:\n${live.sandbox.log()}`;
    throw error;
  });
  if (password !== undefined && applied.secret?.action !== 'keep')
    throw new Error(
      `the apply should keep the planted password, not ${applied.secret?.action}`,
    );
  if (!applied.readiness?.ready)
    throw new Error(
      `${config.name} did not get ready: ${JSON.stringify(
        applied.readiness,
      )}\n${live.sandbox.log()}`,
    );
  // The wait reads the StatefulSets; the tests read the pods, which must be Ready and have an address too.
  const podCount = expectedStatefulSets(config).reduce(
    (sum, set) => sum + set.replicas,
    0,
  );
  await eventually(
    async () => {
      const pods = Object.values(await storedPods(live)).filter(
        pod =>
          pod.metadata.labels?.['app.kubernetes.io/instance'] === config.name,
      );
      const notReady = pods.filter(
        pod =>
          !pod.status?.podIP ||
          !pod.status?.conditions?.some(
            (condition: any) =>
              condition.type === 'Ready' && condition.status === 'True',
          ),
      );
      if (pods.length !== podCount || notReady.length > 0)
        throw new Error(
          `${pods.length}/${podCount} pods of ${
            config.name
          }, not ready: ${notReady
            .map(pod => `${pod.metadata.name} (${pod.status?.phase})`)
            .join(', ')}\n${live.sandbox.log()}`,
        );
      return true;
    },
    `the pods of ${config.name} ready`,
    100,
  );
  return applied;
}

/** The pods of the namespace as the API server stores them, by name. */
export async function storedPods(
  live: LiveNamespace,
): Promise<Record<string, any>> {
  const response = expectStatus(
    await kubeRequest(
      live.testCluster,
      'GET',
      `/api/v1/namespaces/${live.namespace}/pods`,
    ),
    `list the pods of ${live.namespace}`,
    200,
  );
  return Object.fromEntries(
    response.body.items.map((pod: any) => [pod.metadata.name, pod]),
  );
}

/** A client of one pod's Redis (or Sentinel) at the address the API server stores for it. */
export async function podClient(
  live: LiveNamespace,
  pod: string,
  password: string,
): Promise<Redis> {
  const stored = (await storedPods(live))[pod];
  const host = stored?.status?.podIP;
  if (!host) throw new Error(`pod ${pod} has no IP address`);
  const port = stored.metadata.labels?.role === 'sentinel' ? 26379 : 6379;
  const client = new Redis({ host, port, password, lazyConnect: true });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The pid that answers at `host:port`, from INFO server; a pod's process must be the sandbox's process of that pod. */
export async function processIdAt(
  host: string,
  port: number,
  password: string,
): Promise<number> {
  const client = new Redis({
    host,
    port,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.info('server');
    return Number(/process_id:(\d+)/.exec(info)?.[1]);
  } finally {
    client.disconnect();
  }
}

/**
 * Polls `check` until it returns a value: the tests wait for Redis's and the sandbox's own state changes
 * this way. Fails with the last thing `check` threw, or with `what`, after `attempts` tries 100 ms apart.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  attempts = 300,
): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(
    `gave up waiting for ${what}${
      last instanceof Error ? `: ${last.message}` : ''
    }`,
  );
}

/**
 * The master every sentinel of `sentinels` (pod names) names now, as a pod; throws unless they all
 * agree. The master group is the operator's `mymaster`.
 */
export async function sentinelMaster(
  live: LiveNamespace,
  password: string,
  sentinels: string[],
): Promise<string> {
  const named = new Set<string>();
  for (const pod of sentinels) {
    const client = await podClient(live, pod, password);
    try {
      const [host] = (await client.call(
        'SENTINEL',
        'GET-MASTER-ADDR-BY-NAME',
        'mymaster',
      )) as string[];
      named.add(host);
    } finally {
      client.disconnect();
    }
  }
  if (named.size !== 1)
    throw new Error(`the sentinels disagree: ${[...named].join(', ')}`);
  const pods = await live.cluster.list<
    ApiObject & { status?: { podIP?: string } }
  >({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: live.namespace,
  });
  const master = pods.find(pod => pod.status?.podIP === [...named][0]);
  if (!master) throw new Error(`no pod has the master's address ${[...named]}`);
  return master.metadata!.name!;
}

/**
 * Waits until a sentinel instance of two replicas could fail over, and names its master: every
 * sentinel out of TILT and seeing both replicas and the other sentinels, the quorum reachable, and
 * both replicas' links up.
 */
export async function sentinelSettled(
  live: LiveNamespace,
  password: string,
  sentinels: string[],
  /** How many replicas every sentinel must see healthy. */
  healthyReplicas = 2,
): Promise<string> {
  return eventually(async () => {
    const master = await sentinelMaster(live, password, sentinels);
    for (const pod of sentinels) {
      const client = await podClient(live, pod, password);
      try {
        const info = await client.info('sentinel');
        if (!info.includes('sentinel_tilt:0'))
          throw new Error(`${pod} in TILT`);
        const replicas = (await client.call(
          'SENTINEL',
          'REPLICAS',
          'mymaster',
        )) as string[][];
        const healthy = replicas.filter(fields => {
          const flags = fields[fields.indexOf('flags') + 1];
          const link = fields[fields.indexOf('master-link-status') + 1];
          return flags === 'slave' && link === 'ok';
        });
        const others = (await client.call(
          'SENTINEL',
          'SENTINELS',
          'mymaster',
        )) as string[][];
        if (
          healthy.length !== healthyReplicas ||
          others.length !== sentinels.length - 1
        )
          throw new Error(
            `${pod} sees ${healthy.length} healthy replicas, ${others.length} other sentinels`,
          );
        await client.call('SENTINEL', 'CKQUORUM', 'mymaster');
      } finally {
        client.disconnect();
      }
    }
    return master;
  }, 'the sentinel instance settled');
}

/** The sentinel pods of `liveSentinelInstance`. */
export const SENTINEL_PODS = [
  'orders-sentinel-0',
  'orders-sentinel-1',
  'orders-sentinel-2',
];

/**
 * A live namespace with the sentinel instance `orders` (a master, `replicas` replicas, 3 sentinels)
 * applied with `password`, and the key `greeting` written on its first master, `orders-0`.
 */
export async function liveSentinelInstance(
  prefix: string,
  options: { password: string; replicas: number; restartBackoffMs?: number },
): Promise<LiveNamespace> {
  const live = await startLiveNamespace(prefix, {
    restartBackoffMs: options.restartBackoffMs,
  });
  await applyOrder(
    live,
    orderIn(live, {
      name: 'orders',
      flavour: {
        deploymentMode: 'sentinel',
        replica: { count: options.replicas },
        sentinel: { enabled: true },
      },
    }),
    options.password,
  );
  const master = await podClient(live, 'orders-0', options.password);
  try {
    await master.set('greeting', 'hello');
  } finally {
    master.disconnect();
  }
  return live;
}

/** The Job a finished run of a backup CronJob leaves: the sandbox runs no CronJob. */
export { createFinishedJob } from './backupJobs';
