import type { Entity } from '@backstage/catalog-model';
import type { CustomResourceObject } from '../KubernetesReader/KubernetesReader';
import { isFromEntityProvider } from '@odin/plugin-redis-node';
import { ownerRefusal } from './instanceTrust';

const ref = { cluster: 'prod', namespace: 'shop', name: 'orders' };

function entity(
  annotations: Record<string, string>,
  owner?: string,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orders-cache', namespace, annotations },
    spec: { type: 'redis', ...(owner === undefined ? {} : { owner }) },
  };
}

function resource(
  kind: CustomResourceObject['kind'],
  stamp: {
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  } = {},
  name = 'orders',
): CustomResourceObject {
  return { kind, metadata: { name, ...stamp } };
}

const ownedBy = (owner: string) => ({
  annotations: { 'odin.dev/owner': owner },
});

describe('isFromEntityProvider', () => {
  const location = (managedBy: string, origin = managedBy) => ({
    'backstage.io/managed-by-location': managedBy,
    'backstage.io/managed-by-origin-location': origin,
  });

  it("trusts the provider's location for the cluster the entity names", () => {
    expect(isFromEntityProvider(entity(location('odin-redis:prod')), ref)).toBe(
      true,
    );
  });

  it.each([
    ['another cluster', location('odin-redis:staging')],
    ['a registered location', location('url:https://git.example/catalog.yaml')],
    [
      'a provider location under a registered origin',
      location('odin-redis:prod', 'url:https://git.example/catalog.yaml'),
    ],
    ['no location', {}],
  ])('does not trust %s', (_, annotations) => {
    expect(isFromEntityProvider(entity(annotations), ref)).toBe(false);
  });
});

describe('ownerRefusal', () => {
  it('admits an owner stamped on the data custom resource, as a full ref or a group label', () => {
    expect(
      ownerRefusal(entity({}, 'team-a'), ref, [
        resource('RedisReplication', ownedBy('group:default/team-a')),
        // The sentinel watches the replication and carries no owner.
        resource('RedisSentinel'),
      ]),
    ).toBeUndefined();
    expect(
      ownerRefusal(entity({}, 'group:default/Team-A'), ref, [
        resource('Redis', { labels: { 'odin.dev/owner': 'team-a' } }),
      ]),
    ).toBeUndefined();
  });

  it('gives one reason for every refusal, naming the entity and the instance but not its owner', () => {
    const reason =
      'resource:default/orders-cache does not come from the Redis entity provider (backstage.io/managed-by-location odin-redis:prod), and its owner group:default/team-b is not the odin.dev/owner of instance shop/orders on cluster prod';
    const teamB = entity({}, 'team-b');
    // Another owner; no custom resource read; none of this name; none stamped; one of two stamped otherwise.
    expect([
      ownerRefusal(teamB, ref, [
        resource('Redis', ownedBy('group:default/team-a')),
      ]),
      ownerRefusal(teamB, ref, undefined),
      ownerRefusal(teamB, ref, [
        resource('Redis', ownedBy('group:default/team-b'), 'orders-copy'),
      ]),
      ownerRefusal(teamB, ref, [resource('RedisCluster')]),
      ownerRefusal(teamB, ref, [
        resource('Redis', ownedBy('group:default/team-b')),
        resource('RedisReplication', ownedBy('group:default/team-a')),
      ]),
    ]).toEqual([reason, reason, reason, reason, reason]);
  });

  it('resolves the entity owner in the entity namespace, as the catalog does', () => {
    expect(
      ownerRefusal(entity({}, 'team-a', 'shop'), ref, [
        resource('Redis', ownedBy('group:default/team-a')),
      ]),
    ).toContain('its owner group:shop/team-a is not');
  });

  it('refuses an entity without an owner even where no owner is stamped', () => {
    expect(ownerRefusal(entity({}), ref, [resource('Redis')])).toContain(
      'its owner (none) is not',
    );
  });
});
