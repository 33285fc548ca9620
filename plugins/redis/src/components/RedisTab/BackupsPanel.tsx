import { Cell, Row, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  BackupHistory,
  BackupOutcome,
  StatusSection,
} from '@odin/plugin-redis-common';
import { recordSizeBytes } from '../../status/backups';
import {
  formatBytes,
  formatDuration,
  secondsBetween,
} from '../../status/format';
import { redisTranslationRef } from '../../translation';
import { Fact, Facts } from '../StatusParts/Facts';
import type { Tone } from '../StatusParts/StatusIcon';
import { StatusText } from '../StatusParts/StatusText';
import { Panel, SectionErrorPanel } from './Panel';
import { PanelTable } from './PanelTable';

const OUTCOME_TONE: Record<BackupOutcome, Tone> = {
  succeeded: 'ok',
  failed: 'danger',
  running: 'info',
};

export function BackupsPanel(props: {
  backups: StatusSection<BackupHistory>;
  generatedAt: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { backups, generatedAt } = props;
  if (backups.status === 'error')
    return (
      <SectionErrorPanel
        title={t('tab.backups.title')}
        section="backups"
        message={backups.message}
      />
    );
  const history = backups.data;
  if (!history.configured)
    return (
      <Panel title={t('tab.backups.title')}>
        <Text as="p" color="secondary">
          {t('tab.backups.notConfigured')}
        </Text>
      </Panel>
    );
  const ago = (at: string | undefined) => {
    const seconds = secondsBetween(at, generatedAt);
    return seconds === undefined
      ? t('tab.backups.never')
      : t('tab.events.ago', { age: formatDuration(seconds) });
  };
  const { storage } = history;
  return (
    <Panel title={t('tab.backups.title')}>
      <Facts>
        <Fact label={t('tab.backups.schedule')}>
          <Text as="span">
            <code>{history.schedule ?? '–'}</code>
          </Text>
          {history.suspended && (
            <>
              {' '}
              <StatusText tone="warning">
                {t('tab.backups.suspended')}
              </StatusText>
            </>
          )}
        </Fact>
        <Fact label={t('tab.backups.lastSuccess')}>
          <Text as="span">
            {history.lastSuccessAt ? (
              <time dateTime={history.lastSuccessAt}>
                {ago(history.lastSuccessAt)}
              </time>
            ) : (
              t('tab.backups.never')
            )}
          </Text>
        </Fact>
        <Fact label={t('tab.backups.freshness')}>
          <StatusText tone={history.stale ? 'warning' : 'ok'}>
            {history.stale ? t('tab.backups.stale') : t('tab.backups.fresh')}
          </StatusText>
        </Fact>
        <Fact label={t('tab.backups.storage')}>
          {storage.status === 'error' ? (
            <StatusText tone="warning">
              {t('tab.backups.storageFailed', { message: storage.message })}
            </StatusText>
          ) : (
            <Text as="span">
              {t('tab.backups.storageTotals', {
                count: storage.data.objectCount,
                size: formatBytes(storage.data.totalBytes),
                bucket: storage.data.bucket,
                prefix: storage.data.prefix,
              })}
            </Text>
          )}
        </Fact>
      </Facts>
      {history.records.length === 0 ? (
        <Text as="p" color="secondary">
          {t('tab.backups.noRuns')}
        </Text>
      ) : (
        <PanelTable
          label={t('tab.backups.tableLabel')}
          columns={[
            { id: 'job', title: t('tab.backups.job'), isRowHeader: true },
            { id: 'outcome', title: t('tab.backups.outcome') },
            { id: 'started', title: t('tab.backups.started') },
            { id: 'duration', title: t('tab.backups.duration') },
            { id: 'objects', title: t('tab.backups.objects') },
            { id: 'message', title: t('tab.backups.message') },
          ]}
          items={history.records.map((record, index) => ({
            ...record,
            id: record.job ?? record.objects[0]?.key ?? `record-${index}`,
          }))}
        >
          {record => (
            <Row id={record.id}>
              <Cell>{record.job ?? t('tab.backups.orphaned')}</Cell>
              <Cell textValue={record.outcome}>
                <StatusText tone={OUTCOME_TONE[record.outcome]}>
                  {t(`tab.backups.${record.outcome}`)}
                </StatusText>
              </Cell>
              <Cell>{record.startedAt ? ago(record.startedAt) : '–'}</Cell>
              <Cell>
                {record.durationSeconds === undefined
                  ? '–'
                  : formatDuration(record.durationSeconds)}
              </Cell>
              <Cell>
                {t('tab.backups.objectsValue', {
                  count: record.objects.length,
                  size: formatBytes(recordSizeBytes(record)),
                })}
              </Cell>
              <Cell>{record.message ?? '–'}</Cell>
            </Row>
          )}
        </PanelTable>
      )}
    </Panel>
  );
}
