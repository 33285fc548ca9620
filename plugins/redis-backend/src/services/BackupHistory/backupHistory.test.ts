import { backupHistory } from './backupHistory';

const cronJob = {
  metadata: {
    name: 'orders-backup',
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: { schedule: '0 2 * * *', jobTemplate: {} },
};
const job = (name: string, start: string, end: string, succeeded: boolean) => ({
  metadata: {
    name,
    ownerReferences: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'orders-backup',
        uid: 'u',
      },
    ],
  },
  status: succeeded
    ? { startTime: start, completionTime: end, succeeded: 1 }
    : {
        startTime: start,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            lastTransitionTime: end,
          },
        ],
      },
});

describe('backupHistory', () => {
  it('names a failed retention step as such, the upload kept, apart from other failures', () => {
    const failedWith = (name: string, reason: string, message: string) => ({
      metadata: job(name, '', '', true).metadata,
      status: {
        startTime: '2026-01-05T02:00:00Z',
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason,
            message,
            lastTransitionTime: '2026-01-05T02:01:00Z',
          },
        ],
      },
    });
    const history = backupHistory({
      cronJob,
      jobs: [
        // As the Job controller words a FailJob of the upload container's pod failure policy.
        failedWith(
          'orders-backup-retention',
          'PodFailurePolicy',
          'Container upload for pod shop/orders-backup-retention-x7k2p failed with exit code 3 matching FailJob rule at index 0',
        ),
        failedWith(
          'orders-backup-upload',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
        ),
      ],
      objects: { status: 'ok', data: [] },
      bucket: 'orders-backups',
      prefix: 'shop/orders/',
      now: new Date('2026-01-05T03:00:00Z'),
      staleGraceMs: 3_600_000,
    });
    expect(history.records.map(record => [record.job, record.message])).toEqual(
      expect.arrayContaining([
        [
          'orders-backup-retention',
          'retention failed: the backup was uploaded and is kept, but older backups were not deleted (the backup role needs s3:ListBucket and s3:DeleteObject on its prefix)',
        ],
        [
          'orders-backup-upload',
          'BackoffLimitExceeded: Job has reached the specified backoff limit',
        ],
      ]),
    );
  });

  it('attaches objects to the Job that wrote them and keeps older objects as their own records', () => {
    const history = backupHistory({
      cronJob,
      jobs: [
        job(
          'orders-backup-2',
          '2026-01-05T02:00:00Z',
          '2026-01-05T02:00:20Z',
          true,
        ),
        job(
          'orders-backup-3',
          '2026-01-06T02:00:00Z',
          '2026-01-06T02:00:09Z',
          false,
        ),
      ],
      objects: {
        status: 'ok',
        data: [
          {
            key: 'shop/orders/20260101T020000Z.rdb',
            sizeBytes: 10,
            lastModified: '2026-01-01T02:00:15.000Z',
          },
          {
            key: 'shop/orders/20260105T020001Z.rdb',
            sizeBytes: 12,
            lastModified: '2026-01-05T02:00:18.000Z',
          },
        ],
      },
      bucket: 'b',
      prefix: 'shop/orders/',
      now: new Date('2026-01-06T03:00:00Z'),
      staleGraceMs: 3_600_000,
    });
    expect(
      history.records.map(record => [
        record.job,
        record.outcome,
        record.objects.length,
      ]),
    ).toEqual([
      ['orders-backup-3', 'failed', 0],
      ['orders-backup-2', 'succeeded', 1],
      [undefined, 'succeeded', 1],
    ]);
    expect(history.records[0].message).toBe('BackoffLimitExceeded');
    expect(history.records[1].durationSeconds).toBe(20);
    expect(history.lastSuccessAt).toBe('2026-01-05T02:00:20.000Z');
    expect(history.stale).toBe(false);
  });

  it('keeps the per-shard objects of an older cluster dump together, multi-range names included', () => {
    const shard = (name: string) => ({
      key: `shop/ring/${name}`,
      sizeBytes: 10,
      lastModified: '2026-01-01T02:00:15.000Z',
    });
    const history = backupHistory({
      cronJob,
      jobs: [],
      objects: {
        status: 'ok',
        data: [
          shard('20260101T020000Z-0-1364_5461-6826.rdb'),
          shard('20260101T020000Z-1365-5460_6827-10922.rdb'),
          shard('20260101T020000Z-10923-16383.rdb'),
        ],
      },
      bucket: 'b',
      prefix: 'shop/ring/',
      now: new Date('2026-01-01T03:00:00Z'),
      staleGraceMs: 3_600_000,
    });
    expect(
      history.records.map(record => [record.startedAt, record.objects.length]),
    ).toEqual([['2026-01-01T02:00:00.000Z', 3]]);
  });

  it('counts an on-demand Job made from the CronJob, and no Job of another CronJob', () => {
    const onDemand = (name: string, cronJobName: string) => ({
      metadata: {
        name,
        annotations: {
          'cronjob.kubernetes.io/instantiate': 'manual',
          'odin.dev/backup-cronjob': cronJobName,
        },
      },
      status: {
        startTime: '2026-01-05T10:00:00Z',
        completionTime: '2026-01-05T10:00:05Z',
        succeeded: 1,
      },
    });
    const history = backupHistory({
      cronJob,
      jobs: [
        onDemand('orders-final-20260105t100000z', 'orders-backup'),
        onDemand('other-final-20260105t100000z', 'other-backup'),
      ],
      objects: {
        status: 'ok',
        data: [
          {
            key: 'shop/orders/20260105T100001Z.rdb',
            sizeBytes: 12,
            lastModified: '2026-01-05T10:00:04.000Z',
          },
        ],
      },
      bucket: 'b',
      prefix: 'shop/orders/',
      now: new Date('2026-01-05T11:00:00Z'),
      staleGraceMs: 3_600_000,
    });
    expect(
      history.records.map(record => [record.job, record.objects.length]),
    ).toEqual([['orders-final-20260105t100000z', 1]]);
  });

  it('is stale once a scheduled run plus the grace period passed without a success', () => {
    const history = backupHistory({
      cronJob,
      jobs: [],
      objects: { status: 'ok', data: [] },
      bucket: 'b',
      prefix: 'p/',
      now: new Date('2026-01-01T03:30:00Z'),
      staleGraceMs: 3_600_000,
    });
    expect(history.stale).toBe(true);
  });
});
