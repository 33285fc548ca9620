import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { clusterAccessThroughKubernetesPlugin } from '@odin/plugin-redis-node';
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
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createRedisRenderAction(),
          createRedisApplyAction({
            clusters: clusterAccessThroughKubernetesPlugin({ discovery, auth }),
          }),
        );
      },
    });
  },
});
