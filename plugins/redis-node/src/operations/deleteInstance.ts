// Delete of an instance with a final backup: the typed name confirmed, a backup Job run and its objects
// verified in S3 before anything is deleted, `storage.keepAfterDelete` set as chosen, then the custom
// resources and every object the ApplySet parent records, the parent last. Under the instance's lock.
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import {
  DELETE_OPERATION,
  OPERATOR_API_VERSION,
  REDIS_FIELD_MANAGER,
  authSecretRef,
  validateInstance,
  type BackupObject,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { objectRef } from '../apply/applyInstance';
import {
  applySetParentOf,
  recordedMembers,
  recordedOrder,
} from '../apply/applySet';
import { expectedStatefulSets } from '../apply/readiness';
import type {
  ApiObject,
  KubernetesCluster,
  ObjectIdentity,
} from '../cluster/clusterAccess';
import { backupStoreOf, type BackupStoreSettings } from './backupObjects';
import { backupNow, backupTargetOf, readBackupCronJob } from './backupNow';
import { definedOnly, sleep } from './liveRedis';
import { operationHistoryName, type InvolvedObject } from './operationHistory';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';

/** The field manager of `storage.keepAfterDelete`: its own, so the order's manager keeps what it owns. */
const DELETE_FIELD_MANAGER = `${REDIS_FIELD_MANAGER}-delete`;
const OPERATOR_KINDS = [
  'RedisCluster',
  'RedisReplication',
  'Redis',
  'RedisSentinel',
];

/** @public */
export interface DeleteInstanceOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  /** The instance's name, typed again by the user; anything else is refused. */
  confirmName: string;
  /** Keep the PersistentVolumeClaims (the operator's `storage.keepAfterDelete`). Default true. */
  keepVolumes?: boolean;
  /** Delete without a final backup; only when the user chose it. Default false. */
  skipFinalBackup?: boolean;
  /** Who asks, e.g. `user:default/alice`: the lock's holder and the history's requester. */
  requester: string;
  /** How the final backup is verified in S3 (credentials from the AWS SDK's default chain). */
  s3: BackupStoreSettings;
  /** Only what would be deleted and kept (and a server dry run of each delete); nothing is written. */
  dryRun?: boolean;
  /** The lock's duration: the final backup, and the wait for the operator's finalizers. Default 15 minutes. */
  timeoutMs?: number;
  /** How long the final backup Job may take. Default 10 minutes. */
  backupTimeoutMs?: number;
  pollIntervalMs?: number;
  onProgress?: (message: string) => void;
}

/** @public */
export interface DeleteInstanceResult {
  /** The history entry; undefined for a dry run. */
  id?: string;
  dryRun: boolean;
  /** The final backup: its Job and the verified objects; undefined when skipped. */
  finalBackup?: {
    job?: string;
    bucket: string;
    prefix: string;
    objects: BackupObject[];
    durationMs?: number;
  };
  /** `Kind namespace/name` of what was (or would be) deleted, in order. */
  deleted: string[];
  /** What stays, with why: the claims when kept, a Secret the team made, the history. */
  kept: string[];
  durationMs: number;
  /** The delete itself, after the backup. */
  deleteMs?: number;
}

const DEFAULTS = {
  keepVolumes: true,
  skipFinalBackup: false,
  timeoutMs: 900_000,
  backupTimeoutMs: 600_000,
  pollIntervalMs: 1_000,
};

interface StoredResource extends ApiObject {
  metadata: ApiObject['metadata'] & { name: string; uid?: string };
  spec?: { storage?: Record<string, unknown> };
}

/** The recorded order; an instance the portal did not apply (no parent) is refused saying so. */
async function recordedInstance(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<{ config: ResolvedInstance; members: ObjectIdentity[] }> {
  const where = `${instance.namespace}/${instance.name}`;
  const parent = await cluster.get(applySetParentOf(instance));
  if (!parent)
    throw new NotFoundError(
      `${where} on cluster "${cluster.name}" has no ApplySet parent ConfigMap ${instance.name}-applyset: it was not applied by the portal or the CLI, or is deleted already`,
    );
  const order = recordedOrder(parent);
  const { config } = order ? validateInstance(order) : { config: undefined };
  if (!config)
    throw new NotFoundError(
      `${where} has no valid recorded order in ConfigMap ${instance.name}-applyset: apply it once with redis:apply or redis-flavour apply, then delete it`,
    );
  return { config, members: recordedMembers(parent) };
}

const isOperatorKind = (member: ObjectIdentity) =>
  member.apiVersion === OPERATOR_API_VERSION &&
  OPERATOR_KINDS.includes(member.kind);

/**
 * What a delete removes, in order: the backup CronJob (no scheduled run during the delete), the
 * custom resources (data first; the operator's finalizer stops the pods and deletes or keeps the
 * claims), the other members in reverse of their apply order, a generated password Secret, and the
 * ApplySet parent last, so that a delete stopped half-way can run again.
 */
export function deletionOrder(
  config: ResolvedInstance,
  members: ObjectIdentity[],
): ObjectIdentity[] {
  const namespace = config.flavour.namespace;
  const cronJob = members.filter(member => member.kind === 'CronJob');
  const resources = OPERATOR_KINDS.flatMap(kind =>
    members.filter(member => isOperatorKind(member) && member.kind === kind),
  );
  const others = members
    .filter(member => !cronJob.includes(member) && !resources.includes(member))
    .reverse();
  const secret = authSecretRef(config);
  const generatedSecret: ObjectIdentity[] = secret?.generated
    ? [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: secret.name, namespace },
        },
      ]
    : [];
  return [
    ...cronJob,
    ...resources,
    ...others,
    ...generatedSecret,
    applySetParentOf({ namespace, name: config.name }),
  ];
}

async function claimsOf(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
): Promise<ApiObject[]> {
  const sets = expectedStatefulSets(config).map(set => set.name);
  // The operator's claim templates carry `app: <StatefulSet>`, as its pods do.
  const lists = await Promise.all(
    sets.map(set =>
      cluster.list({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: config.flavour.namespace,
        labelSelector: `app=${set}`,
      }),
    ),
  );
  return lists
    .flat()
    .map(claim => ({ ...claim, kind: 'PersistentVolumeClaim' }));
}

/**
 * Deletes an instance. Refused, with nothing changed, when `confirmName` is not the instance's name,
 * when the instance has no backup configured (unless `skipFinalBackup`, naming `/flavour/backup`), when
 * another operation holds the lock, or when the final backup fails or is not found in S3.
 *
 * Otherwise, under the lock: a backup Job from the instance's CronJob (`<name>-final-<stamp>`), waited
 * for, its objects verified in S3 (each non-empty, one per shard in cluster mode); then
 * `storage.keepAfterDelete` set on each custom resource with storage as `keepVolumes` says; then the
 * deletes in `deletionOrder`, waiting for the operator to finish each custom resource. The history
 * ConfigMap `<name>-operations` stays, with this run in it: the record of who deleted the instance and
 * where its final backup is outlives the instance, until the namespace goes.
 *
 * @public
 */
export async function deleteInstance(
  options: DeleteInstanceOptions,
): Promise<DeleteInstanceResult> {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { cluster, instance, requester } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const started = new Date();
  if (options.confirmName !== instance.name)
    throw new InputError(
      `confirmName: type the instance's name "${instance.name}" to delete ${where}; "${options.confirmName}" does not match`,
    );
  const { config, members } = await recordedInstance(cluster, instance);
  const order = deletionOrder(config, members);
  const resources: StoredResource[] = [];
  for (const member of order.filter(isOperatorKind)) {
    const stored = await cluster.get<StoredResource>(member);
    if (stored) resources.push(stored);
  }
  const data =
    resources.find(resource => resource.kind !== 'RedisSentinel') ??
    resources[0];
  const involvedObject: InvolvedObject = data
    ? {
        apiVersion: OPERATOR_API_VERSION,
        kind: data.kind!,
        name: data.metadata.name,
        uid: data.metadata.uid,
      }
    : {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: applySetParentOf(instance).metadata.name,
      };
  const claims = await claimsOf(cluster, config);
  const claimRefs = claims.map(claim => objectRef(claim));
  const existingSecret = authSecretRef(config);
  const kept = [
    ...(settings.keepVolumes
      ? claimRefs.map(ref => `${ref} (keepVolumes)`)
      : []),
    ...(existingSecret && !existingSecret.generated
      ? [
          `Secret ${instance.namespace}/${existingSecret.name} (the team's own password Secret)`,
        ]
      : []),
    `ConfigMap ${instance.namespace}/${operationHistoryName(
      instance.name,
    )} (the operation history, with this delete)`,
  ];
  const deletedRefs = [
    ...order.map(objectRef),
    ...(settings.keepVolumes ? [] : claimRefs),
  ];
  const cronJob = await readBackupCronJob(cluster, instance);
  const noBackup = () =>
    new InputError(
      `${where} has no backup configured (/flavour/backup is off, no CronJob ${instance.name}-backup): enable /flavour/backup and apply the order to get a final backup, or set skipFinalBackup to delete without one`,
    );

  if (options.dryRun) {
    if (!cronJob && !settings.skipFinalBackup) throw noBackup();
    // The server checks each delete (and the caller's rights to it) without deleting.
    for (const member of order) await cluster.delete(member, { dryRun: true });
    const target =
      cronJob && !settings.skipFinalBackup
        ? await backupTargetOf(cluster, instance, cronJob)
        : undefined;
    return {
      dryRun: true,
      finalBackup: target && {
        bucket: target.bucket,
        prefix: target.prefix,
        objects: [],
      },
      deleted: deletedRefs,
      kept,
      durationMs: Date.now() - started.getTime(),
    };
  }

  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject,
    operation: DELETE_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs,
    started,
    details: {
      keepVolumes: settings.keepVolumes,
      skipFinalBackup: settings.skipFinalBackup,
    },
  });
  let details: Record<string, unknown> = {};
  const deleted: string[] = [];
  const keepSetOn: string[] = [];
  let refused = false;
  try {
    if (!cronJob && !settings.skipFinalBackup) {
      const error = noBackup();
      await record('refused', error.message, { precondition: 'backup' });
      refused = true;
      throw error;
    }
    let finalBackup: DeleteInstanceResult['finalBackup'];
    if (!settings.skipFinalBackup) {
      const backup = await backupNow({
        cluster,
        instance,
        store: backupStoreOf(options.s3),
        requester,
        purpose: 'final',
        timeoutMs: settings.backupTimeoutMs,
        pollIntervalMs: settings.pollIntervalMs,
        fieldManager: REDIS_FIELD_MANAGER,
        onProgress: options.onProgress,
      });
      finalBackup = {
        job: backup.job,
        bucket: backup.bucket,
        prefix: backup.prefix,
        objects: backup.objects,
        durationMs: backup.durationMs,
      };
      details = { finalBackup };
    }
    const deleteStarted = Date.now();
    for (const resource of resources) {
      if (!resource.spec?.storage) continue;
      await cluster.apply(
        {
          apiVersion: resource.apiVersion,
          kind: resource.kind,
          metadata: {
            name: resource.metadata.name,
            namespace: instance.namespace,
          },
          spec: { storage: { keepAfterDelete: settings.keepVolumes } },
        },
        { fieldManager: DELETE_FIELD_MANAGER, force: true },
      );
      keepSetOn.push(objectRef(resource));
      options.onProgress?.(
        `Set storage.keepAfterDelete: ${settings.keepVolumes} on ${objectRef(
          resource,
        )}`,
      );
    }
    const deadline = started.getTime() + settings.timeoutMs;
    for (const member of order) {
      const ref = objectRef(member);
      if (await cluster.delete(member)) deleted.push(ref);
      options.onProgress?.(`Deleted ${ref}`);
      if (!isOperatorKind(member)) continue;
      // The operator's finalizer stops the pods and deletes or keeps the claims; then the object goes.
      while (await cluster.get(member)) {
        if (Date.now() >= deadline)
          throw new ServiceUnavailableError(
            `${ref} is still being deleted after ${Math.round(
              settings.timeoutMs / 1000,
            )} s: is the operator running? Deleted so far: ${deleted.join(
              ', ',
            )}. Running the delete again continues it.`,
          );
        await sleep(settings.pollIntervalMs);
      }
    }
    const remaining = new Set(
      (await claimsOf(cluster, config))
        .filter(claim => !claim.metadata?.deletionTimestamp)
        .map(claim => objectRef(claim)),
    );
    const claimsKept = claimRefs.filter(ref => remaining.has(ref));
    if (!settings.keepVolumes)
      deleted.push(...claimRefs.filter(ref => !remaining.has(ref)));
    const keptNow = [
      ...claimsKept.map(ref =>
        settings.keepVolumes
          ? `${ref} (keepVolumes)`
          : `${ref} (still there: the operator did not delete it)`,
      ),
      ...kept.filter(entry => !entry.startsWith('PersistentVolumeClaim ')),
    ];
    const deleteMs = Date.now() - deleteStarted;
    details = { ...details, deleted, kept: keptNow, deleteMs };
    await record(
      'succeeded',
      `Deleted ${where}${
        finalBackup
          ? ` after a final backup verified in s3://${
              finalBackup.bucket
            }/ (${finalBackup.objects.map(object => object.key).join(', ')})`
          : ' without a final backup (skipFinalBackup)'
      }; ${
        claimsKept.length
          ? `kept ${claimsKept.length} volume claim(s)`
          : 'no volume claim kept'
      }.`,
      details,
    );
    return {
      id,
      dryRun: false,
      finalBackup,
      deleted,
      kept: keptNow,
      durationMs: Date.now() - started.getTime(),
      deleteMs,
    };
  } catch (error) {
    if (refused || !isError(error)) throw error;
    if (deleted.length === 0)
      error.message = `${error.message}. Nothing was deleted${
        keepSetOn.length
          ? `; storage.keepAfterDelete is now ${
              settings.keepVolumes
            } on ${keepSetOn.join(', ')}`
          : ''
      }.`;
    await record('failed', error.message, { ...details, deleted });
    throw error;
  } finally {
    await lock.release();
  }
}
