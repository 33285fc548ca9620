import {
  EntityInfoCard,
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  getCompoundEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';
import {
  DEFAULT_REFRESH_INTERVAL_MS,
  useRedisStatus,
} from '../../hooks/useRedisStatus';
import { redisTranslationRef } from '../../translation';
import { RedisCardView } from './RedisCardView';

export interface RedisCardProps {
  /** How often the status is asked for while the browser tab is visible. */
  refreshIntervalMs?: number;
}

/** The entity page's Redis card: the summary of the instance the entity's annotation names. */
export function RedisCard(props: RedisCardProps) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { entity } = useEntity();
  if (!entity.metadata.annotations?.[REDIS_INSTANCE_ANNOTATION])
    return (
      <EntityInfoCard title={t('card.title')}>
        <MissingAnnotationEmptyState annotation={REDIS_INSTANCE_ANNOTATION} />
      </EntityInfoCard>
    );
  return (
    <RedisCardLoaded
      entityRef={getCompoundEntityRef(entity)}
      refreshIntervalMs={props.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS}
    />
  );
}

function RedisCardLoaded(props: {
  entityRef: CompoundEntityRef;
  refreshIntervalMs: number;
}) {
  const { value, updatedAt, error, loading, retry } = useRedisStatus(
    props.entityRef,
    props.refreshIntervalMs,
  );
  return (
    <RedisCardView
      status={value}
      updatedAt={updatedAt}
      error={error}
      loading={loading}
      onRetry={retry}
    />
  );
}
