import { authSecretRef } from '../render/conventions';
import { applyDefaults } from '../schema/defaults';
import { validateInstance } from './validateInstance';

const sentinelFlavour = {
  deploymentMode: 'sentinel',
  replica: { count: 2 },
  sentinel: { enabled: true, replicas: 3, quorum: 2 },
};
const clusterRoot = { clusterModeEnabled: true };
const doc = (
  flavour: Record<string, unknown>,
  root: Record<string, unknown> = {},
  name = 'cache',
) => ({
  name,
  root,
  flavour,
});
const pointers = (issues: { pointer: string }[]) => issues.map(i => i.pointer);

describe('validateInstance', () => {
  it('accepts the minimal document and returns the resolved config', () => {
    const result = validateInstance({ name: 'cache' });
    expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(result.config?.flavour.deploymentMode).toBe('standalone');
  });

  // A generated form fills in every default, including the blocks of the other modes.
  it.each([
    ['standalone', doc({})],
    [
      'sentinel',
      doc({
        deploymentMode: 'sentinel',
        sentinel: { enabled: true },
        replica: { count: 2 },
      }),
    ],
    ['cluster', doc({ deploymentMode: 'cluster' }, clusterRoot)],
    [
      'standalone with the Secret block a form fills in',
      doc({}, { authentication: { existingSecret: { key: 'password' } } }),
    ],
  ])(
    'accepts a %s order with every default filled in, as a form sends it',
    (_mode, order) => {
      expect(validateInstance(applyDefaults(order))).toMatchObject({
        valid: true,
        errors: [],
      });
    },
  );

  it('generates the password Secret when the Secret block a form fills in names no Secret', () => {
    const { config } = validateInstance(
      doc({}, { authentication: { existingSecret: { key: 'password' } } }),
    );
    expect(authSecretRef(config!)).toEqual({
      name: 'cache-auth',
      key: 'password',
      generated: true,
    });
  });

  it.each([null, 'text', 42, [], undefined])(
    'rejects %p as a document',
    input => {
      expect(validateInstance(input)).toMatchObject({
        valid: false,
        errors: [{ pointer: '' }],
      });
    },
  );

  // [case, document, pointer of the expected error]
  const errorCases: [string, unknown, string][] = [
    ['missing name', { flavour: {} }, '/name'],
    ['name not a DNS label', doc({}, {}, 'Cache_1'), '/name'],
    ['name too long for derived objects', doc({}, {}, 'a'.repeat(43)), '/name'],
    [
      'namespace not a DNS label',
      doc({ namespace: 'Redis Prod' }),
      '/flavour/namespace',
    ],
    [
      'namespace too long',
      doc({ namespace: 'n'.repeat(64) }),
      '/flavour/namespace',
    ],
    ['unknown flavour property', doc({ replicas: 2 }), '/flavour/replicas'],
    ['unknown root property', doc({}, { tls: true }), '/root/tls'],
    ['unknown top-level property', { name: 'cache', extra: 1 }, '/extra'],
    [
      'literal password is not a field',
      doc({}, { authentication: { authToken: 'x' } }),
      '/root/authentication/authToken',
    ],
    ['unsupported version', doc({}, { version: '6.0' }), '/root/version'],
    [
      'bad deployment mode',
      doc({ deploymentMode: 'replicated' }),
      '/flavour/deploymentMode',
    ],
    [
      'cluster mode without root flag',
      doc({ deploymentMode: 'cluster' }),
      '/root/clusterModeEnabled',
    ],
    [
      'root flag without cluster mode',
      doc({}, clusterRoot),
      '/flavour/deploymentMode',
    ],
    [
      'existing Secret key without a Secret name',
      doc({}, { authentication: { existingSecret: { key: 'token' } } }),
      '/root/authentication/existingSecret/name',
    ],
    [
      'cluster block outside cluster mode',
      doc({ cluster: { numShards: 6, replicasPerShard: 1 } }),
      '/flavour/cluster',
    ],
    [
      'replica.count in cluster mode',
      doc({ deploymentMode: 'cluster', replica: { count: 1 } }, clusterRoot),
      '/flavour/replica/count',
    ],
    [
      'replicaCount in cluster mode',
      doc({ deploymentMode: 'cluster', replicaCount: 1 }, clusterRoot),
      '/flavour/replicaCount',
    ],
    [
      'shards below 3',
      doc(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 2, replicasPerShard: 1 },
        },
        clusterRoot,
      ),
      '/flavour/cluster/numShards',
    ],
    [
      'shards above 500',
      doc(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 501, replicasPerShard: 1 },
        },
        clusterRoot,
      ),
      '/flavour/cluster/numShards',
    ],
    [
      'replicas per shard above 5',
      doc(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 3, replicasPerShard: 6 },
        },
        clusterRoot,
      ),
      '/flavour/cluster/replicasPerShard',
    ],
    [
      'replicas per shard below 1',
      doc(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 3, replicasPerShard: 0 },
        },
        clusterRoot,
      ),
      '/flavour/cluster/replicasPerShard',
    ],
    [
      'replica count above 5',
      doc({ replica: { count: 6 } }),
      '/flavour/replica/count',
    ],
    [
      'negative replica count',
      doc({ replica: { count: -1 } }),
      '/flavour/replica/count',
    ],
    [
      'fractional replica count',
      doc({ replica: { count: 1.5 } }),
      '/flavour/replica/count',
    ],
    [
      'replicaCount out of range',
      doc({ replicaCount: 9 }),
      '/flavour/replicaCount',
    ],
    [
      'replicaCount contradicts replica.count',
      doc({ replicaCount: 2, replica: { count: 1 } }),
      '/flavour/replicaCount',
    ],
    [
      'sentinel mode without sentinel.enabled',
      doc({ ...sentinelFlavour, sentinel: { replicas: 3 } }),
      '/flavour/sentinel/enabled',
    ],
    [
      'sentinel mode without replicas',
      doc({ ...sentinelFlavour, replica: { count: 0 } }),
      '/flavour/replica/count',
    ],
    [
      'sentinel outside sentinel mode',
      doc({ sentinel: { enabled: true } }),
      '/flavour/sentinel/enabled',
    ],
    [
      'even sentinel count',
      doc({ ...sentinelFlavour, sentinel: { enabled: true, replicas: 4 } }),
      '/flavour/sentinel/replicas',
    ],
    [
      'quorum above sentinels',
      doc({
        ...sentinelFlavour,
        sentinel: { enabled: true, replicas: 3, quorum: 4 },
      }),
      '/flavour/sentinel/quorum',
    ],
    [
      'quorum zero',
      doc({ ...sentinelFlavour, sentinel: { enabled: true, quorum: 0 } }),
      '/flavour/sentinel/quorum',
    ],
    [
      'cpu request above limit',
      doc({
        master: {
          resources: { requests: { cpu: '2' }, limits: { cpu: '1500m' } },
        },
      }),
      '/flavour/master/resources/requests/cpu',
    ],
    [
      'memory request above limit',
      doc({ replica: { resources: { requests: { memory: '3Gi' } } } }),
      '/flavour/replica/resources/requests/memory',
    ],
    [
      'sentinel memory request above limit',
      doc({ sentinel: { resources: { requests: { memory: '512Mi' } } } }),
      '/flavour/sentinel/resources/requests/memory',
    ],
    [
      'not a quantity',
      doc({ master: { resources: { limits: { memory: '2 GB' } } } }),
      '/flavour/master/resources/limits/memory',
    ],
    [
      'zero limit',
      doc({
        master: { resources: { limits: { cpu: '0' }, requests: { cpu: '0' } } },
      }),
      '/flavour/master/resources/limits/cpu',
    ],
    [
      'PDB blocks every drain (replication)',
      doc({ replica: { count: 1 }, podDisruptionBudget: { minAvailable: 2 } }),
      '/flavour/podDisruptionBudget/minAvailable',
    ],
    [
      'PDB blocks every drain (sentinel)',
      doc({ ...sentinelFlavour, podDisruptionBudget: { minAvailable: 3 } }),
      '/flavour/podDisruptionBudget/minAvailable',
    ],
    [
      'PDB blocks a cluster role',
      doc(
        { deploymentMode: 'cluster', podDisruptionBudget: { minAvailable: 5 } },
        clusterRoot,
      ),
      '/flavour/podDisruptionBudget/minAvailable',
    ],
    [
      'saveInterval with an odd number of values',
      doc({ persistence: { rdb: { saveInterval: '900 1 300' } } }),
      '/flavour/persistence/rdb/saveInterval',
    ],
    [
      'saveInterval with words',
      doc({ persistence: { rdb: { saveInterval: 'hourly' } } }),
      '/flavour/persistence/rdb/saveInterval',
    ],
    [
      'saveInterval with zero seconds',
      doc({ persistence: { rdb: { saveInterval: '0 1' } } }),
      '/flavour/persistence/rdb/saveInterval',
    ],
    [
      'cron with 6 fields',
      doc({ backup: { schedule: '0 0 2 * * *' } }),
      '/flavour/backup/schedule',
    ],
    [
      'cron hour out of range',
      doc({ backup: { schedule: '0 24 * * *' } }),
      '/flavour/backup/schedule',
    ],
    [
      'unknown cron shortcut',
      doc({ backup: { schedule: '@fortnightly' } }),
      '/flavour/backup/schedule',
    ],
    [
      'cron with a time zone',
      doc({ backup: { schedule: 'TZ=UTC 0 2 * * *' } }),
      '/flavour/backup/schedule',
    ],
    [
      'backups without bucket',
      doc({ backup: { enabled: true } }),
      '/flavour/backup/s3Bucket',
    ],
    [
      'bucket with capitals',
      doc({ backup: { s3Bucket: 'My-Backups' } }),
      '/flavour/backup/s3Bucket',
    ],
    [
      'bucket with double dots',
      doc({ backup: { s3Bucket: 'my..backups' } }),
      '/flavour/backup/s3Bucket',
    ],
    [
      'bucket shaped like an IP',
      doc({ backup: { s3Bucket: '192.168.1.1' } }),
      '/flavour/backup/s3Bucket',
    ],
    [
      'bucket with a reserved prefix',
      doc({ backup: { s3Bucket: 'xn--backups' } }),
      '/flavour/backup/s3Bucket',
    ],
    [
      'bad region',
      doc({ backup: { s3Region: 'US East' } }),
      '/flavour/backup/s3Region',
    ],
    [
      'retention of zero days',
      doc({ backup: { retention: 0 } }),
      '/flavour/backup/retention',
    ],
    [
      'ServiceMonitor without metrics',
      doc({ metrics: { serviceMonitor: { enabled: true } } }),
      '/flavour/metrics/serviceMonitor/enabled',
    ],
    [
      'bad scrape interval',
      doc({ metrics: { serviceMonitor: { interval: 'often' } } }),
      '/flavour/metrics/serviceMonitor/interval',
    ],
    [
      'toleration Exists with value',
      doc({ tolerations: [{ key: 'redis', operator: 'Exists', value: 'x' }] }),
      '/flavour/tolerations/0/value',
    ],
    [
      'toleration without key needs Exists',
      doc({ tolerations: [{ effect: 'NoSchedule' }] }),
      '/flavour/tolerations/0/operator',
    ],
    [
      'toleration bad effect',
      doc({ tolerations: [{ key: 'a', effect: 'Never' }] }),
      '/flavour/tolerations/0/effect',
    ],
    [
      'toleration key name part too long',
      doc({
        tolerations: [{ key: `x/${'a'.repeat(64)}`, operator: 'Exists' }],
      }),
      '/flavour/tolerations/0/key',
    ],
    [
      'spread without topologyKey',
      doc({
        topologySpreadConstraints: [
          { maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' },
        ],
      }),
      '/flavour/topologySpreadConstraints/0/topologyKey',
    ],
    [
      'spread maxSkew 0',
      doc({
        topologySpreadConstraints: [
          {
            maxSkew: 0,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
          },
        ],
      }),
      '/flavour/topologySpreadConstraints/0/maxSkew',
    ],
    [
      'spread listed twice',
      doc({
        replica: { count: 1 },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
          },
          {
            maxSkew: 2,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
          },
        ],
      }),
      '/flavour/topologySpreadConstraints/1',
    ],
    [
      'additionalConfig sets the password',
      doc({ additionalConfig: { requirepass: 'x' } }),
      '/flavour/additionalConfig/requirepass',
    ],
    [
      'additionalConfig changes the port',
      doc({ additionalConfig: { port: '6380' } }),
      '/flavour/additionalConfig/port',
    ],
    [
      'additionalConfig takes over replication',
      doc({ additionalConfig: { replicaof: 'a 6379' } }),
      '/flavour/additionalConfig/replicaof',
    ],
    [
      'additionalConfig renames commands',
      doc({ additionalConfig: { 'rename-command': 'CONFIG ""' } }),
      '/flavour/additionalConfig/rename-command',
    ],
    [
      'additionalConfig bypasses persistence settings',
      doc({ additionalConfig: { appendonly: 'yes' } }),
      '/flavour/additionalConfig/appendonly',
    ],
    [
      'additionalConfig injects a line',
      doc({ additionalConfig: { timeout: '0\nrequirepass x' } }),
      '/flavour/additionalConfig/timeout',
    ],
    [
      'additionalConfig key not a directive',
      doc({ additionalConfig: { 'Max Memory': '1gb' } }),
      '/flavour/additionalConfig/Max Memory',
    ],
    [
      'additionalConfig number value',
      doc({ additionalConfig: { timeout: 0 } }),
      '/flavour/additionalConfig/timeout',
    ],
    [
      'nodeSelector value too long',
      doc({ nodeSelector: { pool: 'x'.repeat(64) } }),
      '/flavour/nodeSelector/pool',
    ],
    [
      'allowedNamespaces wildcard',
      doc({ networkPolicy: { enabled: true, allowedNamespaces: ['*'] } }),
      '/flavour/networkPolicy/allowedNamespaces/0',
    ],
    [
      'allowedNamespaces repeated',
      doc({ networkPolicy: { allowedNamespaces: ['a', 'a'] } }),
      '/flavour/networkPolicy/allowedNamespaces/1',
    ],
    [
      'service type',
      doc({ service: { type: 'ExternalName' } }),
      '/flavour/service/type',
    ],
    [
      'serviceAccount not a name',
      doc({ serviceAccount: 'Redis SA' }),
      '/flavour/serviceAccount',
    ],
    [
      'fsGroup negative',
      doc({ securityContext: { fsGroup: -1 } }),
      '/flavour/securityContext/fsGroup',
    ],
    [
      'persistence.enabled wrong type',
      doc({ persistence: { enabled: 'yes' } }),
      '/flavour/persistence/enabled',
    ],
    [
      'update strategy type',
      doc({ updateStrategy: { type: 'Recreate' } }),
      '/flavour/updateStrategy/type',
    ],
  ];

  it.each(errorCases)('refuses %s', (_, input, pointer) => {
    const result = validateInstance(input);
    expect(result.valid).toBe(false);
    expect(result.config).toBeUndefined();
    expect(pointers(result.errors)).toContain(pointer);
    for (const error of result.errors) {
      expect(error.message.length).toBeGreaterThan(5);
      expect(error.message).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  // [case, document, pointer of the expected warning]
  const warningCases: [string, unknown, string][] = [
    [
      'replicaCount shorthand',
      doc({ replicaCount: 1 }),
      '/flavour/replicaCount',
    ],
    [
      'quorum below majority',
      doc({
        ...sentinelFlavour,
        sentinel: { enabled: true, replicas: 5, quorum: 2 },
      }),
      '/flavour/sentinel/quorum',
    ],
    [
      'PDB on a single standalone pod',
      doc({ podDisruptionBudget: { minAvailable: 1 } }),
      '/flavour/podDisruptionBudget',
    ],
    [
      'spread on a single standalone pod',
      doc({
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
          },
        ],
      }),
      '/flavour/topologySpreadConstraints',
    ],
    [
      'PDB of zero',
      doc({ replica: { count: 1 }, podDisruptionBudget: { minAvailable: 0 } }),
      '/flavour/podDisruptionBudget/minAvailable',
    ],
    [
      'AOF without volumes',
      doc({ persistence: { enabled: false, aof: { enabled: true } } }),
      '/flavour/persistence/enabled',
    ],
    [
      'allowedNamespaces while disabled',
      doc({ networkPolicy: { allowedNamespaces: ['app'] } }),
      '/flavour/networkPolicy/enabled',
    ],
    [
      'public load balancer',
      doc({ service: { type: 'LoadBalancer' } }),
      '/flavour/service/annotations',
    ],
    [
      'no password',
      doc({}, { authentication: { enabled: false } }),
      '/root/authentication/enabled',
    ],
    [
      'unused Secret',
      doc(
        {},
        {
          authentication: {
            enabled: false,
            existingSecret: { name: 's', key: 'k' },
          },
        },
      ),
      '/root/authentication/existingSecret',
    ],
    [
      'replica resources that cannot differ',
      doc({ replica: { count: 1, resources: { limits: { memory: '4Gi' } } } }),
      '/flavour/replica/resources',
    ],
    [
      'rollingUpdate with OnDelete',
      doc({
        updateStrategy: {
          type: 'OnDelete',
          rollingUpdate: { maxUnavailable: 1 },
        },
      }),
      '/flavour/updateStrategy/rollingUpdate',
    ],
  ];

  it.each(warningCases)(
    'warns about %s but accepts it',
    (_, input, pointer) => {
      const result = validateInstance(input);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(pointers(result.warnings)).toContain(pointer);
    },
  );

  it('accepts the boundaries of every range', () => {
    for (const input of [
      doc(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 3, replicasPerShard: 1 },
        },
        clusterRoot,
      ),
      doc(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 500, replicasPerShard: 5 },
        },
        clusterRoot,
      ),
      doc({ replica: { count: 5 } }),
      doc({
        ...sentinelFlavour,
        replica: { count: 1 },
        sentinel: { enabled: true, replicas: 7, quorum: 7 },
      }),
      doc({ persistence: { rdb: { saveInterval: '' } } }),
      doc({ backup: { enabled: true, s3Bucket: 'abc', schedule: '@daily' } }),
      doc({
        backup: {
          enabled: true,
          s3Bucket: 'my.backups-1',
          schedule: '*/15 1-5,22 ? jan-mar MON-FRI',
        },
      }),
      doc(
        {},
        {
          authentication: {
            existingSecret: { name: 'redis-auth', key: 'redis.password' },
          },
        },
      ),
      doc({
        additionalConfig: {
          'maxmemory-policy': 'allkeys-lru',
          'client-output-buffer-limit': 'pubsub 32mb 8mb 60',
        },
      }),
    ]) {
      expect(validateInstance(input)).toMatchObject({
        valid: true,
        errors: [],
      });
    }
  });

  describe('persistence.size', () => {
    const sized = (size: string) => doc({ persistence: { size } });
    const formatHint =
      'write a volume size in Mi, Gi or Ti, such as "512Mi", "10Gi" or "1Ti"';

    it.each(['0', '500m', '10G', '1e9', '512Ki', '2Pi', '-1Gi', '.5Gi', ''])(
      'refuses %p, which is not a Mi, Gi or Ti quantity, and says what to write',
      size => {
        expect(validateInstance(sized(size))).toMatchObject({
          valid: false,
          errors: [
            { pointer: '/flavour/persistence/size', message: formatHint },
          ],
        });
      },
    );

    it.each(['0Gi', '0Mi', '0.0Ti'])(
      'refuses %p, a volume that holds no data',
      size => {
        expect(validateInstance(sized(size))).toMatchObject({
          valid: false,
          errors: [
            {
              pointer: '/flavour/persistence/size',
              message: `a volume of ${size} holds no data; write a size such as "10Gi" (2-3× the dataset), or set persistence.enabled: false to run without volumes`,
            },
          ],
        });
      },
    );

    it.each(['1Mi', '512Mi', '10Gi', '1.5Gi', '0.5Ti', '100Gi'])(
      'accepts %p',
      size => {
        expect(validateInstance(sized(size))).toMatchObject({
          valid: true,
          errors: [],
        });
      },
    );
  });

  it('explains a refused additionalConfig key', () => {
    const [error] = validateInstance(
      doc({ additionalConfig: { 'cluster-enabled': 'no' } }),
    ).errors;
    expect(error.message).toMatch(/operator manages Redis Cluster membership/);
  });

  describe('an explicit maxmemory', () => {
    const withMaxmemory = (maxmemory: string, flavour = {}) =>
      validateInstance(
        doc({
          ...flavour,
          master: {
            resources: {
              requests: { cpu: '1', memory: '1Gi' },
              limits: { cpu: '1', memory: '1Gi' },
            },
          },
          additionalConfig: { maxmemory },
        }),
      );

    it('is accepted within the memory limit ÷ 1.3', () => {
      for (const value of ['700mb', '734003200', '512MB']) {
        const result = withMaxmemory(value);
        expect([value, result.errors, result.warnings]).toEqual([
          value,
          [],
          [],
        ]);
      }
    });

    it('is accepted with a warning between the safe maximum and the limit', () => {
      const result = withMaxmemory('1gb');
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        {
          pointer: '/flavour/additionalConfig/maxmemory',
          message:
            '1gb leaves less than the 30% of the memory limit (1024 MiB) that replication buffers and snapshots need; the safe maximum is 787 MiB, the memory limit ÷ 1.3',
        },
      ]);
    });

    it.each([
      [
        '2gb',
        "2gb is above the data pods' memory limit of 1024 MiB, so the pod is OOM-killed before Redis evicts; lower it or raise the memory limit",
      ],
      [
        '0',
        '0 turns the limit off: Redis would grow until Kubernetes kills the pod at its memory limit; remove it to use 787 MiB, the memory limit ÷ 1.3',
      ],
      [
        '1.5gb',
        '"1.5gb" is not a size Redis reads; write bytes or a number with b, kb, mb or gb (e.g. "1500mb"), or remove it to use 787 MiB, the memory limit ÷ 1.3',
      ],
    ])('%p is refused with the pointer', (value, message) => {
      const result = withMaxmemory(value);
      expect(result.valid).toBe(false);
      expect(result.errors).toEqual([
        { pointer: '/flavour/additionalConfig/maxmemory', message },
      ]);
    });

    it("is checked against the smaller of the leaders' and followers' limits in cluster mode", () => {
      const result = validateInstance(
        doc(
          {
            deploymentMode: 'cluster',
            master: {
              resources: {
                requests: { cpu: '1', memory: '4Gi' },
                limits: { cpu: '1', memory: '4Gi' },
              },
            },
            replica: {
              resources: {
                requests: { cpu: '1', memory: '1Gi' },
                limits: { cpu: '1', memory: '1Gi' },
              },
            },
            additionalConfig: { maxmemory: '2gb' },
          },
          clusterRoot,
        ),
      );
      expect(pointers(result.errors)).toEqual([
        '/flavour/additionalConfig/maxmemory',
      ]);
    });
  });

  describe('PodDisruptionBudgets that differ from the ordered minAvailable', () => {
    const budgetWarnings = (result: ReturnType<typeof validateInstance>) =>
      result.warnings.filter(
        w => w.pointer === '/flavour/podDisruptionBudget/minAvailable',
      );

    it('explains how a cluster minAvailable is split over the two role budgets', () => {
      const result = validateInstance(
        doc(
          {
            deploymentMode: 'cluster',
            cluster: { numShards: 3, replicasPerShard: 1 },
            podDisruptionBudget: { enabled: true, minAvailable: 2 },
          },
          clusterRoot,
        ),
      );
      expect(budgetWarnings(result).map(w => w.message)).toEqual([
        'the operator keeps one budget per role, so minAvailable 2 of the 6 pods is split in proportion: minAvailable 1 of 3 leaders, minAvailable 1 of 3 followers',
      ]);
    });

    it("explains the sentinels' own majority budget", () => {
      const result = validateInstance(
        doc({
          ...sentinelFlavour,
          sentinel: { enabled: true, replicas: 5, quorum: 3 },
          podDisruptionBudget: { enabled: true, minAvailable: 2 },
        }),
      );
      expect(budgetWarnings(result).map(w => w.message)).toEqual([
        'minAvailable counts Redis pods; the 5 sentinels get their own budget of minAvailable 3, a voting majority, so a drain never leaves them unable to elect a new master',
      ]);
    });

    it('says nothing when every budget is what the order wrote, or the order left it to the default', () => {
      expect(
        budgetWarnings(
          validateInstance(
            doc({
              ...sentinelFlavour,
              podDisruptionBudget: { enabled: true, minAvailable: 2 },
            }),
          ),
        ),
      ).toEqual([]);
      expect(
        budgetWarnings(
          validateInstance(
            doc({
              ...sentinelFlavour,
              sentinel: { enabled: true, replicas: 5, quorum: 3 },
            }),
          ),
        ),
      ).toEqual([]);
    });
  });
});

describe('validateInstance: networkPolicy.portal', () => {
  const withPortal = (portal: unknown, enabled = true) =>
    doc({ networkPolicy: { enabled, portal } });
  const at = '/flavour/networkPolicy/portal';

  it.each([
    ['a namespace', { namespace: 'backstage' }],
    [
      'a namespace and pod labels',
      {
        namespace: 'backstage',
        podLabels: { 'app.kubernetes.io/name': 'backstage', tier: '' },
      },
    ],
    ['an empty block, as a form leaves it', {}],
  ])('accepts %s without issues', (_, portal) => {
    expect(validateInstance(withPortal(portal))).toMatchObject({
      valid: true,
      errors: [],
      warnings: [],
    });
  });

  it.each([
    [
      'a namespace that is no DNS label',
      { namespace: 'Back_stage' },
      `${at}/namespace`,
    ],
    ['an empty namespace', { namespace: '' }, `${at}/namespace`],
    [
      'a namespace over 63 characters',
      { namespace: 'n'.repeat(64) },
      `${at}/namespace`,
    ],
    [
      'a label key that is no qualified name',
      { namespace: 'backstage', podLabels: { 'app name': 'x' } },
      `${at}/podLabels/app name`,
    ],
    [
      'a label key whose name is over 63 characters',
      {
        namespace: 'backstage',
        podLabels: { [`example.com/${'n'.repeat(64)}`]: 'x' },
      },
      `${at}/podLabels/example.com~1${'n'.repeat(64)}`,
    ],
    [
      'a label value that is no label value',
      { namespace: 'backstage', podLabels: { app: 'back stage' } },
      `${at}/podLabels/app`,
    ],
    [
      'a label value over 63 characters',
      { namespace: 'backstage', podLabels: { app: 'v'.repeat(64) } },
      `${at}/podLabels/app`,
    ],
    [
      'an unknown property',
      { namespace: 'backstage', labels: {} },
      `${at}/labels`,
    ],
  ])('refuses %s', (_, portal, pointer) => {
    const result = validateInstance(withPortal(portal));
    expect(result.valid).toBe(false);
    // An empty namespace breaks both its pattern and its minimum length, at the same place.
    expect(new Set(pointers(result.errors))).toEqual(new Set([pointer]));
  });

  it('warns that pod labels without the portal namespace admit nobody', () => {
    const result = validateInstance(
      withPortal({ podLabels: { app: 'portal' } }),
    );
    expect(result.valid).toBe(true);
    expect(pointers(result.warnings)).toEqual([`${at}/namespace`]);
  });

  it('warns that a portal has no effect while the policy is disabled', () => {
    const result = validateInstance(
      withPortal({ namespace: 'backstage' }, false),
    );
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      {
        pointer: '/flavour/networkPolicy/enabled',
        message: 'portal has no effect until networkPolicy.enabled is true',
      },
    ]);
  });
});
