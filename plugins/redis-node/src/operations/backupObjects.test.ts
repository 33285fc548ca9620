import {
  backupSlotRangesOf,
  backupStampOf,
  checkBackupObjects,
} from './backupObjects';

const object = (key: string, sizeBytes = 10, lastModified?: string) => ({
  key: `shop/orders/${key}`,
  sizeBytes,
  lastModified:
    lastModified ?? backupStampOf(key)!.toISOString().replace('.000Z', '.500Z'),
});
const since = new Date('2026-12-01T10:00:00.700Z');

describe('checkBackupObjects', () => {
  it('takes the newest dump stamped at or after the start, to the second', () => {
    const result = checkBackupObjects(
      [
        object('20261130T020000Z.rdb'),
        object('20261201T100000Z.rdb'),
        object('20261201T100003Z.rdb'),
      ],
      { since, expectedObjects: 1 },
    );
    expect(result).toEqual({
      ok: true,
      objects: [object('20261201T100003Z.rdb')],
    });
  });

  it('wants one object per shard of one dump, each non-empty', () => {
    const shards = [
      object('20261201T100001Z-0-5460.rdb'),
      object('20261201T100001Z-5461-10922.rdb'),
      object('20261201T100001Z-10923-16383.rdb', 0),
    ];
    expect(checkBackupObjects(shards, { since, expectedObjects: 3 })).toEqual({
      ok: false,
      problem: 'empty object(s): shop/orders/20261201T100001Z-10923-16383.rdb',
    });
    expect(
      checkBackupObjects(shards.slice(0, 2), { since, expectedObjects: 3 }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringMatching(
        /^the dump of 2026-12-01T10:00:01.000Z has 2 object\(s\), expected 3/,
      ),
    });
  });

  it('finds nothing in older dumps, objects uploaded before the start, or other files', () => {
    expect(
      checkBackupObjects(
        [
          object('20261130T020000Z.rdb'),
          object('20261201T100002Z.rdb', 10, '2026-12-01T09:59:00.000Z'),
          object('notes.txt', 10, '2026-12-01T10:00:05.000Z'),
        ],
        { since, expectedObjects: 1 },
      ),
    ).toEqual({
      ok: false,
      problem: 'no RDB object stamped at or after 2026-12-01T10:00:00.000Z',
    });
  });
});

describe('backup object names', () => {
  it('reads the stamp and every slot range of a per-shard dump', () => {
    expect(
      backupStampOf('ns/shop/20261201T100003Z-0-1364_5461-6826.rdb'),
    ).toEqual(new Date('2026-12-01T10:00:03Z'));
    expect(backupSlotRangesOf('ns/shop/20261201T100003Z-0-5460.rdb')).toEqual([
      [0, 5460],
    ]);
    expect(
      backupSlotRangesOf(
        'ns/shop/20261201T100003Z-0-1364_5461-6826_16383-16383.rdb',
      ),
    ).toEqual([
      [0, 1364],
      [5461, 6826],
      [16383, 16383],
    ]);
  });

  it('reads no slot ranges from a dump of one master or another object', () => {
    expect(backupSlotRangesOf('ns/shop/20261201T100003Z.rdb')).toBeUndefined();
    expect(
      backupSlotRangesOf('ns/shop/20261201T100003Z-0-.rdb'),
    ).toBeUndefined();
    expect(backupSlotRangesOf('ns/shop/notes-0-5460.rdb')).toBeUndefined();
  });

  it('takes a cluster dump with multi-range names as one dump of its stamp', () => {
    const result = checkBackupObjects(
      [
        object('20261201T100003Z-0-1364_5461-6826.rdb'),
        object('20261201T100003Z-1365-5460_6827-10922.rdb'),
        object('20261201T100003Z-10923-16383.rdb'),
      ],
      { since, expectedObjects: 3 },
    );
    expect(result.ok).toBe(true);
  });
});
