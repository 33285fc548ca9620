import { assessShardsInSync } from './clusterChecks';
import {
  assessClaimsGrown,
  assessEpochRise,
  assessNodeConfClaims,
  assessStorageGrowth,
  checkResizeRequest,
  clusterEpoch,
  datasetFits,
  interruptedStrategy,
  resizedResources,
  sameResources,
} from './resizeChecks';

const current = {
  limits: { cpu: '1', memory: '2Gi' },
  requests: { cpu: '500m', memory: '1Gi' },
};

describe('checkResizeRequest', () => {
  it('tells CPU and memory from storage', () => {
    expect(checkResizeRequest({ cpu: '2' })).toBe('resources');
    expect(checkResizeRequest({ memory: '4Gi', cpu: '1500m' })).toBe(
      'resources',
    );
    expect(checkResizeRequest({ storage: '20Gi' })).toBe('storage');
  });

  it('refuses storage with CPU or memory, naming the fields', () => {
    expect(() => checkResizeRequest({ storage: '20Gi', cpu: '2' })).toThrow(
      /^storage cannot be resized together with cpu: resize the storage on its own/,
    );
    expect(() =>
      checkResizeRequest({ storage: '20Gi', cpu: '2', memory: '4Gi' }),
    ).toThrow(/together with cpu and memory/);
    expect(() =>
      checkResizeRequest(
        { storage: '20Gi', cpu: '2' },
        { storage: '--storage', cpu: '--cpu' },
      ),
    ).toThrow(/^--storage cannot be resized together with --cpu:/);
  });

  it('refuses nothing to do and quantities that do not read, naming the field', () => {
    expect(() => checkResizeRequest({})).toThrow(/Give cpu, memory or storage/);
    expect(() => checkResizeRequest({ memory: 'lots' })).toThrow(
      /^memory: "lots" is not a positive Kubernetes quantity/,
    );
    expect(() => checkResizeRequest({ cpu: '0' })).toThrow(/^cpu: "0"/);
  });
});

describe('resizedResources', () => {
  it('sets the limits and keeps each request at its share of the limit', () => {
    expect(resizedResources(current, { memory: '4Gi' })).toEqual({
      limits: { cpu: '1', memory: '4Gi' },
      requests: { cpu: '500m', memory: '2048Mi' },
    });
    expect(resizedResources(current, { cpu: '3' })).toEqual({
      limits: { cpu: '3', memory: '2Gi' },
      requests: { cpu: '1500m', memory: '1Gi' },
    });
  });

  it('keeps a Guaranteed pod Guaranteed', () => {
    const guaranteed = {
      limits: { cpu: '2', memory: '4Gi' },
      requests: { cpu: '2000m', memory: '4Gi' },
    };
    expect(resizedResources(guaranteed, { cpu: '1', memory: '3Gi' })).toEqual({
      limits: { cpu: '1', memory: '3Gi' },
      requests: { cpu: '1', memory: '3Gi' },
    });
  });
});

describe('sameResources', () => {
  it('compares quantities, not their text', () => {
    expect(
      sameResources(current, {
        limits: { cpu: '1000m', memory: '2048Mi' },
        requests: { cpu: '0.5', memory: '1Gi' },
      }),
    ).toBe(true);
    expect(
      sameResources(current, {
        limits: { cpu: '1', memory: '3Gi' },
        requests: current.requests,
      }),
    ).toBe(false);
  });
});

describe('datasetFits', () => {
  const maxmemory = { value: '1575mb', bytes: 1575 * 2 ** 20 };
  it('passes when every dataset fits the new maxmemory', () => {
    expect(
      datasetFits(
        [
          { pod: 'orders-0', bytes: 900 * 2 ** 20 },
          { pod: 'orders-1', bytes: 890 * 2 ** 20 },
        ],
        maxmemory,
      ),
    ).toMatchObject({ ok: true });
  });

  it('fails with the figures when one does not, or a pod does not answer', () => {
    expect(
      datasetFits([{ pod: 'orders-0', bytes: 1600 * 2 ** 20 }], maxmemory),
    ).toEqual({
      name: 'the dataset fits the new memory',
      ok: false,
      figures:
        'the largest used_memory is 1600 MiB; the new maxmemory is 1575mb',
    });
    expect(
      datasetFits(
        [{ pod: 'orders-1', error: 'connect ECONNREFUSED' }],
        maxmemory,
      ).ok,
    ).toBe(false);
  });
});

describe('assessStorageGrowth', () => {
  const claims = [
    {
      name: 'orders-orders-0',
      storageClassName: 'gp3',
      request: '10Gi',
      capacity: '10Gi',
      phase: 'Bound',
    },
    {
      name: 'orders-orders-1',
      storageClassName: 'gp3',
      request: '10Gi',
      capacity: '10Gi',
      phase: 'Bound',
    },
  ];
  const classes = new Map([
    ['gp3', { name: 'gp3', allowVolumeExpansion: true }],
    ['fixed', { name: 'fixed' }],
  ]);

  it('passes a grow of bound claims on a class that expands', () => {
    const checks = assessStorageGrowth({ claims, size: '20Gi', classes });
    expect(checks.map(check => [check.name, check.ok])).toEqual([
      ['the storage grows', true],
      ['every claim is bound', true],
      ['the StorageClass allows volume expansion', true],
    ]);
  });

  it('refuses a shrink or the same size, naming the field', () => {
    const [grows] = assessStorageGrowth({ claims, size: '10Gi', classes });
    expect(grows.ok).toBe(false);
    expect(grows.figures).toMatch(
      /storage must be larger than every claim \(Kubernetes does not shrink a claim\)/,
    );
  });

  it('refuses a class without allowVolumeExpansion, a missing one, and a claim of no class', () => {
    const expansion = (storageClassName: string | undefined) =>
      assessStorageGrowth({
        claims: [{ ...claims[0], storageClassName }],
        size: '20Gi',
        classes,
      })[2];
    expect(expansion('fixed')).toMatchObject({
      ok: false,
      figures: 'StorageClass fixed allowVolumeExpansion false',
    });
    expect(expansion('gone').figures).toBe('StorageClass gone does not exist');
    expect(expansion(undefined).figures).toBe(
      'orders-orders-0 names no StorageClass, so it was not provisioned for one that allows expansion',
    );
  });

  it('refuses a claim that is not bound yet', () => {
    const bound = assessStorageGrowth({
      claims: [claims[0], { ...claims[1], phase: 'Pending' }],
      size: '20Gi',
      classes,
    })[1];
    expect(bound).toEqual({
      name: 'every claim is bound',
      ok: false,
      figures: 'orders-orders-0 Bound, orders-orders-1 Pending',
    });
  });
});

describe('assessClaimsGrown', () => {
  it('passes once every claim has the capacity and no filesystem resize is pending', () => {
    const grown = {
      name: 'orders-orders-0',
      request: '20Gi',
      capacity: '20Gi',
    };
    expect(assessClaimsGrown([grown], '20Gi', 1).ok).toBe(true);
    expect(
      assessClaimsGrown(
        [{ ...grown, conditions: ['FileSystemResizePending'] }],
        '20Gi',
        1,
      ).ok,
    ).toBe(false);
    expect(
      assessClaimsGrown([{ ...grown, capacity: '10Gi' }], '20Gi', 1).figures,
    ).toBe('0 of 1 at 20Gi: orders-orders-0 requests 20Gi, capacity 10Gi');
  });
});

describe('interruptedStrategy', () => {
  const rolling = {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1 },
  };
  const run = (outcome: string, kind = 'resources') => ({
    id: outcome,
    operation: 'resize',
    requester: 'user:default/alice',
    startedAt: '2026-12-01T10:00:00Z',
    finishedAt: '2026-12-01T10:01:00Z',
    outcome: outcome as 'failed',
    message: '',
    details: {
      kind,
      updateStrategy: { original: rolling, during: 'OnDelete' },
    },
  });

  it('is the strategy the newest CPU and memory resize set aside, when it failed', () => {
    expect(interruptedStrategy([run('failed')])).toEqual(rolling);
    expect(interruptedStrategy([run('refused'), run('failed')])).toEqual(
      rolling,
    );
  });

  it('is nothing after a resize that succeeded, or when none ran', () => {
    expect(
      interruptedStrategy([run('succeeded'), run('failed')]),
    ).toBeUndefined();
    expect(interruptedStrategy([run('failed', 'storage')])).toBeUndefined();
    expect(interruptedStrategy([])).toBeUndefined();
  });
});

const node = (
  pod: string,
  ip: string,
  role: 'master' | 'slave',
  offset: number,
  nodes: string,
  masterIp?: string,
) => ({
  pod,
  address: `${ip}:6379`,
  info:
    role === 'master'
      ? `role:master\r\nmaster_repl_offset:${offset}\r\n`
      : `role:slave\r\nmaster_host:${masterIp}\r\nmaster_port:6379\r\nmaster_link_status:up\r\nslave_repl_offset:${offset}\r\n`,
  clusterInfo: 'cluster_state:ok\r\ncluster_current_epoch:6\r\n',
  clusterNodes: nodes,
});

const lines = (myself: string) =>
  [
    `aaa 10.0.0.1:6379@16379 ${
      myself === 'aaa' ? 'myself,' : ''
    }master - 0 0 1 connected 0-8191`,
    `bbb 10.0.0.2:6379@16379 ${
      myself === 'bbb' ? 'myself,' : ''
    }master - 0 0 2 connected 8192-16383`,
    `ccc 10.0.0.3:6379@16379 ${
      myself === 'ccc' ? 'myself,' : ''
    }slave aaa 0 0 1 connected`,
    `ddd 10.0.0.4:6379@16379 ${
      myself === 'ddd' ? 'myself,' : ''
    }slave bbb 0 0 2 connected`,
  ].join('\n');

describe('assessShardsInSync', () => {
  it('finds each master its replica in sync', () => {
    const result = assessShardsInSync(
      [
        node('a', '10.0.0.1', 'master', 1000, lines('aaa')),
        node('b', '10.0.0.2', 'master', 2000, lines('bbb')),
        node('c', '10.0.0.3', 'slave', 1000, lines('ccc'), '10.0.0.1'),
        node('d', '10.0.0.4', 'slave', 1500, lines('ddd'), '10.0.0.2'),
      ],
      1024,
    );
    expect(result.check.ok).toBe(true);
    expect(
      result.shards.map(shard => [shard.master.pod, shard.inSync?.pod]),
    ).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
  });

  it('fails a shard whose replica lags or does not answer, naming it with its figures', () => {
    const result = assessShardsInSync(
      [
        node('a', '10.0.0.1', 'master', 9000, lines('aaa')),
        node('b', '10.0.0.2', 'master', 2000, lines('bbb')),
        node('c', '10.0.0.3', 'slave', 1000, lines('ccc'), '10.0.0.1'),
        { pod: 'd', address: '10.0.0.4:6379', error: 'Command timed out' },
      ],
      1024,
    );
    expect(result.check.ok).toBe(false);
    expect(result.check.figures).toBe(
      'a (slots 0-8191): master_repl_offset 9000, at most 1024 bytes behind: c: link up, offset 1000, lag 8000 bytes; b (slots 8192-16383): master_repl_offset 2000, at most 1024 bytes behind: d: Command timed out',
    );
    expect(result.shards.map(shard => shard.inSync)).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe('assessNodeConfClaims', () => {
  it('refuses an order without volumes, naming the field', () => {
    const check = assessNodeConfClaims({
      persistenceEnabled: false,
      pods: ['x-leader-0'],
      claims: [],
    });
    expect(check.ok).toBe(false);
    expect(check.figures).toContain('/flavour/persistence/enabled is false');
  });

  it('wants a bound node-conf claim for every pod', () => {
    const input = {
      persistenceEnabled: true,
      pods: ['x-leader-0', 'x-follower-0'],
      claims: [
        { name: 'node-conf-x-leader-0', phase: 'Bound' },
        { name: 'node-conf-x-follower-0', phase: 'Pending' },
      ],
    };
    expect(assessNodeConfClaims(input)).toMatchObject({
      ok: false,
      figures: 'no bound claim node-conf-<pod> for x-follower-0',
    });
    input.claims[1].phase = 'Bound';
    expect(assessNodeConfClaims(input).ok).toBe(true);
  });
});

describe('the cluster epoch', () => {
  it('is the highest cluster_current_epoch, and may rise by the failovers made only', () => {
    const epoch = clusterEpoch([
      { pod: 'a', clusterInfo: 'cluster_current_epoch:6\r\n' },
      { pod: 'b', clusterInfo: 'cluster_current_epoch:7\r\n' },
      { pod: 'c', error: 'no address' },
    ]);
    expect(epoch).toBe(7);
    expect(assessEpochRise(7, 10, 3).ok).toBe(true);
    expect(assessEpochRise(7, 11, 3)).toMatchObject({
      ok: false,
      figures:
        'cluster_current_epoch went from 7 to 11; 3 CLUSTER FAILOVER were made',
    });
    expect(assessEpochRise(undefined, 10, 3).ok).toBe(false);
  });
});
