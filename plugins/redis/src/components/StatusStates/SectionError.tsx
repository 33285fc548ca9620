import { Alert } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { StatusSectionName } from '@odin/plugin-redis-common';
import { redisTranslationRef } from '../../translation';

/** The status's sections as the page names them; `operations` is not among the health reasons' sections. */
export type PageSectionName = StatusSectionName | 'operations';

/** One part of the status failed upstream; the rest of the page still shows. */
export function SectionError(props: {
  section: PageSectionName;
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
