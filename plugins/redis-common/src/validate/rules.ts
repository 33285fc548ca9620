// Cross-field rules of the flavour spec that a JSON Schema cannot express.
import {
  MEMORY_LIMIT_PER_DATASET,
  derivedMaxmemory,
  parseRedisMemory,
} from '../maxmemory';
import { escapePointerSegment } from '../jsonPointer';
import { parseQuantity } from '../quantity';
import { applyDefaults } from '../schema/defaults';
import type { ResolvedInstance, ResourceRequirements } from '../schema/types';
import { majorityOf, redisTopology } from '../topology';
import { cronScheduleProblem } from './cron';
import { protectedRedisSettings } from './protectedRedisSettings';
import { s3BucketNameProblem } from './s3Bucket';

/** @public */
export interface Issue {
  /** JSON pointer into the input document, e.g. `/flavour/sentinel/quorum`. */
  pointer: string;
  /** What is wrong and what to do about it. */
  message: string;
}

export interface RuleFindings {
  errors: Issue[];
  warnings: Issue[];
}

type Raw = Record<string, any>;

function has(raw: unknown, ...path: string[]): boolean {
  let node: any = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node))
      return false;
    node = node[key];
  }
  return true;
}

function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = key.slice(slash + 1);
  if (name.length > 63)
    return `the name part of "${key}" is longer than 63 characters`;
  if (prefix.length > 253)
    return `the prefix of "${key}" is longer than 253 characters`;
  return undefined;
}

function checkResources(
  resources: ResourceRequirements,
  base: string,
  report: (pointer: string, message: string) => void,
) {
  for (const resource of ['cpu', 'memory'] as const) {
    const request = parseQuantity(resources.requests[resource]);
    const limit = parseQuantity(resources.limits[resource]);
    if (request === undefined || limit === undefined) continue;
    if (request > limit) {
      report(
        `${base}/requests/${resource}`,
        `request ${resources.requests[resource]} is above the limit ${resources.limits[resource]}; lower the request or raise limits.${resource}`,
      );
    }
    if (limit === 0)
      report(`${base}/limits/${resource}`, `must be greater than zero`);
  }
}

/** Says where a PodDisruptionBudget the operator gets differs from the minAvailable the order wrote, and why. */
function warnAboutRoleBudgets(
  topology: ReturnType<typeof redisTopology>,
  minAvailable: number,
  raw: Raw,
  warn: (pointer: string, message: string) => void,
) {
  if (!has(raw.flavour ?? {}, 'podDisruptionBudget', 'minAvailable')) return;
  const pointer = '/flavour/podDisruptionBudget/minAvailable';
  const sentinels = topology.groups.find(group => group.role === 'sentinel');
  if (sentinels && sentinels.minAvailable !== minAvailable) {
    warn(
      pointer,
      `minAvailable counts Redis pods; the ${sentinels.pods} sentinels get their own budget of minAvailable ${sentinels.minAvailable}, a voting majority, so a drain never leaves them unable to elect a new master`,
    );
  }
  if (topology.dataKind !== 'RedisCluster') return;
  const roles = topology.groups.filter(
    group => group.minAvailable !== undefined,
  );
  if (roles.every(group => group.minAvailable === minAvailable)) return;
  const total = roles.reduce((sum, group) => sum + group.pods, 0);
  warn(
    pointer,
    `the operator keeps one budget per role, so minAvailable ${minAvailable} of the ${total} pods is split in proportion: ${roles
      .map(
        group =>
          `minAvailable ${group.minAvailable} of ${group.pods} ${group.role}s`,
      )
      .join(', ')}`,
  );
}

const mebibytes = (bytes: number) => `${Math.floor(bytes / 2 ** 20)} MiB`;

/** An explicit maxmemory wins over the derived one, but only within the data pods' memory limit. */
function checkMaxmemory(
  config: ResolvedInstance,
  error: (pointer: string, message: string) => void,
  warn: (pointer: string, message: string) => void,
) {
  const explicit = config.flavour.additionalConfig?.maxmemory;
  if (explicit === undefined) return;
  const pointer = '/flavour/additionalConfig/maxmemory';
  const safe = derivedMaxmemory(config);
  const { limitBytes } = safe;
  const derived = `${mebibytes(
    safe.bytes,
  )}, the memory limit ÷ ${MEMORY_LIMIT_PER_DATASET}`;
  const bytes = parseRedisMemory(explicit);
  if (bytes === undefined) {
    error(
      pointer,
      `"${explicit}" is not a size Redis reads; write bytes or a number with b, kb, mb or gb (e.g. "1500mb"), or remove it to use ${derived}`,
    );
  } else if (bytes === 0) {
    error(
      pointer,
      `0 turns the limit off: Redis would grow until Kubernetes kills the pod at its memory limit; remove it to use ${derived}`,
    );
  } else if (bytes > limitBytes) {
    error(
      pointer,
      `${explicit} is above the data pods' memory limit of ${mebibytes(
        limitBytes,
      )}, so the pod is OOM-killed before Redis evicts; lower it or raise the memory limit`,
    );
  } else if (bytes > safe.bytes) {
    warn(
      pointer,
      `${explicit} leaves less than the 30% of the memory limit (${mebibytes(
        limitBytes,
      )}) that replication buffers and snapshots need; the safe maximum is ${derived}`,
    );
  }
}

/** Key order does not matter: forms and YAML files list keys as they please. */
function sameValue(a: unknown, b: unknown): boolean {
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  )
    return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(key => sameValue((a as Raw)[key], (b as Raw)[key]))
  );
}

const clusterBlockOf = (cluster: unknown) =>
  (
    applyDefaults({
      name: 'defaults',
      flavour: { cluster },
    }) as ResolvedInstance
  ).flavour.cluster;

let defaultClusterBlock: unknown;

/** Forms fill every default in, so a block equal to its defaults says nothing about what the person wants. */
function isDefaultClusterBlock(cluster: unknown): boolean {
  defaultClusterBlock ??= clusterBlockOf({});
  return sameValue(clusterBlockOf(cluster), defaultClusterBlock);
}

/** Applies every cross-field rule to a schema-valid resolved document; `raw` is what the person wrote. */
export function checkRules(config: ResolvedInstance, raw: Raw): RuleFindings {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const error = (pointer: string, message: string) =>
    errors.push({ pointer, message });
  const warn = (pointer: string, message: string) =>
    warnings.push({ pointer, message });
  const { flavour, root } = config;
  const rawFlavour: Raw = raw.flavour ?? {};
  const mode = flavour.deploymentMode;

  if ((mode === 'cluster') !== root.clusterModeEnabled) {
    if (mode === 'cluster') {
      error(
        '/root/clusterModeEnabled',
        'deploymentMode "cluster" needs root.clusterModeEnabled: true',
      );
    } else {
      error(
        '/flavour/deploymentMode',
        'root.clusterModeEnabled is true, so set deploymentMode to "cluster" (or set clusterModeEnabled to false)',
      );
    }
  }

  if (
    mode !== 'cluster' &&
    has(rawFlavour, 'cluster') &&
    !isDefaultClusterBlock(rawFlavour.cluster)
  ) {
    error(
      '/flavour/cluster',
      'cluster settings apply only with deploymentMode "cluster"; remove them or switch the mode',
    );
  }
  if (mode === 'cluster') {
    // replica.count 0 is the form's default and asks for nothing.
    if (has(rawFlavour, 'replica', 'count') && rawFlavour.replica.count !== 0) {
      error(
        '/flavour/replica/count',
        'cluster mode sizes replicas per shard: use cluster.replicasPerShard instead',
      );
    }
    if (has(rawFlavour, 'replicaCount')) {
      error(
        '/flavour/replicaCount',
        'cluster mode sizes replicas per shard: use cluster.replicasPerShard instead',
      );
    }
  }

  if (has(rawFlavour, 'replicaCount')) {
    if (
      has(rawFlavour, 'replica', 'count') &&
      rawFlavour.replica.count !== rawFlavour.replicaCount
    ) {
      error(
        '/flavour/replicaCount',
        `replicaCount (${rawFlavour.replicaCount}) contradicts replica.count (${rawFlavour.replica.count}); keep only replica.count`,
      );
    } else if (mode !== 'cluster') {
      warn(
        '/flavour/replicaCount',
        'replicaCount is deprecated; write replica.count instead',
      );
    }
  }

  if (mode === 'sentinel') {
    if (!flavour.sentinel.enabled) {
      error(
        '/flavour/sentinel/enabled',
        'deploymentMode "sentinel" needs sentinel.enabled: true',
      );
    }
    if (flavour.replica.count < 1) {
      error(
        '/flavour/replica/count',
        'sentinel mode needs at least one replica to fail over to; set replica.count to 1 or more',
      );
    }
    const { quorum, replicas } = flavour.sentinel;
    if (quorum > replicas) {
      error(
        '/flavour/sentinel/quorum',
        `quorum ${quorum} can never be reached with ${replicas} sentinels; use at most ${replicas} (a majority is ${majorityOf(
          replicas,
        )})`,
      );
    } else if (quorum < majorityOf(replicas)) {
      warn(
        '/flavour/sentinel/quorum',
        `quorum ${quorum} is less than a majority of ${replicas} sentinels, so a minority may start a failover; ${majorityOf(
          replicas,
        )} is safer`,
      );
    }
  } else if (flavour.sentinel.enabled) {
    error(
      '/flavour/sentinel/enabled',
      'sentinel runs only with deploymentMode "sentinel"; switch the mode or set sentinel.enabled: false',
    );
  }

  if (
    mode !== 'cluster' &&
    has(rawFlavour, 'replica', 'resources') &&
    JSON.stringify(flavour.replica.resources) !==
      JSON.stringify(flavour.master.resources)
  ) {
    warn(
      '/flavour/replica/resources',
      'master and replicas share one StatefulSet outside cluster mode, so replicas get master.resources; make them equal',
    );
  }

  checkResources(flavour.master.resources, '/flavour/master/resources', error);
  checkResources(
    flavour.replica.resources,
    '/flavour/replica/resources',
    error,
  );
  checkResources(
    flavour.sentinel.resources,
    '/flavour/sentinel/resources',
    error,
  );

  const topology = redisTopology(config);
  if (topology.dataKind === 'Redis') {
    if (
      has(rawFlavour, 'podDisruptionBudget') &&
      flavour.podDisruptionBudget.enabled
    ) {
      warn(
        '/flavour/podDisruptionBudget',
        'a single standalone pod gets no PodDisruptionBudget (it would block every node drain); add replicas or use sentinel mode for availability during drains',
      );
    }
    if ((flavour.topologySpreadConstraints ?? []).length > 0) {
      warn(
        '/flavour/topologySpreadConstraints',
        'a single standalone pod has nothing to spread; the constraints are not rendered',
      );
    }
  } else if (flavour.podDisruptionBudget.enabled) {
    const { minAvailable } = flavour.podDisruptionBudget;
    for (const group of topology.groups) {
      if (group.role === 'sentinel' || group.minAvailable === undefined)
        continue;
      if (group.minAvailable >= group.pods) {
        const what =
          group.role === 'redis'
            ? 'Redis pods'
            : `${group.role} pods (the operator keeps one budget per role)`;
        error(
          '/flavour/podDisruptionBudget/minAvailable',
          `minAvailable ${minAvailable} keeps all ${group.pods} ${what} up, so no node running one could ever be drained; lower it or add pods`,
        );
        break;
      }
    }
    if (minAvailable === 0) {
      warn(
        '/flavour/podDisruptionBudget/minAvailable',
        'minAvailable 0 protects nothing; raise it or disable the budget',
      );
    }
    warnAboutRoleBudgets(topology, minAvailable, raw, warn);
  }

  const { rdb, aof, size } = flavour.persistence;
  if (parseQuantity(size) === 0) {
    error(
      '/flavour/persistence/size',
      `a volume of ${size} holds no data; write a size such as "10Gi" (2-3× the dataset), or set persistence.enabled: false to run without volumes`,
    );
  }
  const savePoints = rdb.saveInterval.split(' ').filter(Boolean).map(Number);
  for (let i = 0; i < savePoints.length; i += 2) {
    if (savePoints[i] < 1) {
      error(
        '/flavour/persistence/rdb/saveInterval',
        `save point "${savePoints[i]} ${
          savePoints[i + 1]
        }" needs at least 1 second`,
      );
    }
  }
  if (
    !flavour.persistence.enabled &&
    (aof.enabled || (rdb.enabled && rdb.saveInterval !== ''))
  ) {
    warn(
      '/flavour/persistence/enabled',
      'without persistent volumes, RDB/AOF files live inside the pod and are lost when it is replaced; enable persistence or turn them off',
    );
  }

  const scheduleProblem = cronScheduleProblem(flavour.backup.schedule);
  if (scheduleProblem) error('/flavour/backup/schedule', scheduleProblem);
  if (flavour.backup.s3Bucket !== undefined) {
    const problem = s3BucketNameProblem(flavour.backup.s3Bucket);
    if (problem) error('/flavour/backup/s3Bucket', `bucket name ${problem}`);
  } else if (flavour.backup.enabled) {
    error(
      '/flavour/backup/s3Bucket',
      'backups are enabled: name the S3 bucket that receives them',
    );
  }

  if (flavour.metrics.serviceMonitor.enabled && !flavour.metrics.enabled) {
    error(
      '/flavour/metrics/serviceMonitor/enabled',
      'a ServiceMonitor needs the exporter: set metrics.enabled: true',
    );
  }

  (flavour.tolerations ?? []).forEach((toleration, index) => {
    const base = `/flavour/tolerations/${index}`;
    const operator = toleration.operator ?? 'Equal';
    if (operator === 'Exists' && toleration.value) {
      error(
        `${base}/value`,
        'operator "Exists" matches any value; remove value or use operator "Equal"',
      );
    }
    if (!toleration.key && operator !== 'Exists') {
      error(
        `${base}/operator`,
        'a toleration without key must use operator "Exists" (it then tolerates every taint)',
      );
    }
    const problem = toleration.key
      ? qualifiedNameProblem(toleration.key)
      : undefined;
    if (problem) error(`${base}/key`, problem);
  });

  const spreads = new Set<string>();
  (flavour.topologySpreadConstraints ?? []).forEach((constraint, index) => {
    const base = `/flavour/topologySpreadConstraints/${index}`;
    const identity = `${constraint.topologyKey} ${constraint.whenUnsatisfiable}`;
    if (spreads.has(identity)) {
      error(
        base,
        `a constraint on "${constraint.topologyKey}" with ${constraint.whenUnsatisfiable} is listed twice; keep one`,
      );
    }
    spreads.add(identity);
    const problem = qualifiedNameProblem(constraint.topologyKey);
    if (problem) error(`${base}/topologyKey`, problem);
  });

  for (const [key, value] of Object.entries(flavour.nodeSelector ?? {})) {
    const problem = qualifiedNameProblem(key);
    if (problem)
      error(`/flavour/nodeSelector/${escapePointerSegment(key)}`, problem);
    if (value.length > 63)
      error(
        `/flavour/nodeSelector/${escapePointerSegment(key)}`,
        'label values are at most 63 characters',
      );
  }
  for (const key of Object.keys(flavour.service.annotations)) {
    const problem = qualifiedNameProblem(key);
    if (problem)
      error(
        `/flavour/service/annotations/${escapePointerSegment(key)}`,
        problem,
      );
  }

  for (const key of Object.keys(flavour.additionalConfig ?? {})) {
    const reason = protectedRedisSettings[key];
    if (reason)
      error(
        `/flavour/additionalConfig/${escapePointerSegment(key)}`,
        `"${key}" cannot be set here: ${reason}`,
      );
  }

  checkMaxmemory(config, error, warn);

  if (
    !flavour.networkPolicy.enabled &&
    (flavour.networkPolicy.allowedNamespaces ?? []).length > 0
  ) {
    warn(
      '/flavour/networkPolicy/enabled',
      'allowedNamespaces has no effect until networkPolicy.enabled is true',
    );
  }
  const portal = flavour.networkPolicy.portal;
  for (const key of Object.keys(portal?.podLabels ?? {})) {
    const problem = qualifiedNameProblem(key);
    if (problem)
      error(
        `/flavour/networkPolicy/portal/podLabels/${escapePointerSegment(key)}`,
        problem,
      );
  }
  if (
    portal?.namespace === undefined &&
    Object.keys(portal?.podLabels ?? {}).length > 0
  ) {
    warn(
      '/flavour/networkPolicy/portal/namespace',
      'pod labels admit nobody without the portal namespace; an order the portal applies gets its own namespace and labels instead',
    );
  }
  if (!flavour.networkPolicy.enabled && portal?.namespace !== undefined) {
    warn(
      '/flavour/networkPolicy/enabled',
      'portal has no effect until networkPolicy.enabled is true',
    );
  }
  if (
    flavour.service.type === 'LoadBalancer' &&
    flavour.service.annotations[
      'service.beta.kubernetes.io/aws-load-balancer-internal'
    ] !== 'true' &&
    flavour.service.annotations[
      'service.beta.kubernetes.io/aws-load-balancer-scheme'
    ] !== 'internal'
  ) {
    warn(
      '/flavour/service/annotations',
      'this load balancer may be reachable from the internet; add service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
    );
  }
  const existingSecret = root.authentication.existingSecret;
  if (
    existingSecret &&
    !existingSecret.name &&
    existingSecret.key !== 'password'
  ) {
    error(
      '/root/authentication/existingSecret/name',
      `name the Secret that holds the key "${existingSecret.key}", or remove existingSecret to have a Secret generated`,
    );
  }
  if (!root.authentication.enabled && existingSecret?.name) {
    warn(
      '/root/authentication/existingSecret',
      'authentication is disabled, so the Secret is not used',
    );
  }
  if (!root.authentication.enabled) {
    warn(
      '/root/authentication/enabled',
      'Redis will accept clients without a password',
    );
  }
  if (
    flavour.updateStrategy.type === 'OnDelete' &&
    has(rawFlavour, 'updateStrategy', 'rollingUpdate')
  ) {
    warn(
      '/flavour/updateStrategy/rollingUpdate',
      'rollingUpdate is ignored with type "OnDelete"',
    );
  }

  return { errors, warnings };
}
