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
import { memo, useEffect, useMemo, useRef, useState } from 'react';
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
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await window.navigator.clipboard.writeText(props.text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className={styles.toolbar}>
      <Button
        variant="secondary"
        size="small"
        onPress={copy}
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

function CostBreakdown({ cost }: { cost: CostEstimate }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  return (
    <section aria-labelledby="redis-order-cost" className={styles.panel}>
      <Text as="h3" variant="title-x-small" id="redis-order-cost">
        {t('preview.costTitle')}
      </Text>
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
    </section>
  );
}

function ManifestTabs({ manifests }: { manifests: ManifestPreview[] }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const [chosen, setChosen] = useState<string>();
  const selected = manifests.some(m => m.id === chosen)
    ? chosen
    : manifests[0]?.id;
  return (
    <section aria-labelledby="redis-order-manifests" className={styles.panel}>
      <Text as="h3" variant="title-x-small" id="redis-order-manifests">
        {t('preview.manifestsTitle')}
      </Text>
      <Tabs
        selectedKey={selected}
        onSelectionChange={key => setChosen(String(key))}
      >
        <TabList aria-label={t('preview.manifestsLabel')}>
          {manifests.map(manifest => (
            <Tab key={manifest.id} id={manifest.id}>
              {`${manifest.kind} ${manifest.name}`}
            </Tab>
          ))}
        </TabList>
        {manifests.map(manifest => (
          <TabPanel key={manifest.id} id={manifest.id}>
            <div className={styles.panel}>
              <CopyButton text={manifest.yaml} what={manifest.id} />
              <pre className={styles.code}>
                <code>{manifest.yaml}</code>
              </pre>
            </div>
          </TabPanel>
        ))}
      </Tabs>
    </section>
  );
}

const LANGUAGES: ClientLanguage[] = ['node', 'python', 'java', 'go'];

function ConnectionSummary({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const [language, setLanguage] = useState<string>('node');
  const secret = connection.passwordSecret;
  return (
    <section aria-labelledby="redis-order-connection" className={styles.panel}>
      <Text as="h3" variant="title-x-small" id="redis-order-connection">
        {t('preview.connectionTitle')}
      </Text>
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
      <Tabs
        selectedKey={language}
        onSelectionChange={key => setLanguage(String(key))}
      >
        <TabList aria-label={t('preview.snippetLabel')}>
          {LANGUAGES.map(id => (
            <Tab key={id} id={id}>
              {t(`preview.languages.${id}`)}
            </Tab>
          ))}
        </TabList>
        {LANGUAGES.map(id => (
          <TabPanel key={id} id={id}>
            <div className={styles.panel}>
              <CopyButton
                text={connection.snippets[id]}
                what={t(`preview.languages.${id}`)}
              />
              <pre className={styles.code}>
                <code>{connection.snippets[id]}</code>
              </pre>
            </div>
          </TabPanel>
        ))}
      </Tabs>
    </section>
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
