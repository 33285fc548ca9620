import {
  Cell,
  Flex,
  Row,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ClientLanguage, ConnectionInfo } from '@odin/plugin-redis-common';
import { redisTranslationRef } from '../../translation';
import { CopyButton } from '../StatusParts/CopyButton';
import { Fact, Facts } from '../StatusParts/Facts';
import { Panel } from './Panel';
import { PanelTable } from './PanelTable';

const LANGUAGES: ClientLanguage[] = ['node', 'python', 'java', 'go'];

/** How an application connects: endpoint, environment and a client snippet per language, from redis-common. */
export function ConnectionPanel(props: { connection?: ConnectionInfo }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { connection } = props;
  if (!connection)
    return (
      <Panel title={t('tab.connection.title')}>
        <Text as="p" color="secondary">
          {t('tab.connection.unknown')}
        </Text>
      </Panel>
    );
  const endpoint = `${connection.host}:${connection.port}`;
  return (
    <Panel title={t('tab.connection.title')}>
      <Facts>
        <Fact label={t('tab.connection.host')}>
          <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
            <code style={{ wordBreak: 'break-all' }}>{endpoint}</code>
            <CopyButton
              text={endpoint}
              what={t('tab.connection.endpointWhat')}
            />
          </Flex>
        </Fact>
        {connection.readHost && (
          <Fact label={t('tab.connection.readHost')}>
            <code style={{ wordBreak: 'break-all' }}>
              {`${connection.readHost}:${connection.port}`}
            </code>
          </Fact>
        )}
        {connection.sentinelMasterName && (
          <Fact label={t('tab.connection.sentinelMaster')}>
            <code>{connection.sentinelMasterName}</code>
          </Fact>
        )}
      </Facts>
      <Text as="h4" variant="body-medium" weight="bold">
        {t('tab.connection.env')}
      </Text>
      <PanelTable
        label={t('tab.connection.envTableLabel')}
        columns={[
          { id: 'name', title: t('tab.connection.envName'), isRowHeader: true },
          { id: 'value', title: t('tab.connection.envValue') },
        ]}
        items={connection.env.map(item => ({ ...item, id: item.name }))}
      >
        {item => (
          <Row id={item.id}>
            <Cell>
              <code>{item.name}</code>
            </Cell>
            <Cell>
              {item.fromSecret ? (
                t('tab.connection.fromSecret', {
                  name: item.fromSecret.name,
                  key: item.fromSecret.key,
                })
              ) : (
                <code>{item.value ?? ''}</code>
              )}
            </Cell>
          </Row>
        )}
      </PanelTable>
      <Text as="h4" variant="body-medium" weight="bold">
        {t('tab.connection.snippets')}
      </Text>
      <Tabs>
        <TabList aria-label={t('tab.connection.languages')}>
          {LANGUAGES.map(language => (
            <Tab key={language} id={language}>
              {t(`tab.connection.language.${language}`)}
            </Tab>
          ))}
        </TabList>
        {LANGUAGES.map(language => (
          <TabPanel key={language} id={language}>
            <Flex direction="column" gap="2" align="start">
              <pre
                style={{
                  margin: 0,
                  padding: 'var(--bui-space-3)',
                  width: '100%',
                  boxSizing: 'border-box',
                  // Wrapped rather than scrolled: no scroll region to reach from the keyboard.
                  whiteSpace: 'pre-wrap',
                  overflowWrap: 'anywhere',
                  background: 'var(--bui-bg-neutral-2)',
                  borderRadius: 'var(--bui-radius-2)',
                  fontFamily: 'var(--bui-font-monospace)',
                  fontSize: 'var(--bui-font-size-2)',
                }}
              >
                <code>{connection.snippets[language]}</code>
              </pre>
              <CopyButton
                text={connection.snippets[language]}
                what={t('tab.connection.snippetWhat', {
                  language: t(`tab.connection.language.${language}`),
                })}
              />
            </Flex>
          </TabPanel>
        ))}
      </Tabs>
    </Panel>
  );
}
