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
import { setupServer } from 'msw/node';
import {
  fakeOperatorApi,
  kubernetesConfig,
} from './__testUtils__/fakeOperatorApi';
import catalogModuleRedis from './index';

const server = setupServer();
registerMswTestHooks(server);

describe('catalogModuleRedis', () => {
  it('adds the Redis instance provider to the catalog, which schedules it and registers the instances at start', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
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
        // The scheduler must not run the task at startup: the provider's own first refresh is under test.
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            ...kubernetesConfig('eks-prod'),
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
  });
});
