import type { Entity } from '@backstage/catalog-model';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';

/**
 * True when the entity names a Redis instance (`odin.dev/redis-instance`), for a legacy app's
 * `EntitySwitch.Case if=` and `EntityLayout.Route if=`.
 *
 * @public
 */
export function isRedisAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[REDIS_INSTANCE_ANNOTATION]);
}
