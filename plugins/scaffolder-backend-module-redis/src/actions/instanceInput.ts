// The order document both actions take, validated by the one schema in redis-common.
import { InputError } from '@backstage/errors';
import {
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
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

/** Validates the document; invalid input throws an InputError with one `<pointer>: <message>` line per error. */
export function validatedInstance(
  input: InstanceDocument,
  logger: LoggerService,
): ResolvedInstance {
  const result = validateInstance({
    name: input.name,
    root: input.root ?? {},
    flavour: input.flavour,
  });
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
