// Holds the field's value the way the scaffolder's form does, so tests can type and see the field react.
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { flavourSchema } from '@odin/plugin-redis-common';
import { useState } from 'react';
import { RedisOrderField } from '../RedisOrderField';
import type { FlavourValue } from '../schemaPaths';

export function OrderFieldHarness(props: {
  initial?: FlavourValue;
  steps?: Record<string, unknown>;
  onValue?(flavour: FlavourValue | undefined): void;
}) {
  const [flavour, setFlavour] = useState<FlavourValue | undefined>(
    props.initial,
  );
  const fieldProps = {
    formData: flavour,
    onChange: (next: FlavourValue | undefined) => {
      setFlavour(next);
      props.onValue?.(next);
    },
    schema: flavourSchema.properties.flavour,
    uiSchema: {},
    formContext: {
      formData: { name: 'orders-cache', ...props.steps, flavour },
    },
    rawErrors: [],
    required: false,
    disabled: false,
    readonly: false,
    idSchema: { $id: 'root_flavour' },
    name: 'flavour',
  } as unknown as FieldExtensionComponentProps<FlavourValue>;
  return <RedisOrderField {...fieldProps} />;
}
