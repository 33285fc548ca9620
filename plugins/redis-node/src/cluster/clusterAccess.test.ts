import { ConfigReader } from '@backstage/config';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeKubernetesApi,
  fakeClusterConfig,
  FAKE_API_SERVER,
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
