// Restore of a backup into a NEW instance, never in place (ElastiCache's rule): the source's recorded
// order under the target's name, applied with an init container that loads the chosen RDB into each
// empty data volume, then checked against the key count the dump's header names. A cluster-mode backup
// (one RDB per shard) is loaded into the new, empty cluster key by key with RESTORE instead. Every run
// is recorded.
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
  type BackupObject,
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
  hostPort,
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
import {
  assessClusterScale,
  type ClusterNodeView,
  type RedisClusterStatus,
} from './clusterChecks';
import { clusterPlan, observeCluster } from './clusterLive';
import {
  loadShardDumps,
  scanShardDump,
  type ClusterLoad,
} from './clusterRestore';
import { describeFailed } from './failoverChecks';
import { readRdbHeader, type RdbHeader } from './rdbHeader';
import {
  assessClusterRestoreSource,
  assessClusterRestored,
  assessRestoreSource,
  assessRestored,
  assessShardScans,
  chooseBackupObject,
  chooseClusterBackup,
  type ClusterLoadFigures,
  type RestoredNode,
} from './restoreChecks';
import { withRestoreContainer } from './restoreContainer';

/** @public */
export interface RestoreOptions {
  cluster: KubernetesCluster;
  /** The instance whose backup is restored; its recorded order is the new instance's. */
  source: OperationTarget;
  /**
   * An object key under the source's prefix, its name (`<stamp>.rdb`), or `latest`. In cluster mode:
   * a stamp (`20261201T020000Z`), the name or key of one of its per-shard objects, or `latest`.
   */
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
  /** Cluster mode: RESTOREs in flight at once. Default 1000. */
  batchSize?: number;
  onProgress?: (message: string) => void;
}

/**
 * The backup a restore took, as its header and listing describe it.
 *
 * @public
 */
export interface RestoredBackup {
  bucket: string;
  /** The object's key; in cluster mode the common start of its per-shard objects' keys, `<prefix><stamp>`. */
  key: string;
  /** The object's size; in cluster mode the sum over its objects. */
  sizeBytes: number;
  /** The dump's RDB version; in cluster mode the newest of its objects'. */
  rdbVersion: number;
  redisVersion?: string;
  /** The source's used_memory when it saved; in cluster mode the sum over the shards. */
  usedMemoryBytes?: number;
  /** The first database of the dump and its key count (in cluster mode db 0, summed over the shards). */
  database?: { db: number; keys: number; expires: number };
  /** Cluster mode: each shard's object, by its lowest slot. */
  shards?: RestoredBackup[];
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
  /** Cluster mode: what the load of the keys with RESTORE did. */
  load?: ClusterLoadFigures;
  durationMs: number;
}

const DEFAULTS = {
  timeoutMs: 900_000,
  redisTimeoutMs: 2_000,
  pollIntervalMs: 1_000,
  batchSize: 1_000,
};

const isCluster = (config: ResolvedInstance) =>
  config.flavour.deploymentMode === 'cluster';

/** The order an instance's ApplySet parent records, validated. */
async function sourceOrder(
  cluster: KubernetesCluster,
  source: OperationTarget,
): Promise<ResolvedInstance> {
  const where = `${source.namespace}/${source.name}`;
  const config = await validRecordedOrder(cluster, source, 'restore');
  if (!config.flavour.backup.enabled || !config.flavour.backup.s3Bucket)
    throw new InputError(
      `/flavour/backup/s3Bucket: ${where} has no backups to restore (its order has no backup bucket)`,
    );
  // A cluster is loaded with RESTORE and needs no volume; the others load the dump from their volume.
  if (!isCluster(config) && !config.flavour.persistence.enabled)
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
 * Restores a backup into a NEW instance: the source's recorded order under the target's name (the
 * owner stamped as on the source). Standalone, replication and sentinel: applied with an init
 * container that downloads the chosen RDB into each empty data volume. Before anything is written it
 * checks that the target name is free, that the object exists and is not empty, and from its first
 * bytes (ranged GETs) that the target's Redis reads its RDB version and that its used-mem fits the
 * target's maxmemory. Afterwards every data pod holds the dump's key count.
 *
 * Cluster mode (one RDB per shard, named by its slot ranges): the checks also want the objects of the
 * chosen stamp to cover all 16384 slots once, every header readable, the largest shard's used-mem
 * within one master's maxmemory, and (in a real run) every dump read to its end with its checksum,
 * no module data and keys in db 0 only. The new cluster is applied without an init container (the
 * operator's bootstrap wants empty nodes), waited for until ready and empty, and loaded key by key
 * with RESTORE (keys already expired are skipped and counted). Afterwards the cluster is healthy and
 * its masters hold the keys restored. A load that fails leaves the new instance partially loaded;
 * the error says so, and to delete it and run again.
 *
 * Runs under the source's lock and the target's; every real run is recorded in both histories,
 * refusals in the source's. Restoring into the same instance is two steps: restore into a new one,
 * then switch clients.
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

  const maxmemory = instanceMaxmemory(next);
  const memoryHint = (checks: FailoverCheck[]) =>
    checks.some(
      check =>
        !check.ok &&
        ['dataset fits maxmemory', 'each shard fits one master'].includes(
          check.name,
        ),
    )
      ? `; the target's maxmemory (${maxmemory.value}) follows /flavour/master/resources/limits/memory of the order, or /flavour/additionalConfig/maxmemory`
      : '';
  const refusal = (subject: string, checks: FailoverCheck[]) => {
    const error = new InputError(
      `backup: ${subject} cannot be restored into ${target.namespace}/${
        target.name
      }: ${describeFailed(checks)}${memoryHint(checks)}`,
    );
    return Object.assign(error, { checks });
  };

  /** The checks of a dump of one master: the object, its header. */
  const singlePreCheck = async (objects: BackupObject[]) => {
    const chosen = chooseBackupObject(objects, options.backup, prefix, where);
    const { header, sizeBytes } = await readRdbHeader(store, {
      bucket,
      region: s3Region,
      key: chosen.key,
    });
    const assessment = assessRestoreSource({
      header,
      sizeBytes,
      targetVersion: next.root.version,
      maxmemoryBytes: maxmemory.bytes,
    });
    if (!assessment.ok) throw refusal(chosen.key, assessment.checks);
    const backup = backupOf(bucket, chosen.key, sizeBytes, header);
    return { backup, header, checks: assessment.checks, keys: [chosen.key] };
  };

  /**
   * The checks of a cluster backup: its objects cover all slots, and their headers; in a real run,
   * every dump read to its end (checksum, db 0 only, no module data) before anything is created.
   */
  const clusterPreCheck = async (objects: BackupObject[], dryRun: boolean) => {
    const choice = chooseClusterBackup(objects, options.backup, prefix, where);
    const shards = await Promise.all(
      choice.objects.map(async object => ({
        key: object.key,
        ...(await readRdbHeader(store, {
          bucket,
          region: s3Region,
          key: object.key,
        })),
      })),
    );
    const assessment = assessClusterRestoreSource({
      objects: choice.objects,
      shards,
      targetVersion: next.root.version,
      maxmemoryBytes: maxmemory.bytes,
    });
    let checks = assessment.checks;
    if (assessment.ok && !dryRun) {
      progress(
        `Reading the ${shards.length} dumps of ${choice.stamp} to their end`,
      );
      const scans = await Promise.all(
        choice.objects.map(object =>
          scanShardDump(store, { bucket, region: s3Region, key: object.key }),
        ),
      );
      checks = [...checks, ...assessShardScans(scans).checks];
    }
    const subject = `the backup ${choice.stamp} of ${where}`;
    if (checks.some(check => !check.ok)) throw refusal(subject, checks);
    const parts = shards.map(shard =>
      backupOf(bucket, shard.key, shard.sizeBytes, shard.header),
    );
    const sum = (of: (part: RestoredBackup) => number | undefined) =>
      parts.reduce((total, part) => total + (of(part) ?? 0), 0);
    const backup: RestoredBackup = {
      bucket,
      key: `${prefix}${choice.stamp}`,
      sizeBytes: sum(part => part.sizeBytes),
      rdbVersion: Math.max(...parts.map(part => part.rdbVersion)),
      redisVersion: parts[0].redisVersion,
      usedMemoryBytes: sum(part => part.usedMemoryBytes),
      database: {
        db: 0,
        keys: sum(part => part.database?.keys),
        expires: sum(part => part.database?.expires),
      },
      shards: parts,
    };
    return {
      backup,
      header: undefined,
      checks,
      keys: parts.map(part => part.key),
    };
  };

  /** The checks that refuse: the target name, the backup's objects and headers. */
  const preCheck = async (dryRun: boolean) => {
    await refuseExistingTarget(cluster, target);
    const objects = await store.listObjects(bucket, s3Region, prefix);
    const checked = isCluster(config)
      ? await clusterPreCheck(objects, dryRun)
      : await singlePreCheck(objects);
    progress(
      `Backup ${checked.backup.key}: ${checked.checks
        .map(check => check.figures)
        .join('; ')}`,
    );
    return checked;
  };

  const applyTarget = (
    backup: RestoredBackup,
    dryRun: boolean,
    timeoutMs?: number,
  ) =>
    applyInstance({
      cluster,
      config: next,
      dryRun,
      annotations,
      // A cluster starts empty (the operator's bootstrap refuses nodes holding keys) and is loaded after.
      amendDataResource: isCluster(next)
        ? undefined
        : resource => withRestoreContainer(resource, next, backup.key),
      parentAnnotations: {
        [RESTORED_FROM_ANNOTATION]: JSON.stringify({
          namespace: source.namespace,
          name: source.name,
          key: backup.key,
          ...(backup.shards && {
            objects: backup.shards.map(shard => shard.key),
          }),
        }),
      },
      wait: timeoutMs === undefined ? undefined : { timeoutMs },
      onProgress: options.onProgress,
    });

  if (options.dryRun) {
    const { backup, checks } = await preCheck(true);
    const result = await applyTarget(backup, true);
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
    checked = await preCheck(false);
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
    ...(backup.shards && { objects: checked.keys }),
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
  const deadline = started.getTime() + settings.timeoutMs;
  const newWhere = `${target.namespace}/${target.name}`;

  /** After the apply of a non-cluster instance: every data pod holds the dump's key count. */
  const checkSingle = async (resource: CustomResource) => {
    const pods = redisTopology(next).groups[0].pods;
    const db = header?.firstDatabase?.db ?? 0;
    let assessment = assessRestored({ header: header!, nodes: [], pods });
    for (;;) {
      const nodes = await restoredNodes(
        cluster,
        target,
        resource,
        db,
        settings.redisTimeoutMs,
      );
      assessment = assessRestored({ header: header!, nodes, pods });
      if (assessment.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    details = { ...details, postChecks: assessment.checks };
    if (!assessment.ok)
      throw new ServiceUnavailableError(
        `${newWhere} was created from ${backup.key}, but ${describeFailed(
          assessment.checks,
        )}`,
      );
    return { postChecks: assessment.checks, load: undefined };
  };

  /**
   * After the apply of a cluster: the new cluster ready and empty, then every key RESTOREd into it, then
   * its health and key count checked.
   */
  const loadCluster = async (resource: CustomResource) => {
    const plan = await clusterPlan(cluster, target, resource);
    const shape = {
      shards: next.flavour.cluster.numShards,
      replicasPerShard: next.flavour.cluster.replicasPerShard,
    };
    const observeNew = async () => {
      const [nodes, live] = await Promise.all([
        observeCluster(cluster, target, plan, settings.redisTimeoutMs),
        dataResource(cluster, next),
      ]);
      return {
        nodes,
        status: live?.status as RedisClusterStatus | undefined,
      };
    };
    let nodes: ClusterNodeView[] = [];
    let ready = assessClusterScale({
      ...shape,
      nodes,
      keysBefore: 0,
      keyTolerance: 0,
    });
    for (;;) {
      const observed = await observeNew();
      nodes = observed.nodes;
      ready = assessClusterScale({
        ...shape,
        ...observed,
        keysBefore: 0,
        keyTolerance: 0,
      });
      if (ready.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    details = { ...details, readyChecks: ready.checks };
    if (!ready.ok)
      throw new ServiceUnavailableError(
        `${newWhere} was created, but never became a ready, empty cluster to load ${
          backup.key
        } into: ${describeFailed(
          ready.checks,
        )}; nothing was loaded. Delete it and run the restore again`,
      );
    progress(
      `${newWhere} is ready and empty; loading ${checked.keys.length} dumps with RESTORE`,
    );
    let loaded: ClusterLoad;
    try {
      loaded = await loadShardDumps({
        store,
        bucket,
        region: s3Region,
        keys: checked.keys,
        nodes: nodes.flatMap(node =>
          node.address ? [hostPort(node.address)] : [],
        ),
        auth: plan.auth,
        batchSize: settings.batchSize,
        timeoutMs: Math.max(settings.redisTimeoutMs, 10_000),
        onProgress: options.onProgress,
      });
    } catch (error) {
      const load = (error as { load?: ClusterLoadFigures }).load;
      if (load) details = { ...details, load };
      throw new ServiceUnavailableError(
        `${newWhere} was created, but the load of ${
          backup.key
        } failed and left it partially loaded: ${errorMessage(
          error,
        )}. Delete it (its data is incomplete) and run the restore again`,
      );
    }
    details = { ...details, load: loaded.figures };
    let assessment = assessClusterRestored({
      ...shape,
      nodes: [],
      load: loaded.figures,
      expiredSinceLoad: 0,
    });
    for (;;) {
      const observed = await observeNew();
      const now = Date.now();
      assessment = assessClusterRestored({
        ...shape,
        ...observed,
        load: loaded.figures,
        expiredSinceLoad: loaded.expiries.filter(expiry => expiry <= now)
          .length,
      });
      if (assessment.ok || Date.now() >= deadline) break;
      await sleep(settings.pollIntervalMs);
    }
    details = { ...details, postChecks: assessment.checks };
    if (!assessment.ok)
      throw new ServiceUnavailableError(
        `${newWhere} was created and loaded from ${
          backup.key
        }, but ${describeFailed(assessment.checks)}`,
      );
    return { postChecks: assessment.checks, load: loaded.figures };
  };

  try {
    const applied = await applyTarget(backup, false, settings.timeoutMs);
    const objects = applied.objects.map(object => object.ref);
    targetResource = await dataResource(cluster, next);
    if (!targetResource)
      throw new ServiceUnavailableError(
        `${newWhere} was applied, but its ${
          redisTopology(next).dataKind
        } is gone`,
      );
    const { postChecks, load } = isCluster(next)
      ? await loadCluster(targetResource)
      : await checkSingle(targetResource);
    const durationMs = Date.now() - started.getTime();
    await recordBoth(
      'succeeded',
      `Restored ${backup.key} (${backup.sizeBytes} bytes${
        load ? `, ${load.restored} keys with RESTORE` : ''
      }) into ${newWhere} in ${Math.round(
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
      postChecks,
      objects,
      load,
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
