import { Alert, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { WaitingForPods } from '../../status/waiting';
import { redisTranslationRef } from '../../translation';

/** The instance is ordered and known to Kubernetes, but no pod serves yet: progress and the likely cause. */
export function WaitingForPodsNotice(props: { waiting: WaitingForPods }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { waiting } = props;
  const statefulSets =
    waiting.reason === 'noResources' ? [] : waiting.statefulSets;
  return (
    <Alert
      role="status"
      status="info"
      isPending
      title={t('states.waiting.title')}
      description={
        <Flex direction="column" gap="1">
          <Text as="p">{t(`states.waiting.${waiting.reason}`)}</Text>
          {statefulSets.map(set => (
            <Text as="p" key={set.name}>
              {t('states.waiting.statefulSet', {
                name: set.name,
                ready: String(set.readyReplicas),
                desired: String(set.desiredReplicas),
              })}
            </Text>
          ))}
          {waiting.events.map((event, index) => (
            <Text as="p" key={`${event.object}/${event.reason}/${index}`}>
              {t('states.waiting.event', {
                reason: event.reason,
                object: event.object,
                message: event.message,
              })}
            </Text>
          ))}
        </Flex>
      }
    />
  );
}
