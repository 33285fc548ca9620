import { entityNames, redisInstanceEntities } from './instanceEntities';
import type { RedisInstance } from './redisInstances';

function instance(fields: Partial<RedisInstance>): RedisInstance {
  return {
    cluster: 'eks-prod',
    namespace: 'redis',
    name: 'orders-cache',
    kind: 'RedisReplication',
    createdAt: Date.parse('2026-01-01T00:00:00Z'),
    labels: {},
    annotations: {},
    ...fields,
  };
}

const namesOf = (instances: RedisInstance[]) => {
  const names = entityNames(instances);
  return instances.map(i => names.get(i));
};

describe('entityNames', () => {
  it('keeps the instance name when it is unique', () => {
    expect(namesOf([instance({ name: 'a' }), instance({ name: 'b' })])).toEqual(
      ['a', 'b'],
    );
  });

  it('gives the oldest namesake the plain name and suffixes the namespace of the others', () => {
    const older = instance({
      namespace: 'team-b',
      createdAt: Date.parse('2025-06-01T00:00:00Z'),
    });
    const newer = instance({ namespace: 'team-a' });
    // Order of discovery does not matter, only age.
    expect(namesOf([newer, older])).toEqual([
      'orders-cache-team-a',
      'orders-cache',
    ]);
    expect(namesOf([older, newer])).toEqual([
      'orders-cache',
      'orders-cache-team-a',
    ]);
  });

  it('adds the cluster when namesakes share a namespace, and orders equal ages by place', () => {
    const onProd = instance({ cluster: 'eks-prod' });
    const onDev = instance({ cluster: 'eks-dev' });
    const onStaging = instance({
      cluster: 'EKS Staging',
      createdAt: Date.parse('2026-03-01T00:00:00Z'),
    });
    expect(namesOf([onProd, onStaging, onDev])).toEqual([
      'orders-cache-redis',
      'orders-cache-redis-EKS-Staging',
      'orders-cache',
    ]);
  });

  it('never takes the name of another instance, falling back to a hash', () => {
    const literal = instance({ name: 'cache-team', namespace: 'other' });
    const first = instance({ name: 'cache', namespace: 'x' });
    const second = instance({
      name: 'cache',
      namespace: 'team',
      createdAt: Date.parse('2026-02-01T00:00:00Z'),
    });
    const [literalName, firstName, secondName] = namesOf([
      literal,
      first,
      second,
    ]);
    expect(literalName).toBe('cache-team');
    expect(firstName).toBe('cache');
    // cache-team is taken; the cluster name is not taken, so that candidate wins.
    expect(secondName).toBe('cache-team-eks-prod');
  });

  it('uses a short hash when the suffixed names are too long', () => {
    const namespace = 'n'.repeat(40);
    const names = namesOf([
      instance({ name: 'a'.repeat(30) }),
      instance({
        name: 'a'.repeat(30),
        namespace,
        createdAt: Date.parse('2026-02-01T00:00:00Z'),
      }),
    ]);
    expect(names[0]).toBe('a'.repeat(30));
    expect(names[1]).toMatch(/^a{30}-[0-9a-f]{8}$/);
  });
});

describe('redisInstanceEntities', () => {
  it('describes each instance as a Resource of type redis with the annotations of the Kubernetes and Redis plugins', () => {
    const { entities, warnings } = redisInstanceEntities(
      [
        instance({ kind: 'RedisCluster' }),
        instance({ name: 'tiny', kind: 'Redis' }),
      ],
      { defaultOwner: 'group:default/platform' },
    );
    expect(warnings).toEqual([]);
    expect(entities[0]).toEqual({
      locationKey: 'odin-redis:eks-prod',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'orders-cache',
          description: 'Redis instance redis/orders-cache on cluster eks-prod',
          annotations: {
            'backstage.io/managed-by-location': 'odin-redis:eks-prod',
            'backstage.io/managed-by-origin-location': 'odin-redis:eks-prod',
            'backstage.io/kubernetes-id': 'orders-cache',
            'backstage.io/kubernetes-namespace': 'redis',
            'odin.dev/redis-instance': 'redis/orders-cache',
            'odin.dev/redis-cluster': 'eks-prod',
          },
        },
        spec: {
          type: 'redis',
          owner: 'group:default/platform',
          lifecycle: 'production',
        },
      },
    });
    expect(entities[1].entity.spec?.lifecycle).toBe('experimental');
  });

  it('takes the owner from the odin.dev/owner annotation before the label, and warns about one that is no ref', () => {
    const { entities, warnings } = redisInstanceEntities(
      [
        instance({
          name: 'a',
          annotations: { 'odin.dev/owner': 'user:default/jane' },
          labels: { 'odin.dev/owner': 'ignored' },
        }),
        instance({ name: 'b', labels: { 'odin.dev/owner': 'payments' } }),
        instance({
          name: 'c',
          annotations: { 'odin.dev/owner': 'no such ref!' },
        }),
      ],
      { defaultOwner: 'group:default/platform' },
    );
    expect(entities.map(({ entity }) => entity.spec?.owner)).toEqual([
      'user:default/jane',
      'group:default/payments',
      'group:default/platform',
    ]);
    expect(warnings).toEqual([
      'Redis instance redis/c on cluster eks-prod: odin.dev/owner "no such ref!" is not an entity reference; using group:default/platform',
    ]);
  });
});
