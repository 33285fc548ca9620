import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ownerEntityRef } from '@odin/plugin-redis-common';

export const PROVIDER_CONFIG_KEY = 'catalog.providers.odinRedis';

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 1 },
};

export const DEFAULT_OWNER = 'group:default/platform';

export interface RedisProviderConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** A full entity ref, e.g. `group:default/platform`. */
  defaultOwner: string;
  /** Namespaces to list; undefined lists cluster-wide. */
  namespaces?: string[];
}

export function readProviderConfig(config: Config): RedisProviderConfig {
  const provider = config.getOptionalConfig(PROVIDER_CONFIG_KEY);
  const schedule = provider?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        provider.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  const owner = provider?.getOptionalString('defaultOwner') ?? DEFAULT_OWNER;
  const defaultOwner = ownerEntityRef(owner);
  if (!defaultOwner) {
    throw new InputError(
      `${PROVIDER_CONFIG_KEY}.defaultOwner "${owner}" is not an entity reference such as group:default/platform`,
    );
  }
  return {
    schedule,
    defaultOwner,
    namespaces: provider?.getOptionalStringArray('namespaces'),
  };
}
