import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { KubernetesEvent } from '@odin/plugin-redis-common';
import { formatDuration, secondsBetween } from '../../status/format';
import { redisTranslationRef } from '../../translation';
import { StatusText } from '../StatusParts/StatusText';
import { SectionError } from '../StatusStates/SectionError';
import { Panel } from './Panel';

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
      <Panel title={t('tab.events.title')}>
        <SectionError section="kubernetes" message={error} />
      </Panel>
    );
  return (
    <Panel title={t('tab.events.title')}>
      {events.length === 0 ? (
        <Text as="p" color="secondary">
          {t('tab.events.none')}
        </Text>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <TableRoot aria-label={t('tab.events.tableLabel')}>
            <TableHeader>
              <Column id="type">{t('tab.events.type')}</Column>
              <Column id="reason" isRowHeader>
                {t('tab.events.reason')}
              </Column>
              <Column id="object">{t('tab.events.object')}</Column>
              <Column id="message">{t('tab.events.message')}</Column>
              <Column id="count">{t('tab.events.count')}</Column>
              <Column id="lastSeen">{t('tab.events.lastSeen')}</Column>
            </TableHeader>
            <TableBody
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
            </TableBody>
          </TableRoot>
        </div>
      )}
    </Panel>
  );
}
