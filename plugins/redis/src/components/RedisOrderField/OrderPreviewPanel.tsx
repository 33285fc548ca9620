// Beside the form: the objects redis:apply would apply, the monthly cost, and what the application must change.
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Alert,
  Button,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
} from '@backstage/ui';
import type {
  ClientLanguage,
  ConnectionInfo,
  CostEstimate,
} from '@odin/plugin-redis-common';
import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useClipboard } from '../../hooks/useClipboard';
import {
  previewOrder,
  type InstanceOrder,
  type ManifestPreview,
  type OrderPreview,
} from './orderPreview';
import { redisOrderFormTranslationRef } from './translation';
import styles from './RedisOrderField.module.css';

function CopyButton(props: { text: string; what: string }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const { state, copy } = useClipboard();
  return (
    <span className={styles.toolbar}>
      <Button
        variant="secondary"
        size="small"
        onPress={() => copy(props.text)}
        aria-label={t('preview.copyLabel', { what: props.what })}
      >
        {t('preview.copy')}
      </Button>
      <Text as="span" variant="body-small" role="status" aria-live="polite">
        {state === 'copied' && t('preview.copied')}
        {state === 'failed' && t('preview.copyFailed')}
      </Text>
    </span>
  );
}

/** A part of the preview, named by its heading. */
function PreviewSection(props: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={props.id} className={styles.panel}>
      <Text as="h3" variant="title-x-small" id={props.id}>
        {props.title}
      </Text>
      {props.children}
    </section>
  );
}

interface CopyTab {
  id: string;
  title: string;
  text: string;
  /** What the copy button copies, for its label. */
  what: string;
}

/** A tab per text, each panel the text with a button that copies it; a chosen tab that goes away falls back to the first. */
function CopyTabs(props: { label: string; tabs: CopyTab[] }) {
  const { tabs } = props;
  const [chosen, setChosen] = useState<string>();
  const selected = tabs.some(tab => tab.id === chosen) ? chosen : tabs[0]?.id;
  return (
    <Tabs
      selectedKey={selected}
      onSelectionChange={key => setChosen(String(key))}
    >
      <TabList aria-label={props.label}>
        {tabs.map(tab => (
          <Tab key={tab.id} id={tab.id}>
            {tab.title}
          </Tab>
        ))}
      </TabList>
      {tabs.map(tab => (
        <TabPanel key={tab.id} id={tab.id}>
          <div className={styles.panel}>
            <CopyButton text={tab.text} what={tab.what} />
            <pre className={styles.code}>
              <code>{tab.text}</code>
            </pre>
          </div>
        </TabPanel>
      ))}
    </Tabs>
  );
}

function CostBreakdown({ cost }: { cost: CostEstimate }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  return (
    <PreviewSection id="redis-order-cost" title={t('preview.costTitle')}>
      <Text as="p" variant="title-small">
        {t('preview.costTotal', { amount: cost.monthlyTotal.toFixed(2) })}
      </Text>
      <table className={styles.costTable}>
        <tbody>
          {cost.items.map(item => (
            <tr key={item.item}>
              <th scope="row">{t(`preview.costItems.${item.item}`)}</th>
              <td>{item.detail}</td>
              <td className={styles.amount}>{item.monthly.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </PreviewSection>
  );
}

function ManifestTabs({ manifests }: { manifests: ManifestPreview[] }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  return (
    <PreviewSection
      id="redis-order-manifests"
      title={t('preview.manifestsTitle')}
    >
      <CopyTabs
        label={t('preview.manifestsLabel')}
        tabs={manifests.map(manifest => ({
          id: manifest.id,
          title: `${manifest.kind} ${manifest.name}`,
          text: manifest.yaml,
          what: manifest.id,
        }))}
      />
    </PreviewSection>
  );
}

const LANGUAGES: ClientLanguage[] = ['node', 'python', 'java', 'go'];

function ConnectionSummary({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const secret = connection.passwordSecret;
  return (
    <PreviewSection
      id="redis-order-connection"
      title={t('preview.connectionTitle')}
    >
      <Text as="p" variant="body-medium">
        {t(`preview.modes.${connection.mode}`, {
          master: connection.sentinelMasterName ?? '',
        })}
      </Text>
      <dl className={styles.facts}>
        <dt>{t('preview.host')}</dt>
        <dd>{connection.host}</dd>
        <dt>{t('preview.port')}</dt>
        <dd>{connection.port}</dd>
        {connection.sentinelMasterName && (
          <>
            <dt>{t('preview.sentinelMaster')}</dt>
            <dd>{connection.sentinelMasterName}</dd>
          </>
        )}
        {connection.readHost && (
          <>
            <dt>{t('preview.readHost')}</dt>
            <dd>{connection.readHost}</dd>
          </>
        )}
        <dt>{t('preview.passwordSecret')}</dt>
        <dd>
          {secret
            ? t('preview.passwordSecretValue', {
                name: secret.name,
                key: secret.key,
              })
            : t('preview.noPassword')}
        </dd>
        {connection.external && connection.external.length > 0 && (
          <>
            <dt>{t('preview.external')}</dt>
            <dd>
              {connection.external.map(endpoint => (
                <div key={endpoint.service}>
                  {`${endpoint.service} (${endpoint.type}, ${endpoint.port}): ${endpoint.note}`}
                </div>
              ))}
            </dd>
          </>
        )}
        <dt>{t('preview.env')}</dt>
        <dd>
          {connection.env.map(variable => (
            <div key={variable.name}>
              <code>{variable.name}</code>
              {' = '}
              {variable.fromSecret
                ? t('preview.envFromSecret', {
                    name: variable.fromSecret.name,
                    key: variable.fromSecret.key,
                  })
                : variable.value}
            </div>
          ))}
        </dd>
      </dl>
      <CopyTabs
        label={t('preview.snippetLabel')}
        tabs={LANGUAGES.map(id => ({
          id,
          title: t(`preview.languages.${id}`),
          text: connection.snippets[id],
          what: t(`preview.languages.${id}`),
        }))}
      />
    </PreviewSection>
  );
}

function OrderPreviewView(props: { order: InstanceOrder }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const preview: OrderPreview = useMemo(
    () => previewOrder(props.order),
    [props.order],
  );
  const lastRendered = useRef(preview.rendered);
  if (preview.rendered) lastRendered.current = preview.rendered;
  const rendered = preview.rendered ?? lastRendered.current;
  const stale = !preview.rendered;
  return (
    <div className={styles.panel}>
      {stale && (
        <Alert
          status="warning"
          icon
          title={rendered ? t('preview.invalid') : t('preview.nothingYet')}
        />
      )}
      {rendered && (
        <div
          className={stale ? `${styles.panel} ${styles.stale}` : styles.panel}
        >
          <CostBreakdown cost={rendered.cost} />
          <ManifestTabs manifests={rendered.manifests} />
          {rendered.connection.passwordSecret?.generated && (
            <Text as="p" variant="body-small" color="secondary">
              {t('preview.secretNote', {
                name: rendered.connection.passwordSecret.name,
              })}
            </Text>
          )}
          <ConnectionSummary connection={rendered.connection} />
        </div>
      )}
    </div>
  );
}

/**
 * The preview of an order. Memoised on the order alone, which the field defers, so typing never waits
 * for rendering; while the order has errors the last valid preview stays, marked as not applicable.
 */
export const OrderPreviewPanel = memo(OrderPreviewView);
