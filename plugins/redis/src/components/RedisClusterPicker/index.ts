// `ui:field: RedisClusterPicker` for both frontend systems: one component and one validator.
import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { LazyRedisClusterPicker } from './LazyRedisClusterPicker';
import { validateClusterName } from './validateClusterName';

/**
 * `ui:field: RedisClusterPicker` for `createScaffolderFieldExtension` (legacy apps).
 *
 * @public
 */
export const RedisClusterPickerFieldExtensionOptions: FieldExtensionOptions<string> =
  {
    name: 'RedisClusterPicker',
    component: LazyRedisClusterPicker,
    validation: validateClusterName,
  };

/**
 * `ui:field: RedisClusterPicker` for `FormFieldBlueprint` (new frontend system).
 *
 * @alpha
 */
export const redisClusterPickerFormField = createFormField({
  name: 'RedisClusterPicker',
  component: LazyRedisClusterPicker,
  validation: validateClusterName,
});
