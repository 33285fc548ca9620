import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { OperationDryRun, RedisStatus } from '@odin/plugin-redis-common';

/**
 * The Redis status API of `@odin/plugin-redis-backend`.
 *
 * @public
 */
export interface RedisApi {
  /**
   * The status of the instance an entity's `odin.dev/redis-instance` annotation names. `cluster`
   * is its `odin.dev/redis-cluster`: when that cluster takes only the user's own token (oidc,
   * google, aks), the user's token for it goes along, so the status is read on their behalf.
   */
  getStatus(
    entity: CompoundEntityRef,
    options?: { signal?: AbortSignal; cluster?: string },
  ): Promise<RedisStatus>;

  /**
   * What a day-2 operation (e.g. `scale`) with `input` would change: the server dry run its action
   * makes, on the user's behalf and under the permission the action checks. Nothing is written.
   */
  dryRunOperation(
    entity: CompoundEntityRef,
    operation: string,
    input: Record<string, unknown>,
    options?: { signal?: AbortSignal; cluster?: string },
  ): Promise<OperationDryRun>;
}

/** @public */
export const redisApiRef = createApiRef<RedisApi>().with({
  id: 'plugin.redis.api',
  pluginId: 'redis',
});
