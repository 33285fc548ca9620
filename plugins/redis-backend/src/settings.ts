// The plugin's settings (declared in config.d.ts) with their defaults.
import type { Config } from '@backstage/config';
import type { BackupStoreOptions } from '@odin/plugin-redis-node';
import type { RedisProbeOptions } from './services/RedisProbe/RedisProbe';

export interface StatusSettings {
  cacheTtlMs: number;
  kubernetesTimeoutMs: number;
  backupGraceMs: number;
  redis: RedisProbeOptions;
  s3: BackupStoreOptions;
}

export function readStatusSettings(config: Config): StatusSettings {
  const status = config.getOptionalConfig('redis.status');
  const number = (key: string, fallback: number) =>
    status?.getOptionalNumber(key) ?? fallback;
  return {
    cacheTtlMs: number('cacheTtlSeconds', 10) * 1000,
    kubernetesTimeoutMs: number('kubernetesTimeoutMs', 5000),
    backupGraceMs: number('backupGraceMinutes', 60) * 60_000,
    redis: {
      connectTimeoutMs: number('redis.connectTimeoutMs', 2000),
      commandTimeoutMs: number('redis.commandTimeoutMs', 2000),
      concurrency: number('redis.concurrency', 16),
    },
    s3: {
      endpoint: status?.getOptionalString('s3.endpoint'),
      forcePathStyle: status?.getOptionalBoolean('s3.forcePathStyle') ?? false,
      timeoutMs: number('s3.timeoutMs', 5000),
      maxObjects: number('s3.maxObjects', 10000),
    },
  };
}
