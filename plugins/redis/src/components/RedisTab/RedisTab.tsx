import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  getCompoundEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';
import { useReplicationLagHistory } from '../../hooks/useReplicationLagHistory';
import {
  DEFAULT_REFRESH_INTERVAL_MS,
  useRedisStatus,
} from '../../hooks/useRedisStatus';
import { RedisTabView } from './RedisTabView';

export interface RedisTabProps {
  /** How often the status is asked for while the browser tab is visible. */
  refreshIntervalMs?: number;
}

/** The entity page's Redis tab: everything about the instance the entity's annotation names. */
export function RedisTab(props: RedisTabProps) {
  const { entity } = useEntity();
  if (!entity.metadata.annotations?.[REDIS_INSTANCE_ANNOTATION])
    return (
      <MissingAnnotationEmptyState annotation={REDIS_INSTANCE_ANNOTATION} />
    );
  return (
    <RedisTabLoaded
      entityRef={getCompoundEntityRef(entity)}
      refreshIntervalMs={props.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS}
    />
  );
}

function RedisTabLoaded(props: {
  entityRef: CompoundEntityRef;
  refreshIntervalMs: number;
}) {
  const { value, updatedAt, error, loading, retry } = useRedisStatus(
    props.entityRef,
    props.refreshIntervalMs,
  );
  const lagHistory = useReplicationLagHistory(value);
  return (
    <RedisTabView
      status={value}
      updatedAt={updatedAt}
      error={error}
      loading={loading}
      onRetry={retry}
      lagHistory={lagHistory}
    />
  );
}
