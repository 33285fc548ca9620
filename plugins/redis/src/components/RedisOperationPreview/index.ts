// `ui:field: RedisOperationPreview` for both frontend systems: the dry run of a day-2 operation in its form.
import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { RedisOperationPreview } from './RedisOperationPreview';

/**
 * `ui:field: RedisOperationPreview` for `createScaffolderFieldExtension` (legacy apps).
 *
 * @public
 */
export const RedisOperationPreviewFieldExtensionOptions: FieldExtensionOptions<unknown> =
  {
    name: 'RedisOperationPreview',
    component: RedisOperationPreview,
  };

/**
 * `ui:field: RedisOperationPreview` for `FormFieldBlueprint` (new frontend system).
 *
 * @alpha
 */
export const redisOperationPreviewFormField = createFormField({
  name: 'RedisOperationPreview',
  component: RedisOperationPreview,
});
