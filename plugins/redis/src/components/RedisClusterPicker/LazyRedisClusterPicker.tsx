// The cluster picker's entry for both frontend systems; the Kubernetes client loads only when it shows.
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Skeleton } from '@backstage/ui';
import { lazy, Suspense } from 'react';

const RedisClusterPicker = lazy(() =>
  import('./RedisClusterPicker').then(m => ({ default: m.RedisClusterPicker })),
);

export function LazyRedisClusterPicker(
  props: FieldExtensionComponentProps<string>,
) {
  return (
    <Suspense fallback={<Skeleton width="100%" height={56} />}>
      <RedisClusterPicker {...props} />
    </Suspense>
  );
}
