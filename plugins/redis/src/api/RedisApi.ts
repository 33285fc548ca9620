import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { RedisStatus } from '@odin/plugin-redis-common';

/**
 * The Redis status API of `@odin/plugin-redis-backend`.
 *
 * @public
 */
export interface RedisApi {
  /** The status of the instance an entity's `odin.dev/redis-instance` annotation names. */
  getStatus(
    entity: CompoundEntityRef,
    options?: { signal?: AbortSignal },
  ): Promise<RedisStatus>;
}

/** @public */
export const redisApiRef = createApiRef<RedisApi>().with({
  id: 'plugin.redis.api',
  pluginId: 'redis',
});
