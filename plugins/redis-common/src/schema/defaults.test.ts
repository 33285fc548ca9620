import { applyDefaults } from './defaults';
import { flavourSchema } from './flavourSchema';
import type { RedisInstanceConfig } from './types';

// Every default the flavour spec states, by JSON pointer (root defaults are ours: see the README).
const specDefaults: [string, unknown][] = [
  ['/root/clusterModeEnabled', false],
  ['/root/authentication/enabled', true],
  ['/root/version', '7.0'],
  ['/flavour/antiAffinity', 'soft'],
  ['/flavour/backup/enabled', false],
  ['/flavour/backup/retention', 7],
  ['/flavour/backup/s3Region', 'us-east-1'],
  ['/flavour/backup/schedule', '0 2 * * *'],
  ['/flavour/cluster/numShards', 3],
  ['/flavour/cluster/replicasPerShard', 1],
  ['/flavour/deploymentMode', 'standalone'],
  ['/flavour/master/resources/limits/cpu', '1000m'],
  ['/flavour/master/resources/limits/memory', '2Gi'],
  ['/flavour/master/resources/requests/cpu', '500m'],
  ['/flavour/master/resources/requests/memory', '1Gi'],
  ['/flavour/metrics/enabled', false],
  ['/flavour/metrics/serviceMonitor/enabled', false],
  ['/flavour/metrics/serviceMonitor/interval', '30s'],
  ['/flavour/metrics/serviceMonitor/namespace', 'monitoring'],
  ['/flavour/namespace', 'redis'],
  ['/flavour/networkPolicy/enabled', false],
  ['/flavour/persistence/enabled', true],
  ['/flavour/persistence/aof/enabled', false],
  ['/flavour/persistence/aof/fsyncPolicy', 'everysec'],
  ['/flavour/persistence/rdb/enabled', true],
  ['/flavour/persistence/rdb/saveInterval', '900 1 300 10 60 10000'],
  ['/flavour/persistence/size', '10Gi'],
  ['/flavour/persistence/storageClass', 'gp3'],
  ['/flavour/podDisruptionBudget/enabled', true],
  ['/flavour/podDisruptionBudget/minAvailable', 1],
  ['/flavour/replica/count', 0],
  ['/flavour/replica/resources/limits/cpu', '1000m'],
  ['/flavour/replica/resources/limits/memory', '2Gi'],
  ['/flavour/replica/resources/requests/cpu', '500m'],
  ['/flavour/replica/resources/requests/memory', '1Gi'],
  ['/flavour/securityContext/fsGroup', 1000],
  ['/flavour/securityContext/runAsNonRoot', true],
  ['/flavour/securityContext/runAsUser', 1000],
  ['/flavour/sentinel/enabled', false],
  ['/flavour/sentinel/quorum', 2],
  ['/flavour/sentinel/replicas', 3],
  ['/flavour/sentinel/resources/limits/cpu', '200m'],
  ['/flavour/sentinel/resources/limits/memory', '256Mi'],
  ['/flavour/sentinel/resources/requests/cpu', '100m'],
  ['/flavour/sentinel/resources/requests/memory', '128Mi'],
  ['/flavour/serviceAccount', 'default'],
  ['/flavour/service/annotations', {}],
  ['/flavour/service/type', 'ClusterIP'],
  ['/flavour/updateStrategy/rollingUpdate/maxUnavailable', 1],
  ['/flavour/updateStrategy/type', 'RollingUpdate'],
];

// Defaults inside optional blocks without a default of their own: filled in once the block is given.
const optionalBlockDefaults: [string, unknown][] = [
  ['/root/authentication/existingSecret/key', 'password'],
];

function at(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<any>(
      (node, key) => (node === undefined ? undefined : node[key]),
      doc,
    );
}

/** Pointers of every default in the schema that is a value rather than an empty container. */
function schemaDefaultPointers(node: any, pointer: string): string[] {
  const own =
    node.default !== undefined &&
    !(node.properties && Object.keys(node.default).length === 0)
      ? [pointer]
      : [];
  const children = Object.entries(node.properties ?? {}).flatMap(
    ([key, child]) => schemaDefaultPointers(child, `${pointer}/${key}`),
  );
  return [...own, ...children];
}

describe('applyDefaults', () => {
  const resolved = applyDefaults({ name: 'cache' });

  it.each(specDefaults)('sets %s to %p', (pointer, expected) => {
    expect(at(resolved, pointer)).toEqual(expected);
  });

  it.each(optionalBlockDefaults)(
    'sets %s to %p once its block is given',
    (pointer, expected) => {
      const withBlocks = applyDefaults({
        name: 'cache',
        root: { authentication: { existingSecret: { name: 'redis-auth' } } },
      });
      expect(at(withBlocks, pointer)).toEqual(expected);
    },
  );

  it('lists every default of the schema in the tables above', () => {
    expect(schemaDefaultPointers(flavourSchema, '').sort()).toEqual(
      [...specDefaults, ...optionalBlockDefaults].map(([p]) => p).sort(),
    );
  });

  it('keeps what the person wrote', () => {
    const doc = applyDefaults({
      name: 'cache',
      flavour: {
        persistence: { size: '5Gi' },
        master: { resources: { requests: { cpu: '250m', memory: '512Mi' } } },
      },
    });
    expect(doc.flavour.persistence).toMatchObject({
      size: '5Gi',
      enabled: true,
      storageClass: 'gp3',
    });
    expect(doc.flavour.master.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1000m', memory: '2Gi' },
    });
  });

  it('does not modify its input or share defaults between calls', () => {
    const input: RedisInstanceConfig = {
      name: 'cache',
      flavour: { service: {} },
    };
    const first = applyDefaults(input);
    (first.flavour.service.annotations as Record<string, string>).x = 'y';
    expect(input).toEqual({ name: 'cache', flavour: { service: {} } });
    expect(
      applyDefaults({ name: 'cache' }).flavour.service.annotations,
    ).toEqual({});
  });

  it('reads the deprecated replicaCount as replica.count unless replica.count is set', () => {
    expect(
      applyDefaults({ name: 'c', flavour: { replicaCount: 2 } }).flavour.replica
        .count,
    ).toBe(2);
    expect(
      applyDefaults({
        name: 'c',
        flavour: { replicaCount: 2, replica: { count: 1 } },
      }).flavour.replica.count,
    ).toBe(1);
  });

  it('leaves values of the wrong type for the validator to report', () => {
    expect(
      applyDefaults({ name: 'c', flavour: { master: 'big' } } as never),
    ).toMatchObject({ flavour: { master: 'big' } });
  });
});
