import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { clusterAccessFromConfig } from '@odin/plugin-redis-node';
import { createRedisApplyAction } from './actions/apply';
import { createRedisRenderAction } from './actions/render';

/** Adds the actions redis:render and redis:apply to the scaffolder. */
export const scaffolderModuleRedis = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'redis',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createRedisRenderAction(),
          createRedisApplyAction({ clusters: clusterAccessFromConfig(config) }),
        );
      },
    });
  },
});
