import { parseRdbHeader } from './rdbHeader';
import {
  assessClusterRestoreSource,
  assessClusterRestored,
  assessRestoreSource,
  assessRestored,
  assessShardScans,
  assessSlotCoverage,
  chooseBackupObject,
  chooseClusterBackup,
} from './restoreChecks';

/** The start of a dump as redis-server 7.0.15 wrote it (SAVE of 50 keys in db 0, 2 in db 2), to db 0's RESIZEDB. */
const REDIS_7_0_DUMP = Buffer.from(
  '524544495330303130fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040fa056374696d65c26f240f6bfa08757365642d6d656dc2b0260f00fa08616f662d62617365c000fe00fb320003',
  'hex',
);

describe('parseRdbHeader', () => {
  it('reads the version, the aux fields and db 0 counts of a real 7.0 dump', () => {
    expect(parseRdbHeader(REDIS_7_0_DUMP)).toEqual({
      version: 10,
      aux: {
        'redis-ver': '7.0.15',
        'redis-bits': '64',
        ctime: String(0x6b0f246f),
        'used-mem': String(0x000f26b0),
        'aof-base': '0',
      },
      usedMemoryBytes: 0x000f26b0,
      firstDatabase: { db: 0, keys: 50, expires: 0 },
    });
  });

  it('asks for more bytes when they end inside the header', () => {
    expect(parseRdbHeader(REDIS_7_0_DUMP.subarray(0, 40))).toBeUndefined();
  });

  it('refuses bytes that are no RDB dump', () => {
    expect(() => parseRdbHeader(Buffer.from('<?xml version="1.0"?>'))).toThrow(
      /^not an RDB dump: it starts with "<\?xml ver"/,
    );
  });

  it('reads an empty dump as one without keys', () => {
    expect(
      parseRdbHeader(
        Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([0xff])]),
      ),
    ).toEqual({ version: 10, aux: {} });
  });
});

describe('chooseBackupObject', () => {
  const prefix = 'shop/cache/';
  const objects = [
    { key: `${prefix}20261201T100000Z.rdb`, sizeBytes: 10, lastModified: '' },
    { key: `${prefix}20261202T100000Z.rdb`, sizeBytes: 0, lastModified: '' },
    { key: `${prefix}20261130T100000Z.rdb`, sizeBytes: 10, lastModified: '' },
    {
      key: `${prefix}20261203T100000Z-0-5460.rdb`,
      sizeBytes: 9,
      lastModified: '',
    },
  ];
  const where = `s3://b/${prefix}`;

  it('takes the newest dump of one master for latest, and refuses it when empty', () => {
    expect(() => chooseBackupObject(objects, 'latest', prefix, where)).toThrow(
      /20261202T100000Z\.rdb is empty \(0 bytes\)/,
    );
    expect(
      chooseBackupObject(objects.slice(2), 'latest', prefix, where).key,
    ).toBe(`${prefix}20261130T100000Z.rdb`);
  });

  it('finds a name or a key, and refuses what is not there or is one shard', () => {
    expect(
      chooseBackupObject(objects, '20261201T100000Z.rdb', prefix, where).key,
    ).toBe(`${prefix}20261201T100000Z.rdb`);
    expect(() =>
      chooseBackupObject(objects, '20200101T000000Z.rdb', prefix, where),
    ).toThrow(
      'backup: s3://b/shop/cache/ has no object 20200101T000000Z.rdb; the newest there: 20261202T100000Z.rdb, 20261201T100000Z.rdb, 20261130T100000Z.rdb',
    );
    expect(() =>
      chooseBackupObject(
        objects,
        'other/cache/20261201T100000Z.rdb',
        prefix,
        where,
      ),
    ).toThrow(/is not a backup of this instance/);
    expect(() =>
      chooseBackupObject(objects, '20261203T100000Z-0-5460.rdb', prefix, where),
    ).toThrow(/one shard's dump of cluster mode/);
  });
});

describe('assessRestoreSource and assessRestored', () => {
  const header = {
    version: 11,
    aux: { 'redis-ver': '7.2.7' },
    usedMemoryBytes: 200 * 2 ** 20,
    firstDatabase: { db: 0, keys: 100, expires: 3 },
  };

  it('refuses a newer RDB version than the target reads, and a dataset above maxmemory', () => {
    const { ok, checks } = assessRestoreSource({
      header,
      sizeBytes: 1234,
      targetVersion: '7.0',
      maxmemoryBytes: 100 * 2 ** 20,
    });
    expect(ok).toBe(false);
    expect(checks.map(check => [check.name, check.ok, check.figures])).toEqual([
      [
        'RDB version readable',
        false,
        'the dump is RDB 11 (written by Redis 7.2.7); Redis 7.0 reads up to RDB 10',
      ],
      [
        'dataset fits maxmemory',
        false,
        "the source used 200.0 MiB when it saved; the target's maxmemory is 100.0 MiB",
      ],
      [
        'key count in the dump',
        true,
        'db 0: 100 keys, 3 with an expiry; the dump is 1234 bytes',
      ],
    ]);
    expect(
      assessRestoreSource({
        header,
        sizeBytes: 1234,
        targetVersion: '7.2',
        maxmemoryBytes: 200 * 2 ** 20,
      }).ok,
    ).toBe(true);
  });

  it('accepts a key count short by at most the keys with an expiry, on every pod', () => {
    const assess = (keys: (number | undefined)[]) =>
      assessRestored({
        header,
        pods: 2,
        nodes: keys.map((count, i) =>
          count === undefined
            ? { pod: `c-${i}`, error: 'LOADING' }
            : { pod: `c-${i}`, keys: count },
        ),
      }).ok;
    expect(assess([100, 97])).toBe(true);
    expect(assess([100, 96])).toBe(false);
    expect(assess([100, undefined])).toBe(false);
    expect(assess([100])).toBe(false);
  });
});

describe('chooseClusterBackup and assessSlotCoverage', () => {
  const prefix = 'shop/ring/';
  const where = `s3://b/${prefix}`;
  const object = (name: string, sizeBytes = 10) => ({
    key: `${prefix}${name}`,
    sizeBytes,
    lastModified: '',
  });
  const objects = [
    object('20261201T020000Z-10923-16383.rdb'),
    object('20261201T020000Z-0-5460.rdb'),
    object('20261201T020000Z-5461-10922.rdb'),
    object('20261202T020000Z-0-1364_5461-6826.rdb'),
    object('20261202T020000Z-1365-5460_6827-10922.rdb'),
    object('20261130T020000Z.rdb'),
  ];

  it('takes every object of the newest stamp for latest, by lowest slot', () => {
    const choice = chooseClusterBackup(objects, 'latest', prefix, where);
    expect(choice.stamp).toBe('20261202T020000Z');
    expect(choice.objects.map(o => o.key)).toEqual([
      `${prefix}20261202T020000Z-0-1364_5461-6826.rdb`,
      `${prefix}20261202T020000Z-1365-5460_6827-10922.rdb`,
    ]);
  });

  it('finds a backup by its stamp, or by the name or key of one of its objects', () => {
    for (const backup of [
      '20261201T020000Z',
      '20261201T020000Z-5461-10922.rdb',
      `${prefix}20261201T020000Z-0-5460.rdb`,
    ])
      expect(
        chooseClusterBackup(objects, backup, prefix, where).objects.map(o =>
          o.key.replace(/.*Z-/, ''),
        ),
      ).toEqual(['0-5460.rdb', '5461-10922.rdb', '10923-16383.rdb']);
  });

  it('refuses a stamp without per-shard objects, another prefix, and an empty object', () => {
    expect(() =>
      chooseClusterBackup(objects, '20261130T020000Z', prefix, where),
    ).toThrow(
      'backup: s3://b/shop/ring/ has no per-shard backup 20261130T020000Z (a stamp such as 20261201T020000Z, or the name of one of its objects); the newest there: 20261202T020000Z, 20261201T020000Z',
    );
    expect(() =>
      chooseClusterBackup(
        objects,
        'other/ring/20261201T020000Z-0-5460.rdb',
        prefix,
        where,
      ),
    ).toThrow(/is not a backup of this instance/);
    expect(() =>
      chooseClusterBackup(
        [object('20261201T020000Z-0-16383.rdb', 0)],
        'latest',
        prefix,
        where,
      ),
    ).toThrow(
      /20261201T020000Z-0-16383\.rdb of s3:\/\/b\/shop\/ring\/ is empty \(0 bytes\)/,
    );
    expect(() =>
      chooseClusterBackup(
        [object('20261130T020000Z.rdb')],
        'latest',
        prefix,
        where,
      ),
    ).toThrow(/no per-shard backup of cluster mode .*dumps of one master/);
  });

  it('passes objects that cover every slot once, and names the missing and overlapping ones', () => {
    expect(
      assessSlotCoverage(
        chooseClusterBackup(objects, '20261201T020000Z', prefix, where).objects,
      ),
    ).toMatchObject({ ok: true });
    expect(
      assessSlotCoverage(
        chooseClusterBackup(objects, 'latest', prefix, where).objects,
      ),
    ).toEqual({
      name: 'the backup covers all 16384 slots',
      ok: false,
      figures:
        'no object holds slots 10923-16383: it is no complete backup of the cluster, choose another',
    });
    expect(
      assessSlotCoverage([
        object('20261201T020000Z-0-8191.rdb'),
        object('20261201T020000Z-8191-16382.rdb'),
      ]).figures,
    ).toBe(
      'no object holds slots 16383; overlapping: slot 8191 in 20261201T020000Z-0-8191.rdb and 20261201T020000Z-8191-16382.rdb: it is no complete backup of the cluster, choose another',
    );
  });
});

describe('assessClusterRestoreSource, assessShardScans and assessClusterRestored', () => {
  const prefix = 'shop/ring/';
  const names = ['0-5460', '5461-10922', '10923-16383'];
  const objects = names.map(range => ({
    key: `${prefix}20261201T020000Z-${range}.rdb`,
    sizeBytes: 1000,
    lastModified: '',
  }));
  const shard = (key: string, usedMiB: number, version = 10) => ({
    key,
    sizeBytes: 1000,
    header: {
      version,
      aux: { 'redis-ver': '7.0.15' },
      usedMemoryBytes: usedMiB * 2 ** 20,
      firstDatabase: { db: 0, keys: 100, expires: 5 },
    },
  });

  it("judges the largest shard against one master's maxmemory, and every RDB version", () => {
    const assess = (used: number[], version = 10) =>
      assessClusterRestoreSource({
        objects,
        shards: objects.map((o, i) =>
          shard(o.key, used[i], i === 1 ? version : 10),
        ),
        targetVersion: '7.0',
        maxmemoryBytes: 100 * 2 ** 20,
      });
    const fits = assess([90, 80, 95]);
    expect(fits.ok).toBe(true);
    expect(fits.checks.map(check => check.figures)).toEqual([
      '3 per-shard objects cover slots 0-16383, each slot once',
      'the dumps are RDB 10 (written by Redis 7.0.15); Redis 7.0 reads up to RDB 10',
      "the largest shard (20261201T020000Z-10923-16383.rdb) used 95.0 MiB when it saved (all 3 265.0 MiB); one master's maxmemory is 100.0 MiB",
      '300 keys in db 0 of 3 dumps; 20261201T020000Z-0-5460.rdb 100 keys, 1000 bytes; 20261201T020000Z-5461-10922.rdb 100 keys, 1000 bytes; 20261201T020000Z-10923-16383.rdb 100 keys, 1000 bytes',
    ]);
    // The total (255 MiB) fits 3 masters of 100 MiB, but one shard does not fit one master.
    expect(assess([20, 130, 105]).checks[2]).toMatchObject({
      name: 'each shard fits one master',
      ok: false,
    });
    expect(assess([10, 10, 10], 11).checks[1]).toMatchObject({
      ok: false,
      figures:
        'the dumps are RDB 10, 11 (written by Redis 7.0.15); Redis 7.0 reads up to RDB 10; too new: 20261201T020000Z-5461-10922.rdb',
    });
  });

  it('refuses dumps that do not read to their end or hold keys outside db 0', () => {
    const scan = (key: string, extra = {}) => ({
      key,
      keys: 100,
      otherDatabases: {},
      functions: 0,
      checksum: 'verified' as const,
      ...extra,
    });
    expect(assessShardScans(objects.map(o => scan(o.key))).ok).toBe(true);
    const bad = assessShardScans([
      scan(objects[0].key, { otherDatabases: { 3: 7 } }),
      scan(objects[1].key, {
        error:
          'the dump ends at byte 900, inside an item that starts at byte 880: it is incomplete',
      }),
    ]);
    expect(bad.checks.map(check => [check.ok, check.figures])).toEqual([
      [
        false,
        '20261201T020000Z-0-5460.rdb: 100 keys, checksum verified; 20261201T020000Z-5461-10922.rdb: the dump ends at byte 900, inside an item that starts at byte 880: it is incomplete',
      ],
      [
        false,
        'a cluster has db 0 only, and 20261201T020000Z-0-5460.rdb holds 7 keys in db 3',
      ],
    ]);
  });

  it('wants the masters to hold the keys restored, less those expired since', () => {
    const masters = (keys: number[]) =>
      keys.map((count, i) => ({
        pod: `ring-copy-leader-${i}`,
        address: `10.0.0.${i + 1}:6379`,
        clusterNodes: `a${i} 10.0.0.${
          i + 1
        }:6379@16379 myself,master - 0 0 1 connected ${names[i]}`,
        keys: count,
      }));
    const load = {
      keysRead: 300,
      expiredSkipped: 2,
      restored: 298,
      functions: 0,
      bytesRead: 3000,
      durationMs: 10,
    };
    const keyCheck = (keys: number[], expiredSinceLoad: number) =>
      assessClusterRestored({
        nodes: masters(keys),
        shards: 3,
        replicasPerShard: 1,
        load,
        expiredSinceLoad,
      }).checks.find(check => check.name === 'key count matches the dumps');
    expect(keyCheck([100, 100, 98], 0)).toEqual({
      name: 'key count matches the dumps',
      ok: true,
      figures:
        '298 keys on the masters; 300 read from the dumps, 2 of them expired before the load and skipped, 298 restored: 298 expected (up to 298 while expired keys await removal)',
    });
    expect(keyCheck([100, 100, 97], 0)?.ok).toBe(false);
    expect(keyCheck([100, 100, 97], 1)?.ok).toBe(true);
    // A key whose expiry passed may still be counted until Redis removes it; more than were restored never.
    expect(keyCheck([100, 100, 98], 1)?.ok).toBe(true);
    expect(keyCheck([100, 100, 99], 0)?.ok).toBe(false);
  });
});
