import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { redisPermissions } from '@odin/plugin-redis-common';
import { clusterAccessThroughKubernetesPlugin } from '@odin/plugin-redis-node';
import { createRouter } from './router';
import { readStatusSettings } from './settings';
import { BackupStore } from '@odin/plugin-redis-node';
import { KubernetesReader } from './services/KubernetesReader/KubernetesReader';
import { RedisProbe } from './services/RedisProbe/RedisProbe';
import { StatusService } from './services/StatusService/StatusService';

/**
 * The status API of Redis instances, `GET /api/redis/entities/:kind/:namespace/:name/status`, and the
 * dry runs of day-2 operations their forms show, `POST .../operations/:operation/dry-run`.
 *
 * @public
 */
export const redisPlugin = createBackendPlugin({
  pluginId: 'redis',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        discovery,
        auth,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        const settings = readStatusSettings(config);
        permissionsRegistry.addPermissions(redisPermissions);
        const clusters = clusterAccessThroughKubernetesPlugin({
          discovery,
          auth,
        });
        const statusService = new StatusService({
          kubernetes: new KubernetesReader(
            clusters,
            settings.kubernetesTimeoutMs,
          ),
          redisProbe: new RedisProbe(settings.redis),
          backupStore: new BackupStore(settings.s3),
          logger,
          cache,
          cacheTtlMs: settings.cacheTtlMs,
          staleGraceMs: settings.backupGraceMs,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            statusService,
            clusters,
            s3: settings.s3,
          }),
        );
      },
    });
  },
});

export default redisPlugin;
