// How a catalog entity names its Redis instance: the annotations every package reads and writes.
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Annotation on a catalog entity naming its instance as `<namespace>/<name>`.
 *
 * @public
 */
export const REDIS_INSTANCE_ANNOTATION = 'odin.dev/redis-instance';
/**
 * Annotation naming the Kubernetes cluster (as named in the `kubernetes` config) the instance runs in.
 *
 * @public
 */
export const REDIS_CLUSTER_ANNOTATION = 'odin.dev/redis-cluster';
/**
 * Annotation (a full entity ref) or label (a group name: label values cannot hold ":" or "/") naming the owner.
 *
 * @public
 */
export const REDIS_OWNER_KEY = 'odin.dev/owner';

/**
 * The annotations that tie an entity to its instance, read by the Kubernetes and Redis plugins.
 *
 * @public
 */
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

/**
 * The owner as a full entity ref (`payments` → `group:default/payments`), the form the
 * `odin.dev/owner` annotation holds; undefined when it is not a valid entity ref.
 *
 * @public
 */
export function ownerEntityRef(owner: string): string | undefined {
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    // parseEntityRef only splits; the catalog would refuse names it cannot store.
    if (
      !KubernetesValidatorFunctions.isValidObjectName(ref.name) ||
      !KubernetesValidatorFunctions.isValidNamespace(ref.namespace)
    ) {
      return undefined;
    }
    return stringifyEntityRef(ref);
  } catch {
    return undefined;
  }
}

/**
 * The owner written on a custom resource, as written: the `odin.dev/owner` annotation (a full ref)
 * before the label of that name (a group name, since label values cannot hold a ref). The catalog
 * entity provider, the apply's ownership check and the status's trust check all read it so.
 *
 * @public
 */
export function stampedOwner(metadata?: {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}): string | undefined {
  return (
    metadata?.annotations?.[REDIS_OWNER_KEY] ??
    metadata?.labels?.[REDIS_OWNER_KEY]
  );
}

/**
 * The managed-by and origin location the Redis entity provider writes on the entities of a
 * cluster, `odin-redis:<cluster>`. The catalog overwrites both annotations on every entity read
 * from a registered location, so no user-registered entity carries it.
 *
 * @public
 */
export function entityProviderLocation(cluster: string): string {
  return `odin-redis:${cluster}`;
}

/**
 * The annotation that carries the owner on the instance's custom resource, where the catalog entity
 * provider reads it; a message saying what to write when `owner` is no entity ref.
 *
 * @public
 */
export function ownerAnnotations(
  owner: string,
): { annotations: Record<string, string> } | { problem: string } {
  const ref = ownerEntityRef(owner);
  return ref
    ? { annotations: { [REDIS_OWNER_KEY]: ref } }
    : {
        problem: `"${owner}" is not an entity reference; write e.g. group:default/payments, or payments for a group in the default namespace`,
      };
}
