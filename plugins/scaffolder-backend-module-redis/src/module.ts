import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  redisInstanceAdminPermission,
  redisInstanceDeletePermission,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { clusterAccessThroughKubernetesPlugin } from '@odin/plugin-redis-node';
import { createRedisApplyAction } from './actions/apply';
import { createRedisDeleteAction } from './actions/delete';
import { portalAccessFromConfig } from './actions/instanceInput';
import { createRedisRenderAction } from './actions/render';
import { createRedisResizeAction } from './actions/resize';
import { createRedisRestoreAction, restoreS3Options } from './actions/restore';
import { createRedisScaleAction } from './actions/scale';
import { createRedisRotatePasswordAction } from './actions/rotatePassword';
import { createRedisTestFailoverAction } from './actions/testFailover';

/**
 * Adds the order actions (redis:render, redis:apply) and the day-2 operations (redis:test-failover,
 * redis:scale, redis:delete, redis:restore, redis:rotate-password, redis:resize) to the scaffolder, and
 * the permissions they check (`redis.instance.admin`, `redis.instance.update`, `redis.instance.delete`)
 * to the scaffolder's.
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
          redisInstanceDeletePermission,
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
          createRedisDeleteAction({
            clusters,
            catalog,
            permissions,
            auditor,
            auth,
            s3: restoreS3Options(config),
          }),
          createRedisRestoreAction({
            clusters,
            catalog,
            permissions,
            auditor,
            auth,
            s3: restoreS3Options(config),
          }),
          createRedisRotatePasswordAction({
            clusters,
            catalog,
            permissions,
            auditor,
            auth,
          }),
          createRedisResizeAction({
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
