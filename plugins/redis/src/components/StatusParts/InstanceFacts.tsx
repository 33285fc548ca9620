// The facts the card and the tab both show of an instance, worded the same in both.
import { Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ConnectionInfo, RedisStatus } from '@odin/plugin-redis-common';
import { redisTranslationRef } from '../../translation';
import { CopyButton } from './CopyButton';
import { Fact } from './Facts';

export function ModeFact(props: { mode: RedisStatus['mode'] }) {
  const { t } = useTranslationRef(redisTranslationRef);
  return (
    <Fact label={t('fields.mode')}>
      <Text as="span">{t(`mode.${props.mode ?? 'unknown'}`)}</Text>
    </Fact>
  );
}

/** The Redis version, or all of them while the pods run different ones. */
export function VersionFact(props: { versions: string[] }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { versions } = props;
  return (
    <Fact label={t('fields.version')}>
      <Text as="span">
        {versions.length > 1
          ? t('fields.versionsDiffer', { versions: versions.join(', ') })
          : versions[0] ?? '–'}
      </Text>
    </Fact>
  );
}

/** Where clients connect, with a button that copies it. */
export function EndpointFact(props: { connection?: ConnectionInfo }) {
  const { t } = useTranslationRef(redisTranslationRef);
  const { connection } = props;
  return (
    <Fact label={t('fields.endpoint')}>
      {connection ? (
        <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
          <code style={{ wordBreak: 'break-all' }}>
            {`${connection.host}:${connection.port}`}
          </code>
          <CopyButton
            text={`${connection.host}:${connection.port}`}
            what={t('tab.connection.endpointWhat')}
          />
        </Flex>
      ) : (
        <Text as="span" color="secondary">
          {t('fields.endpointUnknown')}
        </Text>
      )}
    </Fact>
  );
}
