// `ui:field: RedisOrder`: the flavour step, sectioned per the spec, with inline issues and a live preview.
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  Accordion,
  AccordionPanel,
  AccordionTrigger,
  Alert,
  Text,
} from '@backstage/ui';
import { validateInstance } from '@odin/plugin-redis-common';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { deploymentModeOf, foldReplicaCount, withValue } from './flavourEdits';
import { locateIssues, type LocatedIssues } from './issueLocation';
import { readablePointer } from './orderValidation';
import { orderOf } from './orderPreview';
import { OrderPreviewPanel } from './OrderPreviewPanel';
import { SECTION_IDS, sectionFields, type SectionId } from './orderSections';
import {
  IssueList,
  OrderFormContext,
  SchemaElement,
  type OrderFormState,
} from './SchemaControls';
import {
  isPlainObject,
  type FlavourPath,
  type FlavourValue,
} from './schemaPaths';
import { redisOrderFormTranslationRef } from './translation';
import styles from './RedisOrderField.module.css';

const EMPTY: FlavourValue = {};

function OrderSection(props: {
  id: SectionId;
  issues: LocatedIssues;
  expanded: boolean;
  onExpandedChange(expanded: boolean): void;
}) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const { id, issues } = props;
  const errors = issues.errorCounts.get(id) ?? 0;
  const warnings = issues.warningCounts.get(id) ?? 0;
  const subtitle = [
    errors > 0
      ? t('issueSummary.errors', { number: String(errors) })
      : undefined,
    warnings > 0
      ? t('issueSummary.warnings', { number: String(warnings) })
      : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const sectionIssues = issues.sections.get(id);
  return (
    <Accordion
      isExpanded={props.expanded}
      onExpandedChange={props.onExpandedChange}
    >
      <AccordionTrigger
        level={3}
        title={t(`sections.${id}.title`)}
        subtitle={subtitle || t(`sections.${id}.description`)}
      />
      <AccordionPanel>
        {/* Closed sections render nothing, so typing re-renders only what is open. */}
        {props.expanded && (
          <div className={styles.form}>
            {sectionIssues && (
              <IssueList
                id={`redis-order-${id}-issues`}
                issues={sectionIssues}
              />
            )}
            {sectionFields(id).map(path => (
              <SchemaElement key={path.join('/')} path={path} />
            ))}
          </div>
        )}
      </AccordionPanel>
    </Accordion>
  );
}

/** The order's flavour: redis-common's one schema as sections, its validator inline, its renderer beside. */
export function RedisOrderField(
  props: FieldExtensionComponentProps<FlavourValue>,
) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const { onChange, disabled, readonly } = props;
  const flavour = isPlainObject(props.formData) ? props.formData : EMPTY;
  const stepsFormData = (
    props.formContext as { formData?: unknown } | undefined
  )?.formData;
  const mode = deploymentModeOf(flavour);

  useEffect(() => {
    if (readonly) return;
    const folded = foldReplicaCount(flavour);
    if (folded !== flavour) onChange(folded);
  }, [flavour, onChange, readonly]);

  const order = useMemo(
    () => orderOf(flavour, stepsFormData),
    [flavour, stepsFormData],
  );
  // Issues follow every keystroke; the preview (render, YAML, cost) is deferred and never holds typing up.
  const issues = useMemo(
    () => locateIssues(validateInstance(order), { mode, flavour }),
    [order, mode, flavour],
  );
  const deferredOrder = useDeferredValue(order);

  const onValue = useCallback(
    (path: FlavourPath, value: unknown) =>
      onChange(withValue(flavour, path, value)),
    [flavour, onChange],
  );
  const state: OrderFormState = useMemo(
    () => ({
      flavour,
      mode,
      issues,
      onValue,
      disabled: Boolean(disabled),
      readOnly: Boolean(readonly),
    }),
    [flavour, mode, issues, onValue, disabled, readonly],
  );

  const [opened, setOpened] = useState<ReadonlySet<SectionId>>(
    () => new Set<SectionId>(['modeAndSize']),
  );
  const general = issues.general;
  return (
    <OrderFormContext.Provider value={state}>
      <div className={styles.root}>
        <div className={styles.columns}>
          <div className={styles.form}>
            {props.schema.title && (
              <Text as="h2" variant="title-small">
                {props.schema.title}
              </Text>
            )}
            {(general.errors.length > 0 || general.warnings.length > 0) && (
              <Alert
                status={general.errors.length > 0 ? 'danger' : 'warning'}
                icon
                title={t('general.title')}
                description={
                  <>
                    <Text as="p" variant="body-small">
                      {t('general.description')}
                    </Text>
                    {[...general.errors, ...general.warnings].map(issue => (
                      <Text
                        key={`${issue.pointer} ${issue.message}`}
                        as="p"
                        variant="body-small"
                      >
                        {`${readablePointer(issue.pointer)}: ${issue.message}`}
                      </Text>
                    ))}
                  </>
                }
              />
            )}
            {SECTION_IDS.map(id => (
              <OrderSection
                key={id}
                id={id}
                issues={issues}
                // A section with errors stays open, so every error is in view where it arises.
                expanded={
                  opened.has(id) || (issues.errorCounts.get(id) ?? 0) > 0
                }
                onExpandedChange={expanded =>
                  setOpened(current => {
                    const next = new Set(current);
                    if (expanded) next.add(id);
                    else next.delete(id);
                    return next;
                  })
                }
              />
            ))}
          </div>
          <aside
            className={styles.preview}
            aria-label={t('preview.title')}
            aria-busy={deferredOrder !== order}
          >
            <div className={styles.toolbar}>
              <Text as="h2" variant="title-small">
                {t('preview.title')}
              </Text>
              {deferredOrder !== order && (
                <Text as="span" variant="body-small" color="secondary">
                  {t('preview.updating')}
                </Text>
              )}
            </div>
            <OrderPreviewPanel order={deferredOrder} />
          </aside>
        </div>
      </div>
    </OrderFormContext.Provider>
  );
}
