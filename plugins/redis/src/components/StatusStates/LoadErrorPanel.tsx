import { Alert, Button } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { loadErrorKind } from '../../status/loadError';
import { redisTranslationRef } from '../../translation';

/** Nothing to show because the very first request failed: says why, and offers a retry where one can help. */
export function LoadErrorPanel(props: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const kind = loadErrorKind(props.error);
  const retry =
    kind !== 'forbidden' && props.onRetry ? (
      <Button size="small" variant="secondary" onPress={props.onRetry}>
        {t('states.retry')}
      </Button>
    ) : undefined;
  const content = {
    forbidden: {
      title: t('states.forbidden.title'),
      description: t('states.forbidden.description'),
    },
    notFound: {
      title: t('states.notFound.title'),
      description: t('states.notFound.description'),
    },
    unreachable: {
      title: t('states.unreachable.title'),
      description: t('states.unreachable.description'),
    },
    failed: {
      title: t('states.failed.title'),
      description: props.error.message,
    },
  }[kind];
  return (
    <Alert
      role="alert"
      status={kind === 'unreachable' ? 'warning' : 'danger'}
      icon
      title={content.title}
      description={content.description}
      customActions={retry}
      data-kind={kind}
    />
  );
}
