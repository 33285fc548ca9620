// The order field's entry for both frontend systems: the form, preview and renderer load only when it shows.
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Skeleton } from '@backstage/ui';
import { lazy, Suspense } from 'react';
import type { FlavourValue } from './schemaPaths';

const RedisOrderField = lazy(() =>
  import('./RedisOrderField').then(m => ({ default: m.RedisOrderField })),
);

export function LazyRedisOrderField(
  props: FieldExtensionComponentProps<FlavourValue>,
) {
  return (
    <Suspense fallback={<Skeleton width="100%" height={320} />}>
      <RedisOrderField {...props} />
    </Suspense>
  );
}
