import {
  EntityInfoCard,
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { REDIS_INSTANCE_ANNOTATION } from '@odin/plugin-redis-common';
import { useEntityRedisStatus } from '../../hooks/useEntityRedisStatus';
import { isRedisAvailable } from '../../isRedisAvailable';
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
  if (!isRedisAvailable(entity))
    return (
      <EntityInfoCard title={t('card.title')}>
        <MissingAnnotationEmptyState annotation={REDIS_INSTANCE_ANNOTATION} />
      </EntityInfoCard>
    );
  return <RedisCardLoaded refreshIntervalMs={props.refreshIntervalMs} />;
}

function RedisCardLoaded(props: RedisCardProps) {
  return <RedisCardView {...useEntityRedisStatus(props.refreshIntervalMs)} />;
}
