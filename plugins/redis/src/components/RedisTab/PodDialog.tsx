import { Dialog, DialogBody, DialogHeader, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { formatDuration, formatNumber } from '../../status/format';
import type { NodeRow } from '../../status/nodes';
import { redisTranslationRef } from '../../translation';
import { Fact, Facts } from '../StatusParts/Facts';
import { StatusText } from '../StatusParts/StatusText';
import { usePodValues } from './usePodValues';

/**
 * Everything known about one pod. It is opened by pod name and reads the current status on every
 * render, so a refresh updates it instead of closing it.
 */
export function PodDialog(props: {
  pod?: string;
  rows: NodeRow[];
  status: RedisStatus;
  onClose(): void;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const podValues = usePodValues();
  const { pod, rows, status, onClose } = props;
  const row =
    pod === undefined ? undefined : rows.find(item => item.pod === pod);
  const kubernetes =
    status.kubernetes.status === 'ok' ? status.kubernetes.data : undefined;
  const volumes =
    kubernetes?.volumeClaims.filter(claim => claim.pod === pod) ?? [];
  const events =
    kubernetes?.events.filter(event => event.object === `Pod/${pod}`) ?? [];
  const dash = '–';
  return (
    <Dialog
      isOpen={pod !== undefined}
      onOpenChange={open => {
        if (!open) onClose();
      }}
      width="36rem"
    >
      <DialogHeader>{t('tab.pod.title', { pod: pod ?? '' })}</DialogHeader>
      <DialogBody>
        {!row ? (
          <StatusText tone="info">{t('tab.pod.gone')}</StatusText>
        ) : (
          <Flex direction="column" gap="3">
            <Facts>
              <Fact label={t('tab.nodes.role')}>
                <Text as="span">
                  {row.answered === false
                    ? t('tab.nodes.noAnswer')
                    : row.role ?? t('tab.nodes.roleUnknown')}
                </Text>
              </Fact>
              <Fact label={t('tab.pod.phase')}>
                <StatusText tone={row.ready ? 'ok' : 'warning'}>
                  {row.ready
                    ? `${t('tab.nodes.isReady')} (${row.phase})`
                    : t('tab.nodes.notReady', { phase: row.phase })}
                </StatusText>
              </Fact>
              <Fact label={t('tab.nodes.restarts')}>
                <Text as="span">{String(row.restarts)}</Text>
              </Fact>
              <Fact label={t('tab.nodes.node')}>
                <Text as="span">
                  {[row.node, row.zone].filter(Boolean).join(', ') || dash}
                </Text>
              </Fact>
              <Fact label={t('tab.pod.ip')}>
                <Text as="span">{row.ip ?? dash}</Text>
              </Fact>
              <Fact label={t('tab.pod.started')}>
                <Text as="span">
                  {row.startedAt ? (
                    <time dateTime={row.startedAt}>{row.startedAt}</time>
                  ) : (
                    dash
                  )}
                </Text>
              </Fact>
              {row.processError && (
                <Fact label={t('tab.pod.error')}>
                  <StatusText tone="danger">{row.processError}</StatusText>
                </Fact>
              )}
              {row.version && (
                <Fact label={t('fields.version')}>
                  <Text as="span">{row.version}</Text>
                </Fact>
              )}
              {row.uptimeSeconds !== undefined && (
                <Fact label={t('tab.pod.uptime')}>
                  <Text as="span">{formatDuration(row.uptimeSeconds)}</Text>
                </Fact>
              )}
              {row.usedMemoryBytes !== undefined && (
                <Fact label={t('tab.nodes.memory')}>
                  <Text as="span">{podValues.memory(row)}</Text>
                </Fact>
              )}
              {row.offset !== undefined && (
                <Fact label={t('tab.nodes.offset')}>
                  <Text as="span">{formatNumber(row.offset)}</Text>
                </Fact>
              )}
              {row.master && (
                <Fact label={t('tab.pod.master')}>
                  <Text as="span">{row.master}</Text>
                </Fact>
              )}
              {row.masterLinkUp !== undefined && (
                <Fact label={t('tab.pod.link')}>
                  <StatusText tone={row.masterLinkUp ? 'ok' : 'danger'}>
                    {row.masterLinkUp
                      ? t('tab.pod.linkUp')
                      : t('tab.pod.linkDown')}
                  </StatusText>
                </Fact>
              )}
              {row.lagBytes !== undefined && (
                <Fact label={t('tab.nodes.lag')}>
                  <Text as="span">{podValues.lag(row)}</Text>
                </Fact>
              )}
              {row.linkState && (
                <Fact label={t('tab.pod.linkState')}>
                  <Text as="span">{row.linkState}</Text>
                </Fact>
              )}
              <Fact label={t('tab.pod.volumes')}>
                {volumes.length === 0 ? (
                  <Text as="span">{dash}</Text>
                ) : (
                  <Flex direction="column" gap="0.5">
                    {volumes.map(claim => (
                      <Text as="span" key={claim.name}>
                        {t('tab.pod.volume', {
                          name: claim.name,
                          size: claim.size ?? dash,
                          phase: claim.phase,
                        })}
                      </Text>
                    ))}
                  </Flex>
                )}
              </Fact>
            </Facts>
            <Text as="h4" variant="title-x-small" weight="bold">
              {t('tab.pod.events')}
            </Text>
            {events.length === 0 ? (
              <Text as="p" color="secondary">
                {t('tab.pod.noEvents')}
              </Text>
            ) : (
              <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                {events.map((event, index) => (
                  <li key={`${event.reason}-${index}`}>
                    <StatusText
                      tone={event.type === 'Warning' ? 'warning' : 'info'}
                    >
                      {`${event.reason}: ${event.message}`}
                    </StatusText>
                  </li>
                ))}
              </ul>
            )}
          </Flex>
        )}
      </DialogBody>
    </Dialog>
  );
}
