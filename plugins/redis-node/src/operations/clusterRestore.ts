// The cluster-mode part of a restore: the full read of every shard's dump before anything is created,
// and after the new (empty) cluster is up, the load: each key of each dump sent with RESTORE through a
// cluster client, which routes it to the master that owns its slot in the new cluster's own layout.
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { Cluster } from 'ioredis';
import type { BackupStore } from './backupObjects';
import { errorMessage, withRedis, type RedisAuth } from './liveRedis';
import {
  dumpPayload,
  keyPayload,
  readRdbEntries,
  type RdbKeyEntry,
} from './rdbEntries';
import type { ClusterLoadFigures, ShardScan } from './restoreChecks';

/** Where the objects of a backup are. */
export interface ShardObjects {
  store: BackupStore;
  bucket: string;
  region: string;
  keys: string[];
}

/** Reads one shard's dump to its end: its keys, those outside db 0, its functions, its checksum. */
export async function scanShardDump(
  store: BackupStore,
  location: { bucket: string; region: string; key: string },
): Promise<ShardScan> {
  const scan: ShardScan = {
    key: location.key,
    keys: 0,
    otherDatabases: {},
    functions: 0,
    checksum: 'none',
  };
  try {
    for await (const entry of readRdbEntries(store.readObject(location))) {
      if (entry.kind === 'function') scan.functions++;
      else if (entry.kind === 'end') scan.checksum = entry.checksum;
      else if (entry.db === 0) scan.keys++;
      else
        scan.otherDatabases[entry.db] =
          (scan.otherDatabases[entry.db] ?? 0) + 1;
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    scan.error = error.message;
  }
  return scan;
}

/** How the load reaches the new cluster and paces itself. */
export interface ClusterLoadOptions extends ShardObjects {
  /** Addresses of the new cluster's nodes (any of them: the client asks for the slot layout). */
  nodes: { host: string; port: number }[];
  auth: RedisAuth;
  /** RESTOREs in flight at once; the client pipelines them per node. */
  batchSize: number;
  /** Connect and command timeout of each request. */
  timeoutMs: number;
  onProgress?: (message: string) => void;
}

/** The load's figures so far, and the expiries of the keys restored (to tell which expire later). */
export interface ClusterLoad {
  figures: ClusterLoadFigures;
  expiries: number[];
}

const shown = (key: Buffer) => {
  const text = key.toString('utf8');
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
};

/**
 * Sends every db-0 key of the dumps to the new cluster with `RESTORE key ttl payload [ABSTTL]` (skipping
 * and counting keys already expired), and their function libraries to every master with FUNCTION
 * RESTORE. Throws a ServiceUnavailableError with the figures so far (`load`) when a RESTORE fails.
 */
export async function loadShardDumps(
  options: ClusterLoadOptions,
): Promise<ClusterLoad> {
  const started = Date.now();
  const figures: ClusterLoadFigures = {
    keysRead: 0,
    expiredSkipped: 0,
    restored: 0,
    functions: 0,
    bytesRead: 0,
    durationMs: 0,
  };
  const expiries: number[] = [];
  const functions = new Map<string, Buffer>();
  let rdbVersion = 0;
  const client = new Cluster(options.nodes, {
    lazyConnect: true,
    enableAutoPipelining: true,
    scaleReads: 'master',
    slotsRefreshTimeout: options.timeoutMs,
    clusterRetryStrategy: () => null,
    redisOptions: {
      password: options.auth.password,
      // Pods are reached by IP, which their certificates do not name: verify the chain, not the host name.
      tls: options.auth.tls
        ? { ca: options.auth.tls.ca, checkServerIdentity: () => undefined }
        : undefined,
      connectTimeout: options.timeoutMs,
      commandTimeout: options.timeoutMs,
      maxRetriesPerRequest: 0,
    },
  });
  // Failures surface through the rejected commands; without a listener ioredis prints them.
  client.on('error', () => undefined);
  const failed = (what: string, error: unknown) =>
    Object.assign(
      new ServiceUnavailableError(
        `${what}: ${errorMessage(error)}; ${figures.restored} of the ${
          figures.keysRead
        } keys read so far were restored`,
      ),
      { load: { ...figures, durationMs: Date.now() - started } },
    );
  try {
    await client.connect().catch(error => {
      throw failed('the new cluster could not be reached', error);
    });
    const restore = (entry: RdbKeyEntry) => {
      const args: (string | Buffer)[] = [
        entry.key,
        String(entry.expiresAtMs ?? 0),
        keyPayload(entry),
        ...(entry.expiresAtMs === undefined ? [] : ['ABSTTL']),
      ];
      return client.call('RESTORE', ...args).then(
        () => {
          figures.restored++;
          if (entry.expiresAtMs !== undefined) expiries.push(entry.expiresAtMs);
        },
        error => {
          throw failed(`RESTORE of the key ${shown(entry.key)} failed`, error);
        },
      );
    };
    // RESTOREs in flight; awaited every batchSize keys, and settled before an error leaves the load.
    const inFlight: Promise<void>[] = [];
    // Every RESTORE of the batch settles before the first failure leaves, so the figures stand still.
    const drain = async () => {
      const settled = await Promise.allSettled(inFlight.splice(0));
      const failure = settled.find(
        (outcome): outcome is PromiseRejectedResult =>
          outcome.status === 'rejected',
      );
      if (failure) throw failure.reason;
    };
    const loadDump = async (key: string) => {
      const location = { bucket: options.bucket, region: options.region, key };
      for await (const entry of readRdbEntries(
        options.store.readObject(location),
      )) {
        if (entry.kind === 'end') {
          figures.bytesRead += entry.sizeBytes;
          continue;
        }
        rdbVersion = Math.max(rdbVersion, entry.rdbVersion);
        if (entry.kind === 'function') {
          functions.set(entry.payload.toString('base64'), entry.payload);
          continue;
        }
        figures.keysRead++;
        if (entry.db !== 0)
          throw failed(
            `s3://${options.bucket}/${key} changed since the checks`,
            new Error(`it holds a key in db ${entry.db}`),
          );
        if (
          entry.expiresAtMs !== undefined &&
          entry.expiresAtMs <= Date.now()
        ) {
          figures.expiredSkipped++;
          continue;
        }
        inFlight.push(restore(entry));
        if (inFlight.length >= options.batchSize) await drain();
      }
      await drain();
      options.onProgress?.(
        `Loaded ${key}: ${figures.restored} keys restored so far (${figures.expiredSkipped} expired skipped)`,
      );
    };
    try {
      for (const key of options.keys) await loadDump(key);
    } catch (error) {
      // No RESTORE still in flight may reject once nothing listens.
      await Promise.allSettled(inFlight);
      throw error;
    }
    if (functions.size > 0) {
      const payload = dumpPayload(
        Buffer.concat([...functions.values()]),
        rdbVersion,
      );
      // Functions live on each node: every master gets them, over a connection of its own.
      const masters = client
        .nodes('master')
        .map(node => ({ host: node.options.host!, port: node.options.port! }));
      for (const master of masters)
        await withRedis(
          master,
          options.auth,
          {
            connectTimeoutMs: options.timeoutMs,
            commandTimeoutMs: options.timeoutMs,
          },
          redis => redis.call('FUNCTION', 'RESTORE', payload, 'REPLACE'),
        ).catch(error => {
          throw failed(
            `FUNCTION RESTORE of ${functions.size} libraries on ${master.host}:${master.port} failed`,
            error,
          );
        });
      figures.functions = functions.size;
    }
  } finally {
    client.disconnect();
  }
  figures.durationMs = Date.now() - started;
  return { figures, expiries };
}
