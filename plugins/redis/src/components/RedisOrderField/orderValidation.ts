// The order field's step validation: the scaffolder refuses Next while redis-common reports any error.
import { validateInstance } from '@odin/plugin-redis-common';
import type { FieldValidation } from '@rjsf/utils';
import { orderOf } from './orderPreview';
import { parsePointer } from '@odin/plugin-redis-common';

/** `/flavour/sentinel/quorum` as a person reads it: `sentinel.quorum` (root settings keep their prefix). */
export function readablePointer(pointer: string): string {
  const [document, ...rest] = parsePointer(pointer);
  if (document === undefined) return 'order';
  return (
    document === 'flavour' && rest.length > 0 ? rest : [document, ...rest]
  ).join('.');
}

/** Adds one error per validation error of the order made of this flavour and the other steps' values. */
export function validateRedisOrder(
  flavour: unknown,
  validation: FieldValidation,
  context: { formData?: unknown },
): void {
  const { errors } = validateInstance(orderOf(flavour, context.formData));
  for (const error of errors)
    validation.addError(`${readablePointer(error.pointer)}: ${error.message}`);
}
