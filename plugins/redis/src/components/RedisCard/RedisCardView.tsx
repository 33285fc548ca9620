import { useMemo } from 'react';
import { Flex, Skeleton, Text } from '@backstage/ui';
import { EntityInfoCard } from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  ClusterState,
  RedisStatus,
  StatusSectionName,
} from '@odin/plugin-redis-common';
import type { RedisStatusLoad } from '../../hooks/useEntityRedisStatus';
import { lastBackup } from '../../status/backups';
import { CLUSTER_SLOTS } from '../../status/cluster';
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
import { Fact, Facts, SkeletonFacts } from '../StatusParts/Facts';
import { HealthBadge } from '../StatusParts/HealthBadge';
import {
  EndpointFact,
  ModeFact,
  VersionFact,
} from '../StatusParts/InstanceFacts';
import { plainList } from '../StatusParts/listStyles';
import type { Tone } from '../StatusParts/StatusIcon';
import { StatusText } from '../StatusParts/StatusText';
import { UpdatedAgo } from '../StatusParts/UpdatedAgo';
import { StatusLoadStates } from '../StatusStates/StatusLoadStates';
import { WaitingForPodsNotice } from '../StatusStates/WaitingForPodsNotice';
import { HealthReasons } from '../StatusStates/HealthReasons';

/** The card lists this many replicas; the tab has all of them. */
const CARD_REPLICAS = 5;
/** Keeps the card the same height from skeleton to content. */
const BODY_MIN_HEIGHT = '16rem';

export type RedisCardViewProps = RedisStatusLoad;

export function RedisCardView(props: RedisCardViewProps) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { status, updatedAt, error } = props;
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
        <StatusLoadStates
          {...props}
          content={loaded => <CardContent status={loaded} />}
          skeleton={<CardSkeleton />}
        />
      </Flex>
    </EntityInfoCard>
  );
}

function CardSkeleton() {
  const { t } = useTranslationRef(redisTranslationRef);
  return (
    <SkeletonFacts
      width="60%"
      labels={[
        t('fields.mode'),
        t('fields.version'),
        t('fields.master'),
        t('fields.replicas'),
        t('fields.lastBackup'),
        t('fields.endpoint'),
      ]}
    />
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

  let masterValue;
  if (redisError)
    masterValue = <SectionFailure section="redis" message={redisError} />;
  else if (master)
    masterValue = master.zone
      ? t('fields.masterInZone', { pod: master.pod, zone: master.zone })
      : master.pod;
  else
    masterValue = <StatusText tone="danger">{t('fields.noMaster')}</StatusText>;

  let replicasValue;
  if (redisError)
    replicasValue = <SectionFailure section="redis" message={redisError} />;
  else if (replicas.length === 0 && silent.length === 0)
    replicasValue = <Text as="span">{t('fields.noReplicas')}</Text>;
  else
    replicasValue = (
      <ul style={plainList}>
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
        <ModeFact mode={status.mode} />
        <VersionFact versions={versions} />
        {status.mode !== 'cluster' && !waiting && (
          <Fact label={t('fields.master')}>{masterValue}</Fact>
        )}
        {!waiting && <Fact label={t('fields.replicas')}>{replicasValue}</Fact>}
        {status.sentinel && (
          <Fact label={t('fields.sentinel')}>
            {status.sentinel.status === 'error' ? (
              <SectionFailure
                section="sentinel"
                message={status.sentinel.message}
              />
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
              <SectionFailure
                section="cluster"
                message={status.cluster.message}
              />
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
        <EndpointFact connection={connection} />
      </Facts>
    </Flex>
  );
}

/** A section of the status that failed upstream, said where its value would be. */
function SectionFailure(props: {
  section: StatusSectionName;
  message: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  return (
    <StatusText tone="warning">
      {t('section.failed', { section: t(`section.${props.section}`) })}:{' '}
      {props.message}
    </StatusText>
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
    return <SectionFailure section="backups" message={backups.message} />;
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
