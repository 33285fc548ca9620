import {
  assessBackupRecency,
  assessClusterFailoverOutcome,
  assessClusterFailoverPreconditions,
  assessClusterScale,
  assessLeadersAreMasters,
  assessMemoryHeadroom,
  nextScheduledRun,
  type ClusterNodeView,
} from './clusterChecks';
import { parseClusterNodes } from '@odin/plugin-redis-common';
import { describeFailed } from './failoverChecks';

/** One node of a test cluster: its pod, id, address, and whom it replicates (or which slots it owns). */
interface NodeSpec {
  pod: string;
  id: string;
  ip: string;
  master?: string;
  slots?: string;
  flags?: string;
}

const SHARDS: NodeSpec[] = [
  { pod: 'shop-leader-0', id: 'a0', ip: '10.0.0.1', slots: '0-5460' },
  { pod: 'shop-leader-1', id: 'a1', ip: '10.0.0.2', slots: '5461-10922' },
  { pod: 'shop-leader-2', id: 'a2', ip: '10.0.0.3', slots: '10923-16383' },
  { pod: 'shop-follower-0', id: 'b0', ip: '10.0.1.1', master: 'a0' },
  { pod: 'shop-follower-1', id: 'b1', ip: '10.0.1.2', master: 'a1' },
  { pod: 'shop-follower-2', id: 'b2', ip: '10.0.1.3', master: 'a2' },
];

const line = (node: NodeSpec, myself: boolean) =>
  [
    node.id,
    `${node.ip}:6379@16379`,
    [
      ...(myself ? ['myself'] : []),
      node.master ? 'slave' : 'master',
      ...(node.flags ? [node.flags] : []),
    ].join(','),
    node.master ?? '-',
    '0',
    '0',
    '1',
    'connected',
    ...(node.slots ? [node.slots] : []),
  ].join(' ');

const clusterInfo = (state = 'ok', slotsOk = 16384) =>
  `cluster_state:${state}\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:${slotsOk}\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\n`;

function views(
  specs: NodeSpec[],
  options: {
    offsets?: Record<string, number>;
    links?: Record<string, string>;
    labels?: Record<string, string>;
    used?: number;
    maxmemory?: number;
    keys?: number;
  } = {},
): ClusterNodeView[] {
  const byId = new Map(specs.map(spec => [spec.id, spec]));
  return specs.map(spec => {
    const master = spec.master ? byId.get(spec.master)! : undefined;
    const offset = options.offsets?.[spec.pod] ?? 5000;
    const info = master
      ? `role:slave\r\nmaster_host:${
          master.ip
        }\r\nmaster_port:6379\r\nmaster_link_status:${
          options.links?.[spec.pod] ?? 'up'
        }\r\nslave_repl_offset:${offset}\r\n`
      : `role:master\r\nmaster_repl_offset:${offset}\r\nused_memory:${
          options.used ?? 2_000_000
        }\r\nmaxmemory:${options.maxmemory ?? 10_000_000}\r\n`;
    return {
      pod: spec.pod,
      address: `${spec.ip}:6379`,
      roleLabel: options.labels?.[spec.pod] ?? (master ? 'slave' : 'master'),
      info,
      clusterInfo: clusterInfo(),
      clusterNodes: specs.map(other => line(other, other === spec)).join('\n'),
      keys: master ? 0 : options.keys ?? 100,
    };
  });
}

const NOW = new Date('2026-03-01T12:00:00Z');
const preconditions = (
  nodes: ClusterNodeView[],
  replica?: string,
  maxLagBytes = 1024,
) =>
  assessClusterFailoverPreconditions({
    nodes,
    expectedNodes: 6,
    replica,
    maxLagBytes,
    history: [],
    operation: 'test-failover',
    now: NOW,
    minIntervalMs: 3_600_000,
    override: false,
  });
const failed = (checks: { name: string; ok: boolean }[]) =>
  checks.filter(check => !check.ok).map(check => check.name);

describe('parseClusterNodes', () => {
  it('reads ids, addresses, flags, masters, owned and open slots', () => {
    const [node] = parseClusterNodes(
      'a0 10.0.0.1:6379@16379,host myself,master - 0 0 1 connected 0-5460 [5461->-b1]\n',
    );
    expect(node).toEqual({
      id: 'a0',
      address: '10.0.0.1:6379',
      flags: ['myself', 'master'],
      connected: true,
      slots: ['0-5460'],
      openSlots: ['[5461->-b1]'],
    });
  });
});

describe('assessClusterFailoverPreconditions', () => {
  it('chooses the replica of the shard of slot 0 by default, in sync', () => {
    const assessment = preconditions(views(SHARDS));
    expect(failed(assessment.checks)).toEqual([]);
    expect(assessment.plan?.replica.pod).toBe('shop-follower-0');
    expect(assessment.plan?.master).toMatchObject({
      pod: 'shop-leader-0',
      id: 'a0',
      slots: ['0-5460'],
    });
    expect(assessment.replicas).toEqual([
      expect.objectContaining({ pod: 'shop-follower-0', lagBytes: 0 }),
    ]);
  });

  it('takes the replica asked for, and refuses one that is a master or no pod', () => {
    expect(preconditions(views(SHARDS), 'shop-follower-2').plan).toMatchObject({
      replica: { pod: 'shop-follower-2' },
      master: { pod: 'shop-leader-2' },
    });
    const master = preconditions(views(SHARDS), 'shop-leader-1');
    expect(failed(master.checks)).toEqual([
      'the replica is a replica',
      'the replica in sync',
    ]);
    expect(describeFailed(master.checks)).toContain(
      'shop-leader-1 is a master that replicates no master owning slots',
    );
    expect(
      describeFailed(preconditions(views(SHARDS), 'shop-follower-9').checks),
    ).toContain('no data pod is named shop-follower-9');
  });

  it('refuses a replica that lags, has its link down, or does not answer', () => {
    const lagging = preconditions(
      views(SHARDS, { offsets: { 'shop-follower-0': 2000 } }),
    );
    expect(failed(lagging.checks)).toEqual(['the replica in sync']);
    expect(describeFailed(lagging.checks)).toContain(
      'shop-follower-0: link up, offset 2000, lag 3000 bytes',
    );
    const down = preconditions(
      views(SHARDS, { links: { 'shop-follower-0': 'down' } }),
    );
    expect(describeFailed(down.checks)).toContain('shop-follower-0: link down');
    const nodes = views(SHARDS);
    nodes[3] = { pod: 'shop-follower-0', error: 'Command timed out' };
    const silent = preconditions(nodes);
    expect(failed(silent.checks)).toEqual([
      'every node answers',
      'cluster state ok, all 16384 slots ok',
      'the replica is a replica',
      'the replica in sync',
    ]);
    expect(describeFailed(silent.checks)).toContain(
      'shop-follower-0: Command timed out',
    );
  });

  it('refuses while the cluster is not ok or a node is flagged failing', () => {
    const nodes = views(SHARDS);
    nodes[0].clusterInfo = clusterInfo('fail', 10923);
    expect(describeFailed(preconditions(nodes).checks)).toContain(
      'shop-leader-0: cluster_state fail, 16384 slots assigned, 10923 ok',
    );
    const pfail = views(
      SHARDS.map(spec =>
        spec.id === 'b2' ? { ...spec, flags: 'fail?' } : spec,
      ),
    );
    expect(describeFailed(preconditions(pfail).checks)).toContain(
      'sees 10.0.1.3:6379 slave,fail?',
    );
  });
});

const FLIPPED: NodeSpec[] = SHARDS.map(spec => {
  if (spec.id === 'a0') return { ...spec, slots: undefined, master: 'b0' };
  if (spec.id === 'b0') return { ...spec, slots: '0-5460', master: undefined };
  return spec;
});
const outcome = (nodes: ClusterNodeView[]) =>
  assessClusterFailoverOutcome({
    nodes,
    expectedNodes: 6,
    expectedShards: 3,
    oldMaster: { pod: 'shop-leader-0', id: 'a0', slots: ['0-5460'] },
    newMaster: { pod: 'shop-follower-0', id: 'b0' },
  });

describe('assessClusterFailoverOutcome', () => {
  it('passes once the replica owns the slots, the old master follows it, and all agree', () => {
    expect(failed(outcome(views(FLIPPED)).checks)).toEqual([]);
  });

  it('fails before the failover, and while the labels lag', () => {
    expect(failed(outcome(views(SHARDS)).checks)).toEqual([
      'the replica is master of the shard',
      'old master rejoined as its replica',
    ]);
    const stale = outcome(
      views(FLIPPED, {
        labels: { 'shop-leader-0': 'master', 'shop-follower-0': 'slave' },
      }),
    );
    expect(failed(stale.checks)).toEqual([
      "operator's redis-role labels agree",
    ]);
  });

  it('fails while one node still has the old view', () => {
    const nodes = views(FLIPPED);
    nodes[5].clusterNodes = views(SHARDS)[5].clusterNodes;
    expect(failed(outcome(nodes).checks)).toEqual([
      'every node agrees (CLUSTER NODES)',
    ]);
  });
});

describe('assessClusterScale', () => {
  const READY = {
    state: 'Ready',
    reason: 'RedisCluster is ready',
    readyLeaderReplicas: 3,
    readyFollowerReplicas: 3,
  };
  const scale = (
    nodes: ClusterNodeView[],
    keysBefore = 300,
    status: Record<string, unknown> = READY,
  ) =>
    assessClusterScale({
      nodes,
      status,
      shards: 3,
      replicasPerShard: 1,
      keysBefore,
      keyTolerance: 0.01,
    });

  it('passes a healthy cluster of the asked shape with the keys kept', () => {
    const assessment = scale(views(SHARDS));
    expect(failed(assessment.checks)).toEqual([]);
    expect(assessment.keysAfter).toBe(300);
  });

  it('fails until the operator reports the new size ready, and while a master owns too few slots', () => {
    const initializing = scale(views(SHARDS), 300, {
      state: 'Initializing',
      reason: 'RedisCluster is initializing followers',
      readyLeaderReplicas: 3,
      readyFollowerReplicas: 2,
    });
    expect(failed(initializing.checks)).toEqual([
      'the operator reports the cluster ready at the new size',
    ]);
    expect(describeFailed(initializing.checks)).toContain(
      'state Initializing (RedisCluster is initializing followers), 3 of 3 leaders and 2 of 3 followers ready',
    );
    const uneven = views(
      SHARDS.map(
        spec =>
          ((
            {
              a0: { ...spec, slots: '0-12000' },
              a1: { ...spec, slots: '12001-15000' },
              a2: { ...spec, slots: '15001-16383' },
            } as Record<string, NodeSpec>
          )[spec.id] ?? spec),
      ),
    );
    expect(failed(scale(uneven).checks)).toEqual([
      'shards and replicas as asked',
    ]);
  });

  it('fails on missing keys, a replica link down, or the wrong shape', () => {
    expect(failed(scale(views(SHARDS), 400).checks)).toEqual([
      'key count kept',
    ]);
    expect(
      failed(
        scale(views(SHARDS, { links: { 'shop-follower-1': 'down' } })).checks,
      ),
    ).toEqual(["every replica's link up"]);
    expect(failed(scale(views(SHARDS.slice(0, 5))).checks)).toEqual([
      'every node answers',
      'shards and replicas as asked',
    ]);
  });
});

describe('scale-in preconditions', () => {
  it('needs a successful backup younger than the schedule allows', () => {
    const cronJob = { name: 'shop-backup', schedule: '0 2 * * *' };
    const recent = assessBackupRecency({
      enabled: true,
      cronJob,
      jobs: [
        {
          name: 'shop-backup-1',
          succeeded: true,
          completionTime: '2026-03-01T02:05:00Z',
        },
      ],
      now: NOW,
      slackMs: 3_600_000,
    });
    expect(recent.ok).toBe(true);
    const old = assessBackupRecency({
      enabled: true,
      cronJob,
      jobs: [
        {
          name: 'shop-backup-0',
          succeeded: true,
          completionTime: '2026-02-27T02:05:00Z',
        },
        { name: 'shop-backup-1', succeeded: false },
      ],
      now: NOW,
      slackMs: 3_600_000,
    });
    expect(old.ok).toBe(false);
    expect(old.figures).toContain(
      'the last success is Job shop-backup-0, finished at 2026-02-27T02:05:00Z; schedule "0 2 * * *" ran next at 2026-02-28T02:00:00.000Z',
    );
    expect(
      assessBackupRecency({
        enabled: true,
        cronJob,
        jobs: [],
        now: NOW,
        slackMs: 0,
      }).figures,
    ).toContain(
      'no Job of CronJob shop-backup (schedule "0 2 * * *") succeeded',
    );
    const off = assessBackupRecency({
      enabled: false,
      jobs: [],
      now: NOW,
      slackMs: 0,
    });
    expect(off.ok).toBe(false);
    expect(off.figures).toContain('turn on /flavour/backup');
  });

  it('reads the schedule shorthands and time zones Kubernetes accepts', () => {
    expect(nextScheduledRun('@hourly', undefined, NOW).toISOString()).toBe(
      '2026-03-01T13:00:00.000Z',
    );
    expect(
      nextScheduledRun('0 2 * * *', 'Europe/Berlin', NOW).toISOString(),
    ).toBe('2026-03-02T01:00:00.000Z');
  });

  it('needs memory headroom on the remaining masters, with the figures', () => {
    const ok = assessMemoryHeadroom({
      nodes: views(SHARDS, { used: 2_000_000, maxmemory: 10_000_000 }),
      remainingMasters: 2,
      fallbackMaxmemory: 0,
      ratio: 0.8,
    });
    expect(ok.ok).toBe(true);
    const full = assessMemoryHeadroom({
      nodes: views(SHARDS, { used: 6_000_000, maxmemory: 10_000_000 }),
      remainingMasters: 2,
      fallbackMaxmemory: 0,
      ratio: 0.8,
    });
    expect(full.ok).toBe(false);
    expect(full.figures).toBe(
      'used_memory of the 3 masters 17.2 MiB (shop-leader-0 5.7 MiB, shop-leader-1 5.7 MiB, shop-leader-2 5.7 MiB) over 2 masters is 8.6 MiB each; it must stay below 0.8 × maxmemory 9.5 MiB = 7.6 MiB',
    );
  });

  it('needs every master to be a leader pod', () => {
    expect(assessLeadersAreMasters(views(SHARDS), 'shop-leader-').ok).toBe(
      true,
    );
    const flipped = assessLeadersAreMasters(views(FLIPPED), 'shop-leader-');
    expect(flipped.ok).toBe(false);
    expect(flipped.figures).toBe(
      'shop-follower-0 is master of slots 0-5460: run a test failover with replica shop-leader-0 first',
    );
  });
});
