import { Cell, Flex, Row, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  KubernetesState,
  SentinelState,
  StatusSection,
} from '@odin/plugin-redis-common';
import { redisTranslationRef } from '../../translation';
import { Fact, Facts } from '../StatusParts/Facts';
import { plainList } from '../StatusParts/listStyles';
import { StatusText } from '../StatusParts/StatusText';
import { Panel, SectionErrorPanel } from './Panel';
import { PanelTable } from './PanelTable';

/** `10.0.0.5:6379` → the pod with that IP, for reading a sentinel's view by name. */
function podOfAddress(
  kubernetes: KubernetesState | undefined,
  address: string | undefined,
): string | undefined {
  if (!kubernetes || !address) return undefined;
  const ip = address.slice(0, address.lastIndexOf(':'));
  return Object.entries(kubernetes.pods).find(([, pod]) => pod.ip === ip)?.[0];
}

function withPod(address: string | undefined, pod: string | undefined) {
  if (!address) return '–';
  return pod ? `${pod} (${address})` : address;
}

export function SentinelPanel(props: {
  sentinel: StatusSection<SentinelState>;
  kubernetes?: KubernetesState;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { sentinel, kubernetes } = props;
  if (sentinel.status === 'error')
    return (
      <SectionErrorPanel
        title={t('tab.sentinel.title')}
        section="sentinel"
        message={sentinel.message}
      />
    );
  const state = sentinel.data;
  return (
    <Panel title={t('tab.sentinel.title')}>
      <Facts>
        <Fact label={t('tab.sentinel.masterName')}>
          <code>{state.masterName}</code>
        </Fact>
        <Fact label={t('tab.sentinel.master')}>
          <Text as="span">{withPod(state.masterAddress, state.masterPod)}</Text>
        </Fact>
        <Fact label={t('tab.sentinel.flags')}>
          <StatusText
            tone={
              state.masterFlags.some(
                flag => flag === 's_down' || flag === 'o_down',
              )
                ? 'danger'
                : 'ok'
            }
          >
            {state.masterFlags.join(', ') || '–'}
          </StatusText>
        </Fact>
        <Fact label={t('tab.sentinel.quorum')}>
          <Flex direction="column" gap="0.5">
            <Text as="span">
              {state.quorum === undefined ? '–' : String(state.quorum)}
            </Text>
            <StatusText tone={state.quorumOk ? 'ok' : 'danger'}>
              {state.quorumOk
                ? t('tab.sentinel.quorumOk')
                : t('tab.sentinel.quorumNotOk')}
            </StatusText>
          </Flex>
        </Fact>
        <Fact label={t('tab.sentinel.agreement')}>
          <StatusText tone={state.agreeOnMaster ? 'ok' : 'warning'}>
            {state.agreeOnMaster
              ? t('fields.sentinelsAgree')
              : t('fields.sentinelsDisagree')}
          </StatusText>
        </Fact>
        <Fact label={t('tab.sentinel.configEpoch')}>
          <Text as="span">
            {state.configEpoch === undefined ? '–' : String(state.configEpoch)}
          </Text>
        </Fact>
        {state.failoverState && (
          <Fact label={t('tab.sentinel.failoverState')}>
            <Text as="span">{state.failoverState}</Text>
          </Fact>
        )}
        <Fact label={t('tab.sentinel.knownSentinels')}>
          <Text as="span">{String(state.knownSentinels)}</Text>
        </Fact>
      </Facts>
      <PanelTable
        label={t('tab.sentinel.tableLabel')}
        columns={[
          {
            id: 'pod',
            title: t('tab.sentinel.sentinelPod'),
            isRowHeader: true,
          },
          { id: 'reachable', title: t('tab.sentinel.reachable') },
          { id: 'master', title: t('tab.sentinel.seesMaster') },
          { id: 'quorum', title: t('tab.sentinel.quorumCheck') },
        ]}
        items={state.sentinels.map(item => ({ ...item, id: item.pod }))}
      >
        {item => {
          const sameMaster =
            !item.reachable || item.masterAddress === state.masterAddress;
          return (
            <Row id={item.id}>
              <Cell>{item.pod}</Cell>
              <Cell textValue={item.reachable ? 'yes' : 'no'}>
                <StatusText tone={item.reachable ? 'ok' : 'danger'}>
                  {item.reachable
                    ? t('tab.sentinel.yes')
                    : `${t('tab.sentinel.no')}${
                        item.error ? `: ${item.error}` : ''
                      }`}
                </StatusText>
              </Cell>
              <Cell textValue={item.masterAddress ?? ''}>
                {item.reachable ? (
                  <StatusText tone={sameMaster ? 'ok' : 'warning'}>
                    {withPod(
                      item.masterAddress,
                      podOfAddress(kubernetes, item.masterAddress),
                    )}
                  </StatusText>
                ) : (
                  '–'
                )}
              </Cell>
              <Cell textValue={item.quorumMessage ?? ''}>
                {item.quorumOk === undefined ? (
                  '–'
                ) : (
                  <StatusText tone={item.quorumOk ? 'ok' : 'danger'}>
                    {item.quorumMessage ??
                      (item.quorumOk
                        ? t('tab.sentinel.yes')
                        : t('tab.sentinel.no'))}
                  </StatusText>
                )}
              </Cell>
            </Row>
          );
        }}
      </PanelTable>
      {state.replicas.length > 0 && (
        <Flex direction="column" gap="1">
          <Text as="h4" variant="body-medium" weight="bold">
            {t('tab.sentinel.replicas')}
          </Text>
          <ul style={plainList}>
            {state.replicas.map(replica => (
              <li key={replica.address}>
                <StatusText tone={replica.masterLinkUp ? 'ok' : 'warning'}>
                  {t('tab.sentinel.replicaLine', {
                    replica: withPod(replica.address, replica.pod),
                    flags: replica.flags.join(', ') || '–',
                    link: replica.masterLinkUp
                      ? t('tab.sentinel.linkUp')
                      : t('tab.sentinel.linkDown'),
                  })}
                </StatusText>
              </li>
            ))}
          </ul>
        </Flex>
      )}
    </Panel>
  );
}
