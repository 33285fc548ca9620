// The new frontend system's plugin: the API, the entity card and tab, and the order form's fields.
import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';
import { z } from 'zod';
import { RedisClient, redisApiRef, redisClientDeps } from './api';
import { scaffolderTemplateRouteRef } from './routes';

/** Entities that name their instance; string filters are deprecated at 1.55. */
const redisInstanceFilter = {
  [`metadata.annotations.${REDIS_INSTANCE_ANNOTATION}`]: { $exists: true },
};

/** `app.extensions` config shared by the card and the tab; the components' default applies when unset. */
const refreshConfigSchema = {
  refreshIntervalMs: z.number().int().min(1000).optional(),
};

const redisApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: redisApiRef,
      deps: redisClientDeps,
      factory: deps => new RedisClient(deps),
    }),
});

/** The summary card on the entity's overview: `entity-card:redis/status`. */
const entityRedisCard = EntityCardBlueprint.makeWithOverrides({
  name: 'status',
  configSchema: refreshConfigSchema,
  factory(originalFactory, { config }) {
    return originalFactory({
      type: 'info',
      filter: redisInstanceFilter,
      loader: () =>
        import('./components/RedisCard').then(m => (
          <m.RedisCard refreshIntervalMs={config.refreshIntervalMs} />
        )),
    });
  },
});

/** The entity page's "Redis" tab: `entity-content:redis/redis`. */
const entityRedisContent = EntityContentBlueprint.makeWithOverrides({
  name: 'redis',
  configSchema: refreshConfigSchema,
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/redis',
      title: 'Redis',
      group: 'observability',
      filter: redisInstanceFilter,
      loader: () =>
        import('./components/RedisTab').then(m => (
          <m.RedisTab refreshIntervalMs={config.refreshIntervalMs} />
        )),
    });
  },
});

/** `ui:field: RedisOrder`, the order's flavour step: `scaffolder-form-field:redis/order`. */
const redisOrderField = FormFieldBlueprint.make({
  name: 'order',
  params: {
    field: () =>
      import('./components/RedisOrderField').then(m => m.redisOrderFormField),
  },
});

/** `ui:field: RedisClusterPicker`: `scaffolder-form-field:redis/cluster-picker`. */
const redisClusterPickerField = FormFieldBlueprint.make({
  name: 'cluster-picker',
  params: {
    field: () =>
      import('./components/RedisClusterPicker').then(
        m => m.redisClusterPickerFormField,
      ),
  },
});

/** `ui:field: RedisOperationPreview`: `scaffolder-form-field:redis/operation-preview`. */
const redisOperationPreviewField = FormFieldBlueprint.make({
  name: 'operation-preview',
  params: {
    field: () =>
      import('./components/RedisOperationPreview').then(
        m => m.redisOperationPreviewFormField,
      ),
  },
});

/**
 * The Redis plugin for the new frontend system.
 *
 * @alpha
 */
export default /** @alpha */
createFrontendPlugin({
  pluginId: 'redis',
  title: 'Redis',
  info: { packageJson: () => import('../package.json') },
  // `redis.scaffolderTemplate`, bound to `scaffolder.selectedTemplate` unless the app binds it elsewhere.
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  extensions: [
    redisApi,
    entityRedisCard,
    entityRedisContent,
    redisOrderField,
    redisClusterPickerField,
    redisOperationPreviewField,
  ],
});
