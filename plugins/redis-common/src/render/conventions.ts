// Names, labels, images and other fixed choices every rendered object shares.
import type { RedisVersion, ResolvedInstance } from '../schema/types';

/**
 * Field manager of our server-side apply, also the value of app.kubernetes.io/managed-by.
 *
 * @public
 */
export const REDIS_FIELD_MANAGER = 'odin-redis';

/** @public */
export const OPERATOR_API_VERSION = 'redis.redis.opstreelabs.in/v1beta2';
export const PROMETHEUS_API_VERSION = 'monitoring.coreos.com/v1';

/** Namespace the Opstree operator runs in (the spec's install command); it must reach Redis. */
export const OPERATOR_NAMESPACE = 'redis-operator';

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const CLUSTER_BUS_PORT = REDIS_PORT + 10000;
export const EXPORTER_PORT = 9121;
/**
 * The embedded and external sentinels of the operator both default to this master group.
 *
 * @public
 */
export const SENTINEL_MASTER_NAME = 'mymaster';

/**
 * Pinned images per supported Redis version, with the operator's matching clusterVersion.
 *
 * @public
 */
export const REDIS_IMAGES: Record<
  RedisVersion,
  { redis: string; sentinel: string; clusterVersion: string }
> = {
  '7.0': {
    redis: 'quay.io/opstree/redis:v7.0.15',
    sentinel: 'quay.io/opstree/redis-sentinel:v7.0.15',
    clusterVersion: 'v7',
  },
  '7.2': {
    redis: 'quay.io/opstree/redis:v7.2.7',
    sentinel: 'quay.io/opstree/redis-sentinel:v7.2.7',
    clusterVersion: 'v7',
  },
  '8.2': {
    redis: 'quay.io/opstree/redis:v8.2.5',
    sentinel: 'quay.io/opstree/redis-sentinel:v8.2.5',
    clusterVersion: 'v8',
  },
};
/** @public */
export const EXPORTER_IMAGE = 'quay.io/opstree/redis-exporter:v1.44.0';
/** @public */
export const BACKUP_UPLOAD_IMAGE = 'amazon/aws-cli:2.22.0';

export const EXPORTER_RESOURCES = {
  limits: { cpu: '100m', memory: '128Mi' },
  requests: { cpu: '50m', memory: '64Mi' },
};
/** Size of the RedisCluster volume that keeps nodes.conf. */
export const NODE_CONF_VOLUME_SIZE = '1Gi';

export const BACKUP_RESOURCES = {
  limits: { cpu: '500m', memory: '512Mi' },
  requests: { cpu: '100m', memory: '128Mi' },
};

/** @public */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/**
 * Names the instance's namespace: objects in the shared monitoring namespace are otherwise alike for namesakes.
 *
 * @public
 */
export const INSTANCE_NAMESPACE_LABEL = 'odin.dev/instance-namespace';

/**
 * Labels on every object we render (the operator copies those of a CR onto its pods and Services).
 * `namespace` is the instance's (flavour.namespace), also on objects in the monitoring namespace.
 *
 * @public
 */
export function instanceLabels(
  name: string,
  namespace: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'redis',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': REDIS_FIELD_MANAGER,
    'backstage.io/kubernetes-id': name,
    [INSTANCE_NAMESPACE_LABEL]: namespace,
  };
}

/**
 * The label selector of every object we rendered, of any instance.
 *
 * @public
 */
export const MANAGED_BY_LABEL_SELECTOR = `app.kubernetes.io/managed-by=${REDIS_FIELD_MANAGER}`;

/**
 * The label selector of exactly the objects we rendered for one instance, wherever they live (list, prune, status, wait).
 *
 * @public
 */
export function instanceLabelSelector(instance: {
  name: string;
  namespace: string;
}): string {
  return [
    `app.kubernetes.io/instance=${instance.name}`,
    MANAGED_BY_LABEL_SELECTOR,
    `${INSTANCE_NAMESPACE_LABEL}=${instance.namespace}`,
  ].join(',');
}

export const objectNames = (name: string) => ({
  redisConfig: `${name}-config`,
  backupScripts: `${name}-backup-scripts`,
  backup: `${name}-backup`,
  networkPolicy: `${name}-redis`,
  authSecret: `${name}-auth`,
});

/** @public */
export interface SecretReference {
  name: string;
  key: string;
  /** True when the apply step must create the Secret with a random password if it does not exist. */
  generated: boolean;
}

/**
 * The Secret that holds the Redis password, or undefined when authentication is off.
 *
 * @public
 */
export function authSecretRef(
  config: ResolvedInstance,
): SecretReference | undefined {
  const { authentication } = config.root;
  if (!authentication.enabled) return undefined;
  const existing = authentication.existingSecret;
  if (existing?.name)
    return { name: existing.name, key: existing.key, generated: false };
  return {
    name: objectNames(config.name).authSecret,
    key: 'password',
    generated: true,
  };
}
