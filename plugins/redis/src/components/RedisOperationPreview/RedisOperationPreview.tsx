// `ui:field: RedisOperationPreview`: before the user confirms a day-2 operation, what it would change,
// from the server dry run its action makes, for the values filled in so far.
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { REDIS_CLUSTER_ANNOTATION } from '@odin/plugin-redis-common';
import { Alert, Flex, Skeleton, Text } from '@backstage/ui';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { redisApiRef } from '../../api';
import { redisTranslationRef } from '../../translation';

/** Waits this long after the last change of an input before asking for a dry run. */
const DEBOUNCE_MS = 400;

export interface OperationPreviewOptions {
  /** The operation whose dry run to show, e.g. `scale`. */
  operation: string;
  /**
   * The form's fields that may be its input, by name: those with a value are sent, and the
   * operation says which fit. The form's `entityRef` names the instance.
   */
  inputs: string[];
}

/** The operation and its inputs from `ui:options`; anything else is a template error, said as such. */
export function previewOptionsOf(options: unknown): OperationPreviewOptions {
  const { operation, inputs } = (options ?? {}) as Record<string, unknown>;
  if (
    typeof operation !== 'string' ||
    !Array.isArray(inputs) ||
    !inputs.every(input => typeof input === 'string')
  )
    throw new Error(
      'RedisOperationPreview needs ui:options { operation: string, inputs: string[] } in the template',
    );
  return { operation, inputs };
}

/** The operation's input from the form's values: the named fields that have one; undefined while none has. */
export function operationInput(
  values: Record<string, unknown>,
  inputs: string[],
): Record<string, unknown> | undefined {
  const given = inputs.filter(
    name => values[name] !== undefined && values[name] !== '',
  );
  if (given.length === 0) return undefined;
  return Object.fromEntries(given.map(name => [name, values[name]]));
}

export function RedisOperationPreview(
  props: FieldExtensionComponentProps<unknown>,
) {
  const { t } = useTranslationRef(redisTranslationRef);
  const redisApi = useApi(redisApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { operation, inputs } = previewOptionsOf(
    props.uiSchema?.['ui:options'],
  );
  const values =
    (props.formContext as { formData?: Record<string, unknown> } | undefined)
      ?.formData ?? {};
  const entityRef =
    typeof values.entityRef === 'string' ? values.entityRef : undefined;
  const input = operationInput(values, inputs);
  const asked = JSON.stringify({ entityRef, input });
  const [settled, setSettled] = useState(asked);
  useDebounce(() => setSettled(asked), DEBOUNCE_MS, [asked]);

  const dryRun = useAsync(async () => {
    const { entityRef: ref, input: wanted } = JSON.parse(settled);
    if (!ref || !wanted) return undefined;
    const entity = await catalogApi.getEntityByRef(ref);
    return redisApi.dryRunOperation(parseEntityRef(ref), operation, wanted, {
      cluster: entity?.metadata.annotations?.[REDIS_CLUSTER_ANNOTATION],
    });
  }, [settled, operation]);

  let body;
  if (!entityRef || !input)
    body = (
      <Text as="p" color="secondary">
        {t('operationPreview.incomplete')}
      </Text>
    );
  else if (dryRun.loading || settled !== asked)
    body = (
      <Flex direction="column" gap="2" aria-busy="true">
        <Text as="p" color="secondary">
          {t('operationPreview.loading')}
        </Text>
        <Skeleton width="100%" height={48} />
      </Flex>
    );
  else if (dryRun.error)
    body = (
      <Alert
        status="danger"
        icon
        title={t('operationPreview.refused')}
        description={dryRun.error.message}
      />
    );
  else if (dryRun.value)
    body = (
      <Flex direction="column" gap="2">
        <Text as="p">{dryRun.value.summary}</Text>
        {dryRun.value.changes.length === 0 ? (
          <Text as="p" color="secondary">
            {t('operationPreview.nothing')}
          </Text>
        ) : (
          <ul aria-label={t('operationPreview.changesLabel')}>
            {dryRun.value.changes.map(change => (
              <li key={change.ref}>
                <Text as="span" weight="bold">
                  {change.ref}
                </Text>{' '}
                <Text as="span" color="secondary">
                  ({change.action})
                </Text>
                {change.paths.length > 0 && (
                  <>
                    {': '}
                    <code>{change.paths.join(', ')}</code>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <Text as="p" variant="body-small" color="secondary">
          {t('operationPreview.note')}
        </Text>
      </Flex>
    );

  return (
    <section aria-label={t('operationPreview.title')}>
      <Flex direction="column" gap="2">
        <Text as="h3" variant="title-x-small">
          {props.schema.title ?? t('operationPreview.title')}
        </Text>
        {body}
      </Flex>
    </section>
  );
}
