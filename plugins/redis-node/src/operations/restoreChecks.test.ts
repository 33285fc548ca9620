import { parseRdbHeader } from './rdbHeader';
import {
  assessRestoreSource,
  assessRestored,
  chooseBackupObject,
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
