import { useMemo, useState } from 'react';
import { Button, Cell, Flex, Row, SearchField, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { formatDuration, formatNumber } from '../../status/format';
import type { NodeRow } from '../../status/nodes';
import { redisTranslationRef } from '../../translation';
import { StatusText } from '../StatusParts/StatusText';
import { Pager, usePage } from './Pager';
import { PanelTable } from './PanelTable';
import { usePodValues } from './usePodValues';

function matches(row: NodeRow, filter: string): boolean {
  if (!filter) return true;
  const needle = filter.toLocaleLowerCase();
  return [row.pod, row.node, row.zone, row.role, row.labelRole].some(value =>
    value?.toLocaleLowerCase().includes(needle),
  );
}

function RoleValue(props: { row: NodeRow }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { row } = props;
  let role;
  if (row.answered === false)
    role = <StatusText tone="danger">{t('tab.nodes.noAnswer')}</StatusText>;
  else if (row.role) role = <span>{row.role}</span>;
  else
    role = <StatusText tone="unknown">{t('tab.nodes.roleUnknown')}</StatusText>;
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
      {role}
      {row.labelDisagrees && (
        <StatusText tone="warning">
          {t('tab.nodes.labelSays', { role: row.labelRole })}
        </StatusText>
      )}
    </span>
  );
}

/**
 * Every pod of the instance, a page at a time so thousands of pods stay fast; rows are keyed by
 * pod name, so a refresh updates them in place.
 */
export function NodesTable(props: {
  rows: NodeRow[];
  onOpenPod(pod: string): void;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const [filter, setFilter] = useState('');
  const filtered = useMemo(
    () => props.rows.filter(row => matches(row, filter)),
    [props.rows, filter],
  );
  const page = usePage(filtered, 25);
  const podValues = usePodValues();

  return (
    <Flex direction="column" gap="2">
      <SearchField
        label={t('tab.nodes.filterLabel')}
        value={filter}
        onChange={value => {
          setFilter(value);
          page.setOffset(0);
        }}
        size="small"
      />
      <PanelTable
        label={t('tab.nodes.tableLabel')}
        columns={[
          // Wide enough for a pod name of a 20-character instance on one line.
          {
            id: 'pod',
            title: t('tab.nodes.pod'),
            isRowHeader: true,
            width: '16em',
          },
          { id: 'role', title: t('tab.nodes.role') },
          { id: 'ready', title: t('tab.nodes.ready') },
          { id: 'restarts', title: t('tab.nodes.restarts') },
          { id: 'zone', title: t('tab.nodes.zone') },
          { id: 'node', title: t('tab.nodes.node') },
          { id: 'age', title: t('tab.nodes.age') },
          { id: 'memory', title: t('tab.nodes.memory'), width: '12em' },
          { id: 'offset', title: t('tab.nodes.offset') },
          { id: 'lag', title: t('tab.nodes.lag') },
        ]}
        items={page.items}
        renderEmptyState={() => (
          <Text as="p" color="secondary">
            {t('tab.nodes.empty')}
          </Text>
        )}
      >
        {row => (
          // The row is the keyboard's way in: grids keep focus on rows, Enter runs the action.
          <Row id={row.id} onAction={() => props.onOpenPod(row.pod)}>
            <Cell textValue={row.pod}>
              <Button
                variant="tertiary"
                size="small"
                aria-label={t('tab.nodes.details', { pod: row.pod })}
                onPress={() => props.onOpenPod(row.pod)}
              >
                {row.pod}
              </Button>
            </Cell>
            <Cell textValue={row.role ?? ''}>
              <RoleValue row={row} />
            </Cell>
            <Cell textValue={row.ready ? 'ready' : 'not ready'}>
              {row.ready ? (
                <StatusText tone="ok">{t('tab.nodes.isReady')}</StatusText>
              ) : (
                <StatusText tone="warning">
                  {t('tab.nodes.notReady', { phase: row.phase })}
                </StatusText>
              )}
            </Cell>
            <Cell>{String(row.restarts)}</Cell>
            <Cell>{row.zone ?? '–'}</Cell>
            <Cell>{row.node ?? '–'}</Cell>
            <Cell>
              {row.ageSeconds === undefined
                ? '–'
                : formatDuration(row.ageSeconds)}
            </Cell>
            <Cell>{podValues.memory(row) ?? '–'}</Cell>
            <Cell>
              {row.offset === undefined ? '–' : formatNumber(row.offset)}
            </Cell>
            <Cell>{podValues.lag(row) ?? '–'}</Cell>
          </Row>
        )}
      </PanelTable>
      <Pager page={page} itemsLabel="pods" />
    </Flex>
  );
}
