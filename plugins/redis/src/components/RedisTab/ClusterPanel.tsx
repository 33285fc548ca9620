import { Cell, Flex, Row, Text } from '@backstage/ui';
import { useMemo } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ClusterState, StatusSection } from '@odin/plugin-redis-common';
import { CLUSTER_SLOTS, slotCoverage } from '../../status/cluster';
import { redisTranslationRef } from '../../translation';
import { Fact, Facts } from '../StatusParts/Facts';
import { StatusText } from '../StatusParts/StatusText';
import { Pager, usePage } from './Pager';
import { Panel, SectionErrorPanel } from './Panel';
import { PanelTable } from './PanelTable';

export { CLUSTER_SLOTS, slotCoverage };

const SEGMENTS = [
  { key: 'ok', color: 'var(--bui-fg-positive)', pattern: 'none' },
  {
    key: 'pfail',
    color: 'var(--bui-fg-warning)',
    pattern:
      'repeating-linear-gradient(45deg, transparent 0 3px, rgba(0,0,0,.25) 3px 5px)',
  },
  {
    key: 'fail',
    color: 'var(--bui-fg-negative)',
    pattern:
      'repeating-linear-gradient(-45deg, transparent 0 2px, rgba(0,0,0,.35) 2px 4px)',
  },
  { key: 'unassigned', color: 'var(--bui-bg-neutral-3)', pattern: 'none' },
] as const;

function SlotCoverageBar(props: { state: ClusterState }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const coverage = slotCoverage(props.state);
  const label = t('tab.cluster.coverageLabel', {
    ok: String(coverage.ok),
    pfail: String(coverage.pfail),
    fail: String(coverage.fail),
    unassigned: String(coverage.unassigned),
    total: String(CLUSTER_SLOTS),
  });
  const legend = {
    ok: t('tab.cluster.legendOk'),
    pfail: t('tab.cluster.legendPfail'),
    fail: t('tab.cluster.legendFail'),
    unassigned: t('tab.cluster.legendUnassigned'),
  };
  return (
    <Flex direction="column" gap="1">
      <div
        role="img"
        aria-label={label}
        style={{
          display: 'flex',
          height: '0.75rem',
          borderRadius: 'var(--bui-radius-2)',
          overflow: 'hidden',
          border: '1px solid var(--bui-border-1)',
        }}
      >
        {SEGMENTS.map(segment =>
          coverage[segment.key] > 0 ? (
            <div
              key={segment.key}
              data-segment={segment.key}
              style={{
                width: `${(coverage[segment.key] / CLUSTER_SLOTS) * 100}%`,
                backgroundColor: segment.color,
                backgroundImage: segment.pattern,
              }}
            />
          ) : null,
        )}
      </div>
      <Text as="p" variant="body-small" color="secondary">
        {SEGMENTS.filter(segment => coverage[segment.key] > 0)
          .map(segment => `${coverage[segment.key]} ${legend[segment.key]}`)
          .join(' · ')}
      </Text>
    </Flex>
  );
}

export function ClusterPanel(props: { cluster: StatusSection<ClusterState> }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { cluster } = props;
  if (cluster.status === 'error')
    return (
      <SectionErrorPanel
        title={t('tab.cluster.title')}
        section="cluster"
        message={cluster.message}
      />
    );
  return <ClusterDetails state={cluster.data} />;
}

function ClusterDetails(props: { state: ClusterState }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { state } = props;
  const shards = useMemo(
    // By master, so the shards keep their places whatever order CLUSTER NODES lists them in.
    () =>
      [...state.shards]
        .sort((a, b) => a.master.localeCompare(b.master))
        .map(shard => ({ ...shard, id: shard.master })),
    [state.shards],
  );
  const page = usePage(shards, 25);
  const flagsOf = (node: string) => state.nodeFlags[node] ?? [];
  const nodeText = (node: string) => {
    const flags = flagsOf(node);
    return flags.length > 0 ? `${node} (${flags.join(', ')})` : node;
  };
  return (
    <Panel title={t('tab.cluster.title')}>
      <Facts>
        <Fact label={t('tab.cluster.state')}>
          <StatusText tone={state.state === 'ok' ? 'ok' : 'danger'}>
            {state.state}
          </StatusText>
        </Fact>
        <Fact label={t('tab.cluster.coverage')}>
          <SlotCoverageBar state={state} />
        </Fact>
        <Fact label={t('tab.cluster.size')}>
          <Text as="span">{String(state.size)}</Text>
        </Fact>
        <Fact label={t('tab.cluster.knownNodes')}>
          <Text as="span">{String(state.knownNodes)}</Text>
        </Fact>
        <Fact label={t('tab.cluster.currentEpoch')}>
          <Text as="span">{String(state.currentEpoch)}</Text>
        </Fact>
        <Fact label={t('tab.cluster.observedFrom')}>
          <Text as="span">{state.observedFrom}</Text>
        </Fact>
      </Facts>
      <PanelTable
        label={t('tab.cluster.tableLabel')}
        columns={[
          { id: 'master', title: t('tab.cluster.master'), isRowHeader: true },
          { id: 'replicas', title: t('tab.cluster.replicas') },
          { id: 'slots', title: t('tab.cluster.slots') },
          { id: 'flags', title: t('tab.cluster.flags') },
        ]}
        items={page.items}
      >
        {shard => {
          const flagged = [shard.master, ...shard.replicas].filter(
            node => flagsOf(node).length > 0,
          );
          return (
            <Row id={shard.id}>
              <Cell>{shard.master}</Cell>
              <Cell>{shard.replicas.join(', ') || '–'}</Cell>
              <Cell>{`${shard.slotCount} (${shard.slots.join(', ')})`}</Cell>
              <Cell textValue={flagged.map(nodeText).join(', ')}>
                {flagged.length === 0 ? (
                  <StatusText tone="ok">{t('tab.cluster.noFlags')}</StatusText>
                ) : (
                  <StatusText tone="warning">
                    {flagged.map(nodeText).join(', ')}
                  </StatusText>
                )}
              </Cell>
            </Row>
          );
        }}
      </PanelTable>
      <Pager page={page} itemsLabel="shards" />
      {state.unassigned.length > 0 && (
        <Flex direction="column" gap="1">
          <Text as="h4" variant="body-medium" weight="bold">
            {t('tab.cluster.unassignedNodes')}
          </Text>
          <StatusText tone="warning">
            {state.unassigned.map(nodeText).join(', ')}
          </StatusText>
        </Flex>
      )}
    </Panel>
  );
}
