import type { RedisHealth } from '@odin/plugin-redis-common';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { redisTranslationRef } from '../../translation';
import { StatusText } from './StatusText';
import { healthTone } from './StatusIcon';

export function HealthBadge(props: { health: RedisHealth }) {
  const { t } = useTranslationRef(redisTranslationRef);
  return (
    <StatusText tone={healthTone(props.health)} weight="bold">
      {t(`health.${props.health}`)}
    </StatusText>
  );
}
