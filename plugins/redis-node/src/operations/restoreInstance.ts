// Restore of a backup into a NEW instance, never in place (ElastiCache's rule): the source's recorded
// order under the target's name, applied with an init container that loads the chosen RDB into each
// empty data volume, then checked against the key count the dump's header names. Every run is recorded.
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  RESTORE_OPERATION,
  instanceLabelSelector,
  instanceMaxmemory,
  ownerAnnotations,
  redisAccessRefs,
  redisTopology,
  stampedOwner,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import {
  RESTORED_FROM_ANNOTATION,
  applySetParentOf,
  validRecordedOrder,
} from '../apply/applySet';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  backupStoreOf,
  backupPrefix,
  type BackupStoreSettings,
} from './backupObjects';
import type { FailoverCheck } from './failoverChecks';
import {
  authOf,
  definedOnly,
  errorMessage,
  sleep,
  withRedis,
  type CustomResource,
  type PodObject,
} from './liveRedis';
import { recordOperation, type InvolvedObject } from './operationHistory';
import {
  acquireOperationLock,
  type OperationLock,
  type OperationTarget,
} from './operationLock';
import { startOperationRun } from './operationRun';
import { readRdbHeader, type RdbHeader } from './rdbHeader';
import {
  assessRestoreSource,
  assessRestored,
  chooseBackupObject,
  type RestoredNode,
} from './restoreChecks';
import { withRestoreContainer } from './restoreContainer';

/** @public */
export interface RestoreOptions {
  cluster: KubernetesCluster;
  /** The instance whose backup is restored; its recorded order is the new instance's. */
  source: OperationTarget;
  /** An object key under the source's prefix, its name (`<stamp>.rdb`), or `latest`. */
  backup: string;
  /** The new instance: a name no instance has in its namespace (the source's by default). */
  target: { name: string; namespace?: string };
  /** Who asks, e.g. `user:default/alice`: the locks' holder and the history's requester. */
  requester: string;
  /** How the portal reaches the backup bucket (the header is read with ranged GETs). */
  s3: BackupStoreSettings;
  /** The checks and the server dry run of the new instance only; nothing is written, locked or recorded. */
  dryRun?: boolean;
  /** The locks' duration, and how long the new pods and the key count may take. Default 15 minutes. */
  timeoutMs?: number;
  /** Connect and command timeout of each Redis request. Default 2 s. */
  redisTimeoutMs?: number;
  /** Interval of the post-checks' polls. Default 1 s. */
  pollIntervalMs?: number;
  onProgress?: (message: string) => void;
}

/**
 * The backup a restore took, as its header and listing describe it.
 *
 * @public
 */
export interface RestoredBackup {
  bucket: string;
  key: string;
  sizeBytes: number;
  rdbVersion: number;
  redisVersion?: string;
  usedMemoryBytes?: number;
  /** The first database of the dump and its key count, which the new instance must hold. */
  database?: { db: number; keys: number; expires: number };
}

/** @public */
export interface RestoreResult {
  /** The history entry (in the source's and the target's history); undefined for a dry run. */
  id?: string;
  dryRun: boolean;
  source: OperationTarget;
  target: OperationTarget;
  backup: RestoredBackup;
  preChecks: FailoverCheck[];
  postChecks: FailoverCheck[];
  /** The new instance's objects, created (or in a dry run, to be). */
  objects: string[];
  durationMs: number;
}

const DEFAULTS = {
  timeoutMs: 900_000,
  redisTimeoutMs: 2_000,
  pollIntervalMs: 1_000,
};

/** The order an instance's ApplySet parent records, validated; a cluster-mode one is refused. */
async function sourceOrder(
  cluster: KubernetesCluster,
  source: OperationTarget,
): Promise<ResolvedInstance> {
  const where = `${source.namespace}/${source.name}`;
  const config = await validRecordedOrder(cluster, source, 'restore');
  if (config.flavour.deploymentMode === 'cluster')
    throw new InputError(
      `${where} runs in cluster mode: restoring per-shard backups into a new cluster is not built yet`,
    );
  if (!config.flavour.backup.enabled || !config.flavour.backup.s3Bucket)
    throw new InputError(
      `/flavour/backup/s3Bucket: ${where} has no backups to restore (its order has no backup bucket)`,
    );
  if (!config.flavour.persistence.enabled)
    throw new InputError(
      `/flavour/persistence/enabled: ${where} has no volumes, and the restore loads the dump into the new instance's data volume; order the source with persistence first`,
    );
  return config;
}

/** The source's order under the target's name and namespace, validated again. */
function targetOrder(
  config: ResolvedInstance,
  target: OperationTarget,
): ResolvedInstance {
  // A password of its own: a Secret the source's order names stays the source's, and a rotation of
  // one instance must not change the other's.
  const { existingSecret: _shared, ...authentication } =
    config.root.authentication ?? {};
  const result = validateInstance({
    name: target.name,
    root: { ...config.root, authentication },
    flavour: { ...config.flavour, namespace: target.namespace },
  });
  if (!result.config)
    throw new InputError(
      `target: ${target.namespace}/${
        target.name
      } cannot take the order of the source: ${result.errors
        .map(issue => `${issue.pointer}: ${issue.message}`)
        .join('; ')}`,
    );
  return result.config;
}

async function dataResource(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
): Promise<CustomResource | undefined> {
  return cluster.get<CustomResource>({
    apiVersion: OPERATOR_API_VERSION,
    kind: redisTopology(config).dataKind,
    metadata: { name: config.name, namespace: config.flavour.namespace },
  });
}

function involvedObjectOf(
  config: ResolvedInstance,
  resource: CustomResource | undefined,
): InvolvedObject {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind: redisTopology(config).dataKind,
    name: config.name,
    uid: resource?.metadata.uid,
  };
}

/** Refuses a target name any instance (an ApplySet parent, or a data custom resource of any kind) has. */
async function refuseExistingTarget(
  cluster: KubernetesCluster,
  target: OperationTarget,
): Promise<void> {
  const where = `${target.namespace}/${target.name}`;
  const found = await Promise.all([
    cluster.get(applySetParentOf(target)),
    ...['Redis', 'RedisReplication', 'RedisCluster', 'RedisSentinel'].map(
      kind =>
        cluster.get({
          apiVersion: OPERATOR_API_VERSION,
          kind,
          metadata: { name: target.name, namespace: target.namespace },
        }),
    ),
  ]);
  const existing = found.flatMap(object =>
    object ? [`${object.kind} ${object.metadata?.name}`] : [],
  );
  if (existing.length > 0)
    throw new ConflictError(
      `target: ${where} exists (${existing.join(
        ', ',
      )}); a restore creates a new instance and never writes into one: choose another name`,
    );
}

function backupOf(
  bucket: string,
  key: string,
  sizeBytes: number,
  header: RdbHeader,
): RestoredBackup {
  return {
    bucket,
    key,
    sizeBytes,
    rdbVersion: header.version,
    redisVersion: header.aux['redis-ver'],
    usedMemoryBytes: header.usedMemoryBytes,
    database: header.firstDatabase,
  };
}

/** What each data pod of the new instance holds in the dump's first database. */
async function restoredNodes(
  cluster: KubernetesCluster,
  target: OperationTarget,
  resource: CustomResource,
  db: number,
  timeoutMs: number,
): Promise<RestoredNode[]> {
  const access = redisAccessRefs([
    { kind: resource.kind ?? '', spec: resource.spec },
  ]);
  const auth = await authOf(
    cluster,
    target.namespace,
    access.dataPassword,
    access,
  );
  const pods = await cluster.list<PodObject>({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: target.namespace,
    labelSelector: instanceLabelSelector(target),
  });
  const dataPods = pods
    .filter(pod => pod.metadata?.labels?.role !== 'sentinel')
    .sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
  return Promise.all(
    dataPods.map(async pod => {
      const name = pod.metadata?.name ?? '';
      const host = pod.status?.podIP;
      if (!host) return { pod: name, error: 'no address' };
      try {
        const keys = await withRedis(
          { host, port: access.dataPort },
          auth,
          { connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs },
          async client => {
            await client.call('SELECT', String(db));
            return Number(await client.call('DBSIZE'));
          },
        );
        return { pod: name, keys };
      } catch (error) {
        return { pod: name, error: errorMessage(error) };
      }
    }),
  );
}

/**
 * Restores a backup of a standalone, replication or sentinel instance into a NEW instance: the
 * source's recorded order under the target's name (the owner stamped as on the source), applied with
 * an init container that downloads the chosen RDB into each empty data volume. Before anything is
 * written it checks that the target name is free, that the object exists and is not empty, and from
 * its first bytes (ranged GETs) that the target's Redis reads its RDB version and that its used-mem
 * fits the target's maxmemory. Afterwards every data pod holds the dump's key count. Runs under the
 * source's lock and the target's; every real run is recorded in both histories, refusals in the
 * source's. Restoring into the same instance is two steps: restore into a new one, then switch clients.
 *
 * @public
 */
export async function restoreInstance(
  options: RestoreOptions,
): Promise<RestoreResult> {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { cluster, source, requester } = options;
  const store = backupStoreOf(options.s3);
  const target: OperationTarget = {
    name: options.target.name,
    namespace: options.target.namespace ?? source.namespace,
  };
  const started = new Date();
  const progress = (message: string) => options.onProgress?.(message);
  const config = await sourceOrder(cluster, source);
  const next = targetOrder(config, target);
  const sourceResource = await dataResource(cluster, config);
  if (!sourceResource)
    throw new NotFoundError(
      `${source.namespace}/${source.name} has no ${
        redisTopology(config).dataKind
      } on cluster "${cluster.name}"`,
    );
  const owner = stampedOwner(sourceResource.metadata);
  const stamped = owner ? ownerAnnotations(owner) : undefined;
  const annotations =
    stamped && 'annotations' in stamped ? stamped.annotations : undefined;
  const { s3Bucket, s3Region } = config.flavour.backup;
  const bucket = s3Bucket!;
  const prefix = backupPrefix(source.namespace, source.name);
  const where = `s3://${bucket}/${prefix}`;

  /** The checks that refuse: the target name, the object, its header. */
  const preCheck = async () => {
    await refuseExistingTarget(cluster, target);
    const chosen = chooseBackupObject(
      await store.listObjects(bucket, s3Region, prefix),
      options.backup,
      prefix,
      where,
    );
    const { header, sizeBytes } = await readRdbHeader(store, {
      bucket,
      region: s3Region,
      key: chosen.key,
    });
    const maxmemory = instanceMaxmemory(next);
    const assessment = assessRestoreSource({
      header,
      sizeBytes,
      targetVersion: next.root.version,
      maxmemoryBytes: maxmemory.bytes,
    });
    const backup = backupOf(bucket, chosen.key, sizeBytes, header);
    const failed = assessment.checks.filter(check => !check.ok);
    if (failed.length > 0) {
      const error = new InputError(
        `backup: ${chosen.key} cannot be restored into ${target.namespace}/${
          target.name
        }: ${failed
          .map(check => `${check.name} failed (${check.figures})`)
          .join('; ')}${
          failed.some(check => check.name === 'dataset fits maxmemory')
            ? `; the target's maxmemory (${maxmemory.value}) follows /flavour/master/resources/limits/memory of the order, or /flavour/additionalConfig/maxmemory`
            : ''
        }`,
      );
      Object.assign(error, { checks: assessment.checks });
      throw error;
    }
    progress(
      `Backup ${chosen.key}: ${assessment.checks
        .map(check => check.figures)
        .join('; ')}`,
    );
    return { backup, header, checks: assessment.checks };
  };

  const applyTarget = (key: string, dryRun: boolean, timeoutMs?: number) =>
    applyInstance({
      cluster,
      config: next,
      dryRun,
      annotations,
      amendDataResource: resource => withRestoreContainer(resource, next, key),
      parentAnnotations: {
        [RESTORED_FROM_ANNOTATION]: JSON.stringify({
          namespace: source.namespace,
          name: source.name,
          key,
        }),
      },
      wait: timeoutMs === undefined ? undefined : { timeoutMs },
      onProgress: options.onProgress,
    });

  if (options.dryRun) {
    const { backup, checks } = await preCheck();
    const result = await applyTarget(backup.key, true);
    return {
      dryRun: true,
      source,
      target,
      backup,
      preChecks: checks,
      postChecks: [],
      objects: result.objects.map(object => object.ref),
      durationMs: Date.now() - started.getTime(),
    };
  }

  const run = await startOperationRun({
    cluster,
    instance: source,
    involvedObject: involvedObjectOf(config, sourceResource),
    operation: RESTORE_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs,
    started,
    details: {
      backup: options.backup,
      target: `${target.namespace}/${target.name}`,
    },
  });
  let checked: Awaited<ReturnType<typeof preCheck>>;
  let targetLock: OperationLock | undefined;
  try {
    // The target's lock first: no other restore can take the name between the checks and the apply.
    // The source's own name is refused by the checks (it exists), under the source's lock.
    if (target.namespace !== source.namespace || target.name !== source.name)
      targetLock = await acquireOperationLock(cluster, {
        instance: target,
        holder: requester,
        operation: RESTORE_OPERATION,
        timeoutMs: settings.timeoutMs,
        now: () => started,
      });
    checked = await preCheck();
  } catch (error) {
    try {
      if (
        isError(error) &&
        ['ConflictError', 'NotFoundError', 'InputError'].includes(error.name)
      )
        await run.record('refused', error.message, {
          precondition: 'backup and target',
          ...((error as { checks?: FailoverCheck[] }).checks && {
            preChecks: (error as { checks?: FailoverCheck[] }).checks,
          }),
        });
    } finally {
      try {
        await targetLock?.release();
      } finally {
        await run.lock.release();
      }
    }
    throw error;
  }
  const heldTarget = targetLock;

  const { backup, header } = checked;
  let details: Record<string, unknown> = {
    key: backup.key,
    sizeBytes: backup.sizeBytes,
    preChecks: checked.checks,
  };
  let targetResource: CustomResource | undefined;
  const recordBoth = async (
    outcome: 'succeeded' | 'failed',
    message: string,
  ) => {
    await run.record(outcome, message, details);
    targetResource ??= await dataResource(cluster, next);
    if (!targetResource) return;
    await recordOperation(cluster, {
      instance: target,
      involvedObject: involvedObjectOf(next, targetResource),
      record: {
        id: run.id,
        operation: RESTORE_OPERATION,
        requester,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        outcome,
        message,
        details: {
          ...details,
          source: `${source.namespace}/${source.name}`,
        },
      },
    });
  };
  try {
    const applied = await applyTarget(backup.key, false, settings.timeoutMs);
    const objects = applied.objects.map(object => object.ref);
    targetResource = await dataResource(cluster, next);
    if (!targetResource)
      throw new ServiceUnavailableError(
        `${target.namespace}/${target.name} was applied, but its ${
          redisTopology(next).dataKind
        } is gone`,
      );
    const pods = redisTopology(next).groups[0].pods;
    const deadline = started.getTime() + settings.timeoutMs;
    const db = header.firstDatabase?.db ?? 0;
    let assessment = assessRestored({ header, nodes: [], pods });
    for (;;) {
      const nodes = await restoredNodes(
        cluster,
        target,
        targetResource,
        db,
        settings.redisTimeoutMs,
      );
      assessment = assessRestored({ header, nodes, pods });
      if (assessment.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    details = { ...details, postChecks: assessment.checks };
    const failed = assessment.checks.filter(check => !check.ok);
    if (failed.length > 0)
      throw new ServiceUnavailableError(
        `${target.namespace}/${target.name} was created from ${
          backup.key
        }, but ${failed
          .map(check => `${check.name} failed (${check.figures})`)
          .join('; ')}`,
      );
    const durationMs = Date.now() - started.getTime();
    await recordBoth(
      'succeeded',
      `Restored ${backup.key} (${backup.sizeBytes} bytes) into ${
        target.namespace
      }/${target.name} in ${Math.round(
        durationMs / 1000,
      )} s; every post-check passed.`,
    );
    return {
      id: run.id,
      dryRun: false,
      source,
      target,
      backup,
      preChecks: checked.checks,
      postChecks: assessment.checks,
      objects,
      durationMs,
    };
  } catch (error) {
    await recordBoth('failed', errorMessage(error));
    throw error;
  } finally {
    try {
      await heldTarget?.release();
    } finally {
      await run.lock.release();
    }
  }
}
