// Decides the catalog entity of each discovered Redis instance: its name, owner, lifecycle and annotations.
import { createHash } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  KubernetesValidatorFunctions,
  type Entity,
} from '@backstage/catalog-model';
import type { DeferredEntity } from '@backstage/plugin-catalog-node';
import {
  REDIS_OWNER_KEY,
  entityProviderLocation,
  ownerEntityRef,
  redisInstanceAnnotations,
  stampedOwner,
} from '@odin/plugin-redis-common';
import type { InstanceKind, RedisInstance } from './redisInstances';

/** Instances with a replica of the data count as production; a single-pod Redis as experimental. */
export function lifecycleOf(kind: InstanceKind): 'production' | 'experimental' {
  return kind === 'Redis' ? 'experimental' : 'production';
}

function byAgeThenPlace(a: RedisInstance, b: RedisInstance): number {
  const age =
    (a.createdAt ?? Number.MAX_SAFE_INTEGER) -
    (b.createdAt ?? Number.MAX_SAFE_INTEGER);
  if (age !== 0) return age;
  const placeA = `${a.cluster}/${a.namespace}/${a.name}/${a.kind}`;
  const placeB = `${b.cluster}/${b.namespace}/${b.name}/${b.kind}`;
  return placeA < placeB ? -1 : Number(placeA > placeB);
}

function shortHash(instance: RedisInstance): string {
  return createHash('sha256')
    .update(
      `${instance.cluster}/${instance.namespace}/${instance.name}/${instance.kind}`,
    )
    .digest('hex')
    .slice(0, 8);
}

/**
 * Entity names, unique in the catalog's case-insensitive sense. The oldest instance of a name keeps
 * it, so an entity is not renamed when a namesake appears elsewhere; later namesakes become
 * `<name>-<namespace>`, then `<name>-<namespace>-<cluster>`, then `<name>-<hash>`.
 */
export function entityNames(
  instances: RedisInstance[],
): Map<RedisInstance, string> {
  const ordered = [...instances].sort(byAgeThenPlace);
  const names = new Map<RedisInstance, string>();
  const taken = new Set<string>();
  const claim = (instance: RedisInstance, name: string) => {
    names.set(instance, name);
    taken.add(name.toLocaleLowerCase('en-US'));
  };
  const free = (name: string) =>
    KubernetesValidatorFunctions.isValidObjectName(name) &&
    !taken.has(name.toLocaleLowerCase('en-US'));

  // Every name's first holder is settled before any namesake picks a suffixed name.
  for (const instance of ordered) {
    if (free(instance.name)) claim(instance, instance.name);
  }
  for (const instance of ordered) {
    if (names.has(instance)) continue;
    const cluster = instance.cluster.replace(/[^A-Za-z0-9_.-]+/g, '-');
    const candidates = [
      `${instance.name}-${instance.namespace}`,
      `${instance.name}-${instance.namespace}-${cluster}`,
    ];
    claim(
      instance,
      candidates.find(free) ??
        `${instance.name.slice(0, 54).replace(/[-_.]+$/, '')}-${shortHash(
          instance,
        )}`,
    );
  }
  return names;
}

export interface InstanceEntities {
  entities: DeferredEntity[];
  /** Problems worth a log line, e.g. an owner annotation that is not an entity ref. */
  warnings: string[];
}

/** One Resource entity of type redis per instance. */
export function redisInstanceEntities(
  instances: RedisInstance[],
  options: { defaultOwner: string },
): InstanceEntities {
  const names = entityNames(instances);
  const warnings: string[] = [];
  const entities = instances.map((instance): DeferredEntity => {
    const place = `${instance.namespace}/${instance.name} on cluster ${instance.cluster}`;
    const declaredOwner = stampedOwner(instance);
    // The annotation holds a full ref, the label a group name; ownerEntityRef reads both.
    const declaredRef =
      declaredOwner === undefined ? undefined : ownerEntityRef(declaredOwner);
    const owner = declaredRef ?? options.defaultOwner;
    if (declaredOwner !== undefined && declaredRef === undefined) {
      warnings.push(
        `Redis instance ${place}: ${REDIS_OWNER_KEY} "${declaredOwner}" is not an entity reference; using ${owner}`,
      );
    }
    const location = entityProviderLocation(instance.cluster);
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: names.get(instance)!,
        description: `Redis instance ${place}`,
        annotations: {
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
          ...redisInstanceAnnotations(instance),
        },
      },
      spec: {
        type: 'redis',
        owner,
        lifecycle: lifecycleOf(instance.kind),
      },
    };
    return { entity, locationKey: location };
  });
  return { entities, warnings };
}
