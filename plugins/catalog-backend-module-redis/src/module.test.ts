import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
  type EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fakeOperatorApi } from './__testUtils__/fakeOperatorApi';
import catalogModuleRedis from './index';

const server = setupServer();
registerMswTestHooks(server);

/** The Kubernetes plugin's path at any host: mockServices.discovery's is `localhost:0`, whose `:0` msw would read as a parameter. */
const KUBERNETES_PLUGIN = '*/api/kubernetes';

/**
 * Backstage's Kubernetes plugin as the module reaches it: GET /clusters lists `clusterNames`, and
 * /proxy/* forwards a request with a plugin token to https://<Backstage-Kubernetes-Cluster>.test.
 */
function fakeKubernetesPlugin(...clusterNames: string[]) {
  return [
    http.get(`${KUBERNETES_PLUGIN}/clusters`, () =>
      HttpResponse.json({
        items: clusterNames.map(name => ({
          name,
          authProvider: 'serviceAccount',
        })),
      }),
    ),
    http.get(`${KUBERNETES_PLUGIN}/proxy/*`, ({ request }) => {
      const cluster = request.headers.get('backstage-kubernetes-cluster');
      if (
        !cluster ||
        !clusterNames.includes(cluster) ||
        !request.headers.get('authorization')?.startsWith('Bearer ')
      ) {
        return HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: `no cluster ${cluster}` },
          },
          { status: 404 },
        );
      }
      const url = new URL(request.url);
      const path = url.pathname.replace(/^\/api\/kubernetes\/proxy/, '');
      return fetch(`https://${cluster}.test${path}${url.search}`);
    }),
  ];
}

describe('catalogModuleRedis', () => {
  it('adds the Redis instance provider to the catalog, which schedules it and registers the instances at start', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler, ...fakeKubernetesPlugin('eks-prod'));
    prod.setResources([
      { kind: 'RedisReplication', namespace: 'redis', name: 'orders-cache' },
    ]);
    const providers: EntityProvider[] = [];
    let firstMutation!: (mutation: EntityProviderMutation) => void;
    const mutation = new Promise<EntityProviderMutation>(resolve => {
      firstMutation = resolve;
    });
    let scheduledTaskIds: string[] = [];
    // Stands in for the catalog: it takes the providers modules add and connects them, as the catalog does at start.
    const fakeCatalog = createBackendPlugin({
      pluginId: 'catalog',
      register(reg) {
        reg.registerExtensionPoint(catalogProcessingExtensionPoint, {
          addEntityProvider: (...added) => providers.push(...added.flat()),
          addProcessor: () => {},
          addPlaceholderResolver: () => {},
          setOnProcessingErrorHandler: () => {},
        });
        reg.registerInit({
          deps: { scheduler: coreServices.scheduler },
          async init({ scheduler }) {
            const connection = {
              applyMutation: async (m: EntityProviderMutation) =>
                firstMutation(m),
              refresh: async () => {},
            };
            for (const provider of providers)
              await provider.connect(connection);
            scheduledTaskIds = (await scheduler.getScheduledTasks()).map(
              task => task.id,
            );
          },
        });
      },
    });

    await startTestBackend({
      features: [
        fakeCatalog,
        catalogModuleRedis,
        // The scheduler must not run the task at startup: the first refresh the provider asks for at connect is under test.
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.discovery.factory(),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: { odinRedis: { defaultOwner: 'group:default/sre' } },
            },
          },
        }),
      ],
    });

    expect(providers.map(provider => provider.getProviderName())).toEqual([
      'RedisInstanceEntityProvider',
    ]);
    expect(scheduledTaskIds).toEqual(['RedisInstanceEntityProvider:refresh']);
    expect(await mutation).toMatchObject({
      type: 'full',
      entities: [
        {
          entity: {
            metadata: { name: 'orders-cache' },
            spec: { type: 'redis', owner: 'group:default/sre' },
          },
        },
      ],
    });
    // Reached through the Kubernetes plugin's proxy: no Kubernetes config of the module's own.
    expect(prod.lists.map(url => url.pathname).sort()).toEqual([
      '/apis/redis.redis.opstreelabs.in/v1beta2/redis',
      '/apis/redis.redis.opstreelabs.in/v1beta2/redisclusters',
      '/apis/redis.redis.opstreelabs.in/v1beta2/redisreplications',
    ]);
  });
});
