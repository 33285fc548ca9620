// What the Opstree Redis Operator (v0.26) creates for a custom resource: StatefulSets, Services and PDBs with
// the operator's names, labels, selectors, ports and owner references (FACTS.md §3 and the observed objects).
import { createHash } from 'node:crypto';
import { OPERATOR_GROUP_VERSION, type KubeObject } from './kube';

export type RedisKind =
  | 'Redis'
  | 'RedisReplication'
  | 'RedisSentinel'
  | 'RedisCluster';

export const REDIS_KINDS: RedisKind[] = [
  'Redis',
  'RedisReplication',
  'RedisSentinel',
  'RedisCluster',
];

/** The finalizer the operator adds to each kind on its first reconcile. */
export const FINALIZERS: Record<RedisKind, string> = {
  Redis: 'redisFinalizer',
  RedisReplication: 'redisReplicationFinalizer',
  RedisSentinel: 'redisSentinelFinalizer',
  RedisCluster: 'redisClusterFinalizer',
};

/** One StatefulSet of an instance, and how its pods run. */
export interface RoleSet {
  owner: KubeObject;
  name: string;
  setupType: 'standalone' | 'replication' | 'sentinel' | 'cluster';
  role: 'standalone' | 'replication' | 'sentinel' | 'leader' | 'follower';
  replicas: number;
  /** The client port: 6379 (or the cluster's spec.port), 26379 for sentinels. */
  port: number;
  /** Per-role settings of a RedisCluster (spec.redisLeader / spec.redisFollower). */
  roleSpec: any;
}

export function roleSets(owner: KubeObject): RoleSet[] {
  const { name } = owner.metadata;
  const spec = owner.spec ?? {};
  switch (owner.kind as RedisKind) {
    case 'Redis':
      return [
        {
          owner,
          name,
          setupType: 'standalone',
          role: 'standalone',
          replicas: 1,
          port: 6379,
          roleSpec: {},
        },
      ];
    case 'RedisReplication':
      return [
        {
          owner,
          name,
          setupType: 'replication',
          role: 'replication',
          replicas: spec.clusterSize ?? 3,
          port: 6379,
          roleSpec: {},
        },
      ];
    case 'RedisSentinel':
      return [
        {
          owner,
          name: `${name}-sentinel`,
          setupType: 'sentinel',
          role: 'sentinel',
          replicas: spec.clusterSize ?? 3,
          port: 26379,
          roleSpec: {},
        },
      ];
    case 'RedisCluster':
      return (['leader', 'follower'] as const).map(role => {
        const roleSpec =
          (role === 'leader' ? spec.redisLeader : spec.redisFollower) ?? {};
        return {
          owner,
          name: `${name}-${role}`,
          setupType: 'cluster',
          role,
          replicas: roleSpec.replicas ?? spec.clusterSize ?? 3,
          port: spec.port ?? 6379,
          roleSpec,
        };
      });
    default:
      return [];
  }
}

export function ownerReference(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion ?? OPERATOR_GROUP_VERSION,
    kind: owner.kind!,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
  };
}

/** The labels the operator selects a StatefulSet's pods by. */
export function selectorLabels(set: RoleSet): Record<string, string> {
  return { app: set.name, redis_setup_type: set.setupType, role: set.role };
}

/** The custom resource's own labels, which the operator copies onto StatefulSets, pods and most Services. */
function instanceLabels(set: RoleSet): Record<string, string> {
  return { ...set.owner.metadata.labels, ...selectorLabels(set) };
}

/** The labels on the pods: a RedisCluster's pods also carry `cluster: <name>`, which its -master Service selects. */
export function podLabels(set: RoleSet): Record<string, string> {
  return set.setupType === 'cluster'
    ? { ...instanceLabels(set), cluster: set.owner.metadata.name }
    : instanceLabels(set);
}

/** The operator copies the custom resource's annotations, except onto the sentinel's objects. */
function operatorAnnotations(
  set: RoleSet,
  extra: Record<string, string> = {},
): Record<string, string> {
  const own = { ...set.owner.metadata.annotations };
  delete own['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    ...(set.setupType === 'sentinel' ? {} : own),
    ...extra,
    'redis.opstreelabs.in': 'true',
    'redis.opstreelabs.instance': set.owner.metadata.name,
  };
}

function exporter(set: RoleSet): { port: number; spec: any } | undefined {
  const spec = set.owner.spec?.redisExporter;
  return spec?.enabled && set.setupType !== 'sentinel'
    ? { port: spec.port ?? 9121, spec }
    : undefined;
}

function prometheusAnnotations(set: RoleSet): Record<string, string> {
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(exporter(set)?.port ?? 9121),
  };
}

function clientPortName(set: RoleSet) {
  return set.setupType === 'sentinel' ? 'sentinel-client' : 'redis-client';
}

function metadata(
  set: RoleSet,
  name: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
) {
  return {
    name,
    namespace: set.owner.metadata.namespace,
    labels,
    annotations,
    ownerReferences: [ownerReference(set.owner)],
  };
}

function service(
  set: RoleSet,
  name: string,
  options: {
    labels?: Record<string, string>;
    selector?: Record<string, string>;
    annotations?: Record<string, string>;
    ports: { name: string; port: number }[];
    type?: string;
    headless?: boolean;
  },
): KubeObject {
  const labels = options.labels ?? instanceLabels(set);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(
      set,
      name,
      labels,
      options.annotations ??
        operatorAnnotations(set, prometheusAnnotations(set)),
    ),
    spec: {
      type: options.type ?? 'ClusterIP',
      ...(options.headless ? { clusterIP: 'None' } : {}),
      selector: options.selector ?? labels,
      ports: options.ports.map(port => ({
        ...port,
        protocol: 'TCP',
        targetPort: port.port,
      })),
    },
  };
}

/** The Services the operator makes for one StatefulSet (FACTS.md §3; OPERATOR-OBSERVED.md "Objects the operator created"). */
export function servicesOf(set: RoleSet): KubeObject[] {
  const client = { name: clientPortName(set), port: set.port };
  const metrics = exporter(set);
  const serviceSpec = set.owner.spec?.kubernetesConfig?.service ?? {};
  const services = [
    service(set, set.name, {
      ports: metrics
        ? [client, { name: 'redis-exporter', port: metrics.port }]
        : [client],
    }),
    service(set, `${set.name}-headless`, { ports: [client], headless: true }),
  ];
  if (serviceSpec.additional?.enabled !== false) {
    services.push(
      service(set, `${set.name}-additional`, {
        ports: [client],
        type: serviceSpec.serviceType ?? 'ClusterIP',
        annotations: operatorAnnotations(set, {
          ...prometheusAnnotations(set),
          ...serviceSpec.annotations,
        }),
      }),
    );
  }
  if (metrics) {
    const labels = {
      ...selectorLabels(set),
      'app.kubernetes.io/component': 'metrics',
    };
    services.push(
      service(set, `${set.name}-metrics`, {
        labels,
        selector: selectorLabels(set),
        annotations: prometheusAnnotations(set),
        ports: [{ name: 'redis-exporter', port: metrics.port }],
      }),
    );
  }
  if (set.setupType === 'replication') {
    for (const [suffix, redisRole] of [
      ['master', 'master'],
      ['replica', 'slave'],
    ]) {
      const labels = { ...instanceLabels(set), 'redis-role': redisRole };
      services.push(
        service(set, `${set.name}-${suffix}`, { labels, ports: [client] }),
      );
    }
  }
  if (set.setupType === 'cluster' && serviceSpec.serviceType === 'NodePort') {
    for (let ordinal = 0; ordinal < set.replicas; ordinal++) {
      const pod = `${set.name}-${ordinal}`;
      const labels = {
        ...selectorLabels(set),
        'statefulset.kubernetes.io/pod-name': pod,
      };
      services.push(
        service(set, pod, {
          labels,
          type: 'NodePort',
          ports: [client, { name: 'redis-bus', port: set.port + 10000 }],
        }),
      );
    }
  }
  return services;
}

/** The cluster-wide `<name>-master` Service of a RedisCluster, selecting whichever pods are masters. */
export function clusterMasterService(leaders: RoleSet): KubeObject {
  const labels = {
    cluster: leaders.owner.metadata.name,
    'redis-role': 'master',
    redis_setup_type: 'cluster',
  };
  return service(leaders, `${leaders.owner.metadata.name}-master`, {
    labels,
    ports: [{ name: 'redis-client', port: leaders.port }],
  });
}

/** The PodDisruptionBudget of a StatefulSet, when the custom resource enables one. maxUnavailable wins over minAvailable. */
export function disruptionBudgetOf(set: RoleSet): KubeObject | undefined {
  const pdb =
    set.setupType === 'cluster' ? set.roleSpec.pdb : set.owner.spec?.pdb;
  if (!pdb?.enabled || set.setupType === 'standalone') return undefined;
  const name =
    set.setupType === 'replication' ? `${set.name}-replication` : set.name;
  const budget =
    pdb.maxUnavailable !== undefined
      ? { maxUnavailable: pdb.maxUnavailable }
      : {
          minAvailable: pdb.minAvailable ?? Math.floor(set.replicas / 2) + 1,
        };
  // The PDB's own `app` label is the custom resource's name, also for a cluster's per-role budgets (observed).
  const labels = { ...instanceLabels(set), app: set.owner.metadata.name };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(set, name, labels, operatorAnnotations(set)),
    spec: {
      ...budget,
      selector: { matchLabels: { app: set.name, role: set.role } },
    },
  };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

function secretEnv(name: string, ref: { name: string; key: string }): EnvVar {
  return {
    name,
    valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } },
  };
}

/** The operator sorts the env it builds by name, byte-wise (`REDISCLI_AUTH` before `REDIS_ADDR`; observed). */
function byName(env: EnvVar[]): EnvVar[] {
  return [...env].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function containerEnv(set: RoleSet): EnvVar[] {
  const spec = set.owner.spec ?? {};
  const secret = spec.kubernetesConfig?.redisSecret;
  const env: EnvVar[] = [];
  if (secret) env.push(secretEnv('REDISCLI_AUTH', secret));
  env.push({ name: 'REDIS_ADDR', value: `redis://localhost:${set.port}` });
  if (secret) env.push(secretEnv('REDIS_PASSWORD', secret));
  if (set.setupType === 'sentinel') {
    const config = spec.redisSentinelConfig ?? {};
    env.push(
      { name: 'SENTINEL_PORT', value: String(set.port) },
      { name: 'SERVER_MODE', value: 'sentinel' },
      { name: 'SETUP_MODE', value: 'sentinel' },
      {
        name: 'MASTER_GROUP_NAME',
        value: config.masterGroupName ?? 'myMaster',
      },
      { name: 'PORT', value: config.redisPort ?? '6379' },
      { name: 'QUORUM', value: config.quorum ?? '2' },
      {
        name: 'DOWN_AFTER_MILLISECONDS',
        value: config.downAfterMilliseconds ?? '5000',
      },
      { name: 'PARALLEL_SYNCS', value: config.parallelSyncs ?? '1' },
      { name: 'FAILOVER_TIMEOUT', value: config.failoverTimeout ?? '10000' },
      { name: 'RESOLVE_HOSTNAMES', value: config.resolveHostnames ?? 'no' },
      { name: 'ANNOUNCE_HOSTNAMES', value: config.announceHostnames ?? 'no' },
    );
    if (config.redisReplicationPassword) {
      env.push({
        name: 'MASTER_PASSWORD',
        valueFrom: config.redisReplicationPassword,
      });
    }
    return env;
  }
  if (hasStorage(set)) env.push({ name: 'PERSISTENCE_ENABLED', value: 'true' });
  if (set.setupType === 'cluster') {
    env.push({
      name: 'REDIS_MAJOR_VERSION',
      value: spec.clusterVersion ?? 'v7',
    });
  }
  env.push(
    { name: 'REDIS_PORT', value: String(set.port) },
    { name: 'SERVER_MODE', value: set.setupType },
    { name: 'SETUP_MODE', value: set.setupType },
  );
  return byName(env);
}

function exporterEnv(set: RoleSet, port: number): EnvVar[] {
  const secret = set.owner.spec?.kubernetesConfig?.redisSecret;
  const env: EnvVar[] = [
    { name: 'REDIS_ADDR', value: `redis://localhost:${set.port}` },
  ];
  if (secret) env.push(secretEnv('REDIS_PASSWORD', secret));
  // Only a cluster's exporter is told its listen address (observed; standalone and replication get the default).
  if (set.setupType === 'cluster')
    env.push({ name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', value: `:${port}` });
  return byName(env);
}

function hasStorage(set: RoleSet): boolean {
  const spec = set.owner.spec ?? {};
  const claim = spec.storage?.volumeClaimTemplate?.spec ?? {};
  const nonEmpty = [
    'accessModes',
    'resources',
    'storageClassName',
    'volumeName',
  ].some(field => claim[field] !== undefined);
  if (set.setupType === 'sentinel') return false;
  if (set.setupType === 'cluster') return !!spec.persistenceEnabled && nonEmpty;
  return nonEmpty;
}

/** The ConfigMap with `redis-additional.conf` (or `redis-sentinel-additional.conf`) a role includes last. */
export function additionalConfigMap(set: RoleSet): string | undefined {
  const spec = set.owner.spec ?? {};
  if (set.setupType === 'sentinel')
    return spec.redisSentinelConfig?.additionalSentinelConfig;
  if (set.setupType === 'cluster')
    return set.roleSpec.redisConfig?.additionalRedisConfig;
  return spec.redisConfig?.additionalRedisConfig;
}

function claimTemplates(set: RoleSet): any[] {
  if (!hasStorage(set)) return [];
  const storage = set.owner.spec.storage;
  const claimMetadata = (name: string) => ({
    name,
    labels: podLabels(set),
    annotations: operatorAnnotations(set),
  });
  const templates = [
    {
      metadata: claimMetadata(set.name),
      spec: storage.volumeClaimTemplate.spec,
    },
  ];
  if (set.setupType === 'cluster' && storage.nodeConfVolume) {
    templates.unshift({
      metadata: claimMetadata('node-conf'),
      spec: storage.nodeConfVolumeClaimTemplate?.spec ?? {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
      },
    });
  }
  return templates;
}

/** The StatefulSet of a role set, with the pod template the operator builds. */
export function statefulSetOf(set: RoleSet): KubeObject {
  const spec = set.owner.spec ?? {};
  const kubernetesConfig = spec.kubernetesConfig ?? {};
  const placement = set.setupType === 'cluster' ? set.roleSpec : spec;
  const configMap = additionalConfigMap(set);
  const metrics = exporter(set);
  const claims = claimTemplates(set);
  const mounts = [
    ...claims.map(claim => ({
      name: claim.metadata.name,
      mountPath: claim.metadata.name === 'node-conf' ? '/node-conf' : '/data',
    })),
    ...(set.setupType === 'sentinel'
      ? [{ name: 'config', mountPath: '/etc/redis' }]
      : []),
    ...(configMap
      ? [{ name: 'external-config', mountPath: '/etc/redis/external.conf.d' }]
      : []),
  ];
  const containers: unknown[] = [
    {
      name: set.name,
      image: kubernetesConfig.image,
      imagePullPolicy: kubernetesConfig.imagePullPolicy,
      env: containerEnv(set),
      resources:
        set.roleSpec.resources ?? kubernetesConfig.resources ?? undefined,
      volumeMounts: mounts,
      securityContext: placement.securityContext,
    },
  ];
  if (metrics) {
    containers.push({
      name: 'redis-exporter',
      image: metrics.spec.image,
      imagePullPolicy: metrics.spec.imagePullPolicy,
      env: [...exporterEnv(set, metrics.port), ...(metrics.spec.env ?? [])],
      ports: [
        {
          name: 'redis-exporter',
          containerPort: metrics.port,
          protocol: 'TCP',
        },
      ],
      resources: metrics.spec.resources,
      securityContext: metrics.spec.securityContext,
    });
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    // Unlike the Services, the StatefulSet has no prometheus.io annotations; a cluster's carries `cluster: <name>` (observed).
    metadata: metadata(set, set.name, podLabels(set), operatorAnnotations(set)),
    spec: {
      replicas: set.replicas,
      serviceName: `${set.name}-headless`,
      podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady',
      updateStrategy: kubernetesConfig.updateStrategy,
      selector: { matchLabels: selectorLabels(set) },
      template: {
        metadata: {
          labels: podLabels(set),
          annotations: operatorAnnotations(set),
        },
        spec: {
          volumes: [
            { name: 'config', emptyDir: {} },
            ...(configMap
              ? [{ name: 'external-config', configMap: { name: configMap } }]
              : []),
          ],
          containers,
          securityContext: spec.podSecurityContext,
          serviceAccountName: spec.serviceAccountName,
          priorityClassName: spec.priorityClassName,
          terminationGracePeriodSeconds:
            placement.terminationGracePeriodSeconds,
          affinity: placement.affinity,
          tolerations: placement.tolerations,
          nodeSelector: placement.nodeSelector,
          topologySpreadConstraints: placement.topologySpreadConstraints,
        },
      },
      volumeClaimTemplates: claims,
    },
  };
}

/** The statefulset controller's revision label value: a hash of the pod template. */
export function templateRevision(statefulSet: KubeObject): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(statefulSet.spec.template))
    .digest('hex')
    .slice(0, 10);
  return `${statefulSet.metadata.name}-${hash}`;
}

/** Why the operator (its webhooks or its controller) would not reconcile this custom resource; empty when it would. */
export function rejections(
  owner: KubeObject,
  replicationNames: Set<string>,
): string[] {
  const spec = owner.spec ?? {};
  const reasons: string[] = [];
  if (!spec.kubernetesConfig?.image)
    reasons.push('spec.kubernetesConfig.image is required');
  if (owner.kind === 'RedisCluster' && (spec.clusterSize ?? 0) < 3)
    reasons.push(
      `RedisCluster needs at least 3 shards: spec.clusterSize is ${spec.clusterSize}`,
    );
  if (owner.kind === 'RedisSentinel') {
    if ((spec.clusterSize ?? 3) % 2 === 0)
      reasons.push(
        `RedisSentinel spec.clusterSize must be odd, not ${spec.clusterSize}`,
      );
    const replication = spec.redisSentinelConfig?.redisReplicationName;
    if (!replication || !replicationNames.has(replication))
      reasons.push(
        `RedisSentinel spec.redisSentinelConfig.redisReplicationName names no RedisReplication in namespace ${owner.metadata.namespace}: "${replication}"`,
      );
  }
  if (spec.acl?.secret && spec.acl?.persistentVolumeClaim)
    reasons.push('spec.acl may set secret or persistentVolumeClaim, not both');
  if (spec.TLS)
    reasons.push(
      'spec.TLS: the sandbox does not run TLS (it stands in for the operator without certificates)',
    );
  if (owner.kind === 'RedisReplication' && spec.sentinel?.size > 0)
    reasons.push(
      'spec.sentinel (the embedded sentinel) is not run by the sandbox; this project renders a RedisSentinel instead',
    );
  return reasons;
}
