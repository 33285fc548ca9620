// The order document both actions take, validated by the one schema in redis-common.
import { InputError } from '@backstage/errors';
import {
  validateInstance,
  withPortalAccess,
  type PortalAccess,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { z as zod } from 'zod/v3';

export type InstanceDocument = {
  name: string;
  root?: Record<string, unknown>;
  flavour: Record<string, unknown>;
};

/** Zod fields of `{ name, root, flavour }`; the real checks are validateInstance's. */
export function instanceFields(z: typeof zod) {
  return {
    name: z
      .string()
      .describe(
        'Instance name: the custom resource name and app.kubernetes.io/instance label',
      ),
    root: z
      .record(z.unknown())
      .optional()
      .describe(
        'Flavour-independent settings: clusterModeEnabled, authentication, version',
      ),
    flavour: z
      .record(z.unknown())
      .describe('The aws_container flavour properties (see the flavour spec)'),
  };
}

/**
 * `redis.portal`: where the portal runs, so that the instances it applies admit its status reads.
 * A wrong setting fails at startup, with the config key, rather than in every order.
 */
export function portalAccessFromConfig(
  config: RootConfigService,
): PortalAccess | undefined {
  const portal = config.getOptionalConfig('redis.portal');
  if (!portal) return undefined;
  const access = {
    namespace: portal.getString('namespace'),
    podLabels: portal.getOptional<Record<string, string>>('podLabels'),
  };
  const { errors } = validateInstance({
    name: 'portal',
    flavour: { networkPolicy: { enabled: true, portal: access } },
  });
  if (errors.length > 0) {
    throw new InputError(
      `redis.portal is invalid: ${errors
        .map(
          error =>
            `${error.pointer.replace(
              '/flavour/networkPolicy/portal',
              'redis.portal',
            )}: ${error.message}`,
        )
        .join('; ')}`,
    );
  }
  return access;
}

/**
 * Validates the document; invalid input throws an InputError with one `<pointer>: <message>` line
 * per error. With networkPolicy enabled and no portal named, the portal's own access is added.
 */
export function validatedInstance(
  input: InstanceDocument,
  logger: LoggerService,
  portal?: PortalAccess,
): ResolvedInstance {
  const result = validateInstance(
    withPortalAccess(
      { name: input.name, root: input.root ?? {}, flavour: input.flavour },
      portal,
    ),
  );
  for (const warning of result.warnings)
    logger.warn(`${warning.pointer}: ${warning.message}`);
  if (!result.valid || !result.config) {
    throw new InputError(
      `The Redis instance is invalid:\n${result.errors
        .map(error => `${error.pointer}: ${error.message}`)
        .join('\n')}`,
    );
  }
  return result.config;
}
