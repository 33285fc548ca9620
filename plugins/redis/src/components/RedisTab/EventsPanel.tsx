import { Cell, Row, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { KubernetesEvent } from '@odin/plugin-redis-common';
import { formatDuration, secondsBetween } from '../../status/format';
import { redisTranslationRef } from '../../translation';
import { StatusText } from '../StatusParts/StatusText';
import { Panel, SectionErrorPanel } from './Panel';
import { PanelTable } from './PanelTable';

/** The instance's newest Kubernetes events, as the status document carries them (newest first). */
export function EventsPanel(props: {
  events: KubernetesEvent[];
  generatedAt: string;
  /** Set when Kubernetes could not be read. */
  error?: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { events, generatedAt, error } = props;
  if (error)
    return (
      <SectionErrorPanel
        title={t('tab.events.title')}
        section="kubernetes"
        message={error}
      />
    );
  return (
    <Panel title={t('tab.events.title')}>
      {events.length === 0 ? (
        <Text as="p" color="secondary">
          {t('tab.events.none')}
        </Text>
      ) : (
        <PanelTable
          label={t('tab.events.tableLabel')}
          columns={[
            { id: 'type', title: t('tab.events.type') },
            { id: 'reason', title: t('tab.events.reason'), isRowHeader: true },
            { id: 'object', title: t('tab.events.object') },
            { id: 'message', title: t('tab.events.message') },
            { id: 'count', title: t('tab.events.count') },
            { id: 'lastSeen', title: t('tab.events.lastSeen') },
          ]}
          items={events.map((event, index) => ({
            ...event,
            id: `${event.object}/${event.reason}/${index}`,
          }))}
        >
          {event => {
            const age = secondsBetween(event.lastSeen, generatedAt);
            return (
              <Row id={event.id}>
                <Cell textValue={event.type}>
                  <StatusText
                    tone={event.type === 'Warning' ? 'warning' : 'info'}
                  >
                    {event.type}
                  </StatusText>
                </Cell>
                <Cell>{event.reason}</Cell>
                <Cell>{event.object}</Cell>
                <Cell>{event.message}</Cell>
                <Cell>{String(event.count)}</Cell>
                <Cell>
                  {age === undefined
                    ? '–'
                    : t('tab.events.ago', { age: formatDuration(age) })}
                </Cell>
              </Row>
            );
          }}
        </PanelTable>
      )}
    </Panel>
  );
}
