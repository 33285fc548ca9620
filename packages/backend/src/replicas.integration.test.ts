// Two replicas of this backend as processes on one real PostgreSQL and one shared cache (a real
// redis-server), with app-config.production.yaml, against the real kube-apiserver of tools/k8s-testenv.
// Each replica reaches the API server through a proxy of its own, which tells which replica asked what.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// tools/k8s-testenv is deliberately not a workspace package; redis-node's testEnvironment.ts reaches it the same way.
/* eslint-disable @backstage/no-relative-monorepo-imports */
import {
  START_TIMEOUT_MS,
  kubeRequest,
  startTestCluster,
  uniqueName,
  type TestCluster,
} from '../../../tools/k8s-testenv/testCluster';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import {
  startApiServerProxy,
  type ApiServerProxy,
  type ProxiedRequest,
} from './__testUtils__/apiServerProxy';
import {
  startPostgres,
  startRedisServer,
  startReplica,
  waitFor,
  type Replica,
  type RunningPostgres,
  type RunningRedis,
} from './__testUtils__/processes';

jest.setTimeout(240_000);

/** The entity provider's cadence in this test. */
const REFRESH_SECONDS = 3;
/**
 * A task whose heartbeat is this old is taken over by another replica. Heartbeats come every second;
 * on a loaded machine a replica's event loop can lag several seconds, and a takeover then would run
 * the task twice.
 */
const STALE_SECONDS = 20;
const OPERATOR_API = '/apis/redis.redis.opstreelabs.in/v1beta2';

let cluster: TestCluster;
let postgres: RunningPostgres;
let cache: RunningRedis;
let configDir: string;
const proxies: Record<string, ApiServerProxy> = {};
const replicas: Record<string, Replica> = {};
let token: string;
const namespace = uniqueName('replicas');

function replicaConfig(proxy: ApiServerProxy) {
  return {
    // NODE_ENV is production; the guest stands in for the sign-in a deployment configures.
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: proxy.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: cluster.adminToken,
            },
          ],
        },
      ],
    },
    catalog: {
      providers: {
        odinRedis: {
          schedule: {
            frequency: { seconds: REFRESH_SECONDS },
            timeout: { seconds: 30 },
          },
        },
      },
    },
    scaffolder: {
      taskRecovery: { enabled: true, staleTimeout: { seconds: STALE_SECONDS } },
    },
    redis: { status: { cacheTtlSeconds: 60 } },
  };
}

async function api<T>(
  replica: Replica,
  method: string,
  route: string,
  body?: object,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${replica.baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}

function order(name: string) {
  return {
    templateRef: 'template:default/redis',
    values: {
      name,
      owner: 'group:default/platform',
      cluster: 'local',
      createNamespace: true,
      wait: false,
      root: { clusterModeEnabled: false },
      flavour: {
        namespace,
        deploymentMode: 'sentinel',
        replicaCount: 2,
        sentinel: { enabled: true, replicas: 3, quorum: 2 },
        // Objects enough that an apply stopped at its third write is half-way.
        metrics: { enabled: true, serviceMonitor: { enabled: true } },
        backup: {
          enabled: true,
          schedule: '0 2 * * *',
          s3Bucket: 'replicas-test-backups',
          s3Region: 'us-east-1',
        },
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
      },
    },
  };
}

interface Task {
  id: string;
  status: string;
  spec: { templateInfo?: { entityRef?: string } };
}

async function createTask(replica: Replica, name: string): Promise<string> {
  const created = await api<{ id: string }>(
    replica,
    'POST',
    '/api/scaffolder/v2/tasks',
    order(name),
  );
  expect(created.status).toBe(201);
  return created.body.id;
}

/** The task once it has ended, read from `replica`; one that did not complete fails with its log. */
async function completed(
  replica: Replica,
  taskId: string,
  timeoutMs = 120_000,
): Promise<Task> {
  const task = await waitFor(
    `task ${taskId} to finish on ${replica.name}`,
    async () => {
      const { body } = await api<Task>(
        replica,
        'GET',
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      return ['completed', 'failed', 'cancelled'].includes(body.status)
        ? body
        : undefined;
    },
    timeoutMs,
  );
  if (task.status !== 'completed') {
    const events = await api<Array<{ body: { message?: string } }>>(
      replica,
      'GET',
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    throw new Error(
      `task ${taskId} ended ${task.status}:\n${events.body
        .map(event => event.body.message)
        .filter(Boolean)
        .join('\n')}`,
    );
  }
  return task;
}

/** The entity provider's refreshes: its cluster-wide LIST of RedisReplications, one per run. */
const isRefresh = (request: ProxiedRequest) =>
  request.method === 'GET' &&
  request.path === `${OPERATOR_API}/redisreplications`;

/** The members the ApplySet parent of instance `name` records (`apiVersion|kind|namespace|name`). */
async function recordedMembers(name: string): Promise<string[]> {
  const parent = await kubeRequest(
    cluster,
    'GET',
    `/api/v1/namespaces/${namespace}/configmaps/${name}-applyset`,
  );
  expect(parent.status).toBe(200);
  return JSON.parse(
    parent.body.metadata.annotations['odin.dev/applyset-members'],
  );
}

/** The members of `members` the API server has, by GET. */
async function existing(members: string[]): Promise<string[]> {
  const found = await Promise.all(
    members.map(async member => {
      const [apiVersion, kind, memberNamespace, name] = member.split('|');
      const plural = kind.toLowerCase().replace(/y$/, 'ie').concat('s');
      const group = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : '/api/v1';
      const { status } = await kubeRequest(
        cluster,
        'GET',
        `${group}/namespaces/${memberNamespace}/${plural}/${name}`,
      );
      return status === 200 ? member : undefined;
    }),
  );
  return found.filter((member): member is string => member !== undefined);
}

/** The members of the instance the task test applied in full, to compare a killed apply with. */
let completedInstance: { name: string; members: string[] } | undefined;

beforeAll(async () => {
  [cluster, postgres, cache] = await Promise.all([
    startTestCluster(),
    startPostgres(),
    startRedisServer(),
  ]);
  // The orders' ServiceMonitor and PrometheusRule go to the Prometheus namespace, as on a real cluster.
  const monitoring = await kubeRequest(cluster, 'POST', '/api/v1/namespaces', {
    body: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'monitoring' },
    },
  });
  if (![201, 409].includes(monitoring.status))
    throw new Error(
      `creating the monitoring namespace answered ${monitoring.status}`,
    );
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odin-replicas-'));
  for (const name of ['a', 'b'])
    proxies[name] = await startApiServerProxy({
      server: cluster.server,
      caData: cluster.caData,
    });
  const env = {
    NODE_ENV: 'production',
    POSTGRES_HOST: postgres.host,
    POSTGRES_PORT: String(postgres.port),
    POSTGRES_USER: postgres.user,
    POSTGRES_PASSWORD: postgres.password,
    BACKSTAGE_CACHE_URL: cache.url,
  };
  // One after the other, as a rolling deploy does: the first creates the databases.
  for (const name of ['a', 'b'])
    replicas[name] = await startReplica({
      name,
      config: replicaConfig(proxies[name]),
      env,
      configDir,
    });
  const guest = await fetch(
    `${replicas.a.baseUrl}/api/auth/guest/refresh`,
  ).then(
    response =>
      response.json() as Promise<{ backstageIdentity: { token: string } }>,
  );
  token = guest.backstageIdentity.token;
  // The template must be in the catalog before a task can name it.
  await waitFor('the Redis template in the catalog', async () => {
    const { status } = await api(
      replicas.b,
      'GET',
      '/api/catalog/entities/by-name/template/default/redis',
    );
    return status === 200 ? true : undefined;
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(
    Object.values(replicas).map(replica => replica.process.stop()),
  );
  await Promise.all(Object.values(proxies).map(proxy => proxy.close()));
  await Promise.all([postgres?.stop(), cache?.stop()]);
  if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
});

describe('two replicas on one PostgreSQL and one shared cache', () => {
  it("runs the entity provider's refresh once per cadence across both, through the scheduler's lock", async () => {
    // Each replica asks for a run when it starts (triggerTask), so the window opens a cadence later.
    await new Promise(resolve => setTimeout(resolve, REFRESH_SECONDS * 1000));
    const windowStart = Date.now();
    const cadences = 5;
    await new Promise(resolve =>
      setTimeout(resolve, cadences * REFRESH_SECONDS * 1000),
    );
    const runs = Object.entries(proxies)
      .flatMap(([name, proxy]) =>
        proxy.requests
          .filter(request => isRefresh(request) && request.at >= windowStart)
          .map(request => ({ replica: name, at: request.at })),
      )
      .sort((x, y) => x.at - y.at);
    // One run per cadence, by whichever replica holds the lock then; without the lock each replica
    // would run every cadence, twice as many. A run that starts late (a loaded machine) may be
    // followed closely by the next one the schedule owes, so the runs are counted, not spaced.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(cadences + 1);
  });

  it('finishes a task created on one replica, and the other reads it', async () => {
    const name = uniqueName('task-cache');
    const taskId = await createTask(replicas.a, name);
    const seenFromB = await completed(replicas.b, taskId);
    const seenFromA = await api<Task>(
      replicas.a,
      'GET',
      `/api/scaffolder/v2/tasks/${taskId}`,
    );
    expect(seenFromA.body).toEqual(seenFromB);
    const events = await api<Array<{ type: string; body: object }>>(
      replicas.b,
      'GET',
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    expect(events.body).toContainEqual(
      expect.objectContaining({
        type: 'log',
        body: expect.objectContaining({ stepId: 'apply', status: 'completed' }),
      }),
    );
    const members = await recordedMembers(name);
    expect(members.length).toBeGreaterThanOrEqual(6);
    expect(await existing(members)).toEqual(members);
    completedInstance = { name, members };
  });

  it('answers a status request on the second replica from the first replica’s upstream calls, through the shared cache', async () => {
    const name = uniqueName('status-cache');
    await completed(replicas.a, await createTask(replicas.a, name));
    const route = `/api/redis/entities/resource/default/${name}/status`;
    // The entity provider has registered the instance: the route finds its entity.
    await waitFor('the instance in the catalog', async () => {
      const { status } = await api(
        replicas.b,
        'GET',
        `/api/catalog/entities/by-name/resource/default/${name}`,
      );
      return status === 200 ? true : undefined;
    });
    // Status reads are namespaced; the provider's cluster-wide LISTs may run meanwhile.
    const statusReads = (proxy: ApiServerProxy, from: number) =>
      proxy.requests.filter(
        request =>
          request.at >= from &&
          request.path.includes(`/namespaces/${namespace}/`),
      ).length;

    const beforeA = Date.now();
    const first = await api<{ generatedAt: string }>(replicas.a, 'GET', route);
    expect(first.status).toBe(200);
    const upstreamA = statusReads(proxies.a, beforeA);
    expect(upstreamA).toBeGreaterThan(0);

    const beforeB = Date.now();
    const second = await api<{ generatedAt: string }>(replicas.b, 'GET', route);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect({ a: upstreamA, b: statusReads(proxies.b, beforeB) }).toEqual({
      a: upstreamA,
      b: 0,
    });
  });

  it('takes over an apply whose replica is killed half-way, and the instance ends up applied in full', async () => {
    const name = uniqueName('killed-cache');
    // The replica that claims the task is stopped at its third write (a server-side apply PATCH).
    let victim: string | undefined;
    const thirdWrite = (replica: string) => {
      let writes = 0;
      return (request: ProxiedRequest) => {
        if (victim !== undefined && victim !== replica) return false;
        if (request.method !== 'PATCH' || request.dryRun) return false;
        writes += 1;
        if (writes < 3) return false;
        victim = replica;
        return true;
      };
    };
    const held = Promise.race(
      Object.keys(proxies).map(replica =>
        proxies[replica].holdFrom(thirdWrite(replica)).then(() => replica),
      ),
    );
    const taskId = await createTask(replicas.a, name);
    const killed = await held;
    await replicas[killed].process.stop('SIGKILL');
    const survivor = replicas[killed === 'a' ? 'b' : 'a'];
    // Until the survivor takes the task over (its heartbeat is STALE_SECONDS old), the instance is
    // as the killed replica left it: some of its objects applied, the others not.
    if (!completedInstance) throw new Error('the task test did not complete');
    const { name: fullName, members: fullMembers } = completedInstance;
    const expected = fullMembers.map(member =>
      member.split(fullName).join(name),
    );
    const halfWay = await existing(expected);
    expect(halfWay.length).toBeGreaterThan(0);
    expect(halfWay.length).toBeLessThan(expected.length);

    await completed(survivor, taskId);
    const events = await api<Array<{ type: string }>>(
      survivor,
      'GET',
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    expect(events.body.map(event => event.type)).toContain('recovered');
    expect(await recordedMembers(name)).toEqual(expected);
    expect(await existing(expected)).toEqual(expected);
  });
});
