// The Secret holding a generated Redis password: made once with a strong random value, never overwritten.
import {
  instanceLabels,
  type ResolvedInstance,
  type SecretReference,
} from '@odin/plugin-redis-common';
import { randomBytes } from 'crypto';

/** 32 random bytes: 256 bits, far beyond brute force even at Redis's AUTH rate. */
const PASSWORD_BYTES = 32;

/** A new Redis password: base64url has no characters that need quoting in redis.conf or a shell. */
export function generatePassword(): string {
  return randomBytes(PASSWORD_BYTES).toString('base64url');
}

export function passwordSecret(
  config: ResolvedInstance,
  reference: SecretReference,
) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: reference.name,
      namespace: config.flavour.namespace,
      labels: instanceLabels(config.name, config.flavour.namespace),
      annotations: { 'odin.dev/generated-password': 'true' },
    },
    type: 'Opaque',
    stringData: { [reference.key]: generatePassword() },
  };
}
