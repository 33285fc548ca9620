import { useMemo, useState } from 'react';
import { Flex, Grid, Link, Skeleton, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RedisStatus } from '@odin/plugin-redis-common';
import type { RedisStatusLoad } from '../../hooks/useEntityRedisStatus';
import type { LagSample } from '../../hooks/useReplicationLagHistory';
import { instanceConnection } from '../../status/connection';
import { masterRow, nodeRows, redisVersions } from '../../status/nodes';
import { waitingForPods } from '../../status/waiting';
import { redisTranslationRef } from '../../translation';
import { Fact, Facts, SkeletonFacts } from '../StatusParts/Facts';
import { HealthBadge } from '../StatusParts/HealthBadge';
import {
  EndpointFact,
  ModeFact,
  VersionFact,
} from '../StatusParts/InstanceFacts';
import { StatusText } from '../StatusParts/StatusText';
import { UpdatedAgo } from '../StatusParts/UpdatedAgo';
import { HealthReasons } from '../StatusStates/HealthReasons';
import { SectionError } from '../StatusStates/SectionError';
import { StatusLoadStates } from '../StatusStates/StatusLoadStates';
import { WaitingForPodsNotice } from '../StatusStates/WaitingForPodsNotice';
import { BackupsPanel } from './BackupsPanel';
import { ClusterPanel } from './ClusterPanel';
import { ConnectionPanel } from './ConnectionPanel';
import { EventsPanel } from './EventsPanel';
import { NodesTable } from './NodesTable';
import { OperationsPanel } from './OperationsPanel';
import { Panel } from './Panel';
import { PodDialog } from './PodDialog';
import { ReplicationLagChart } from './ReplicationLagChart';
import { SentinelPanel } from './SentinelPanel';
import { useOperationActions } from './useOperationActions';

/** The Entity page's Kubernetes tab, a sibling of this one. */
const KUBERNETES_TAB = '../kubernetes';

export interface RedisTabViewProps extends RedisStatusLoad {
  /** Replication lag of earlier refreshes, oldest first. */
  lagHistory?: LagSample[];
  /** The entity of the instance, which operations' templates are prefilled with. */
  entityRef?: string;
}

export function RedisTabView(props: RedisTabViewProps) {
  const { updatedAt, lagHistory = [], entityRef } = props;
  return (
    <Flex direction="column" gap="4">
      <StatusLoadStates
        {...props}
        content={status => (
          <TabContent
            status={status}
            updatedAt={updatedAt}
            lagHistory={lagHistory}
            entityRef={entityRef}
          />
        )}
        skeleton={<TabSkeleton />}
      />
    </Flex>
  );
}

const SUMMARY_MIN_HEIGHT = '11rem';

function TabSkeleton() {
  const { t } = useTranslationRef(redisTranslationRef);
  return (
    <Flex direction="column" gap="4">
      <Panel title={t('tab.summaryTitle')}>
        <div style={{ minHeight: SUMMARY_MIN_HEIGHT }}>
          <SkeletonFacts
            width="50%"
            labels={[
              t('fields.mode'),
              t('fields.version'),
              t('fields.master'),
              t('fields.endpoint'),
            ]}
          />
        </div>
      </Panel>
      <Panel title={t('tab.nodes.title')}>
        <Flex direction="column" gap="2">
          {[0, 1, 2, 3].map(index => (
            <Skeleton key={index} width="100%" height="2rem" />
          ))}
        </Flex>
      </Panel>
    </Flex>
  );
}

function TabContent(props: {
  status: RedisStatus;
  updatedAt?: Date;
  lagHistory: LagSample[];
  entityRef?: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { status, updatedAt, lagHistory } = props;
  const operationActions = useOperationActions(status, props.entityRef);
  // The pod whose dialog is open, by name: it stays open while the status refreshes.
  const [openPod, setOpenPod] = useState<string>();
  const rows = useMemo(() => nodeRows(status), [status]);
  const connection = useMemo(() => instanceConnection(status), [status]);
  const waiting = waitingForPods(status);
  const versions = redisVersions(rows);
  const master = masterRow(status, rows);
  const kubernetes =
    status.kubernetes.status === 'ok' ? status.kubernetes.data : undefined;

  return (
    <Flex direction="column" gap="4">
      <Panel
        title={t('tab.summaryTitle')}
        actions={<HealthBadge health={status.health.overall} />}
      >
        <div style={{ minHeight: SUMMARY_MIN_HEIGHT }}>
          <Flex direction="column" gap="3">
            <HealthReasons reasons={status.health.reasons} />
            <Facts>
              <ModeFact mode={status.mode} />
              <VersionFact versions={versions} />
              {status.mode !== 'cluster' && (
                <Fact label={t('fields.master')}>
                  {master ? (
                    <Text as="span">
                      {master.zone
                        ? t('fields.masterInZone', {
                            pod: master.pod,
                            zone: master.zone,
                          })
                        : master.pod}
                    </Text>
                  ) : (
                    <StatusText tone={waiting ? 'info' : 'danger'}>
                      {t('fields.noMaster')}
                    </StatusText>
                  )}
                </Fact>
              )}
              <EndpointFact connection={connection} />
            </Facts>
            <Flex
              justify="between"
              align="center"
              gap="2"
              style={{ flexWrap: 'wrap' }}
            >
              <Link href={KUBERNETES_TAB}>{t('tab.kubernetesLink')}</Link>
              <UpdatedAgo updatedAt={updatedAt} />
            </Flex>
          </Flex>
        </div>
      </Panel>

      {waiting && <WaitingForPodsNotice waiting={waiting} />}
      {status.kubernetes.status === 'error' && (
        <SectionError
          section="kubernetes"
          message={status.kubernetes.message}
        />
      )}

      <Panel title={t('tab.nodes.title')}>
        {status.redis.status === 'error' && (
          <SectionError section="redis" message={status.redis.message} />
        )}
        <NodesTable rows={rows} onOpenPod={setOpenPod} />
      </Panel>

      <Grid.Root columns={{ initial: '1', md: '2' }} gap="4">
        {status.sentinel && (
          <SentinelPanel sentinel={status.sentinel} kubernetes={kubernetes} />
        )}
        {status.cluster && <ClusterPanel cluster={status.cluster} />}
        <Panel title={t('tab.lag.title')}>
          <Text as="p" variant="body-small" color="secondary">
            {t('tab.lag.description')}
          </Text>
          <ReplicationLagChart
            samples={lagHistory}
            replicas={rows.filter(row => row.role === 'replica').length}
          />
        </Panel>
        <BackupsPanel
          backups={status.backups}
          generatedAt={status.generatedAt}
        />
        {status.operations && (
          <OperationsPanel
            operations={status.operations}
            generatedAt={status.generatedAt}
            actions={operationActions}
          />
        )}
      </Grid.Root>

      <EventsPanel
        events={kubernetes?.events ?? []}
        generatedAt={status.generatedAt}
        error={
          status.kubernetes.status === 'error'
            ? status.kubernetes.message
            : undefined
        }
      />
      <ConnectionPanel connection={connection} />

      <PodDialog
        pod={openPod}
        rows={rows}
        status={status}
        onClose={() => setOpenPod(undefined)}
      />
    </Flex>
  );
}
