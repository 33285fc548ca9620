// `ui:field: RedisOrder` for both frontend systems: one component, one validator, the schema's flavour part.
import { flavourSchema } from '@odin/plugin-redis-common';
import type {
  FieldExtensionOptions,
  FieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import type { FieldValidation } from '@rjsf/utils';
import { LazyRedisOrderField } from './LazyRedisOrderField';
import type { FlavourValue } from './schemaPaths';

export { redisOrderFormTranslationRef } from './translation';

/** Refuses Next while redis-common finds an error in the order; the validator loads with the first check. */
async function validation(
  flavour: FlavourValue,
  field: FieldValidation,
  context: { formData: unknown },
): Promise<void> {
  const { validateRedisOrder } = await import('./orderValidation');
  validateRedisOrder(flavour, field, context);
}

/**
 * What the field returns, for the template editor's field explorer. makeFieldSchema would need a zod copy
 * of the schema; this wraps the one JSON Schema the same way (the other members are type carriers).
 */
const schema = {
  schema: {
    returnValue: flavourSchema.properties.flavour,
  },
} as unknown as FieldSchema<FlavourValue, {}>;

/**
 * `ui:field: RedisOrder` for `createScaffolderFieldExtension` (legacy apps).
 *
 * @public
 */
export const RedisOrderFieldExtensionOptions: FieldExtensionOptions<
  FlavourValue,
  {}
> = {
  name: 'RedisOrder',
  component: LazyRedisOrderField,
  validation,
  schema: schema.schema,
};

/**
 * `ui:field: RedisOrder` for `FormFieldBlueprint` (new frontend system).
 *
 * @alpha
 */
export const redisOrderFormField = createFormField({
  name: 'RedisOrder',
  component: LazyRedisOrderField,
  validation,
  schema,
});
