import type { ReactNode } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RedisStatus } from '@odin/plugin-redis-common';
import type { RedisStatusLoad } from '../../hooks/useEntityRedisStatus';
import { redisTranslationRef } from '../../translation';
import { LoadErrorPanel } from './LoadErrorPanel';
import { RefreshNotice } from './RefreshNotice';

/**
 * What the card and the tab show of a status load: once a status arrived, its content (with a
 * notice while refreshes fail); before that, the first request's error or a busy skeleton.
 */
export function StatusLoadStates(
  props: RedisStatusLoad & {
    content(status: RedisStatus): ReactNode;
    skeleton: ReactNode;
  },
) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { status, updatedAt, error, loading, onRetry } = props;
  if (status)
    return (
      <>
        <RefreshNotice error={error} updatedAt={updatedAt} onRetry={onRetry} />
        {props.content(status)}
      </>
    );
  if (error) return <LoadErrorPanel error={error} onRetry={onRetry} />;
  return (
    <div aria-busy={loading} aria-label={t('states.loading')} role="group">
      {props.skeleton}
    </div>
  );
}
