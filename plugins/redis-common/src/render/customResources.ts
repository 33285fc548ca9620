// The Opstree Redis Operator custom resources of each deployment mode.
import { canonicalQuantity } from '../quantity';
import type { ResolvedInstance, ResourceRequirements } from '../schema/types';
import { redisTopology } from '../topology';
import {
  EXPORTER_IMAGE,
  EXPORTER_PORT,
  EXPORTER_RESOURCES,
  NODE_CONF_VOLUME_SIZE,
  OPERATOR_API_VERSION,
  REDIS_IMAGES,
  REDIS_PORT,
  SENTINEL_MASTER_NAME,
  authSecretRef,
  instanceLabels,
  objectNames,
  type KubernetesObject,
} from './conventions';
import {
  containerSecurityContext,
  operatorPodSelector,
  podPlacement,
  podSecurityContext,
  topologySpread,
  type LabelSelector,
} from './placement';

/** Drops undefined fields so objects carry only what we mean to set. */
export function compact<T extends Record<string, unknown>>(fields: T): T {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    if (fields[key] !== undefined) result[key] = fields[key];
  }
  return result as T;
}

/** Quantities as the API server stores them, so the operator's Update of the resource changes none. */
function canonical(quantity: string): string {
  return canonicalQuantity(quantity) ?? quantity;
}

function canonicalResources(
  resources: ResourceRequirements,
): ResourceRequirements {
  const section = (quantities: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(quantities).map(([name, value]) => [
        name,
        canonical(value),
      ]),
    );
  return {
    ...resources,
    requests: section(resources.requests),
    limits: section(resources.limits),
  } as ResourceRequirements;
}

function customResource(
  config: ResolvedInstance,
  kind: string,
  spec: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind,
    metadata: {
      name: config.name,
      namespace: config.flavour.namespace,
      labels: instanceLabels(config.name, config.flavour.namespace),
    },
    spec: compact(spec),
  };
}

function kubernetesConfig(
  config: ResolvedInstance,
  image: string,
  resources: ResourceRequirements,
) {
  const { service, updateStrategy } = config.flavour;
  const secret = authSecretRef(config);
  return compact({
    image,
    imagePullPolicy: 'IfNotPresent',
    resources: canonicalResources(resources),
    redisSecret: secret ? { name: secret.name, key: secret.key } : undefined,
    service: compact({
      serviceType: service.type,
      annotations:
        Object.keys(service.annotations).length > 0
          ? service.annotations
          : undefined,
    }),
    updateStrategy:
      updateStrategy.type === 'RollingUpdate'
        ? {
            type: 'RollingUpdate',
            rollingUpdate: {
              maxUnavailable: updateStrategy.rollingUpdate.maxUnavailable,
            },
          }
        : { type: 'OnDelete' },
  });
}

function redisExporter(config: ResolvedInstance) {
  if (!config.flavour.metrics.enabled) return undefined;
  return {
    enabled: true,
    image: EXPORTER_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    port: EXPORTER_PORT,
    resources: EXPORTER_RESOURCES,
    securityContext: containerSecurityContext(config, true),
  };
}

function volumeClaimTemplate(config: ResolvedInstance, size: string) {
  return {
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: config.flavour.persistence.storageClass,
      resources: { requests: { storage: canonical(size) } },
    },
  };
}

/** Fields every data pod kind (Redis, RedisReplication) shares. */
function dataPodFields(config: ResolvedInstance, selector: LabelSelector) {
  const { flavour } = config;
  return {
    kubernetesConfig: kubernetesConfig(
      config,
      REDIS_IMAGES[config.root.version].redis,
      flavour.master.resources,
    ),
    redisExporter: redisExporter(config),
    redisConfig: {
      additionalRedisConfig: objectNames(config.name).redisConfig,
    },
    storage: flavour.persistence.enabled
      ? {
          volumeClaimTemplate: volumeClaimTemplate(
            config,
            flavour.persistence.size,
          ),
        }
      : undefined,
    podSecurityContext: podSecurityContext(config),
    securityContext: containerSecurityContext(config, false),
    ...podPlacement(config, selector),
    priorityClassName: flavour.priorityClassName,
    serviceAccountName: flavour.serviceAccount,
  };
}

function pdbField(minAvailable: number | undefined) {
  return minAvailable === undefined
    ? { enabled: false }
    : { enabled: true, minAvailable };
}

function standalone(config: ResolvedInstance): KubernetesObject {
  return customResource(
    config,
    'Redis',
    dataPodFields(config, operatorPodSelector(config.name, 'redis')),
  );
}

function replication(config: ResolvedInstance): KubernetesObject {
  const topology = redisTopology(config);
  const selector = operatorPodSelector(config.name, 'redis');
  return customResource(config, 'RedisReplication', {
    clusterSize: topology.groups[0].pods,
    ...dataPodFields(config, selector),
    topologySpreadConstraints: topologySpread(config, selector),
    pdb: pdbField(topology.groups[0].minAvailable),
  });
}

function sentinel(config: ResolvedInstance): KubernetesObject {
  const { flavour } = config;
  const selector = operatorPodSelector(config.name, 'sentinel');
  const secret = authSecretRef(config);
  const sentinels = redisTopology(config).groups[1];
  return customResource(config, 'RedisSentinel', {
    clusterSize: sentinels.pods,
    kubernetesConfig: kubernetesConfig(
      config,
      REDIS_IMAGES[config.root.version].sentinel,
      flavour.sentinel.resources,
    ),
    redisSentinelConfig: compact({
      redisReplicationName: config.name,
      redisReplicationPassword: secret
        ? { secretKeyRef: { name: secret.name, key: secret.key } }
        : undefined,
      masterGroupName: SENTINEL_MASTER_NAME,
      redisPort: String(REDIS_PORT),
      quorum: String(flavour.sentinel.quorum),
    }),
    podSecurityContext: podSecurityContext(config),
    // The operator mounts a writable /etc/redis for sentinels, so their root filesystem can be read-only.
    securityContext: containerSecurityContext(config, true),
    ...podPlacement(config, selector),
    topologySpreadConstraints: topologySpread(config, selector),
    priorityClassName: flavour.priorityClassName,
    serviceAccountName: flavour.serviceAccount,
    pdb: pdbField(
      flavour.podDisruptionBudget.enabled ? sentinels.minAvailable : undefined,
    ),
  });
}

function cluster(config: ResolvedInstance): KubernetesObject {
  const { flavour } = config;
  const [leaders, followers] = redisTopology(config).groups;
  const selector = operatorPodSelector(config.name, 'cluster');
  const placement = podPlacement(config, selector);
  const role = (
    pods: number,
    minAvailable: number | undefined,
    resources: ResourceRequirements,
  ) =>
    compact({
      replicas: pods,
      resources: canonicalResources(resources),
      redisConfig: {
        additionalRedisConfig: objectNames(config.name).redisConfig,
      },
      ...placement,
      topologySpreadConstraints: topologySpread(config, selector),
      securityContext: containerSecurityContext(config, false),
      pdb: pdbField(minAvailable),
    });
  const { persistence } = flavour;
  return customResource(config, 'RedisCluster', {
    clusterSize: leaders.pods,
    clusterVersion: REDIS_IMAGES[config.root.version].clusterVersion,
    persistenceEnabled: persistence.enabled,
    port: REDIS_PORT,
    kubernetesConfig: kubernetesConfig(
      config,
      REDIS_IMAGES[config.root.version].redis,
      flavour.master.resources,
    ),
    redisExporter: redisExporter(config),
    redisLeader: role(
      leaders.pods,
      leaders.minAvailable,
      flavour.master.resources,
    ),
    redisFollower: role(
      followers.pods,
      followers.minAvailable,
      flavour.replica.resources,
    ),
    storage: persistence.enabled
      ? {
          volumeClaimTemplate: volumeClaimTemplate(config, persistence.size),
          // nodes.conf on its own small volume keeps a node's cluster identity across restarts.
          nodeConfVolume: true,
          nodeConfVolumeClaimTemplate: volumeClaimTemplate(
            config,
            NODE_CONF_VOLUME_SIZE,
          ),
        }
      : undefined,
    podSecurityContext: podSecurityContext(config),
    priorityClassName: flavour.priorityClassName,
    serviceAccountName: flavour.serviceAccount,
  });
}

/** The operator custom resources of the instance, in apply order. */
export function renderCustomResources(
  config: ResolvedInstance,
): KubernetesObject[] {
  const topology = redisTopology(config);
  if (topology.dataKind === 'RedisCluster') return [cluster(config)];
  if (topology.dataKind === 'Redis') return [standalone(config)];
  return topology.sentinel
    ? [replication(config), sentinel(config)]
    : [replication(config)];
}
