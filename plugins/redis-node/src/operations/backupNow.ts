// An on-demand backup of an instance: a Job made from its backup CronJob's jobTemplate (as
// `kubectl create job --from=cronjob/...` makes one), waited for, and its objects verified in S3.
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  type BackupObject,
} from '@odin/plugin-redis-common';
import type { ApiObject, KubernetesCluster } from '../cluster/clusterAccess';
import {
  verifyBackupObjects,
  type BackupLocation,
  type BackupStore,
} from './backupObjects';
import { definedOnly, sleep } from './liveRedis';
import type { OperationTarget } from './operationLock';

/**
 * On a Job made from the CronJob: which CronJob it was made from (it has no owner reference, see
 * `backupNow`). The annotation `cronjob.kubernetes.io/instantiate: manual` is kubectl's own.
 *
 * @public
 */
export const BACKUP_CRONJOB_ANNOTATION = 'odin.dev/backup-cronjob';
/** On a Job made from the CronJob: who asked for it. */
const REQUESTED_BY_ANNOTATION = 'odin.dev/requested-by';
/** The CronJob the apply renders for an order with backups (redis-common's render/backup.ts). */
const backupCronJobName = (instance: string) => `${instance}-backup`;
/** A finished on-demand Job stays a day for its logs; the TTL controller then deletes it and its pod. */
const FINISHED_JOB_TTL_SECONDS = 86_400;

interface EnvVar {
  name: string;
  value?: string;
}

interface ContainerSpec {
  name: string;
  env?: EnvVar[];
}

/** The backup CronJob as the apply stored it. */
export interface BackupCronJob extends ApiObject {
  metadata: ApiObject['metadata'] & { name: string; uid?: string };
  spec?: {
    jobTemplate?: {
      metadata?: { labels?: Record<string, string> };
      spec?: {
        template?: {
          spec?: {
            initContainers?: ContainerSpec[];
            containers?: ContainerSpec[];
          };
        };
        [field: string]: unknown;
      };
    };
  };
}

interface JobObject extends ApiObject {
  status?: {
    startTime?: string;
    completionTime?: string;
    succeeded?: number;
    failed?: number;
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }[];
  };
}

/**
 * Where a backup of the instance goes, and how many objects one run leaves (one per shard in
 * cluster mode), read from the CronJob itself: what its Job runs is what is checked.
 *
 * @public
 */
export interface BackupTarget extends BackupLocation {
  cronJob: string;
  mode: 'single' | 'cluster';
  expectedObjects: number;
}

/**
 * The instance's backup CronJob `<name>-backup`; undefined when the order has no backup.
 *
 * @public
 */
export async function readBackupCronJob(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<BackupCronJob | undefined> {
  return cluster.get<BackupCronJob>({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: backupCronJobName(instance.name),
      namespace: instance.namespace,
    },
  });
}

function envOf(container: ContainerSpec | undefined): Map<string, string> {
  return new Map(
    (container?.env ?? [])
      .filter(env => env.value !== undefined)
      .map(env => [env.name, env.value as string]),
  );
}

/**
 * Reads the bucket, region, prefix and mode from the CronJob's containers; in cluster mode the
 * number of shards from the RedisCluster.
 *
 * @public
 */
export async function backupTargetOf(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  cronJob: BackupCronJob,
): Promise<BackupTarget> {
  const pod = cronJob.spec?.jobTemplate?.spec?.template?.spec;
  const dump = envOf(pod?.initContainers?.find(c => c.name === 'dump'));
  const upload = envOf(pod?.containers?.find(c => c.name === 'upload'));
  const bucket = upload.get('S3_BUCKET');
  const prefix = upload.get('S3_PREFIX');
  const region = upload.get('AWS_REGION');
  const name = cronJob.metadata.name;
  if (!bucket || !prefix || !region)
    throw new InputError(
      `The backup CronJob ${instance.namespace}/${name} names no S3 bucket, prefix or region (env S3_BUCKET, S3_PREFIX, AWS_REGION of its upload container): set /flavour/backup/s3Bucket in the order and apply it`,
    );
  const mode = dump.get('REDIS_MODE') === 'cluster' ? 'cluster' : 'single';
  let expectedObjects = 1;
  if (mode === 'cluster') {
    const redisCluster = await cluster.get<{ spec?: { clusterSize?: number } }>(
      {
        apiVersion: OPERATOR_API_VERSION,
        kind: 'RedisCluster',
        metadata: { name: instance.name, namespace: instance.namespace },
      },
    );
    expectedObjects = redisCluster?.spec?.clusterSize ?? 0;
    if (expectedObjects < 1)
      throw new NotFoundError(
        `${instance.namespace}/${instance.name} has a cluster-mode backup but no RedisCluster with a clusterSize on cluster "${cluster.name}"`,
      );
  }
  return {
    cronJob: name,
    bucket,
    region,
    prefix: `${prefix}/`,
    mode,
    expectedObjects,
  };
}

/** @public */
export interface BackupNowOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  store: BackupStore;
  /** Who asks; recorded on the Job. */
  requester: string;
  /** The middle of the Job's name `<name>-<purpose>-<UTC stamp>`. Default `manual`. */
  purpose?: string;
  /** How long the Job may take, and the verification. Default 10 minutes. */
  timeoutMs?: number;
  /** Interval of the Job's polls. Default 1 s. */
  pollIntervalMs?: number;
  /** Field manager of the Job's create. */
  fieldManager: string;
  onProgress?: (message: string) => void;
}

/** @public */
export interface BackupNowResult {
  job: string;
  bucket: string;
  region: string;
  prefix: string;
  /** The objects the Job left, each verified non-empty: one, or one per shard. */
  objects: BackupObject[];
  /** The Job's start and completion, as its status has them. */
  startedAt: string;
  completedAt: string;
  durationMs: number;
}

/** `20261201T194700Z` as a name part: `20261201t194700z`. */
function nameStamp(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d{3}Z$/, 'z')
    .replace(/[-:]/g, '')
    .toLowerCase();
}

/** The Job `kubectl create job --from=cronjob/<cronJob>` makes, with our annotations and a TTL. */
export function backupJobFrom(
  cronJob: BackupCronJob,
  name: string,
  requester: string,
): ApiObject {
  const template = cronJob.spec?.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata.namespace,
      labels: template?.metadata?.labels,
      annotations: {
        'cronjob.kubernetes.io/instantiate': 'manual',
        [BACKUP_CRONJOB_ANNOTATION]: cronJob.metadata.name,
        [REQUESTED_BY_ANNOTATION]: requester,
      },
    },
    spec: {
      ...template?.spec,
      ttlSecondsAfterFinished: FINISHED_JOB_TTL_SECONDS,
    },
  };
}

function conditionOf(job: JobObject, type: string) {
  return job.status?.conditions?.find(
    condition => condition.type === type && condition.status === 'True',
  );
}

/**
 * Runs a backup of the instance now: a Job from its backup CronJob's jobTemplate, named
 * `<name>-<purpose>-<stamp>`, waited for until it succeeds, then its objects verified in S3 (each
 * stamped and uploaded at or after the Job's start, non-empty, one per shard in cluster mode).
 *
 * The Job has no owner reference to the CronJob (kubectl's has one): a final backup outlives the
 * CronJob, which is deleted with the instance, and the garbage collector would delete the Job and
 * its logs with it. `ttlSecondsAfterFinished` removes it a day after it finishes instead.
 *
 * Refused with an InputError naming `/flavour/backup` when the instance has no backup CronJob. A
 * failed Job, or one still running at the timeout, is a ServiceUnavailableError naming the Job; a
 * Job that succeeded without its objects in S3 is a NotFoundError naming the location.
 *
 * @public
 */
export async function backupNow(
  options: BackupNowOptions,
): Promise<BackupNowResult> {
  const settings = {
    purpose: 'manual',
    timeoutMs: 600_000,
    pollIntervalMs: 1_000,
    ...definedOnly(options),
  };
  const { cluster, instance } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const started = new Date();
  const cronJob = await readBackupCronJob(cluster, instance);
  if (!cronJob)
    throw new InputError(
      `${where} has no backup configured (no CronJob ${backupCronJobName(
        instance.name,
      )} on cluster "${
        cluster.name
      }"): enable /flavour/backup in the order and apply it`,
    );
  const target = await backupTargetOf(cluster, instance, cronJob);
  // A Job's name is also its pods' job-name label: at most 63 characters, so a long instance name is cut.
  const suffix = `-${settings.purpose}-${nameStamp(started)}`;
  const name = `${instance.name.slice(0, 63 - suffix.length)}${suffix}`;
  await cluster.create(backupJobFrom(cronJob, name, options.requester), {
    fieldManager: options.fieldManager,
  });
  options.onProgress?.(`Created backup Job ${instance.namespace}/${name}`);

  const deadline = started.getTime() + settings.timeoutMs;
  let job: JobObject | undefined;
  for (;;) {
    job = await cluster.get<JobObject>({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: instance.namespace },
    });
    if (!job)
      throw new NotFoundError(
        `The backup Job ${instance.namespace}/${name} was deleted before it finished`,
      );
    if (conditionOf(job, 'Complete') || (job.status?.succeeded ?? 0) > 0) break;
    const failed = conditionOf(job, 'Failed');
    if (failed)
      throw new ServiceUnavailableError(
        `The backup Job ${instance.namespace}/${name} failed${
          failed.reason ? ` (${failed.reason})` : ''
        }: ${
          failed.message ?? 'no message'
        }; its pods' logs say why (kubectl logs -n ${
          instance.namespace
        } job/${name} -c upload, and -c dump)`,
      );
    if (Date.now() >= deadline)
      throw new ServiceUnavailableError(
        `The backup Job ${
          instance.namespace
        }/${name} did not finish within ${Math.round(
          settings.timeoutMs / 1000,
        )} s; it is left running`,
      );
    await sleep(settings.pollIntervalMs);
  }
  const startedAt = job.status?.startTime ?? started.toISOString();
  const completedAt = job.status?.completionTime ?? new Date().toISOString();
  const objects = await verifyBackupObjects(options.store, target, {
    since: new Date(startedAt),
    expectedObjects: target.expectedObjects,
  });
  options.onProgress?.(
    `Verified ${objects
      .map(
        object =>
          `s3://${target.bucket}/${object.key} (${object.sizeBytes} bytes)`,
      )
      .join(', ')}`,
  );
  return {
    job: name,
    bucket: target.bucket,
    region: target.region,
    prefix: target.prefix,
    objects,
    startedAt,
    completedAt,
    durationMs: Date.now() - started.getTime(),
  };
}
