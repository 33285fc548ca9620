import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { redisInstanceAdminPermission } from '@odin/plugin-redis-common';
import { clusterAccessThroughKubernetesPlugin } from '@odin/plugin-redis-node';
import { createRedisApplyAction } from './actions/apply';
import { portalAccessFromConfig } from './actions/instanceInput';
import { createRedisRenderAction } from './actions/render';

/**
 * Adds the actions redis:render and redis:apply to the scaffolder, and `redis.instance.admin`, which
 * redis:apply checks, to the scaffolder's permissions.
 *
 * @public
 */
export const scaffolderModuleRedis = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'redis',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({
        scaffolder,
        discovery,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        config,
      }) {
        permissionsRegistry.addPermissions([redisInstanceAdminPermission]);
        const portal = portalAccessFromConfig(config);
        scaffolder.addActions(
          createRedisRenderAction({ portal }),
          createRedisApplyAction({
            clusters: clusterAccessThroughKubernetesPlugin({ discovery, auth }),
            catalog,
            permissions,
            auditor,
            auth,
            portal,
          }),
        );
      },
    });
  },
});
