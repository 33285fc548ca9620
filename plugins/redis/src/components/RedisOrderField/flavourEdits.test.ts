import {
  applyDefaults,
  flavourSchema,
  validateInstance,
} from '@odin/plugin-redis-common';
import { flavourExamples } from '@internal/redis-test-utils';
import {
  deploymentModeOf,
  foldReplicaCount,
  withDeploymentMode,
  withValue,
} from './flavourEdits';
import { issueTarget } from './issueLocation';
import type { FlavourValue } from './schemaPaths';

/** The flavour as the scaffolder's form holds it: RJSF fills every default in. */
const asFormFills = (flavour: FlavourValue): FlavourValue =>
  (applyDefaults({ name: 'orders', flavour }) as { flavour: FlavourValue })
    .flavour;

const examples = flavourExamples(
  Object.keys(flavourSchema.properties.flavour.properties),
);
const productionSentinel = examples.find(example =>
  example.title.startsWith('Production Sentinel'),
)!.flavour;

const orderOf = (flavour: FlavourValue) => ({
  name: 'orders',
  root: { clusterModeEnabled: deploymentModeOf(flavour) === 'cluster' },
  flavour,
});

describe('foldReplicaCount', () => {
  it('turns the spec example, as the form fills it, from a contradiction into a deprecation warning', () => {
    const filled = asFormFills(productionSentinel);
    // The defaults RJSF fills in: replica.count 0 beside replicaCount 2.
    expect(
      validateInstance(
        orderOf({
          ...filled,
          replica: { ...(filled.replica as object), count: 0 },
        }),
      ).valid,
    ).toBe(false);
    const folded = foldReplicaCount({
      ...filled,
      replica: { ...(filled.replica as object), count: 0 },
    });
    const result = validateInstance(orderOf(folded));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(w => w.pointer)).toContain(
      '/flavour/replicaCount',
    );
  });

  it('leaves an explicit replica.count and orders without replicaCount alone', () => {
    const explicit = { replicaCount: 2, replica: { count: 3 } };
    expect(foldReplicaCount(explicit)).toBe(explicit);
    const plain = { replica: { count: 0 } };
    expect(foldReplicaCount(plain)).toBe(plain);
  });
});

describe('withDeploymentMode', () => {
  const modes = ['standalone', 'sentinel', 'cluster'] as const;

  it.each(
    examples
      .filter(example => validateInstance(orderOf(example.flavour)).valid)
      .flatMap(example =>
        modes.map(
          mode => [example.title, example.line, mode, example.flavour] as const,
        ),
      ),
  )(
    '%s (line %s) switched to %s leaves no error at a field the mode hides',
    (_, __, mode, flavour) => {
      const switched = withDeploymentMode(asFormFills(flavour), mode);
      const { errors } = validateInstance(orderOf(asFormFills(switched)));
      const atTheMode = errors.filter(
        error =>
          issueTarget(error.pointer, { mode, flavour: switched }).section ===
            'modeAndSize' &&
          (
            issueTarget(error.pointer, { mode, flavour: switched }) as {
              field?: string;
            }
          ).field === 'deploymentMode',
      );
      expect(atTheMode).toEqual([]);
    },
  );

  it('gives sentinel mode its sentinels and a replica to fail over to', () => {
    const switched = withDeploymentMode(asFormFills({}), 'sentinel');
    expect(switched).toMatchObject({
      deploymentMode: 'sentinel',
      sentinel: { enabled: true },
      replica: { count: 1 },
    });
    expect(validateInstance(orderOf(switched)).valid).toBe(true);
  });

  it('counts cluster replicas per shard and forgets cluster settings outside cluster mode', () => {
    const toCluster = withDeploymentMode(
      asFormFills({ replica: { count: 2 } }),
      'cluster',
    );
    expect(toCluster).toMatchObject({
      deploymentMode: 'cluster',
      sentinel: { enabled: false },
      replica: { count: 0 },
    });
    const back = withDeploymentMode(
      { ...toCluster, cluster: { numShards: 6, replicasPerShard: 2 } },
      'standalone',
    );
    expect(back.cluster).toBeUndefined();
  });
});

describe('withValue', () => {
  it('gives replicas the master resources outside cluster mode', () => {
    const next = withValue(
      asFormFills({}),
      ['master', 'resources', 'limits', 'memory'],
      '8Gi',
    );
    expect(next).toMatchObject({
      master: { resources: { limits: { memory: '8Gi' } } },
      replica: { resources: { limits: { memory: '8Gi' } } },
    });
    const clustered = withValue(
      asFormFills({ deploymentMode: 'cluster' }),
      ['master', 'resources', 'limits', 'memory'],
      '8Gi',
    );
    expect(clustered).toMatchObject({
      replica: { resources: { limits: { memory: '2Gi' } } },
    });
  });

  it('moves replica.count and the deprecated replicaCount together', () => {
    expect(
      withValue(
        { replicaCount: 2, replica: { count: 2 } },
        ['replica', 'count'],
        3,
      ),
    ).toMatchObject({
      replicaCount: 3,
      replica: { count: 3 },
    });
    expect(
      withValue(
        { replicaCount: 2, replica: { count: 2 } },
        ['replicaCount'],
        1,
      ),
    ).toMatchObject({
      replicaCount: 1,
      replica: { count: 1 },
    });
    expect(withValue({ replicaCount: 2 }, ['replicaCount'], undefined)).toEqual(
      {},
    );
  });
});
