import { Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { HealthReason } from '@odin/plugin-redis-common';
import { redisTranslationRef } from '../../translation';
import { spacedList } from '../StatusParts/listStyles';
import { healthTone } from '../StatusParts/StatusIcon';
import { StatusText } from '../StatusParts/StatusText';

/** Why the instance is not healthy, worst first, each with its shape. */
export function HealthReasons(props: { reasons: HealthReason[] }) {
  const { t } = useTranslationRef(redisTranslationRef);
  if (props.reasons.length === 0) return null;
  const order = ['failing', 'unknown', 'degraded'];
  const reasons = [...props.reasons].sort(
    (a, b) => order.indexOf(a.severity) - order.indexOf(b.severity),
  );
  return (
    <section aria-label={t('health.reasonsTitle')}>
      <ul style={spacedList}>
        {reasons.map((reason, index) => (
          <li key={`${reason.section}-${index}`}>
            <StatusText tone={healthTone(reason.severity)}>
              <Text as="span" color="secondary">
                {t(`section.${reason.section}`)}:
              </Text>{' '}
              {reason.message}
            </StatusText>
          </li>
        ))}
      </ul>
    </section>
  );
}
