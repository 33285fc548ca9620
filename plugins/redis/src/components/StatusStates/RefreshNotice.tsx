import { useState } from 'react';
import { Alert, Button, Flex } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useNow } from '../../hooks/useNow';
import { formatDuration, secondsBetween } from '../../status/format';
import { redisTranslationRef } from '../../translation';

/**
 * A failed refresh while older data stays on screen. It goes away with the next good answer; once
 * dismissed it stays away until then, however often the backend fails meanwhile.
 */
export function RefreshNotice(props: {
  error?: Error;
  updatedAt?: Date;
  onRetry?: () => void;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const now = useNow();
  // Dismissal holds for the data on screen; new data (a success) ends it.
  const [dismissedFor, setDismissedFor] = useState<number>();
  const { error, updatedAt, onRetry } = props;
  const shownSince = updatedAt?.getTime() ?? 0;
  if (!error || dismissedFor === shownSince) return null;
  const age = formatDuration(secondsBetween(updatedAt, now) ?? 0);
  return (
    <Alert
      role="status"
      status="warning"
      icon
      title={t('states.refreshFailed.title')}
      description={t('states.refreshFailed.description', {
        age,
        message: error.message,
      })}
      customActions={
        <Flex gap="2">
          {onRetry && (
            <Button size="small" variant="secondary" onPress={onRetry}>
              {t('states.retry')}
            </Button>
          )}
          <Button
            size="small"
            variant="tertiary"
            onPress={() => setDismissedFor(shownSince)}
          >
            {t('states.dismiss')}
          </Button>
        </Flex>
      }
    />
  );
}
