import { ConfigReader } from '@backstage/config';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeKubernetesApi,
  fakeClusterConfig,
  FAKE_API_SERVER,
  SERVED_RESOURCES,
} from '../__testUtils__/fakeKubernetesApi';
import {
  clusterAccessFromConfig,
  clusterAccessFromKubeconfig,
  IN_CLUSTER_TOKEN_FILE,
} from './clusterAccess';

const server = setupServer();
registerMswTestHooks(server);

describe('clusterAccessFromConfig', () => {
  it('reads config clusters with a service account token and lists by label selector with the token', async () => {
    const api = createFakeKubernetesApi();
    server.use(api.handler);
    api.addNamespace('redis');
    api.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'redis', labels: { app: 'x' } },
    });
    api.put({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'b', namespace: 'redis', labels: { app: 'y' } },
    });
    let authorization: string | null = null;
    server.events.on('request:start', ({ request }) => {
      authorization = request.headers.get('authorization');
    });

    const access = clusterAccessFromConfig(new ConfigReader(fakeClusterConfig));
    expect(access.clusterNames()).toEqual(['test']);
    const cluster = access.getCluster('test');
    const items = await cluster.list({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'redis',
      labelSelector: 'app=x',
    });

    expect(items.map(item => item.metadata?.name)).toEqual(['a']);
    expect(authorization).toBe('Bearer test-token');
    const list = api.requests.find(
      r => r.path === '/api/v1/namespaces/redis/configmaps',
    )!;
    expect(list.query.get('labelSelector')).toBe('app=x');
  });

  it('follows continue tokens until the last page', async () => {
    const pages = [
      { items: [{ metadata: { name: 'a' } }], metadata: { continue: 'next' } },
      { items: [{ metadata: { name: 'b' } }], metadata: {} },
    ];
    const api = createFakeKubernetesApi();
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
      api.handler,
    );
    const cluster = clusterAccessFromConfig(
      new ConfigReader(fakeClusterConfig),
    ).getCluster();
    const items = await cluster.list({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'redis',
    });
    expect(items.map(item => item.metadata?.name)).toEqual(['a', 'b']);
  });

  it('sends objects exactly as given and returns them as the server wrote them, fields the typed models rename or lack included', async () => {
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
    // The typed models spell `from` as `_from` and `default` as `_default`, and know no `futureField`.
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
    const cluster = clusterAccessFromConfig(
      new ConfigReader(fakeClusterConfig),
    ).getCluster();

    const applied = await cluster.apply(policy, { fieldManager: 'test' });
    const created = await cluster.create(limits, { fieldManager: 'test' });

    const sent = api.requests.filter(r => r.method !== 'GET');
    expect(sent.map(r => r.body)).toEqual([policy, limits]);
    expect(applied).toMatchObject(policy);
    expect(created).toMatchObject(limits);
    const listed = [
      ...(await cluster.list({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        namespace: 'redis',
        labelSelector: 'app=x',
      })),
      ...(await cluster.list({
        apiVersion: 'v1',
        kind: 'LimitRange',
        namespace: 'redis',
        labelSelector: 'app=x',
      })),
    ];
    expect(listed).toMatchObject([policy, limits]);
    expect(JSON.stringify([applied, created, listed])).not.toMatch(/"_/);
    // Timestamps stay the strings the server wrote, not Dates.
    expect(listed[0].metadata?.creationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('reports an API server that does not answer as unreachable, not as a kind it does not serve', async () => {
    server.use(http.all(`${FAKE_API_SERVER}/*`, () => HttpResponse.error()));
    const cluster = clusterAccessFromConfig(
      new ConfigReader(fakeClusterConfig),
    ).getCluster('test');

    const failure = cluster.list({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'redis',
    });

    await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(failure).rejects.toThrow(
      'Cannot reach the API server of cluster "test" at https://k8s.test: Network error',
    );
  });

  it('names the refused connection of a closed port', async () => {
    const closed = net.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const url = `https://127.0.0.1:${port}`;
    server.use(http.all(`${url}/*`, () => passthrough()));
    const cluster = clusterAccessFromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'down',
                  url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'test-token',
                  skipTLSVerify: true,
                },
              ],
            },
          ],
        },
      }),
    ).getCluster('down');

    const failure = cluster.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'orders-cache-config', namespace: 'redis' },
      },
      { fieldManager: 'odin-redis' },
    );

    await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(failure).rejects.toThrow(
      `Cannot reach the API server of cluster "down" at ${url}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('uses the pod token file when no token is configured', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'eks',
                url: 'https://eks.test',
                authProvider: 'serviceAccount',
                caData: 'Q0E=',
              },
            ],
          },
        ],
      },
    });
    const cluster = clusterAccessFromConfig(config).getCluster('eks');
    expect(cluster.kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://eks.test',
      caData: 'Q0E=',
      skipTLSVerify: false,
    });
    expect(cluster.kubeConfig.getCurrentUser()?.authProvider).toEqual({
      name: 'tokenFile',
      config: { tokenFile: IN_CLUSTER_TOKEN_FILE },
    });
  });

  it('names the known clusters when asked for an unknown one, and refuses other auth providers', () => {
    const access = clusterAccessFromConfig(new ConfigReader(fakeClusterConfig));
    expect(() => access.getCluster('prod')).toThrow(
      'Kubernetes cluster "prod" is not configured; known clusters: test',
    );
    const google = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [{ name: 'g', url: 'https://g', authProvider: 'google' }],
          },
        ],
      },
    });
    expect(() => clusterAccessFromConfig(google)).toThrow(
      'authProvider "google"',
    );
  });

  it('has no clusters without a kubernetes block', () => {
    const access = clusterAccessFromConfig(new ConfigReader({}));
    expect(access.clusterNames()).toEqual([]);
    expect(() => access.getCluster()).toThrow('none is configured');
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
contexts:
  - name: ctx-one
    context: { cluster: one, user: admin }
  - name: ctx-two
    context: { cluster: two, user: admin, namespace: redis }
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

  it('makes one cluster per context and defaults to the current context', () => {
    const access = clusterAccessFromKubeconfig({ path: file });
    expect(access.clusterNames()).toEqual(['ctx-one', 'ctx-two']);
    expect(access.getCluster().kubeConfig.getCurrentCluster()?.server).toBe(
      'https://one.test',
    );
    expect(
      access.getCluster('ctx-two').kubeConfig.getCurrentCluster()?.server,
    ).toBe('https://two.test');
  });

  it('honours an explicit context and rejects an unknown one', () => {
    expect(
      clusterAccessFromKubeconfig({
        path: file,
        context: 'ctx-two',
      }).getCluster().name,
    ).toBe('ctx-two');
    expect(() =>
      clusterAccessFromKubeconfig({ path: file, context: 'nope' }),
    ).toThrow(
      'Context "nope" is not in the kubeconfig; contexts: ctx-one, ctx-two',
    );
  });
});
