// diff and apply in-process against redis-node's msw fake API server, through the command line parser.
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  OPERATOR_API_VERSION as OPERATOR,
  REDIS_FIELD_MANAGER,
  instanceLabels,
} from '@odin/plugin-redis-common';
import {
  createFakeKubernetesApi,
  FAKE_API_SERVER,
  type FakeKubernetesApi,
} from '@internal/redis-test-utils/fakeKubernetesApi';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { runRedisFlavour } from '../main';

const server = setupServer();
registerMswTestHooks(server);

const labels = instanceLabels('orders-cache', 'redis-prod');
const sentinelOrder = {
  name: 'orders-cache',
  root: { clusterModeEnabled: false },
  flavour: {
    namespace: 'redis-prod',
    deploymentMode: 'sentinel',
    replica: { count: 2 },
    sentinel: { enabled: true, replicas: 3, quorum: 2 },
  },
};

let workDir: string;
let kubeconfig: string;
let api: FakeKubernetesApi;

function writeOrder(order: object, name = 'order.yaml'): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, stringify(order));
  return file;
}

/** Runs redis-flavour in this process; stdout and stderr as the user would see them. */
async function redisFlavour(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += chunk;
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(chunk => {
    stderr += chunk;
    return true;
  });
  try {
    const status = await runRedisFlavour(args);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const kube = ['--kubeconfig', () => kubeconfig] as const;
const withKubeconfig = (...args: string[]) => [...args, kube[0], kube[1]()];

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-flavour-cluster-'));
  kubeconfig = path.join(workDir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'fake',
          cluster: {
            server: FAKE_API_SERVER,
            'insecure-skip-tls-verify': true,
          },
        },
      ],
      users: [{ name: 'fake', user: { token: 'test-token' } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
      'current-context': 'fake',
    }),
  );
  api = createFakeKubernetesApi();
  server.use(api.handler);
  api.addNamespace('redis-prod');
  api.addNamespace('monitoring');
  // The schema's default StorageClass, which the apply checks before it writes.
  api.put({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp3' },
  });
});

afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** What the commands wrote: the namespaced objects (the Namespaces and the StorageClass are the test's). */
const stored = () => api.all().filter(object => object.metadata.namespace);
const writes = () =>
  api.requests.filter(
    request =>
      request.method !== 'GET' && request.query.get('dryRun') !== 'All',
  );

describe('redis-flavour diff', () => {
  it('lists what a first apply creates, exits 1, and writes nothing', async () => {
    const result = await redisFlavour(
      ...withKubeconfig('diff', writeOrder(sentinelOrder)),
    );
    expect(result).toEqual({
      status: 1,
      stdout: [
        '+ Secret redis-prod/orders-cache-auth (password generated on apply, key "password")',
        '+ ConfigMap redis-prod/orders-cache-config',
        '+ RedisReplication redis-prod/orders-cache',
        '+ RedisSentinel redis-prod/orders-cache',
        '3 to create, 0 to update, 0 unchanged, 0 to prune',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(writes()).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it('exits 0 after an apply, and 1 with the changed fields after the order changes', async () => {
    const file = writeOrder(sentinelOrder);
    expect((await redisFlavour(...withKubeconfig('apply', file))).status).toBe(
      0,
    );

    expect(await redisFlavour(...withKubeconfig('diff', file))).toEqual({
      status: 0,
      stdout: '0 to create, 0 to update, 3 unchanged, 0 to prune\n',
      stderr: '',
    });

    const smaller = writeOrder(
      {
        ...sentinelOrder,
        flavour: { ...sentinelOrder.flavour, replica: { count: 1 } },
      },
      'smaller.yaml',
    );
    const changed = await redisFlavour(...withKubeconfig('diff', smaller));
    expect(changed.status).toBe(1);
    expect(changed.stdout).toBe(
      [
        '~ RedisReplication redis-prod/orders-cache',
        '    /spec/clusterSize: 3 -> 2',
        '0 to create, 1 to update, 2 unchanged, 0 to prune',
        '',
      ].join('\n'),
    );
  });

  it('with --owner stamps the owner annotation the portal stamps, and diffs clean against it', async () => {
    const file = writeOrder(sentinelOrder);
    expect(
      (
        await redisFlavour(
          ...withKubeconfig('apply', file, '--owner', 'payments'),
        )
      ).status,
    ).toBe(0);
    const resource = api.get(
      OPERATOR,
      'RedisReplication',
      'redis-prod',
      'orders-cache',
    );
    expect(resource?.metadata).toMatchObject({
      annotations: { 'odin.dev/owner': 'group:default/payments' },
    });
    expect(
      await redisFlavour(
        ...withKubeconfig('diff', file, '--owner', 'group:default/payments'),
      ),
    ).toEqual({
      status: 0,
      stdout: '0 to create, 0 to update, 3 unchanged, 0 to prune\n',
      stderr: '',
    });
  });

  it('exits 2 for an --owner that is not an entity ref, before any request', async () => {
    const result = await redisFlavour(
      ...withKubeconfig(
        'diff',
        writeOrder(sentinelOrder),
        '--owner',
        'a:b:c/d',
      ),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--owner "a:b:c/d" is not an entity reference',
    );
    expect(api.requests).toEqual([]);
  });

  it('exits 2 for an invalid order, before any request', async () => {
    const result = await redisFlavour(
      ...withKubeconfig(
        'diff',
        writeOrder({
          ...sentinelOrder,
          flavour: { ...sentinelOrder.flavour, sentinel: { replicas: 4 } },
        }),
      ),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('/flavour/sentinel/replicas');
    expect(api.requests).toEqual([]);
  });
});

describe('redis-flavour apply', () => {
  it('applies with one field manager, reports progress on stderr and the result on stdout, never the password', async () => {
    const result = await redisFlavour(
      ...withKubeconfig('apply', writeOrder(sentinelOrder)),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        'applied orders-cache to namespace redis-prod on cluster fake',
        '  created ConfigMap redis-prod/orders-cache-config',
        '  created RedisReplication redis-prod/orders-cache',
        '  created RedisSentinel redis-prod/orders-cache',
        '  created Secret redis-prod/orders-cache-auth (password under key "password", generated)',
        'connect to orders-cache-sentinel.redis-prod.svc.cluster.local:26379',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toContain(
      'Server dry run of 3 objects on cluster fake',
    );
    expect(result.stderr).toContain(
      'Applied RedisSentinel redis-prod/orders-cache (created)',
    );
    const patches = writes().filter(request => request.method === 'PATCH');
    // The ApplySet parent first, recording the three objects it precedes.
    expect(
      patches.map(
        request => `${request.body.kind} ${request.body.metadata.name}`,
      ),
    ).toEqual([
      'ConfigMap orders-cache-applyset',
      'ConfigMap orders-cache-config',
      'RedisReplication orders-cache',
      'RedisSentinel orders-cache',
    ]);
    expect(patches.map(request => request.query.get('fieldManager'))).toEqual(
      Array(4).fill(REDIS_FIELD_MANAGER),
    );
    const secret = api.get('v1', 'Secret', 'redis-prod', 'orders-cache-auth');
    const { password } = secret?.stringData as { password: string };
    expect(password.length).toBeGreaterThan(20);
    expect(result.stdout + result.stderr).not.toContain(password);
  });

  it('with --dry-run prints what would change and writes nothing', async () => {
    const result = await redisFlavour(
      ...withKubeconfig('apply', writeOrder(sentinelOrder), '--dry-run'),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        'dry run of orders-cache in namespace redis-prod on cluster fake: 3 to create, 0 to update, 0 unchanged, 0 to prune',
        '+ Secret redis-prod/orders-cache-auth (password generated on apply, key "password")',
        '+ ConfigMap redis-prod/orders-cache-config',
        '+ RedisReplication redis-prod/orders-cache',
        '+ RedisSentinel redis-prod/orders-cache',
        'nothing was written',
        '',
      ].join('\n'),
    );
    expect(writes()).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it('with --wait reports readiness once the StatefulSets are ready and a master is elected', async () => {
    for (const name of ['orders-cache', 'orders-cache-sentinel']) {
      api.put({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name, namespace: 'redis-prod', labels },
        spec: { replicas: 3 },
        status: { replicas: 3, readyReplicas: 3 },
      });
    }
    // The operator's status only: with our labels the apply would take it for a live instance.
    api.put({
      apiVersion: OPERATOR,
      kind: 'RedisReplication',
      metadata: { name: 'orders-cache', namespace: 'redis-prod' },
      status: { masterNode: 'orders-cache-0' },
    });
    const result = await redisFlavour(
      ...withKubeconfig('apply', writeOrder(sentinelOrder), '--wait'),
    );
    expect(result.stderr).toContain('orders-cache is ready');
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(
      'ready: pods ready 6/6 (orders-cache 3/3, orders-cache-sentinel 3/3)',
    );
  });

  it('with --wait --timeout exits 4 and says why the instance is not ready', async () => {
    const result = await redisFlavour(
      ...withKubeconfig(
        'apply',
        writeOrder(sentinelOrder),
        '--wait',
        '--timeout',
        '0.2',
      ),
    );
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(
      /redis-flavour: orders-cache was not ready after 0s: /,
    );
  });

  it('refuses a deploymentMode change without --force (exit 4, saying why), and applies it with --force', async () => {
    expect(
      (
        await redisFlavour(
          ...withKubeconfig('apply', writeOrder(sentinelOrder)),
        )
      ).status,
    ).toBe(0);
    const standalone = writeOrder(
      {
        name: 'orders-cache',
        root: { clusterModeEnabled: false },
        flavour: { namespace: 'redis-prod' },
      },
      'standalone.yaml',
    );
    const refused = await redisFlavour(...withKubeconfig('apply', standalone));
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('runs as sentinel (RedisReplication)');
    expect(refused.stderr).toContain('re-run with force');

    const forced = await redisFlavour(
      ...withKubeconfig('apply', standalone, '--force'),
    );
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('  created Redis redis-prod/orders-cache');
    expect(forced.stdout).toContain(
      '  pruned RedisSentinel redis-prod/orders-cache',
    );
  });

  it('exits 4 naming verb and resource when the API server forbids a request', async () => {
    api.fail({
      method: 'PATCH',
      path: /redissentinels/,
      status: 403,
      body: {
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message:
          'redissentinels.redis.redis.opstreelabs.in "orders-cache-sentinel" is forbidden',
      },
    });
    const result = await redisFlavour(
      ...withKubeconfig('apply', writeOrder(sentinelOrder)),
    );
    expect(result.status).toBe(4);
    expect(result.stderr).toContain(
      'redis-flavour: The API server rejected 1 of 3 objects in the dry run; nothing was applied',
    );
    expect(result.stderr).toContain(
      'may not patch redissentinels.redis.redis.opstreelabs.in',
    );
    expect(writes()).toEqual([]);
  });

  it('exits 1 for an invalid order and 2 for usage errors and unreadable kubeconfigs', async () => {
    const file = writeOrder(sentinelOrder);
    expect(
      (
        await redisFlavour(
          ...withKubeconfig(
            'apply',
            writeOrder({ name: 'Bad Name', flavour: {} }, 'bad.yaml'),
          ),
        )
      ).status,
    ).toBe(1);
    const noWait = await redisFlavour(
      ...withKubeconfig('apply', file, '--timeout', '5'),
    );
    expect(noWait).toMatchObject({ status: 2 });
    expect(noWait.stderr).toContain('--timeout needs --wait');
    const context = await redisFlavour(
      ...withKubeconfig('apply', file, '--context', 'prod'),
    );
    expect(context).toMatchObject({ status: 2 });
    expect(context.stderr).toContain('Context "prod" is not in the kubeconfig');
    const missing = await redisFlavour(
      'apply',
      file,
      '--kubeconfig',
      path.join(workDir, 'missing'),
    );
    expect(missing).toMatchObject({ status: 2 });
    expect(missing.stderr).toContain('cannot load the kubeconfig');
    expect(api.requests).toEqual([]);
  });
});
