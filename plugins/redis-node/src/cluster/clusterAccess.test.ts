import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeKubernetesApi,
  FAKE_API_SERVER,
  SERVED_RESOURCES,
} from '@internal/redis-test-utils/fakeKubernetesApi';
import { fakeCluster } from '../__testUtils__/fakeCluster';
import {
  clusterAccessFromKubeconfig,
  clusterAccessFromTokens,
} from './kubeconfigAccess';

const server = setupServer();
registerMswTestHooks(server);
afterEach(() => server.events.removeAllListeners());

const configMap = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'redis', labels },
});

/** The fake API server with namespace `redis`. */
function fakeApi() {
  const api = createFakeKubernetesApi();
  server.use(api.handler);
  api.addNamespace('redis');
  return api;
}

describe('createKubernetesCluster', () => {
  it('lists by label selector, one page of up to 500, with the bearer token', async () => {
    const api = fakeApi();
    api.put(configMap('a', { app: 'x' }));
    api.put(configMap('b', { app: 'y' }));
    const authorizations: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      authorizations.push(request.headers.get('authorization'));
    });

    const items = await fakeCluster().list({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'redis',
      labelSelector: 'app=x',
    });

    expect(items.map(item => item.metadata?.name)).toEqual(['a']);
    expect(authorizations).toEqual(['Bearer test-token']);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0].path).toBe('/api/v1/namespaces/redis/configmaps');
    expect(Object.fromEntries(api.requests[0].query)).toEqual({
      labelSelector: 'app=x',
      limit: '500',
    });
  });

  it('follows continue tokens until the last page', async () => {
    const pages = [
      { items: [{ metadata: { name: 'a' } }], metadata: { continue: 'next' } },
      { items: [{ metadata: { name: 'b' } }], metadata: {} },
    ];
    server.use(
      http.get(
        `${FAKE_API_SERVER}/api/v1/namespaces/redis/configmaps`,
        ({ request }) => {
          const page =
            new URL(request.url).searchParams.get('continue') === 'next'
              ? pages[1]
              : pages[0];
          return HttpResponse.json({
            kind: 'ConfigMapList',
            apiVersion: 'v1',
            ...page,
          });
        },
      ),
    );
    const items = await fakeCluster().list({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'redis',
    });
    expect(items.map(item => item.metadata?.name)).toEqual(['a', 'b']);
  });

  it('sends objects exactly as given and returns them as the server wrote them, fields typed models rename or lack included', async () => {
    const api = createFakeKubernetesApi({
      served: {
        ...SERVED_RESOURCES,
        v1: [
          ...SERVED_RESOURCES.v1,
          { kind: 'LimitRange', plural: 'limitranges', namespaced: true },
        ],
      },
    });
    server.use(api.handler);
    api.addNamespace('redis');
    const labels = { app: 'x' };
    // client-node's typed models spell `from` as `_from` and `default` as `_default`, and know no `futureField`.
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'redis', labels },
      spec: {
        podSelector: {},
        ingress: [
          { from: [{ namespaceSelector: {} }], ports: [{ port: 6379 }] },
        ],
        futureField: 'kept',
      },
    };
    const limits = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'l', namespace: 'redis', labels },
      spec: { limits: [{ type: 'Container', default: { cpu: '1' } }] },
    };
    const cluster = fakeCluster();

    const applied = await cluster.apply(policy, { fieldManager: 'test' });
    const created = await cluster.create(limits, { fieldManager: 'test' });

    const sent = api.requests.filter(r => r.method !== 'GET');
    expect(sent.map(r => r.body)).toEqual([policy, limits]);
    expect(applied).toMatchObject(policy);
    expect(created).toMatchObject(limits);
    const read = [
      await cluster.get(policy),
      ...(await cluster.list({
        apiVersion: 'v1',
        kind: 'LimitRange',
        namespace: 'redis',
        labelSelector: 'app=x',
      })),
    ];
    expect(read).toMatchObject([policy, limits]);
    expect(JSON.stringify([applied, created, read])).not.toMatch(/"_/);
    // Timestamps stay the strings the server wrote, not Dates.
    expect(read[0]?.metadata?.creationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('applies with the apply content type and its field manager, force and dryRun as asked', async () => {
    const api = fakeApi();
    const cluster = fakeCluster();

    await cluster.apply(configMap('a'), {
      fieldManager: 'odin-redis',
      dryRun: true,
      force: true,
    });
    await cluster.apply(configMap('a'), { fieldManager: 'odin-redis' });

    expect(
      api.requests.map(r => ({
        method: r.method,
        path: r.path,
        query: Object.fromEntries(r.query),
        contentType: r.contentType,
      })),
    ).toEqual([
      {
        method: 'PATCH',
        path: '/api/v1/namespaces/redis/configmaps/a',
        query: { fieldManager: 'odin-redis', dryRun: 'All', force: 'true' },
        contentType: 'application/apply-patch+yaml',
      },
      {
        method: 'PATCH',
        path: '/api/v1/namespaces/redis/configmaps/a',
        query: { fieldManager: 'odin-redis' },
        contentType: 'application/apply-patch+yaml',
      },
    ]);
  });

  it('reads an object, undefined when it does not exist, and a NotFoundError for a kind the cluster does not serve', async () => {
    const { 'monitoring.coreos.com/v1': _monitoring, ...withoutPrometheus } =
      SERVED_RESOURCES;
    const api = createFakeKubernetesApi({ served: withoutPrometheus });
    server.use(api.handler);
    api.addNamespace('redis');
    api.put(configMap('a'));
    const cluster = fakeCluster();

    await expect(cluster.get(configMap('a'))).resolves.toMatchObject({
      metadata: { name: 'a', resourceVersion: '1' },
    });
    await expect(cluster.get(configMap('missing'))).resolves.toBeUndefined();
    const unserved = cluster.get({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'redis.orders-cache', namespace: 'redis' },
    });
    await expect(unserved).rejects.toBeInstanceOf(NotFoundError);
    await expect(unserved).rejects.toThrow(
      'Cluster "test" does not serve ServiceMonitor (monitoring.coreos.com/v1); install the Prometheus Operator CRDs',
    );
  });

  it('creates an object once: one that exists already is a ConflictError', async () => {
    fakeApi();
    const cluster = fakeCluster();
    await cluster.create(configMap('a'), { fieldManager: 'odin-redis' });
    await expect(
      cluster.create(configMap('a'), { fieldManager: 'odin-redis' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('updates with a PUT of the object exactly as given, once: a stale resourceVersion is a ConflictError, never retried', async () => {
    const sent: { path: string; query: string; type: string | null }[] = [];
    const bodies: unknown[] = [];
    server.use(
      http.put(
        `${FAKE_API_SERVER}/api/v1/namespaces/redis/configmaps/a`,
        async ({ request }) => {
          const url = new URL(request.url);
          sent.push({
            path: url.pathname,
            query: url.search,
            type: request.headers.get('content-type'),
          });
          const body = (await request.json()) as {
            metadata: { resourceVersion?: string };
          };
          bodies.push(body);
          if (body.metadata.resourceVersion !== '7') {
            return HttpResponse.json(
              {
                kind: 'Status',
                apiVersion: 'v1',
                status: 'Failure',
                reason: 'Conflict',
                code: 409,
                message:
                  'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
              },
              { status: 409 },
            );
          }
          return HttpResponse.json({
            ...body,
            metadata: { ...body.metadata, resourceVersion: '8' },
          });
        },
      ),
    );
    const cluster = fakeCluster({
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const current = {
      ...configMap('a'),
      metadata: { ...configMap('a').metadata, resourceVersion: '7' },
      data: { k: 'v' },
    };

    const updated = await cluster.update(current, {
      fieldManager: 'odin-redis',
    });
    const stale = cluster.update(
      { ...current, metadata: { ...current.metadata, resourceVersion: '6' } },
      { fieldManager: 'odin-redis' },
    );

    expect(updated.metadata?.resourceVersion).toBe('8');
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toThrow(
      'Conflict on ConfigMap "a" in namespace "redis" on cluster "test": Operation cannot be fulfilled',
    );
    expect(bodies[0]).toEqual(current);
    expect(sent).toEqual([
      {
        path: '/api/v1/namespaces/redis/configmaps/a',
        query: '?fieldManager=odin-redis',
        type: 'application/json',
      },
      {
        path: '/api/v1/namespaces/redis/configmaps/a',
        query: '?fieldManager=odin-redis',
        type: 'application/json',
      },
    ]);
  });

  it('deletes for real or as a dry run, and answers false for an object already gone', async () => {
    const api = fakeApi();
    api.put(configMap('a'));
    const cluster = fakeCluster();

    await expect(
      cluster.delete(configMap('a'), { dryRun: true }),
    ).resolves.toBe(true);
    expect(api.get('v1', 'ConfigMap', 'redis', 'a')).toBeDefined();
    await expect(cluster.delete(configMap('a'))).resolves.toBe(true);
    await expect(cluster.delete(configMap('a'))).resolves.toBe(false);

    expect(api.get('v1', 'ConfigMap', 'redis', 'a')).toBeUndefined();
    expect(api.requests.map(r => r.query.get('dryRun'))).toEqual([
      'All',
      null,
      null,
    ]);
  });

  it('retries a read and an apply on 503, never a create', async () => {
    const api = fakeApi();
    const cluster = fakeCluster({
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const unavailable = (method: string) => ({
      method,
      path: /configmaps/,
      status: 503,
      body: { kind: 'Status', code: 503, message: 'etcd is restarting' },
      times: 1,
    });

    api.fail(unavailable('PATCH'));
    await cluster.apply(configMap('a'), { fieldManager: 'odin-redis' });
    api.fail(unavailable('GET'));
    await expect(cluster.get(configMap('a'))).resolves.toBeDefined();
    api.fail(unavailable('POST'));
    await expect(
      cluster.create(configMap('b'), { fieldManager: 'odin-redis' }),
    ).rejects.toThrow(ServiceUnavailableError);

    expect(api.requests.map(r => r.method)).toEqual([
      'PATCH',
      'PATCH',
      'GET',
      'GET',
      'POST',
    ]);
  });

  it('reports an API server that does not answer as unreachable, not as a kind it does not serve', async () => {
    // Accepts each connection and drops it before a byte of TLS is exchanged.
    const dropping = net.createServer(socket => socket.destroy());
    await new Promise<void>(resolve =>
      dropping.listen(0, '127.0.0.1', resolve),
    );
    const { port } = dropping.address() as net.AddressInfo;
    const url = `https://127.0.0.1:${port}`;
    server.use(http.all(`${url}/*`, () => passthrough()));
    const cluster = await clusterAccessFromTokens([
      { name: 'silent', server: url, token: 'test-token', skipTLSVerify: true },
    ]).getCluster();

    const failure = cluster.list({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'redis',
    });

    try {
      await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(failure).rejects.toThrow(
        new RegExp(
          `^Cannot reach the API server of cluster "silent" at ${url}: ECONNRESET: `,
        ),
      );
    } finally {
      await new Promise(resolve => dropping.close(resolve));
    }
  });

  it('names the refused connection of a closed port', async () => {
    const closed = net.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const url = `https://127.0.0.1:${port}`;
    server.use(http.all(`${url}/*`, () => passthrough()));
    const cluster = await clusterAccessFromTokens([
      { name: 'down', server: url, token: 'test-token', skipTLSVerify: true },
    ]).getCluster('down');

    const failure = cluster.apply(configMap('orders-cache-config'), {
      fieldManager: 'odin-redis',
    });

    await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(failure).rejects.toThrow(
      `Cannot reach the API server of cluster "down" at ${url}: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});

describe('clusterAccessFromKubeconfig', () => {
  const kubeconfig = `
apiVersion: v1
kind: Config
clusters:
  - name: one
    cluster: { server: 'https://one.test', insecure-skip-tls-verify: true }
  - name: two
    cluster: { server: 'https://two.test' }
users:
  - name: admin
    user: { token: abc }
  - name: viewer
    user: { token: def }
contexts:
  - name: ctx-one
    context: { cluster: one, user: admin }
  - name: ctx-two
    context: { cluster: two, user: viewer, namespace: redis }
current-context: ctx-one
`;
  let file: string;
  beforeAll(() => {
    file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-')),
      'config',
    );
    fs.writeFileSync(file, kubeconfig);
  });

  it('makes one cluster per context, named after it, and defaults to the current context', async () => {
    const access = clusterAccessFromKubeconfig({ path: file });
    await expect(access.listClusters()).resolves.toEqual([
      { name: 'ctx-one' },
      { name: 'ctx-two' },
    ]);
    await expect(access.getCluster()).resolves.toMatchObject({
      name: 'ctx-one',
      server: 'https://one.test',
    });
    await expect(access.getCluster('ctx-two')).resolves.toMatchObject({
      name: 'ctx-two',
      server: 'https://two.test',
    });
  });

  it("sends each context's requests to its server with its user's token", async () => {
    const seen: string[] = [];
    for (const host of ['https://one.test', 'https://two.test']) {
      server.use(
        http.get(
          `${host}/api/v1/namespaces/redis/configmaps/a`,
          ({ request }) => {
            seen.push(`${host} ${request.headers.get('authorization')}`);
            return HttpResponse.json(configMap('a'));
          },
        ),
      );
    }
    const access = clusterAccessFromKubeconfig({ path: file });

    await (await access.getCluster('ctx-two')).get(configMap('a'));
    await (await access.getCluster()).get(configMap('a'));

    expect(seen).toEqual([
      'https://two.test Bearer def',
      'https://one.test Bearer abc',
    ]);
  });

  it('honours an explicit context and rejects an unknown one', async () => {
    await expect(
      clusterAccessFromKubeconfig({ path: file, context: 'ctx-two' })
        .getCluster()
        .then(cluster => cluster.name),
    ).resolves.toBe('ctx-two');
    expect(() =>
      clusterAccessFromKubeconfig({ path: file, context: 'nope' }),
    ).toThrow(
      'Context "nope" is not in the kubeconfig; contexts: ctx-one, ctx-two',
    );
    const unknown = clusterAccessFromKubeconfig({ path: file }).getCluster(
      'nope',
    );
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    await expect(unknown).rejects.toThrow(
      'Context "nope" is not in the kubeconfig; contexts: ctx-one, ctx-two',
    );
  });
});

describe('clusterAccessFromTokens', () => {
  it('names each cluster as given, and makes the only one the default', async () => {
    const api = fakeApi();
    api.put(configMap('a'));
    const access = clusterAccessFromTokens([
      { name: 'eks-prod', server: FAKE_API_SERVER, token: 'prod-token' },
    ]);
    let authorization: string | null = null;
    server.events.on('request:start', ({ request }) => {
      authorization = request.headers.get('authorization');
    });

    await expect(access.listClusters()).resolves.toEqual([
      { name: 'eks-prod' },
    ]);
    const cluster = await access.getCluster();
    expect(cluster.name).toBe('eks-prod');
    await expect(cluster.get(configMap('a'))).resolves.toBeDefined();
    expect(authorization).toBe('Bearer prod-token');
  });

  it('asks for a name when there are several', async () => {
    const access = clusterAccessFromTokens([
      { name: 'a', server: FAKE_API_SERVER, token: 't' },
      { name: 'b', server: FAKE_API_SERVER, token: 't' },
    ]);
    await expect(access.getCluster()).rejects.toThrow(
      'Name a cluster: one of a, b',
    );
  });
});
