// The live nodes of a Redis Cluster instance, as its day-2 operations see them: its RedisCluster, how to
// sign in to its nodes, and what each node answers (INFO, CLUSTER INFO, CLUSTER NODES, DBSIZE).
import {
  OPERATOR_API_VERSION,
  instanceLabelSelector,
  redisAccessRefs,
} from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import type { ClusterNodeView } from './clusterChecks';
import {
  authOf,
  errorMessage,
  hostPort,
  withRedis,
  type CustomResource,
  type PodObject,
  type RedisAuth,
} from './liveRedis';
import type { InvolvedObject } from './operationHistory';
import type { OperationTarget } from './operationLock';

/** The instance's RedisCluster; undefined when there is none. */
export function readRedisCluster(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<CustomResource | undefined> {
  return cluster.get<CustomResource>({
    apiVersion: OPERATOR_API_VERSION,
    kind: 'RedisCluster',
    metadata: { name: instance.name, namespace: instance.namespace },
  });
}

/** Where a cluster instance's nodes listen, how to sign in, and how many there should be. */
export interface ClusterPlan {
  involvedObject: InvolvedObject;
  dataPort: number;
  auth: RedisAuth;
  /** Leaders and followers the RedisCluster asks for. */
  expectedNodes: number;
  shards: number;
}

export async function clusterPlan(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  resource: CustomResource,
): Promise<ClusterPlan> {
  const access = redisAccessRefs([{ ...resource, kind: 'RedisCluster' }]);
  const spec = resource.spec ?? {};
  // As the operator: clusterSize is the default of both roles' replicas.
  const shards = Number(spec.redisLeader?.replicas ?? spec.clusterSize ?? 3);
  const followers = Number(
    spec.redisFollower?.replicas ?? spec.clusterSize ?? 3,
  );
  return {
    involvedObject: {
      apiVersion: OPERATOR_API_VERSION,
      kind: 'RedisCluster',
      name: resource.metadata.name,
      uid: resource.metadata.uid,
    },
    dataPort: access.dataPort,
    auth: await authOf(
      cluster,
      instance.namespace,
      access.dataPassword,
      access,
    ),
    expectedNodes: shards + followers,
    shards,
  };
}

async function observeClusterNode(
  pod: PodObject,
  plan: ClusterPlan,
  timeoutMs: number,
): Promise<ClusterNodeView> {
  const name = pod.metadata?.name ?? '';
  const roleLabel = pod.metadata?.labels?.['redis-role'];
  const address = pod.status?.podIP
    ? `${pod.status.podIP}:${plan.dataPort}`
    : undefined;
  if (!address) return { pod: name, roleLabel, error: 'no address' };
  try {
    return await withRedis(
      hostPort(address),
      plan.auth,
      { connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs },
      async client => {
        const [info, clusterInfo, clusterNodes, keys] = await Promise.all([
          client.call('INFO'),
          client.call('CLUSTER', 'INFO'),
          client.call('CLUSTER', 'NODES'),
          client.call('DBSIZE'),
        ]);
        return {
          pod: name,
          address,
          roleLabel,
          info: String(info),
          clusterInfo: String(clusterInfo),
          clusterNodes: String(clusterNodes),
          keys: Number(keys),
        };
      },
    );
  } catch (error) {
    return { pod: name, address, roleLabel, error: errorMessage(error) };
  }
}

/** Every data pod of the cluster instance, by name, with what its node answers. */
export async function observeCluster(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  plan: ClusterPlan,
  timeoutMs: number,
): Promise<ClusterNodeView[]> {
  const pods = await cluster.list<PodObject>({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: instance.namespace,
    labelSelector: instanceLabelSelector(instance),
  });
  const data = pods
    .filter(pod =>
      ['leader', 'follower'].includes(pod.metadata?.labels?.role ?? ''),
    )
    .sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
  return Promise.all(data.map(pod => observeClusterNode(pod, plan, timeoutMs)));
}
