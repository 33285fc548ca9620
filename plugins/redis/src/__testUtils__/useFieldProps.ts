import { useState } from 'react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * The props the scaffolder's form passes a custom field, the value held in state as the form holds
 * it, so a test can type and see the field react.
 */
export function useFieldProps<T>(options: {
  name: string;
  schema: object;
  initial?: T;
  onValue?(value: T | undefined): void;
  required?: boolean;
  /** The whole form's context, given the field's current value. */
  formContext?(value: T | undefined): object;
}): FieldExtensionComponentProps<T> {
  const [value, setValue] = useState<T | undefined>(options.initial);
  return {
    formData: value,
    onChange: (next: T | undefined) => {
      setValue(next);
      options.onValue?.(next);
    },
    schema: options.schema,
    uiSchema: {},
    formContext: options.formContext?.(value),
    rawErrors: [],
    required: options.required ?? false,
    disabled: false,
    readonly: false,
    idSchema: { $id: `root_${options.name}` },
    name: options.name,
  } as unknown as FieldExtensionComponentProps<T>;
}
