// The Redis instance a catalog entity points at, and whether its annotations may be believed as they are.
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  entityProviderLocation,
  type InstanceRef,
} from '@odin/plugin-redis-common';

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const INSTANCE_PATTERN = new RegExp(`^(${DNS_LABEL})/(${DNS_LABEL})$`);

/**
 * The instance an entity points at; its annotations are the only source, never the request.
 *
 * @public
 */
export function instanceFromEntity(entity: Entity): InstanceRef {
  const annotations = entity.metadata.annotations ?? {};
  const instance = annotations[REDIS_INSTANCE_ANNOTATION];
  const cluster = annotations[REDIS_CLUSTER_ANNOTATION];
  const entityRef = stringifyEntityRef(entity);
  if (!instance || !cluster) {
    throw new NotFoundError(
      `${entityRef} has no Redis instance: it needs the annotations ${REDIS_INSTANCE_ANNOTATION} and ${REDIS_CLUSTER_ANNOTATION}`,
    );
  }
  const match = INSTANCE_PATTERN.exec(instance);
  if (!match) {
    throw new NotFoundError(
      `${entityRef} has an invalid ${REDIS_INSTANCE_ANNOTATION} "${instance}": expected <namespace>/<name>`,
    );
  }
  return { cluster, namespace: match[1], name: match[3] };
}

/**
 * Whether the entity provider wrote the entity, for the cluster the entity names: then its
 * annotations are the provider's, not anyone's who can register a catalog file.
 *
 * @public
 */
export function isFromEntityProvider(
  entity: Entity,
  ref: InstanceRef,
): boolean {
  const location = entityProviderLocation(ref.cluster);
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[ANNOTATION_LOCATION] === location &&
    annotations[ANNOTATION_ORIGIN_LOCATION] === location
  );
}
