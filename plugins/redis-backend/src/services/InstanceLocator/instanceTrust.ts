// Whether an entity's Redis annotations may be believed when the entity provider did not write them (redis-node's
// isFromEntityProvider): the entity's owner is the instance's.
import {
  ANNOTATION_LOCATION,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  REDIS_OWNER_KEY,
  entityProviderLocation,
  ownerEntityRef,
  stampedOwner,
  type InstanceRef,
} from '@odin/plugin-redis-common';
import type {
  CustomResourceObject,
  OperatorKind,
} from '../KubernetesReader/KubernetesReader';

/** The custom resource kinds an apply stamps the owner on, as the entity provider reads it: never the RedisSentinel. */
const OWNER_KINDS: readonly OperatorKind[] = [
  'Redis',
  'RedisReplication',
  'RedisCluster',
];

/** `spec.owner` as a full ref, resolved as the catalog resolves it: kind group, the entity's namespace. */
function entityOwner(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The owner stamped on a custom resource, as a full ref. */
function resourceOwner(resource: CustomResourceObject): string | undefined {
  const declared = stampedOwner(resource.metadata);
  return declared === undefined ? undefined : ownerEntityRef(declared);
}

/**
 * Why the entity may not read the instance, or undefined when its owner is stamped on every custom
 * resource of the instance that carries one. `customResources` is undefined when they could not be
 * read. One reason for every case, so a refusal tells nothing of the instance: neither whether it
 * exists nor who owns it.
 */
export function ownerRefusal(
  entity: Entity,
  ref: InstanceRef,
  customResources: CustomResourceObject[] | undefined,
): string | undefined {
  const owner = entityOwner(entity);
  const stamped = (customResources ?? [])
    .filter(
      resource =>
        OWNER_KINDS.includes(resource.kind) &&
        resource.metadata.name === ref.name,
    )
    .map(resourceOwner);
  if (
    owner !== undefined &&
    stamped.length > 0 &&
    stamped.every(candidate => candidate === owner)
  )
    return undefined;
  return `${stringifyEntityRef(
    entity,
  )} does not come from the Redis entity provider (${ANNOTATION_LOCATION} ${entityProviderLocation(
    ref.cluster,
  )}), and its owner ${
    owner ?? '(none)'
  } is not the ${REDIS_OWNER_KEY} of instance ${ref.namespace}/${
    ref.name
  } on cluster ${ref.cluster}`;
}
