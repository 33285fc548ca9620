import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** Where a legacy app mounts `EntityRedisContent` (the entity page's Redis tab). */
export const rootRouteRef = createRouteRef({ id: 'redis' });

/**
 * A software template's page, where the Redis tab opens an operation's template prefilled. Bound to
 * the scaffolder's by default; without a scaffolder the tab offers no operations.
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'redis:scaffolder-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
