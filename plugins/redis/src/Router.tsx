import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';
import { RedisTab } from './components/RedisTab';
import { isRedisAvailable } from './isRedisAvailable';

/** The legacy entity tab: the Redis tab, or how to annotate an entity that names no instance. */
export function Router(props: { refreshIntervalMs?: number }) {
  const { entity } = useEntity();
  if (!isRedisAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={REDIS_INSTANCE_ANNOTATION} />
    );
  }
  return <RedisTab refreshIntervalMs={props.refreshIntervalMs} />;
}
