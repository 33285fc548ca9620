import { Alert } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { StatusSectionName } from '@odin/plugin-redis-common';
import { redisTranslationRef } from '../../translation';

/** One part of the status failed upstream; the rest of the page still shows. */
export function SectionError(props: {
  section: StatusSectionName;
  message: string;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  return (
    <Alert
      status="warning"
      icon
      title={t('section.failed', { section: t(`section.${props.section}`) })}
      description={props.message}
    />
  );
}
