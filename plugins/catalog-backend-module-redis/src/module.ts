import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { clusterAccessThroughKubernetesPlugin } from '@odin/plugin-redis-node';
import { readProviderConfig } from './providerConfig';
import { RedisInstanceEntityProvider } from './RedisInstanceEntityProvider';

/**
 * Adds the Redis instance entity provider to the catalog.
 *
 * @public
 */
export const catalogModuleRedis = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'redis',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        const { schedule, defaultOwner, namespaces } =
          readProviderConfig(config);
        catalog.addEntityProvider(
          new RedisInstanceEntityProvider({
            clusters: clusterAccessThroughKubernetesPlugin({ discovery, auth }),
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
            scheduler,
            logger,
            defaultOwner,
            namespaces,
          }),
        );
      },
    });
  },
});
