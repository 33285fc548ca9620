// Pure: merges the Jobs of the backup CronJob with the objects they left in S3, and decides staleness.
import {
  RETENTION_FAILED_EXIT_CODE,
  type BackupHistory,
  type BackupObject,
  type BackupRecord,
  type StatusSection,
} from '@odin/plugin-redis-common';
import {
  BACKUP_CRONJOB_ANNOTATION,
  backupStampOf,
  nextScheduledRun,
} from '@odin/plugin-redis-node';
import type {
  CronJobObject,
  JobObject,
} from '../KubernetesReader/kubernetesObjects';
import { iso } from '../KubernetesReader/summarizeKubernetes';

/** Uploads finish a little after the Job's completion time is recorded. */
const UPLOAD_CLOCK_SLACK_MS = 60_000;

export interface BackupInputs {
  cronJob?: CronJobObject;
  jobs: JobObject[];
  objects: StatusSection<BackupObject[]>;
  bucket: string;
  prefix: string;
  now: Date;
  /** How long after a scheduled time a run may still be under way before the backup counts as stale. */
  staleGraceMs: number;
}

/**
 * The Job controller's reason and message of a failed Job, or, when the upload container exited
 * with RETENTION_FAILED_EXIT_CODE (its pod failure policy fails the Job at once), what that means.
 */
function failureMessage(failed: {
  reason?: string;
  message?: string;
}): string | undefined {
  if (
    failed.reason === 'PodFailurePolicy' &&
    new RegExp(`exit code ${RETENTION_FAILED_EXIT_CODE}\\b`).test(
      failed.message ?? '',
    )
  ) {
    return 'retention failed: the backup was uploaded and is kept, but older backups were not deleted (the backup role needs s3:ListBucket and s3:DeleteObject on its prefix)';
  }
  return (
    [failed.reason, failed.message].filter(Boolean).join(': ') || undefined
  );
}

function recordOfJob(job: JobObject): BackupRecord {
  const failed = job.status?.conditions?.find(
    condition => condition.type === 'Failed' && condition.status === 'True',
  );
  const startedAt = iso(job.status?.startTime);
  let finishedAt: string | undefined;
  let outcome: BackupRecord['outcome'] = 'running';
  if ((job.status?.succeeded ?? 0) > 0) {
    outcome = 'succeeded';
    finishedAt = iso(job.status?.completionTime);
  } else if (failed) {
    outcome = 'failed';
    finishedAt = iso(failed.lastTransitionTime);
  }
  const durationSeconds =
    startedAt && finishedAt
      ? Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 1000)
      : undefined;
  return {
    job: job.metadata?.name,
    outcome,
    startedAt,
    finishedAt,
    durationSeconds,
    message: failed ? failureMessage(failed) : undefined,
    objects: [],
  };
}

export function backupHistory(inputs: BackupInputs): BackupHistory {
  const { cronJob, now } = inputs;
  const cronJobName = cronJob?.metadata?.name;
  const records = inputs.jobs
    .filter(
      job =>
        job.metadata?.ownerReferences?.some(
          owner => owner.kind === 'CronJob' && owner.name === cronJobName,
        ) ||
        // On-demand backups (a final backup, a backup before a restore) have no owner.
        (cronJobName !== undefined &&
          job.metadata?.annotations?.[BACKUP_CRONJOB_ANNOTATION] ===
            cronJobName),
    )
    .map(recordOfJob);

  const objects = inputs.objects.status === 'ok' ? inputs.objects.data : [];
  const orphansByStamp = new Map<string, BackupRecord>();
  for (const object of objects) {
    const uploaded = Date.parse(object.lastModified);
    const owner = records.find(record => {
      if (!record.startedAt) return false;
      const end = record.finishedAt
        ? Date.parse(record.finishedAt)
        : now.getTime();
      return (
        uploaded >= Date.parse(record.startedAt) &&
        uploaded <= end + UPLOAD_CLOCK_SLACK_MS
      );
    });
    if (owner) {
      owner.objects.push(object);
      continue;
    }
    // Objects older than the Job history: one record per dump time stamp.
    const stamp =
      backupStampOf(object.key)?.toISOString() ?? object.lastModified;
    const record = orphansByStamp.get(stamp) ?? {
      outcome: 'succeeded' as const,
      startedAt: stamp,
      objects: [],
    };
    record.objects.push(object);
    if (!record.finishedAt || object.lastModified > record.finishedAt)
      record.finishedAt = object.lastModified;
    orphansByStamp.set(stamp, record);
  }
  const allRecords = [...records, ...orphansByStamp.values()].sort((a, b) =>
    (b.startedAt ?? b.finishedAt ?? '').localeCompare(
      a.startedAt ?? a.finishedAt ?? '',
    ),
  );

  const lastSuccessAt = allRecords
    .filter(record => record.outcome === 'succeeded')
    .map(record => record.finishedAt ?? record.startedAt)
    .filter((time): time is string => time !== undefined)
    .sort()
    .pop();
  const schedule = cronJob?.spec?.schedule;
  const suspended = cronJob?.spec?.suspend ?? false;
  let stale = false;
  if (schedule && !suspended) {
    const since = lastSuccessAt
      ? new Date(lastSuccessAt)
      : new Date(iso(cronJob?.metadata?.creationTimestamp) ?? now);
    const due = nextScheduledRun(schedule, cronJob?.spec?.timeZone, since);
    stale = due.getTime() + inputs.staleGraceMs < now.getTime();
  }

  const totalBytes = objects.reduce((sum, object) => sum + object.sizeBytes, 0);
  return {
    configured: cronJob !== undefined,
    schedule,
    suspended: cronJob ? suspended : undefined,
    lastSuccessAt,
    stale,
    records: allRecords,
    storage:
      inputs.objects.status === 'ok'
        ? {
            status: 'ok',
            data: {
              bucket: inputs.bucket,
              prefix: inputs.prefix,
              objectCount: objects.length,
              totalBytes,
            },
          }
        : inputs.objects,
  };
}
