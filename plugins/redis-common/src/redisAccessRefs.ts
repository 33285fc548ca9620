// How to reach an instance's Redis and Sentinel processes, as its custom resources say: ports, the
// sentinel master name, and the Secrets of the passwords (never the passwords themselves).
import { SENTINEL_MASTER_NAME } from './render/conventions';

/** @public */
export const REDIS_PORT = 6379;
/** @public */
export const SENTINEL_PORT = 26379;

/**
 * One key of one Secret in the instance's namespace.
 *
 * @public
 */
export interface SecretKeyRef {
  name: string;
  key: string;
}

/**
 * What the custom resources of one instance say about reaching its processes.
 *
 * @public
 */
export interface RedisAccessRefs {
  /** Port of every data node. */
  dataPort: number;
  sentinelPort: number;
  /** The name the sentinels monitor the master by. */
  sentinelMasterName: string;
  dataPassword?: SecretKeyRef;
  sentinelPassword?: SecretKeyRef;
  /** Set when the instance serves TLS only; `caKey` names the CA key in that Secret. */
  tls?: { secretName: string; caKey: string };
}

/**
 * A custom resource as far as {@link redisAccessRefs} reads it.
 *
 * @public
 */
export interface OperatorResource {
  kind: string;
  spec?: Record<string, any>;
}

function secretRef(value: unknown): SecretKeyRef | undefined {
  const ref = value as { name?: string; key?: string } | undefined;
  return ref?.name && ref.key ? { name: ref.name, key: ref.key } : undefined;
}

/**
 * Ports, sentinel master name, password and TLS Secrets of an instance from its custom resources
 * (the data kind, and the RedisSentinel if any).
 *
 * @public
 */
export function redisAccessRefs(
  resources: OperatorResource[],
): RedisAccessRefs {
  const data = resources.find(resource => resource.kind !== 'RedisSentinel');
  const sentinel = resources.find(
    resource => resource.kind === 'RedisSentinel',
  );
  return {
    dataPort:
      // As the operator kinds say the mode: cluster whenever a RedisCluster is present.
      resources.some(resource => resource.kind === 'RedisCluster')
        ? Number(data?.spec?.port ?? REDIS_PORT)
        : REDIS_PORT,
    sentinelPort: SENTINEL_PORT,
    sentinelMasterName:
      sentinel?.spec?.redisSentinelConfig?.masterGroupName ??
      SENTINEL_MASTER_NAME,
    dataPassword: secretRef(data?.spec?.kubernetesConfig?.redisSecret),
    sentinelPassword:
      secretRef(sentinel?.spec?.kubernetesConfig?.redisSecret) ??
      secretRef(data?.spec?.sentinel?.redisSecret) ??
      secretRef(data?.spec?.kubernetesConfig?.redisSecret),
    tls: data?.spec?.TLS?.secret?.secretName
      ? {
          secretName: data.spec.TLS.secret.secretName,
          caKey: data.spec.TLS.ca ?? 'ca.crt',
        }
      : undefined,
  };
}
