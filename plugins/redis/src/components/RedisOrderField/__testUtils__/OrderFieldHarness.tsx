// Holds the field's value the way the scaffolder's form does, so tests can type and see the field react.
import { flavourSchema } from '@odin/plugin-redis-common';
import { useFieldProps } from '../../../__testUtils__/useFieldProps';
import { RedisOrderField } from '../RedisOrderField';
import type { FlavourValue } from '../schemaPaths';

export function OrderFieldHarness(props: {
  initial?: FlavourValue;
  steps?: Record<string, unknown>;
  onValue?(flavour: FlavourValue | undefined): void;
}) {
  const fieldProps = useFieldProps<FlavourValue>({
    name: 'flavour',
    schema: flavourSchema.properties.flavour,
    initial: props.initial,
    onValue: props.onValue,
    formContext: flavour => ({
      formData: { name: 'orders-cache', ...props.steps, flavour },
    }),
  });
  return <RedisOrderField {...fieldProps} />;
}
