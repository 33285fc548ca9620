// Lists the Redis instances on one cluster: the operator custom resources our apply created.
import { NotFoundError } from '@backstage/errors';
import {
  MANAGED_BY_LABEL_SELECTOR,
  OPERATOR_API_VERSION,
} from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '@odin/plugin-redis-node';

/**
 * The custom resource kinds that each stand for one instance. A RedisSentinel is left out: it
 * watches the RedisReplication of the same instance.
 */
export const INSTANCE_KINDS = [
  'Redis',
  'RedisReplication',
  'RedisCluster',
] as const;

export type InstanceKind = (typeof INSTANCE_KINDS)[number];

/** One instance as its custom resource describes it. */
export interface RedisInstance {
  cluster: string;
  namespace: string;
  name: string;
  kind: InstanceKind;
  /** Milliseconds since the epoch; undefined when the server did not say. */
  createdAt?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * One LIST per kind (per namespace when namespaces are given). A kind the cluster does not serve,
 * or a namespace that does not exist, holds no instances; any other failure rejects, once every
 * LIST has ended.
 */
export async function listRedisInstances(
  cluster: KubernetesCluster,
  namespaces?: string[],
): Promise<RedisInstance[]> {
  const scopes = namespaces ?? [undefined];
  // Settled, not raced: a refresh ends only once every LIST (retries included) has, so the next
  // refresh never overlaps the requests of this one.
  const outcomes = await Promise.allSettled(
    INSTANCE_KINDS.flatMap(kind =>
      scopes.map(async namespace => {
        const objects = await cluster
          .list({
            apiVersion: OPERATOR_API_VERSION,
            kind,
            namespace,
            labelSelector: MANAGED_BY_LABEL_SELECTOR,
          })
          .catch(error => {
            if (error instanceof NotFoundError) return [];
            throw error;
          });
        return objects.map(
          (object): RedisInstance => ({
            cluster: cluster.name,
            namespace: object.metadata?.namespace ?? namespace ?? 'default',
            name: object.metadata?.name ?? '',
            kind,
            createdAt: object.metadata?.creationTimestamp
              ? new Date(object.metadata.creationTimestamp).getTime()
              : undefined,
            labels: object.metadata?.labels ?? {},
            annotations: object.metadata?.annotations ?? {},
          }),
        );
      }),
    ),
  );
  const failure = outcomes.find(
    (outcome): outcome is PromiseRejectedResult =>
      outcome.status === 'rejected',
  );
  if (failure) throw failure.reason;
  return outcomes
    .flatMap(outcome => (outcome.status === 'fulfilled' ? outcome.value : []))
    .filter(instance => instance.name);
}
