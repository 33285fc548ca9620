import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  REDIS_CLUSTER_ANNOTATION,
  type RedisStatus,
} from '@odin/plugin-redis-common';
import { DEFAULT_REFRESH_INTERVAL_MS, useRedisStatus } from './useRedisStatus';

/** A status load as the card's and the tab's views take it. */
export interface RedisStatusLoad {
  status?: RedisStatus;
  updatedAt?: Date;
  error?: Error;
  loading: boolean;
  onRetry?: () => void;
}

/**
 * The status of the instance the current entity names, refreshed as `useRedisStatus` does. Only for
 * entities that name one (`isRedisAvailable`): any other would be asked for in vain.
 */
export function useEntityRedisStatus(
  refreshIntervalMs: number = DEFAULT_REFRESH_INTERVAL_MS,
): RedisStatusLoad {
  const { entity } = useEntity();
  const { value, updatedAt, error, loading, retry } = useRedisStatus(
    getCompoundEntityRef(entity),
    refreshIntervalMs,
    entity.metadata.annotations?.[REDIS_CLUSTER_ANNOTATION],
  );
  return { status: value, updatedAt, error, loading, onRetry: retry };
}
