// The REST paths of the kinds the portal reads and writes: known up front, so no request goes to discovery.
import { InputError } from '@backstage/errors';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';

/** How the API server serves one kind. */
export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const core = (kind: string, plural: string, namespaced = true) => ({
  apiVersion: 'v1',
  kind,
  plural,
  namespaced,
});

/**
 * Every kind the portal, the CLI and their tests touch. A kind outside this list is refused before
 * any request: the Kubernetes plugin's proxy serves no discovery we could rely on for every cluster,
 * and each discovery GET would cost a request per apiVersion.
 */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  core('ConfigMap', 'configmaps'),
  core('Secret', 'secrets'),
  core('Pod', 'pods'),
  core('Event', 'events'),
  core('PersistentVolumeClaim', 'persistentvolumeclaims'),
  core('Service', 'services'),
  core('ServiceAccount', 'serviceaccounts'),
  core('LimitRange', 'limitranges'),
  core('PodTemplate', 'podtemplates'),
  core('Namespace', 'namespaces', false),
  core('Node', 'nodes', false),
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    namespaced: true,
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    namespaced: true,
  },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  // The lock of a day-2 operation: one per instance at a time.
  {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    plural: 'leases',
    namespaced: true,
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    namespaced: true,
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    plural: 'priorityclasses',
    namespaced: false,
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    plural: 'servicemonitors',
    namespaced: true,
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    plural: 'prometheusrules',
    namespaced: true,
  },
  {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'Redis',
    plural: 'redis',
    namespaced: true,
  },
  {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'RedisReplication',
    plural: 'redisreplications',
    namespaced: true,
  },
  {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'RedisSentinel',
    plural: 'redissentinels',
    namespaced: true,
  },
  {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'RedisCluster',
    plural: 'redisclusters',
    namespaced: true,
  },
];

const byKey = new Map(
  RESOURCE_TYPES.map(type => [`${type.apiVersion}|${type.kind}`, type]),
);

export function resourceType(apiVersion: string, kind: string): ResourceType {
  const type = byKey.get(`${apiVersion}|${kind}`);
  if (!type) {
    throw new InputError(
      `${kind} (${apiVersion}) is not a kind the Redis portal reads or writes`,
    );
  }
  return type;
}

/**
 * The path of one object (with a name) or of a collection (without): `/api/v1/namespaces/ns/pods`,
 * `/apis/apps/v1/namespaces/ns/statefulsets/name`. A namespaced kind without a namespace is the
 * collection across all namespaces.
 */
export function resourcePath(target: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
}): string {
  const type = resourceType(target.apiVersion, target.kind);
  const root =
    type.apiVersion === 'v1' ? '/api/v1' : `/apis/${type.apiVersion}`;
  const scope =
    type.namespaced && target.namespace
      ? `/namespaces/${encodeURIComponent(target.namespace)}`
      : '';
  const name = target.name ? `/${encodeURIComponent(target.name)}` : '';
  return `${root}${scope}/${type.plural}${name}`;
}
