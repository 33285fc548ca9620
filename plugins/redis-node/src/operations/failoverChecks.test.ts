import {
  assessOutcome,
  assessPreconditions,
  describeFailed,
  type NodeView,
  type PreconditionInput,
  type SentinelView,
} from './failoverChecks';
import type { OperationRecord } from '@odin/plugin-redis-common';

const MASTER = '10.0.0.1:6379';
const masterInfo = (offset: number) =>
  `# Replication\r\nrole:master\r\nconnected_slaves:2\r\nmaster_repl_offset:${offset}\r\n`;
const replicaInfo = (offset: number, link = 'up', master = '10.0.0.1') =>
  `# Replication\r\nrole:slave\r\nmaster_host:${master}\r\nmaster_port:6379\r\nmaster_link_status:${link}\r\nslave_repl_offset:${offset}\r\n`;

const sentinels = (
  master = MASTER,
  quorum = {
    ok: true,
    message:
      'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
  },
): SentinelView[] =>
  [0, 1, 2].map(i => ({
    pod: `orders-sentinel-${i}`,
    address: `10.0.1.${i}:26379`,
    master,
    quorum,
  }));

const master: NodeView = {
  pod: 'orders-0',
  address: MASTER,
  info: masterInfo(5000),
};

function input(overrides: Partial<PreconditionInput> = {}): PreconditionInput {
  return {
    sentinels: sentinels(),
    expectedSentinels: 3,
    master,
    replicas: [
      { pod: 'orders-1', address: '10.0.0.2:6379', info: replicaInfo(5000) },
      { pod: 'orders-2', address: '10.0.0.3:6379', info: replicaInfo(4990) },
    ],
    maxLagBytes: 1024,
    history: [],
    operation: 'test-failover',
    now: new Date('2026-03-01T12:00:00Z'),
    minIntervalMs: 3_600_000,
    override: false,
    ...overrides,
  };
}

const failed = (checks: { name: string; ok: boolean }[]) =>
  checks.filter(check => !check.ok).map(check => check.name);

const earlier = (startedAt: string, outcome: OperationRecord['outcome']) => ({
  id: startedAt,
  operation: 'test-failover',
  requester: 'user:default/bob',
  startedAt,
  finishedAt: startedAt,
  outcome,
  message: '',
});

describe('assessPreconditions', () => {
  it('passes a healthy instance, with the offsets and lag of every replica', () => {
    const assessment = assessPreconditions(input());
    expect(failed(assessment.checks)).toEqual([]);
    expect(assessment.ok).toBe(true);
    expect(assessment.masterOffset).toBe(5000);
    expect(assessment.replicas).toEqual([
      {
        pod: 'orders-1',
        linkUp: true,
        offset: 5000,
        lagBytes: 0,
        inSync: true,
      },
      {
        pod: 'orders-2',
        linkUp: true,
        offset: 4990,
        lagBytes: 10,
        inSync: true,
      },
    ]);
  });

  it('refuses without a replica in sync: lag above the threshold, a link down, or no answer', () => {
    const assessment = assessPreconditions(
      input({
        replicas: [
          {
            pod: 'orders-1',
            address: '10.0.0.2:6379',
            info: replicaInfo(1000),
          },
          {
            pod: 'orders-2',
            address: '10.0.0.3:6379',
            info: replicaInfo(5000, 'down'),
          },
        ],
      }),
    );
    expect(failed(assessment.checks)).toEqual(['a replica in sync']);
    expect(describeFailed(assessment.checks)).toBe(
      'a replica in sync failed (master_repl_offset 5000, at most 1024 bytes behind: orders-1: link up, offset 1000, lag 4000 bytes; orders-2: link down, offset 5000, lag 0 bytes)',
    );
    const silent = assessPreconditions(
      input({
        replicas: [
          {
            pod: 'orders-1',
            address: '10.0.0.2:6379',
            error: 'Command timed out',
          },
        ],
      }),
    );
    expect(describeFailed(silent.checks)).toContain(
      'orders-1: Command timed out',
    );
  });

  it('does not count a replica that follows another master', () => {
    const assessment = assessPreconditions(
      input({
        replicas: [
          {
            pod: 'orders-1',
            address: '10.0.0.2:6379',
            info: replicaInfo(5000, 'up', '10.0.0.9'),
          },
        ],
      }),
    );
    expect(assessment.replicas[0]).toMatchObject({
      linkUp: false,
      inSync: false,
    });
  });

  it('refuses when a sentinel does not answer, the quorum fails, or the sentinels disagree', () => {
    const views = sentinels();
    views[2] = { pod: 'orders-sentinel-2', error: 'Command timed out' };
    expect(
      failed(assessPreconditions(input({ sentinels: views })).checks),
    ).toEqual(['every sentinel reachable']);
    expect(
      failed(
        assessPreconditions(
          input({
            sentinels: sentinels(MASTER, {
              ok: false,
              message: 'NOQUORUM 1 usable Sentinels',
            }),
          }),
        ).checks,
      ),
    ).toEqual(['sentinel quorum']);
    const split = sentinels();
    split[1] = { ...split[1], master: '10.0.0.2:6379' };
    expect(
      failed(assessPreconditions(input({ sentinels: split })).checks),
    ).toEqual(['sentinels agree on the master']);
    expect(
      failed(
        assessPreconditions(input({ sentinels: sentinels().slice(0, 2) }))
          .checks,
      ),
    ).toEqual(['every sentinel reachable']);
  });

  it('allows one per hour unless an admin overrides; refusals do not count', () => {
    const recent = [earlier('2026-03-01T11:30:00.000Z', 'succeeded')];
    const refused = assessPreconditions(input({ history: recent }));
    expect(failed(refused.checks)).toEqual(['at most one per interval']);
    expect(describeFailed(refused.checks)).toBe(
      'at most one per interval failed (the last test-failover started at 2026-03-01T11:30:00.000Z by user:default/bob (succeeded), 30 min ago; the interval is 60 min; the next may start at 2026-03-01T12:30:00.000Z, or an admin may override)',
    );
    expect(
      assessPreconditions(input({ history: recent, override: true })).ok,
    ).toBe(true);
    expect(
      assessPreconditions(
        input({ history: [earlier('2026-03-01T11:50:00.000Z', 'refused')] }),
      ).ok,
    ).toBe(true);
    expect(
      assessPreconditions(
        input({ history: [earlier('2026-03-01T10:59:00.000Z', 'failed')] }),
      ).ok,
    ).toBe(true);
  });
});

describe('assessOutcome', () => {
  const oldMaster = { pod: 'orders-0', address: MASTER };
  const NEW = '10.0.0.2:6379';
  const settled: NodeView[] = [
    {
      pod: 'orders-0',
      address: MASTER,
      info: replicaInfo(7000, 'up', '10.0.0.2'),
      roleLabel: 'slave',
    },
    {
      pod: 'orders-1',
      address: NEW,
      info: masterInfo(7000),
      roleLabel: 'master',
    },
    {
      pod: 'orders-2',
      address: '10.0.0.3:6379',
      info: replicaInfo(7000, 'up', '10.0.0.2'),
      roleLabel: 'slave',
    },
  ];

  it('passes when every sentinel names the new master, the old one follows it, and the labels agree', () => {
    const outcome = assessOutcome({
      oldMaster,
      sentinels: sentinels(NEW),
      nodes: settled,
    });
    expect(failed(outcome.checks)).toEqual([]);
    expect(outcome.newMaster).toEqual({ pod: 'orders-1', address: NEW });
  });

  it('fails while the sentinels still name the old master', () => {
    const outcome = assessOutcome({
      oldMaster,
      sentinels: sentinels(MASTER),
      nodes: settled,
    });
    expect(failed(outcome.checks)).toContain('sentinels name one new master');
  });

  it('fails while the old master is still a master (two masters), or its link is down', () => {
    const twoMasters = [
      { ...settled[0], info: masterInfo(7000) },
      ...settled.slice(1),
    ];
    expect(
      failed(
        assessOutcome({
          oldMaster,
          sentinels: sentinels(NEW),
          nodes: twoMasters,
        }).checks,
      ),
    ).toEqual(['one master', 'old master rejoined as a replica']);
    const linkDown = [
      { ...settled[0], info: replicaInfo(7000, 'down', '10.0.0.2') },
      ...settled.slice(1),
    ];
    expect(
      failed(
        assessOutcome({ oldMaster, sentinels: sentinels(NEW), nodes: linkDown })
          .checks,
      ),
    ).toEqual(['old master rejoined as a replica']);
  });

  it("fails while the operator's labels still name the old master (its stale-master bugs)", () => {
    const stale = [
      { ...settled[0], roleLabel: 'master' },
      { ...settled[1], roleLabel: 'slave' },
      settled[2],
    ];
    const outcome = assessOutcome({
      oldMaster,
      sentinels: sentinels(NEW),
      nodes: stale,
    });
    expect(failed(outcome.checks)).toEqual([
      "operator's redis-role labels agree",
    ]);
    expect(describeFailed(outcome.checks)).toBe(
      "operator's redis-role labels agree failed (orders-0: redis-role=master; orders-1: redis-role=slave; orders-2: redis-role=slave)",
    );
  });
});
