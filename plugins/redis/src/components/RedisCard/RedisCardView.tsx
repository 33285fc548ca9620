import { useMemo } from 'react';
import { Flex, Skeleton, Text } from '@backstage/ui';
import { EntityInfoCard } from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ClusterState, RedisStatus } from '@odin/plugin-redis-common';
import { lastBackup } from '../../status/backups';
import { instanceConnection } from '../../status/connection';
import {
  formatBytes,
  formatDuration,
  secondsBetween,
} from '../../status/format';
import {
  masterRow,
  nodeRows,
  redisVersions,
  replicasByLag,
  type NodeRow,
} from '../../status/nodes';
import { waitingForPods } from '../../status/waiting';
import { redisTranslationRef } from '../../translation';
import { CopyButton } from '../StatusParts/CopyButton';
import { Fact, Facts } from '../StatusParts/Facts';
import { HealthBadge } from '../StatusParts/HealthBadge';
import type { Tone } from '../StatusParts/StatusIcon';
import { StatusText } from '../StatusParts/StatusText';
import { UpdatedAgo } from '../StatusParts/UpdatedAgo';
import { LoadErrorPanel } from '../StatusStates/LoadErrorPanel';
import { RefreshNotice } from '../StatusStates/RefreshNotice';
import { WaitingForPodsNotice } from '../StatusStates/WaitingForPodsNotice';
import { HealthReasons } from '../StatusStates/HealthReasons';

const CLUSTER_SLOTS = 16384;
/** The card lists this many replicas; the tab has all of them. */
const CARD_REPLICAS = 5;
/** Keeps the card the same height from skeleton to content. */
const BODY_MIN_HEIGHT = '16rem';

export interface RedisCardViewProps {
  status?: RedisStatus;
  updatedAt?: Date;
  error?: Error;
  loading: boolean;
  onRetry?: () => void;
}

export function RedisCardView(props: RedisCardViewProps) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { status, updatedAt, error, loading, onRetry } = props;
  let body;
  if (status) body = <CardContent status={status} />;
  else if (error) body = <LoadErrorPanel error={error} onRetry={onRetry} />;
  else body = <CardSkeleton loading={loading} />;
  return (
    <EntityInfoCard
      title={t('card.title')}
      headerActions={status && <HealthBadge health={status.health.overall} />}
      footerActions={
        status ? (
          <UpdatedAgo updatedAt={updatedAt} />
        ) : (
          !error && <Skeleton width="7rem" height="1rem" />
        )
      }
    >
      <Flex direction="column" gap="3" style={{ minHeight: BODY_MIN_HEIGHT }}>
        {status && (
          <RefreshNotice
            error={error}
            updatedAt={updatedAt}
            onRetry={onRetry}
          />
        )}
        {body}
      </Flex>
    </EntityInfoCard>
  );
}

function CardSkeleton(props: { loading: boolean }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const labels = [
    t('fields.mode'),
    t('fields.version'),
    t('fields.master'),
    t('fields.replicas'),
    t('fields.lastBackup'),
    t('fields.endpoint'),
  ];
  return (
    <div
      aria-busy={props.loading}
      aria-label={t('states.loading')}
      role="group"
    >
      <Facts>
        {labels.map(label => (
          <Fact key={label} label={label}>
            <Skeleton width="60%" height="1.25rem" />
          </Fact>
        ))}
      </Facts>
    </div>
  );
}

function ReplicaLine(props: { row: NodeRow }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { row } = props;
  let detail: string;
  if (row.lagBytes !== undefined)
    detail = t('fields.replicaLag', {
      bytes: formatBytes(row.lagBytes),
      seconds: formatDuration(row.lagSeconds ?? 0),
    });
  else detail = t('fields.replicaLagUnknown');
  const linkDown = row.masterLinkUp === false;
  return (
    <li>
      <StatusText
        tone={linkDown || row.lagBytes === undefined ? 'warning' : 'ok'}
      >
        <Text as="span" weight="bold">
          {row.pod}
        </Text>{' '}
        {detail}
      </StatusText>
    </li>
  );
}

function CardContent(props: { status: RedisStatus }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { status } = props;
  const rows = useMemo(() => nodeRows(status), [status]);
  const waiting = waitingForPods(status);
  const connection = useMemo(() => instanceConnection(status), [status]);
  const versions = redisVersions(rows);
  const master = masterRow(status, rows);
  const replicas = replicasByLag(rows);
  const silent = rows.filter(
    row => row.answered === false && row.labelRole !== 'sentinel',
  );
  const redisError =
    status.redis.status === 'error' ? status.redis.message : undefined;

  const sectionFailure = (message: string, section: string) => (
    <StatusText tone="warning">
      {t('section.failed', { section })}: {message}
    </StatusText>
  );

  let masterValue;
  if (redisError) masterValue = sectionFailure(redisError, t('section.redis'));
  else if (master)
    masterValue = master.zone
      ? t('fields.masterInZone', { pod: master.pod, zone: master.zone })
      : master.pod;
  else
    masterValue = <StatusText tone="danger">{t('fields.noMaster')}</StatusText>;

  let replicasValue;
  if (redisError)
    replicasValue = sectionFailure(redisError, t('section.redis'));
  else if (replicas.length === 0 && silent.length === 0)
    replicasValue = <Text as="span">{t('fields.noReplicas')}</Text>;
  else
    replicasValue = (
      <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
        {replicas.slice(0, CARD_REPLICAS).map(row => (
          <ReplicaLine key={row.id} row={row} />
        ))}
        {silent
          .filter(row => row.pod !== master?.pod)
          .slice(0, CARD_REPLICAS)
          .map(row => (
            <li key={row.id}>
              <StatusText tone="danger">
                <Text as="span" weight="bold">
                  {row.pod}
                </Text>{' '}
                {t('fields.replicaNoAnswer')}
              </StatusText>
            </li>
          ))}
        {replicas.length > CARD_REPLICAS && (
          <li>
            <Text as="span" color="secondary">
              {t('fields.moreReplicas', {
                count: replicas.length - CARD_REPLICAS,
              })}
            </Text>
          </li>
        )}
      </ul>
    );

  return (
    <Flex direction="column" gap="3">
      {waiting && <WaitingForPodsNotice waiting={waiting} />}
      <HealthReasons reasons={status.health.reasons} />
      <Facts>
        <Fact label={t('fields.mode')}>
          <Text as="span">{t(`mode.${status.mode ?? 'unknown'}`)}</Text>
        </Fact>
        <Fact label={t('fields.version')}>
          <Text as="span">
            {versions.length > 1
              ? t('fields.versionsDiffer', { versions: versions.join(', ') })
              : versions[0] ?? '–'}
          </Text>
        </Fact>
        {status.mode !== 'cluster' && !waiting && (
          <Fact label={t('fields.master')}>{masterValue}</Fact>
        )}
        {!waiting && <Fact label={t('fields.replicas')}>{replicasValue}</Fact>}
        {status.sentinel && (
          <Fact label={t('fields.sentinel')}>
            {status.sentinel.status === 'error' ? (
              sectionFailure(status.sentinel.message, t('section.sentinel'))
            ) : (
              <Flex direction="column" gap="1">
                {status.sentinel.data.quorum !== undefined && (
                  <Text as="span">
                    {t('fields.sentinelQuorum', {
                      quorum: String(status.sentinel.data.quorum),
                    })}
                  </Text>
                )}
                <StatusText
                  tone={status.sentinel.data.agreeOnMaster ? 'ok' : 'warning'}
                >
                  {status.sentinel.data.agreeOnMaster
                    ? t('fields.sentinelsAgree')
                    : t('fields.sentinelsDisagree')}
                </StatusText>
              </Flex>
            )}
          </Fact>
        )}
        {status.cluster && (
          <Fact label={t('fields.cluster')}>
            {status.cluster.status === 'error' ? (
              sectionFailure(status.cluster.message, t('section.cluster'))
            ) : (
              <StatusText tone={slotsTone(status.cluster.data)}>
                {t('fields.slotsOk', {
                  ok: String(status.cluster.data.slotsOk),
                  total: String(CLUSTER_SLOTS),
                })}
              </StatusText>
            )}
          </Fact>
        )}
        <Fact label={t('fields.lastBackup')}>
          <BackupValue status={status} />
        </Fact>
        <Fact label={t('fields.endpoint')}>
          {connection ? (
            <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
              <code style={{ wordBreak: 'break-all' }}>
                {`${connection.host}:${connection.port}`}
              </code>
              <CopyButton
                text={`${connection.host}:${connection.port}`}
                what={t('tab.connection.endpointWhat')}
              />
            </Flex>
          ) : (
            <Text as="span" color="secondary">
              {t('fields.endpointUnknown')}
            </Text>
          )}
        </Fact>
      </Facts>
    </Flex>
  );
}

/** All slots ok; some only possibly failing; or some lost (failed or unassigned). */
function slotsTone(state: ClusterState): Tone {
  if (state.slotsOk === CLUSTER_SLOTS) return 'ok';
  if (state.slotsFail > 0 || state.slotsAssigned < CLUSTER_SLOTS)
    return 'danger';
  return 'warning';
}

function BackupValue(props: { status: RedisStatus }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { backups, generatedAt } = props.status;
  if (backups.status === 'error')
    return (
      <StatusText tone="warning">
        {t('section.failed', { section: t('section.backups') })}:{' '}
        {backups.message}
      </StatusText>
    );
  if (!backups.data.configured)
    return <Text as="span">{t('fields.backupNotConfigured')}</Text>;
  const last = lastBackup(backups.data);
  const stale = backups.data.stale && (
    <StatusText tone="warning" weight="bold">
      {t('fields.backupStale')}
    </StatusText>
  );
  if (!last)
    return (
      <Flex gap="2" align="center">
        <Text as="span">{t('fields.backupNone')}</Text>
        {stale}
      </Flex>
    );
  return (
    <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
      <Text as="span">
        <time dateTime={last.at}>
          {t('fields.backupAge', {
            age: formatDuration(secondsBetween(last.at, generatedAt) ?? 0),
            size: formatBytes(last.sizeBytes),
          })}
        </time>
      </Text>
      {stale}
    </Flex>
  );
}
