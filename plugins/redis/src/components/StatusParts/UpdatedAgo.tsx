import { Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useNow } from '../../hooks/useNow';
import { formatDuration, secondsBetween } from '../../status/format';
import { redisTranslationRef } from '../../translation';

/** "Updated 12s ago", counting on between refreshes. */
export function UpdatedAgo(props: { updatedAt?: Date }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const now = useNow();
  if (!props.updatedAt) return null;
  const age = secondsBetween(props.updatedAt, now) ?? 0;
  return (
    <Text as="span" variant="body-small" color="secondary">
      <time dateTime={props.updatedAt.toISOString()}>
        {t('states.updatedAgo', { age: formatDuration(age) })}
      </time>
    </Text>
  );
}
