import { Button } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useClipboard } from '../../hooks/useClipboard';
import { redisTranslationRef } from '../../translation';

/** Copies `text`; the outcome is announced politely next to the button. */
export function CopyButton(props: { text: string; what: string }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { state, copy } = useClipboard();
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 'var(--bui-space-2)',
      }}
    >
      <Button
        size="small"
        variant="secondary"
        aria-label={t('copy.label', { what: props.what })}
        onPress={() => copy(props.text)}
      >
        {t('copy.button')}
      </Button>
      <span role="status" style={{ fontSize: 'var(--bui-font-size-2)' }}>
        {state === 'copied' && t('copy.copied')}
        {state === 'failed' && t('copy.failed')}
      </span>
    </span>
  );
}
