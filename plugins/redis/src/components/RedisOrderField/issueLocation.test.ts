import { validateInstance } from '@odin/plugin-redis-common';
import { issueTarget, locateIssues } from './issueLocation';
import { isHidden, sectionFields, SECTION_IDS } from './orderSections';
import { controlKind, flavourNode, type SchemaNode } from './schemaPaths';

const standalone = { mode: 'standalone' as const, flavour: {} };
const sentinel = { mode: 'sentinel' as const, flavour: {} };
const cluster = { mode: 'cluster' as const, flavour: {} };

describe('issueTarget', () => {
  it.each([
    [
      '/flavour/sentinel/quorum',
      sentinel,
      { section: 'highAvailability', field: 'sentinel/quorum' },
    ],
    [
      '/flavour/cluster/numShards',
      cluster,
      { section: 'highAvailability', field: 'cluster/numShards' },
    ],
    [
      '/flavour/deploymentMode',
      standalone,
      { section: 'modeAndSize', field: 'deploymentMode' },
    ],
    [
      '/flavour/replica/count',
      sentinel,
      { section: 'modeAndSize', field: 'replica/count' },
    ],
    [
      '/flavour/master/resources/requests/cpu',
      standalone,
      { section: 'modeAndSize', field: 'master/resources/requests/cpu' },
    ],
    [
      '/flavour/replica/resources/limits/memory',
      cluster,
      { section: 'modeAndSize', field: 'replica/resources/limits/memory' },
    ],
    [
      '/flavour/persistence/rdb/saveInterval',
      standalone,
      { section: 'persistence', field: 'persistence/rdb/saveInterval' },
    ],
    [
      '/flavour/podDisruptionBudget',
      standalone,
      { section: 'highAvailability', field: 'podDisruptionBudget' },
    ],
    [
      '/flavour/podDisruptionBudget/minAvailable',
      sentinel,
      {
        section: 'highAvailability',
        field: 'podDisruptionBudget/minAvailable',
      },
    ],
    [
      '/flavour/metrics/serviceMonitor/enabled',
      standalone,
      { section: 'monitoring', field: 'metrics/serviceMonitor/enabled' },
    ],
    [
      '/flavour/backup/s3Bucket',
      standalone,
      { section: 'backups', field: 'backup/s3Bucket' },
    ],
    [
      '/flavour/service/annotations',
      standalone,
      { section: 'networkAndSecurity', field: 'service/annotations' },
    ],
    [
      '/flavour/service/annotations/service.beta.kubernetes.io~1aws-load-balancer-type',
      standalone,
      {
        section: 'networkAndSecurity',
        field: 'service/annotations',
        item: 'service.beta.kubernetes.io/aws-load-balancer-type',
      },
    ],
    [
      '/flavour/networkPolicy/allowedNamespaces/1',
      standalone,
      {
        section: 'networkAndSecurity',
        field: 'networkPolicy/allowedNamespaces',
        item: '1',
      },
    ],
    [
      '/flavour/nodeSelector/kubernetes.io~1arch',
      standalone,
      {
        section: 'placement',
        field: 'nodeSelector',
        item: 'kubernetes.io/arch',
      },
    ],
    [
      '/flavour/tolerations/0/value',
      standalone,
      { section: 'placement', field: 'tolerations/0/value' },
    ],
    [
      '/flavour/topologySpreadConstraints/1',
      sentinel,
      { section: 'placement', field: 'topologySpreadConstraints/1' },
    ],
    [
      '/flavour/topologySpreadConstraints',
      standalone,
      { section: 'placement', field: 'topologySpreadConstraints' },
    ],
    [
      '/flavour/additionalConfig/maxmemory',
      standalone,
      { section: 'advanced', field: 'additionalConfig', item: 'maxmemory' },
    ],
    [
      '/flavour/updateStrategy/rollingUpdate',
      standalone,
      { section: 'advanced', field: 'updateStrategy/rollingUpdate' },
    ],
  ] as const)('%s shows at its field', (pointer, context, target) => {
    expect(issueTarget(pointer, context)).toEqual(target);
  });

  it.each([
    ['/flavour/sentinel/enabled', sentinel],
    ['/flavour/sentinel/quorum', standalone],
    ['/flavour/cluster', standalone],
    ['/flavour/replica/count', cluster],
    ['/flavour/replicaCount', cluster],
    ['/flavour/replica/resources', sentinel],
    ['/root/clusterModeEnabled', cluster],
  ] as const)(
    '%s, hidden by the mode or set by it, shows at the mode',
    (pointer, context) => {
      expect(issueTarget(pointer, context)).toEqual({
        section: 'modeAndSize',
        field: 'deploymentMode',
      });
    },
  );

  it('shows the deprecated replicaCount where the order uses it', () => {
    expect(
      issueTarget('/flavour/replicaCount', {
        mode: 'sentinel',
        flavour: { replicaCount: 2 },
      }),
    ).toEqual({ section: 'modeAndSize', field: 'replicaCount' });
  });

  it('puts a split property on its section and other steps apart', () => {
    expect(issueTarget('/flavour/replica', standalone)).toEqual({
      section: 'modeAndSize',
    });
    expect(issueTarget('/name', standalone)).toEqual({ section: 'general' });
    expect(
      issueTarget('/root/authentication/existingSecret/name', standalone),
    ).toEqual({ section: 'general' });
    expect(issueTarget('/flavour/replicas', standalone)).toEqual({
      section: 'general',
    });
    expect(issueTarget('', standalone)).toEqual({ section: 'general' });
  });

  it('maps every property of the schema to itself where its mode shows it', () => {
    const leaves: string[][] = [];
    const walk = (node: SchemaNode, path: string[]) => {
      const kind = controlKind(node);
      if (kind === 'group')
        for (const [key, child] of Object.entries(node.properties ?? {}))
          walk(child, [...path, key]);
      else if (kind === 'objectList') walk(node.items!, [...path, '0']);
      else leaves.push(path);
    };
    walk(flavourNode, []);
    expect(leaves.length).toBeGreaterThan(50);
    for (const mode of ['standalone', 'sentinel', 'cluster'] as const) {
      const flavour = { replicaCount: 1 };
      for (const path of leaves) {
        const target = issueTarget(`/flavour/${path.join('/')}`, {
          mode,
          flavour,
        });
        const field = isHidden(path, mode, flavour)
          ? 'deploymentMode'
          : path.join('/');
        expect({
          path,
          mode,
          field: 'field' in target && target.field,
        }).toEqual({
          path,
          mode,
          field,
        });
      }
    }
  });

  it('places every top-level property of the schema in a section', () => {
    const placed = SECTION_IDS.flatMap(section =>
      sectionFields(section).map(path => path[0]),
    );
    expect(new Set(placed)).toEqual(
      new Set(Object.keys(flavourNode.properties!)),
    );
  });
});

describe('locateIssues', () => {
  it('files the validator’s errors and warnings under their fields and counts them per section', () => {
    const flavour = {
      deploymentMode: 'sentinel',
      sentinel: { enabled: true, replicas: 3, quorum: 4 },
      replicaCount: 2,
      backup: { enabled: true },
    };
    const result = validateInstance({ name: 'orders', flavour });
    const located = locateIssues(result, { mode: 'sentinel', flavour });
    expect(located.fields.get('sentinel/quorum')?.errors).toEqual([
      expect.stringContaining('quorum 4 can never be reached with 3 sentinels'),
    ]);
    expect(located.fields.get('backup/s3Bucket')?.errors).toEqual([
      expect.stringContaining('name the S3 bucket'),
    ]);
    expect(located.fields.get('replicaCount')?.warnings).toEqual([
      'replicaCount is deprecated; write replica.count instead',
    ]);
    expect(located.errorCounts.get('highAvailability')).toBe(1);
    expect(located.errorCounts.get('backups')).toBe(1);
    expect(located.warningCounts.get('modeAndSize')).toBe(1);
    expect(located.general.errors).toEqual([]);
  });

  it('keeps issues of other steps apart', () => {
    const flavour = { deploymentMode: 'cluster' };
    const result = validateInstance({ name: 'Orders', flavour });
    const located = locateIssues(result, { mode: 'cluster', flavour });
    expect(located.general.errors.map(issue => issue.pointer)).toEqual([
      '/name',
    ]);
  });
});
