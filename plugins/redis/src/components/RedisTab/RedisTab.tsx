import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';
import { useEntityRedisStatus } from '../../hooks/useEntityRedisStatus';
import { useReplicationLagHistory } from '../../hooks/useReplicationLagHistory';
import { isRedisAvailable } from '../../isRedisAvailable';
import { RedisTabView } from './RedisTabView';

export interface RedisTabProps {
  /** How often the status is asked for while the browser tab is visible. */
  refreshIntervalMs?: number;
}

/** The entity page's Redis tab: everything about the instance the entity's annotation names. */
export function RedisTab(props: RedisTabProps) {
  const { entity } = useEntity();
  if (!isRedisAvailable(entity))
    return (
      <MissingAnnotationEmptyState annotation={REDIS_INSTANCE_ANNOTATION} />
    );
  return (
    <RedisTabLoaded
      refreshIntervalMs={props.refreshIntervalMs}
      entityRef={stringifyEntityRef(entity)}
    />
  );
}

function RedisTabLoaded(props: RedisTabProps & { entityRef: string }) {
  const load = useEntityRedisStatus(props.refreshIntervalMs);
  const lagHistory = useReplicationLagHistory(load.status);
  return (
    <RedisTabView
      {...load}
      lagHistory={lagHistory}
      entityRef={props.entityRef}
    />
  );
}
