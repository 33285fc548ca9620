import { InputError } from '@backstage/errors';
import {
  assessClusterHealth,
  assessShardsInSync,
  type ClusterNodeView,
} from './clusterChecks';
import {
  assessClusterNodeBack,
  assessMastersKept,
  assessPasswords,
  clusterIdentityGaps,
  assessSentinelLinks,
  assessSentinelSight,
  clientNames,
  isAuthRefusal,
  passwordHash,
  redact,
  restartOrder,
  validGraceSeconds,
} from './rotatePasswordChecks';

const NEW = passwordHash('new-one');
const OLD = passwordHash('old-one');

describe('validGraceSeconds', () => {
  it('takes whole seconds from 0 to 3600', () => {
    expect(validGraceSeconds(0)).toBe(0);
    expect(validGraceSeconds(3600)).toBe(3600);
  });

  it.each([-1, 3601, 1.5, '60', undefined])(
    'refuses %p, naming the field and the range',
    value => {
      expect(() => validGraceSeconds(value)).toThrow(InputError);
      expect(() => validGraceSeconds(value)).toThrow(
        /^graceSeconds: must be a whole number of seconds from 0 to 3600/,
      );
    },
  );
});

describe('passwordHash and redact', () => {
  it('hashes as ACL GETUSER lists a password', () => {
    // sha256("old"), as redis-server 7.0 answered for `requirepass old`.
    expect(passwordHash('old')).toBe(
      'cba06b5736faf67e54b07b561eae94395e774c517a7d910a54369e1263ccfbd4',
    );
  });

  it('removes every password from a Redis error that echoes an ACL SETUSER modifier', () => {
    expect(
      redact(
        "ERR Error in ACL SETUSER modifier '<s3cret': The password you are trying to remove from the user does not exist (s3cret)",
        ['s3cret', 'other', ''],
      ),
    ).toBe(
      "ERR Error in ACL SETUSER modifier '<<redacted>': The password you are trying to remove from the user does not exist (<redacted>)",
    );
  });

  it('tells a refused password from an unreachable process', () => {
    expect(
      isAuthRefusal(
        'WRONGPASS invalid username-password pair or user is disabled.',
      ),
    ).toBe(true);
    expect(isAuthRefusal('NOAUTH Authentication required.')).toBe(true);
    expect(isAuthRefusal('connect ECONNREFUSED 127.0.0.1:6379')).toBe(false);
  });
});

describe('restartOrder', () => {
  it('restarts the replicas first, then the master, then the sentinels, each by name', () => {
    expect(
      restartOrder([
        { pod: 's-1', role: 'sentinel' },
        { pod: 'o-0', role: 'master' },
        { pod: 's-0', role: 'sentinel' },
        { pod: 'o-2', role: 'replica' },
        { pod: 'o-1', role: 'replica' },
      ]).map(candidate => candidate.pod),
    ).toEqual(['o-1', 'o-2', 'o-0', 's-0', 's-1']);
  });
});

describe('assessPasswords', () => {
  it('passes when every process lists only the new password and refuses the old', () => {
    const check = assessPasswords(
      [
        { pod: 'o-0', hashes: [NEW], oldRefused: true },
        { pod: 's-0', hashes: [NEW], oldRefused: true },
      ],
      NEW,
    );
    expect(check).toEqual({
      name: 'only the new password',
      ok: true,
      figures:
        'o-0: accepts the new password, the old one refused; s-0: accepts the new password, the old one refused',
    });
  });

  it('fails on a process that still has the old password, or did not answer', () => {
    const check = assessPasswords(
      [
        { pod: 'o-0', hashes: [NEW, OLD], oldRefused: false },
        { pod: 'o-1', error: 'connect ETIMEDOUT' },
      ],
      NEW,
    );
    expect(check.ok).toBe(false);
    expect(check.figures).toBe(
      'o-0: accepts the new password, 1 other password(s), the old one accepted; o-1: connect ETIMEDOUT',
    );
    expect(check.figures).not.toContain(OLD);
  });
});

describe('assessSentinelLinks', () => {
  const ids = [
    { pod: 's-0', id: 'aaaaaaaa1111' },
    { pod: 's-1', id: 'bbbbbbbb2222' },
  ];
  const line = (name: string) =>
    `id=7 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=${name} age=1 flags=N`;

  it('reads the connection names of CLIENT LIST', () => {
    expect(
      clientNames(
        [
          line('sentinel-aaaaaaaa-cmd'),
          line(''),
          line('sentinel-aaaaaaaa-pubsub'),
        ].join('\n'),
      ),
    ).toEqual(['sentinel-aaaaaaaa-cmd', 'sentinel-aaaaaaaa-pubsub']);
  });

  it('passes when every sentinel named its command link again, and names the one that did not', () => {
    const signedIn = assessSentinelLinks([
      {
        pod: 'o-0',
        clientList: [
          line('sentinel-aaaaaaaa-cmd'),
          line('sentinel-bbbbbbbb-cmd'),
        ].join('\n'),
        expected: ids,
      },
    ]);
    expect(signedIn).toMatchObject({
      ok: true,
      figures: 'o-0: 2/2 sentinel links signed in',
    });

    const refused = assessSentinelLinks([
      {
        pod: 'o-0',
        // s-1's AUTH was refused: its link never got a name.
        clientList: [line('sentinel-aaaaaaaa-cmd'), line('')].join('\n'),
        expected: ids,
      },
      { pod: 's-0', error: 'timeout', expected: ids.slice(1) },
    ]);
    expect(refused).toMatchObject({
      ok: false,
      figures: 'o-0: 1/2 sentinel links signed in (not s-1); s-0: timeout',
    });
  });
});

describe('assessSentinelSight', () => {
  const master = [
    'name',
    'mymaster',
    'ip',
    '10.0.0.1',
    'port',
    '6379',
    'flags',
    'master',
  ];
  const replica = (flags: string, link = 'ok') => [
    'ip',
    '10.0.0.2',
    'flags',
    flags,
    'master-link-status',
    link,
  ];
  const peer = (flags: string) => ['ip', '10.0.0.9', 'flags', flags];
  const expected = {
    masterAddress: '10.0.0.1:6379',
    replicas: 2,
    sentinels: 3,
  };

  it('passes when a sentinel sees the master, both replicas ok and both peers', () => {
    expect(
      assessSentinelSight(
        [
          {
            pod: 's-0',
            master,
            replicas: [replica('slave'), replica('slave')],
            sentinels: [peer('sentinel'), peer('sentinel')],
          },
        ],
        expected,
      ),
    ).toEqual({
      name: 'sentinels see the master, its replicas and each other',
      ok: true,
      figures:
        's-0: master 10.0.0.1:6379 flags master, 2/2 replicas ok, 2/2 other sentinels',
    });
  });

  it('fails on a subjectively down replica or peer, or another master', () => {
    const check = assessSentinelSight(
      [
        {
          pod: 's-0',
          master,
          replicas: [replica('s_down,slave', 'err'), replica('slave')],
          sentinels: [peer('s_down,sentinel'), peer('sentinel')],
        },
        { pod: 's-1', error: 'NOAUTH Authentication required.' },
      ],
      expected,
    );
    expect(check.ok).toBe(false);
    expect(check.figures).toBe(
      's-0: master 10.0.0.1:6379 flags master, 1/2 replicas ok, 1/2 other sentinels; s-1: NOAUTH Authentication required.',
    );
  });
});

/**
 * A cluster of 3 shards as its nodes answer: `[pod, id, master id or slots]`, every node at `offset`
 * unless `offsets` says otherwise, every cluster bus link connected unless `disconnected` names it.
 */
function clusterViews(
  nodes: [pod: string, id: string, masterOrSlots: string][],
  options: { offsets?: Record<string, number>; disconnected?: string } = {},
): ClusterNodeView[] {
  const ip = (index: number) => `10.0.0.${index + 1}`;
  const isReplica = (entry: string[]) => !/^\d/.test(entry[2]);
  const lines = (self: string) =>
    nodes
      .map(
        (entry, index) =>
          `${entry[1]} ${ip(index)}:6379@16379 ${
            entry[1] === self ? 'myself,' : ''
          }${isReplica(entry) ? `slave ${entry[2]}` : 'master -'} 0 0 1 ${
            entry[1] === options.disconnected && entry[1] !== self
              ? 'disconnected'
              : 'connected'
          }${isReplica(entry) ? '' : ` ${entry[2]}`}`,
      )
      .join('\n');
  return nodes.map((entry, index) => {
    const offset = options.offsets?.[entry[0]] ?? 9000;
    const master = nodes.findIndex(other => other[1] === entry[2]);
    return {
      pod: entry[0],
      address: `${ip(index)}:6379`,
      info: isReplica(entry)
        ? `role:slave\r\nmaster_host:${ip(
            master,
          )}\r\nmaster_port:6379\r\nmaster_link_status:up\r\nslave_repl_offset:${offset}\r\n`
        : `role:master\r\nmaster_repl_offset:${offset}\r\n`,
      clusterInfo:
        'cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\n',
      clusterNodes: lines(entry[1]),
    };
  });
}

const SHOP: [string, string, string][] = [
  ['shop-leader-0', 'a0', '0-5460'],
  ['shop-leader-1', 'a1', '5461-10922'],
  ['shop-leader-2', 'a2', '10923-16383'],
  ['shop-follower-0', 'b0', 'a0'],
  ['shop-follower-1', 'b1', 'a1'],
  ['shop-follower-2', 'b2', 'a2'],
];
const SHAPE = { shards: 3, replicasPerShard: 1 };

describe('clusterIdentityGaps', () => {
  it('finds none when the data and the node-conf claims are ordered', () => {
    expect(
      clusterIdentityGaps({
        persistenceEnabled: true,
        storage: {
          volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } },
          nodeConfVolume: true,
        },
      }),
    ).toEqual([]);
  });

  it('names each missing field', () => {
    expect(clusterIdentityGaps({})).toEqual([
      'spec.persistenceEnabled is not true',
      'spec.storage.volumeClaimTemplate is empty',
      'spec.storage.nodeConfVolume is not true',
    ]);
    expect(
      clusterIdentityGaps({
        persistenceEnabled: true,
        storage: { volumeClaimTemplate: { spec: { accessModes: ['x'] } } },
      }),
    ).toEqual(['spec.storage.nodeConfVolume is not true']);
  });
});

describe('assessClusterHealth', () => {
  it('passes on a healthy cluster, without the operator check when no status is given', () => {
    const checks = assessClusterHealth({ nodes: clusterViews(SHOP), ...SHAPE });
    expect(checks.map(check => [check.name, check.ok])).toEqual([
      ['every node answers', true],
      ['cluster state ok, all 16384 slots ok', true],
      ['shards and replicas as asked', true],
      ["every replica's link up", true],
      ['every cluster bus link connected', true],
    ]);
  });

  it('fails on a disconnected cluster bus link and a silent node, naming them', () => {
    const nodes = clusterViews(SHOP, { disconnected: 'b1' });
    nodes[5] = { pod: 'shop-follower-2', error: 'connect ETIMEDOUT' };
    const checks = assessClusterHealth({ nodes, ...SHAPE });
    const failed = checks.filter(check => !check.ok);
    expect(failed.map(check => check.name)).toEqual(
      expect.arrayContaining([
        'every node answers',
        'every cluster bus link connected',
      ]),
    );
    expect(
      checks.find(check => check.name === 'every cluster bus link connected')
        ?.figures,
    ).toBe(
      'disconnected: shop-leader-0 to 10.0.0.5:6379, shop-leader-1 to 10.0.0.5:6379, shop-leader-2 to 10.0.0.5:6379, shop-follower-0 to 10.0.0.5:6379',
    );
  });
});

describe('assessShardsInSync', () => {
  it('lists each shard with its replicas in sync', () => {
    const { check, shards } = assessShardsInSync(clusterViews(SHOP), 1024);
    expect(check.ok).toBe(true);
    expect(
      shards.map(shard => [
        shard.master.pod,
        shard.master.id,
        shard.master.slots,
        shard.inSync?.pod,
      ]),
    ).toEqual([
      ['shop-leader-0', 'a0', ['0-5460'], 'shop-follower-0'],
      ['shop-leader-1', 'a1', ['5461-10922'], 'shop-follower-1'],
      ['shop-leader-2', 'a2', ['10923-16383'], 'shop-follower-2'],
    ]);
  });

  it('fails when one master has no replica in sync, with its figures', () => {
    const { check } = assessShardsInSync(
      clusterViews(SHOP, { offsets: { 'shop-follower-1': 1000 } }),
      1024,
    );
    expect(check.ok).toBe(false);
    expect(check.figures).toContain(
      'shop-leader-1 (slots 5461-10922): master_repl_offset 9000, at most 1024 bytes behind: shop-follower-1: link up, offset 1000, lag 8000 bytes',
    );
  });
});

describe('assessClusterNodeBack', () => {
  it('passes when the restarted node is the node it was, in sync with its master', () => {
    const { checks, newId } = assessClusterNodeBack({
      nodes: clusterViews(SHOP),
      pod: 'shop-follower-1',
      id: 'b1',
      maxLagBytes: 1024,
    });
    expect(newId).toBeUndefined();
    expect(checks).toEqual([
      {
        name: 'rejoined with its node ID',
        ok: true,
        figures: 'shop-follower-1 is node b1',
      },
      {
        name: 'in sync with its master',
        ok: true,
        figures:
          'shop-follower-1 is a replica of shop-leader-1: master_repl_offset 9000, at most 1024 bytes behind: shop-follower-1: link up, offset 9000, lag 0 bytes',
      },
    ]);
  });

  it('tells a node that came back with another ID, and a replica still syncing', () => {
    const renamed = SHOP.map(
      entry =>
        (entry[0] === 'shop-follower-1' ? [entry[0], 'c1', 'a1'] : entry) as [
          string,
          string,
          string,
        ],
    );
    const lost = assessClusterNodeBack({
      nodes: clusterViews(renamed),
      pod: 'shop-follower-1',
      id: 'b1',
      maxLagBytes: 1024,
    });
    expect(lost.newId).toBe('c1');
    expect(lost.checks[0]).toMatchObject({
      ok: false,
      figures: 'shop-follower-1 is node c1, was b1',
    });

    const syncing = assessClusterNodeBack({
      nodes: clusterViews(SHOP, { offsets: { 'shop-follower-1': 0 } }),
      pod: 'shop-follower-1',
      id: 'b1',
      maxLagBytes: 1024,
    });
    expect(syncing.newId).toBeUndefined();
    expect(syncing.checks.map(check => check.ok)).toEqual([true, false]);
  });
});

describe('assessMastersKept', () => {
  const { shards } = assessShardsInSync(clusterViews(SHOP), 1024);

  it('passes when every shard has the master it had, with its slots', () => {
    expect(assessMastersKept(shards, clusterViews(SHOP))).toMatchObject({
      name: "each shard's master as before",
      ok: true,
    });
  });

  it('fails when a replica is left master of a shard', () => {
    const swapped = SHOP.map(
      entry =>
        ({
          'shop-leader-1': ['shop-leader-1', 'a1', 'b1'],
          'shop-follower-1': ['shop-follower-1', 'b1', '5461-10922'],
        }[entry[0]] ?? entry),
    ) as [string, string, string][];
    const check = assessMastersKept(shards, clusterViews(swapped));
    expect(check.ok).toBe(false);
    expect(check.figures).toContain(
      'shop-leader-1: slave, slots none (before: master, slots 5461-10922)',
    );
  });
});
