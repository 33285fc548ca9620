import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  redisInstanceAdminPermission,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { clusterAccessThroughKubernetesPlugin } from '@odin/plugin-redis-node';
import { createRedisApplyAction } from './actions/apply';
import { portalAccessFromConfig } from './actions/instanceInput';
import { createRedisRenderAction } from './actions/render';
import { createRedisScaleAction } from './actions/scale';
import { createRedisTestFailoverAction } from './actions/testFailover';

/**
 * Adds the actions redis:render, redis:apply, redis:test-failover and redis:scale to the scaffolder, and the
 * permissions they check (`redis.instance.admin`, `redis.instance.update`) to the scaffolder's.
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
        permissionsRegistry.addPermissions([
          redisInstanceAdminPermission,
          redisInstanceUpdatePermission,
        ]);
        const portal = portalAccessFromConfig(config);
        const clusters = clusterAccessThroughKubernetesPlugin({
          discovery,
          auth,
        });
        scaffolder.addActions(
          createRedisRenderAction({ portal }),
          createRedisApplyAction({
            clusters,
            catalog,
            permissions,
            auditor,
            auth,
            portal,
          }),
          createRedisTestFailoverAction({
            clusters,
            catalog,
            permissions,
            auditor,
            auth,
          }),
          createRedisScaleAction({
            clusters,
            catalog,
            permissions,
            auditor,
            auth,
          }),
        );
      },
    });
  },
});
