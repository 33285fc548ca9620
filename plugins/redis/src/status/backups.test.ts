import { backupsOk } from '../__fixtures__/statuses';
import { lastBackup, recordSizeBytes } from './backups';

describe('lastBackup', () => {
  it('is the newest successful run with the size of what it uploaded', () => {
    expect(lastBackup(backupsOk)).toEqual({
      at: '2026-03-02T02:01:10.000Z',
      sizeBytes: 12 * 1024 * 1024,
      objectCount: 1,
    });
  });

  it('falls back to the recorded last success when the run is gone from the history', () => {
    expect(
      lastBackup({ ...backupsOk, records: [backupsOk.records[1]] }),
    ).toEqual({ at: '2026-03-02T02:01:10.000Z', sizeBytes: 0, objectCount: 0 });
  });

  it('is nothing before the first success', () => {
    expect(
      lastBackup({ ...backupsOk, lastSuccessAt: undefined, records: [] }),
    ).toBeUndefined();
  });

  it('adds up the objects of a run', () => {
    expect(recordSizeBytes(backupsOk.records[1])).toBe(0);
    expect(
      recordSizeBytes({
        outcome: 'succeeded',
        objects: [
          { key: 'a', sizeBytes: 1, lastModified: '' },
          { key: 'b', sizeBytes: 2, lastModified: '' },
        ],
      }),
    ).toBe(3);
  });
});
