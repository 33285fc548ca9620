// The legacy frontend system's plugin and extensions; `./alpha` has the new system's.
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { RedisClient, redisApiRef, redisClientDeps } from './api';
import { RedisClusterPickerFieldExtensionOptions } from './components/RedisClusterPicker';
import { RedisOperationPreviewFieldExtensionOptions } from './components/RedisOperationPreview';
import { RedisOrderFieldExtensionOptions } from './components/RedisOrderField';
import { rootRouteRef, scaffolderTemplateRouteRef } from './routes';

/**
 * The Redis plugin for a legacy Backstage app.
 *
 * @public
 */
export const redisPlugin = createPlugin({
  id: 'redis',
  apis: [
    createApiFactory({
      api: redisApiRef,
      deps: redisClientDeps,
      factory: deps => new RedisClient(deps),
    }),
  ],
  routes: { entityContent: rootRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
});

/**
 * The Redis summary card for an entity's overview; show it only where `isRedisAvailable`.
 *
 * @public
 */
export const EntityRedisCard = redisPlugin.provide(
  createComponentExtension({
    name: 'EntityRedisCard',
    component: {
      lazy: () => import('./components/RedisCard').then(m => m.RedisCard),
    },
  }),
);

/**
 * The entity page's Redis tab; it explains the missing annotation on entities without one.
 *
 * @public
 */
export const EntityRedisContent = redisPlugin.provide(
  createRoutableExtension({
    name: 'EntityRedisContent',
    component: () => import('./Router').then(m => m.Router),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The order form's flavour field (`ui:field: RedisOrder`), for `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const RedisOrderFieldExtension = redisPlugin.provide(
  createScaffolderFieldExtension(RedisOrderFieldExtensionOptions),
);

/**
 * The order form's cluster field (`ui:field: RedisClusterPicker`), for `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const RedisClusterPickerFieldExtension = redisPlugin.provide(
  createScaffolderFieldExtension(RedisClusterPickerFieldExtensionOptions),
);

/**
 * The dry run of a day-2 operation in its form (`ui:field: RedisOperationPreview`), for `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const RedisOperationPreviewFieldExtension = redisPlugin.provide(
  createScaffolderFieldExtension(RedisOperationPreviewFieldExtensionOptions),
);
