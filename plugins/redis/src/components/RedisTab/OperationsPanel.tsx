import { useId } from 'react';
import { Alert, ButtonLink, Cell, Flex, Row, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  OperationLockHolder,
  OperationOutcome,
  OperationsState,
  StatusSection,
} from '@odin/plugin-redis-common';
import {
  formatClockTime,
  formatDuration,
  secondsBetween,
} from '../../status/format';
import { lockExpired, runningOperation } from '../../status/operations';
import { redisTranslationRef } from '../../translation';
import type { Tone } from '../StatusParts/StatusIcon';
import { StatusText } from '../StatusParts/StatusText';
import { SectionError } from '../StatusStates/SectionError';
import { Pager, usePage } from './Pager';
import type { OfferedOperation } from './useOperationActions';
import { Panel } from './Panel';
import { PanelTable } from './PanelTable';

const OUTCOME_TONE: Record<OperationOutcome, Tone> = {
  succeeded: 'ok',
  failed: 'danger',
  refused: 'warning',
};

/**
 * Day-2 operations of the instance: the one holding its lock now, the actions a user may start, and
 * who ran what with which outcome, newest first.
 */
export function OperationsPanel(props: {
  operations: StatusSection<OperationsState>;
  generatedAt: string;
  /** The operations the instance offers, each with its prefilled template page. */
  actions: OfferedOperation[];
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { operations, generatedAt, actions } = props;
  const running = runningOperation(operations);
  const locked = running !== undefined && !lockExpired(running, generatedAt);
  const history = operations.status === 'ok' ? operations.data.history : [];
  const page = usePage(history, 25);

  return (
    <Panel title={t('tab.operations.title')}>
      {operations.status === 'error' && (
        <SectionError section="operations" message={operations.message} />
      )}
      {running && (
        <LockNotice
          running={running}
          expired={!locked}
          generatedAt={generatedAt}
        />
      )}
      {actions.length > 0 && (
        <OperationActions
          actions={actions}
          busyWith={locked ? running.operation : undefined}
        />
      )}
      {operations.status === 'ok' &&
        (history.length === 0 ? (
          <Text as="p" color="secondary">
            {t('tab.operations.none')}
          </Text>
        ) : (
          <>
            <PanelTable
              label={t('tab.operations.tableLabel')}
              columns={[
                {
                  id: 'when',
                  title: t('tab.operations.when'),
                  isRowHeader: true,
                },
                { id: 'operation', title: t('tab.operations.operation') },
                { id: 'requester', title: t('tab.operations.requester') },
                { id: 'outcome', title: t('tab.operations.outcome') },
                { id: 'message', title: t('tab.operations.message') },
              ]}
              items={page.items}
            >
              {record => {
                const age = secondsBetween(record.startedAt, generatedAt);
                const when =
                  age === undefined
                    ? '–'
                    : t('tab.events.ago', { age: formatDuration(age) });
                return (
                  <Row id={record.id}>
                    <Cell textValue={when}>
                      <time
                        dateTime={record.startedAt}
                        title={new Date(record.startedAt).toLocaleString()}
                      >
                        {when}
                      </time>
                    </Cell>
                    <Cell>{record.operation}</Cell>
                    <Cell>{record.requester}</Cell>
                    <Cell textValue={record.outcome}>
                      <StatusText tone={OUTCOME_TONE[record.outcome]}>
                        {t(`tab.operations.${record.outcome}`)}
                      </StatusText>
                    </Cell>
                    <Cell>{record.message}</Cell>
                  </Row>
                );
              }}
            </PanelTable>
            <Pager page={page} itemsLabel="runs" />
          </>
        ))}
    </Panel>
  );
}

/** Who holds the instance's lock, since and until when: the reason nothing else may start now. */
function LockNotice(props: {
  running: OperationLockHolder;
  expired: boolean;
  generatedAt: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { running, expired } = props;
  const values = {
    operation: running.operation,
    holder: running.holder,
    since: formatClockTime(running.since),
    until: formatClockTime(running.expiresAt),
  };
  return (
    <Alert
      role="status"
      status={expired ? 'warning' : 'info'}
      icon
      title={
        expired
          ? t('tab.operations.expiredTitle')
          : t('tab.operations.runningTitle')
      }
      description={
        expired
          ? t('tab.operations.expired', values)
          : t('tab.operations.running', values)
      }
    />
  );
}

/**
 * One link per operation to its template page, with what it does. A link is disabled while another
 * operation holds the lock, and when the user lacks the permission its action checks, saying which.
 */
function OperationActions(props: {
  actions: OfferedOperation[];
  busyWith?: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { actions, busyWith } = props;
  return (
    <Flex direction="column" gap="2">
      {actions.map(action => (
        <OperationLink key={action.id} action={action} busyWith={busyWith} />
      ))}
      {actions.some(action => action.allowed === false) && (
        <Text as="p" variant="body-small" color="secondary">
          {t('tab.operations.permissionNote')}
        </Text>
      )}
    </Flex>
  );
}

function OperationLink(props: { action: OfferedOperation; busyWith?: string }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const hintId = useId();
  const { action, busyWith } = props;
  let hint: string;
  if (busyWith) hint = t('tab.operations.busy', { operation: busyWith });
  else if (action.allowed === false)
    hint = t('tab.operations.notAllowed', { permission: action.permission });
  else hint = t(`tab.operations.actions.${action.id}.hint`);
  return (
    // The button keeps its width; a long hint wraps in its own column beside it.
    <Flex align="center" gap="3">
      <ButtonLink
        href={action.href}
        variant="secondary"
        size="small"
        isDisabled={busyWith !== undefined || action.allowed !== true}
        aria-describedby={hintId}
        style={{ minWidth: 140, flexShrink: 0, justifyContent: 'center' }}
      >
        {t(`tab.operations.actions.${action.id}.label`)}
      </ButtonLink>
      <Text
        id={hintId}
        as="span"
        variant="body-small"
        color="secondary"
        style={{ flex: 1, minWidth: 0 }}
      >
        {hint}
      </Text>
    </Flex>
  );
}
