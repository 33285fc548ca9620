// How a catalog entity names its Redis instance: the annotations every package reads and writes.

/** Annotation on a catalog entity naming its instance as `<namespace>/<name>`. */
export const REDIS_INSTANCE_ANNOTATION = 'odin.dev/redis-instance';
/** Annotation naming the Kubernetes cluster (as named in the `kubernetes` config) the instance runs in. */
export const REDIS_CLUSTER_ANNOTATION = 'odin.dev/redis-cluster';
/** Annotation (a full entity ref) or label (a group name: label values cannot hold ":" or "/") naming the owner. */
export const REDIS_OWNER_KEY = 'odin.dev/owner';

/** The annotations that tie an entity to its instance, read by the Kubernetes and Redis plugins. */
export function redisInstanceAnnotations(instance: {
  name: string;
  namespace: string;
  cluster: string;
}): Record<string, string> {
  return {
    'backstage.io/kubernetes-id': instance.name,
    'backstage.io/kubernetes-namespace': instance.namespace,
    [REDIS_INSTANCE_ANNOTATION]: `${instance.namespace}/${instance.name}`,
    [REDIS_CLUSTER_ANNOTATION]: instance.cluster,
  };
}
