// The decisions of a restore into a new instance: which backup object (or, in cluster mode, which
// per-shard objects), whether the target can read and hold it (from the dumps' headers and names), and
// whether the restored instance holds what the dump held.
import { NotFoundError } from '@backstage/errors';
import type { BackupObject, RedisVersion } from '@odin/plugin-redis-common';
import { backupSlotRangesOf, backupStampOf } from './backupObjects';
import {
  CLUSTER_SLOTS,
  assessClusterHealth,
  masterKeys,
  type ClusterScaleInput,
} from './clusterChecks';
import type { FailoverCheck } from './failoverChecks';
import type { RdbHeader } from './rdbHeader';

/**
 * The newest RDB format each supported Redis version loads. 7.0's is verified on redis-server 7.0.15 (it
 * writes `REDIS0010` and exits with "Can't handle RDB format version 11"); 7.2's (11) and 8.2's (12)
 * are RDB_VERSION of Redis's rdb.h in those releases, not run here.
 *
 * @public
 */
export const RDB_VERSION_READ: Record<RedisVersion, number> = {
  '7.0': 10,
  '7.2': 11,
  '8.2': 12,
};

/** A dump of one master is `<stamp>.rdb`; cluster mode's are `<stamp>-<first slot>-<last slot>.rdb`. */
const SINGLE_DUMP = /^\d{8}T\d{6}Z\.rdb$/;
const SHARD_DUMP = /^\d{8}T\d{6}Z-\d+-\d+\.rdb$/;

const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/**
 * The object `backup` names under `prefix` (a full key, an object name, or `latest`: the newest dump
 * of one master), found in `objects`, the listing of the prefix. Refuses, naming what is there, a key
 * that is not listed, a per-shard object, and an empty object.
 *
 * @public
 */
export function chooseBackupObject(
  objects: BackupObject[],
  backup: string,
  prefix: string,
  where: string,
): BackupObject {
  const dumps = objects
    .filter(object => SINGLE_DUMP.test(nameOf(object.key)))
    .sort(
      (a, b) =>
        (backupStampOf(b.key)?.getTime() ?? 0) -
        (backupStampOf(a.key)?.getTime() ?? 0),
    );
  const listed = dumps.length
    ? `the newest there: ${dumps
        .slice(0, 3)
        .map(object => nameOf(object.key))
        .join(', ')}`
    : 'none is there';
  let chosen: BackupObject | undefined;
  if (backup === 'latest') {
    chosen = dumps[0];
    if (!chosen)
      throw new NotFoundError(
        `backup: ${where} has no backup of one master (<stamp>.rdb) to restore${
          objects.some(object => SHARD_DUMP.test(nameOf(object.key)))
            ? '; it holds per-shard dumps of cluster mode, which only a cluster-mode instance restores'
            : ''
        }`,
      );
  } else {
    const key = backup.includes('/') ? backup : `${prefix}${backup}`;
    if (!key.startsWith(prefix))
      throw new NotFoundError(
        `backup: ${backup} is not a backup of this instance, whose backups are under ${where}`,
      );
    chosen = objects.find(object => object.key === key);
    if (!chosen)
      throw new NotFoundError(
        `backup: ${where} has no object ${nameOf(key)}; ${listed}`,
      );
    if (SHARD_DUMP.test(nameOf(key)))
      throw new NotFoundError(
        `backup: ${nameOf(
          key,
        )} is one shard's dump of cluster mode, which only a cluster-mode instance restores`,
      );
  }
  if (chosen.sizeBytes <= 0)
    throw new NotFoundError(
      `backup: ${where}${nameOf(
        chosen.key,
      )} is empty (0 bytes): it is no complete dump`,
    );
  return chosen;
}

const MIB = 2 ** 20;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;

/**
 * Before a restore: the target's Redis reads the dump's RDB version, the dataset fits the target's
 * maxmemory, and the header names the key count the restore is checked against afterwards.
 *
 * @public
 */
export function assessRestoreSource(input: {
  header: RdbHeader;
  sizeBytes: number;
  targetVersion: RedisVersion;
  maxmemoryBytes: number;
}): { ok: boolean; checks: FailoverCheck[] } {
  const { header, targetVersion, maxmemoryBytes } = input;
  const readable = RDB_VERSION_READ[targetVersion];
  const used = header.usedMemoryBytes;
  const first = header.firstDatabase;
  const checks: FailoverCheck[] = [
    {
      name: 'RDB version readable',
      ok: header.version <= readable,
      figures: `the dump is RDB ${header.version}${
        header.aux['redis-ver']
          ? ` (written by Redis ${header.aux['redis-ver']})`
          : ''
      }; Redis ${targetVersion} reads up to RDB ${readable}`,
    },
    {
      name: 'dataset fits maxmemory',
      ok: used !== undefined && used <= maxmemoryBytes,
      figures:
        used === undefined
          ? 'the dump has no used-mem field to size the dataset by'
          : `the source used ${mib(
              used,
            )} when it saved; the target's maxmemory is ${mib(maxmemoryBytes)}`,
    },
    {
      name: 'key count in the dump',
      ok: true,
      figures: first
        ? `db ${first.db}: ${first.keys} keys, ${first.expires} with an expiry; the dump is ${input.sizeBytes} bytes`
        : `no key; the dump is ${input.sizeBytes} bytes`,
    },
  ];
  return { ok: checks.every(check => check.ok), checks };
}

/**
 * What one data pod of the restored instance holds in the dump's first database, or why not known.
 *
 * @public
 */
export interface RestoredNode {
  pod: string;
  keys?: number;
  error?: string;
}

/**
 * After a restore: every data pod answers and holds the dump's key count in its first database. Keys
 * with an expiry may have expired since the dump, so the count may fall short by at most those.
 *
 * @public
 */
export function assessRestored(input: {
  header: RdbHeader;
  nodes: RestoredNode[];
  pods: number;
}): { ok: boolean; checks: FailoverCheck[] } {
  const { nodes, pods } = input;
  const expected = input.header.firstDatabase ?? { db: 0, keys: 0, expires: 0 };
  const answered = nodes.filter(node => node.keys !== undefined);
  const matches = (keys: number) =>
    keys <= expected.keys && keys >= expected.keys - expected.expires;
  const checks: FailoverCheck[] = [
    {
      name: 'every data pod answers',
      ok: nodes.length === pods && answered.length === pods,
      figures: `${answered.length} of ${pods} answer${nodes
        .filter(node => node.error)
        .map(node => `; ${node.pod}: ${node.error}`)
        .join('')}`,
    },
    {
      name: 'key count matches the dump',
      ok: answered.length > 0 && answered.every(node => matches(node.keys!)),
      figures: `db ${expected.db} of the dump: ${expected.keys} keys${
        expected.expires ? ` (${expected.expires} with an expiry)` : ''
      }; ${answered.map(node => `${node.pod} ${node.keys}`).join(', ')}`,
    },
  ];
  return { ok: checks.every(check => check.ok), checks };
}

/**
 * The objects of one cluster-mode backup: every per-shard dump of one stamp, by their lowest slot.
 *
 * @public
 */
export interface ClusterBackupChoice {
  stamp: string;
  objects: BackupObject[];
}

const stampOfName = (key: string) => /^\d{8}T\d{6}Z/.exec(nameOf(key))?.[0];

/**
 * The per-shard objects of the backup `backup` names in `objects`, the listing of `prefix`: `latest`
 * (the newest stamp with per-shard dumps), a stamp (`20261201T020000Z`), or the name or key of one of
 * its objects. Refuses, naming what is there, a stamp without per-shard dumps, and an empty object.
 *
 * @public
 */
export function chooseClusterBackup(
  objects: BackupObject[],
  backup: string,
  prefix: string,
  where: string,
): ClusterBackupChoice {
  const shards = objects.filter(
    object =>
      object.key.startsWith(prefix) &&
      backupSlotRangesOf(object.key) !== undefined,
  );
  const stamps = [
    ...new Set(shards.map(object => stampOfName(object.key)!)),
  ].sort((a, b) => b.localeCompare(a));
  const listed = stamps.length
    ? `the newest there: ${stamps.slice(0, 3).join(', ')}`
    : 'none is there';
  let stamp: string | undefined;
  if (backup === 'latest') {
    stamp = stamps[0];
    if (!stamp)
      throw new NotFoundError(
        `backup: ${where} has no per-shard backup of cluster mode (<stamp>-<slots>.rdb) to restore${
          objects.some(object => SINGLE_DUMP.test(nameOf(object.key)))
            ? '; it holds dumps of one master, which only a non-cluster instance restores'
            : ''
        }`,
      );
  } else {
    const name = nameOf(backup);
    if (backup.includes('/') && !backup.startsWith(prefix))
      throw new NotFoundError(
        `backup: ${backup} is not a backup of this instance, whose backups are under ${where}`,
      );
    stamp = /^\d{8}T\d{6}Z$/.test(name) ? name : stampOfName(name);
    if (!stamp || !stamps.includes(stamp))
      throw new NotFoundError(
        `backup: ${where} has no per-shard backup ${name} (a stamp such as 20261201T020000Z, or the name of one of its objects); ${listed}`,
      );
  }
  const chosen = shards
    .filter(object => stampOfName(object.key) === stamp)
    .sort(
      (a, b) =>
        backupSlotRangesOf(a.key)![0][0] - backupSlotRangesOf(b.key)![0][0],
    );
  const empty = chosen.filter(object => object.sizeBytes <= 0);
  if (empty.length > 0)
    throw new NotFoundError(
      `backup: ${empty
        .map(object => nameOf(object.key))
        .join(
          ', ',
        )} of ${where} is empty (0 bytes): the backup of ${stamp} is no complete dump`,
    );
  return { stamp, objects: chosen };
}

/** `0-5460, 10923` from the sorted slots of a set of ranges. */
function describeSlots(ranges: Array<[number, number]>): string {
  return ranges
    .map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`))
    .join(', ');
}

/**
 * The objects' names together cover every one of the 16384 slots, each once: the backup is complete.
 *
 * @public
 */
export function assessSlotCoverage(objects: BackupObject[]): FailoverCheck {
  const owner = new Array<string | undefined>(CLUSTER_SLOTS);
  const overlaps: string[] = [];
  for (const object of objects) {
    for (const [first, last] of backupSlotRangesOf(object.key) ?? []) {
      for (
        let slot = first;
        slot <= Math.min(last, CLUSTER_SLOTS - 1);
        slot++
      ) {
        const before = owner[slot];
        if (before !== undefined && before !== object.key)
          overlaps.push(
            `slot ${slot} in ${nameOf(before)} and ${nameOf(object.key)}`,
          );
        owner[slot] = object.key;
      }
      if (last >= CLUSTER_SLOTS || first > last)
        overlaps.push(
          `${nameOf(object.key)} names slots ${first}-${last}, outside 0-16383`,
        );
    }
  }
  const missing: Array<[number, number]> = [];
  for (let slot = 0; slot < CLUSTER_SLOTS; slot++) {
    if (owner[slot] !== undefined) continue;
    const last = missing[missing.length - 1];
    if (last && last[1] === slot - 1) last[1] = slot;
    else missing.push([slot, slot]);
  }
  const problems = [
    ...(missing.length
      ? [`no object holds slots ${describeSlots(missing)}`]
      : []),
    ...(overlaps.length
      ? [`overlapping: ${[...new Set(overlaps)].slice(0, 5).join('; ')}`]
      : []),
  ];
  return {
    name: 'the backup covers all 16384 slots',
    ok: objects.length > 0 && problems.length === 0,
    figures:
      problems.length === 0
        ? `${objects.length} per-shard objects cover slots 0-16383, each slot once`
        : `${problems.join(
            '; ',
          )}: it is no complete backup of the cluster, choose another`,
  };
}

/**
 * One shard's object of a cluster-mode backup with its header.
 *
 * @public
 */
export interface ShardDump {
  key: string;
  sizeBytes: number;
  header: RdbHeader;
}

/**
 * Before a cluster restore: the objects cover all slots, the target's Redis reads every RDB version,
 * and each shard's dataset fits one master. A key goes to the master that owns its slot, so the
 * largest shard's `used-mem` is judged against one master's maxmemory (the new cluster has as many
 * masters, and the operator spreads the slots evenly as it did in the source), not the total against
 * the total, which would pass a dump that one master cannot hold.
 *
 * @public
 */
export function assessClusterRestoreSource(input: {
  objects: BackupObject[];
  shards: ShardDump[];
  targetVersion: RedisVersion;
  maxmemoryBytes: number;
}): { ok: boolean; checks: FailoverCheck[] } {
  const { shards, targetVersion, maxmemoryBytes } = input;
  const readable = RDB_VERSION_READ[targetVersion];
  const unreadable = shards.filter(shard => shard.header.version > readable);
  const unsized = shards.filter(
    shard => shard.header.usedMemoryBytes === undefined,
  );
  const largest = [...shards].sort(
    (a, b) => (b.header.usedMemoryBytes ?? 0) - (a.header.usedMemoryBytes ?? 0),
  )[0];
  const used = largest?.header.usedMemoryBytes ?? 0;
  const total = shards.reduce(
    (sum, shard) => sum + (shard.header.usedMemoryBytes ?? 0),
    0,
  );
  const keys = shards.reduce(
    (sum, shard) => sum + (shard.header.firstDatabase?.keys ?? 0),
    0,
  );
  const versions = [...new Set(shards.map(shard => shard.header.version))];
  const writers = [
    ...new Set(shards.flatMap(shard => shard.header.aux['redis-ver'] ?? [])),
  ];
  const checks: FailoverCheck[] = [
    assessSlotCoverage(input.objects),
    {
      name: 'RDB version readable',
      ok: shards.length > 0 && unreadable.length === 0,
      figures: `the dumps are RDB ${versions.join(', ')}${
        writers.length ? ` (written by Redis ${writers.join(', ')})` : ''
      }; Redis ${targetVersion} reads up to RDB ${readable}${
        unreadable.length
          ? `; too new: ${unreadable
              .map(shard => nameOf(shard.key))
              .join(', ')}`
          : ''
      }`,
    },
    {
      name: 'each shard fits one master',
      ok: shards.length > 0 && unsized.length === 0 && used <= maxmemoryBytes,
      figures: unsized.length
        ? `${unsized
            .map(shard => nameOf(shard.key))
            .join(', ')} has no used-mem field to size the dataset by`
        : `the largest shard (${nameOf(largest?.key ?? '')}) used ${mib(
            used,
          )} when it saved (all ${shards.length} ${mib(
            total,
          )}); one master's maxmemory is ${mib(maxmemoryBytes)}`,
    },
    {
      name: 'key count in the dumps',
      ok: true,
      figures: `${keys} keys in db 0 of ${shards.length} dumps; ${shards
        .map(
          shard =>
            `${nameOf(shard.key)} ${
              shard.header.firstDatabase?.keys ?? 0
            } keys, ${shard.sizeBytes} bytes`,
        )
        .join('; ')}`,
    },
  ];
  return { ok: checks.every(check => check.ok), checks };
}

/**
 * What a full read of one shard's dump found, before anything is created.
 *
 * @public
 */
export interface ShardScan {
  key: string;
  keys: number;
  /** Keys per database other than db 0, which a cluster cannot hold. */
  otherDatabases: Record<number, number>;
  functions: number;
  checksum: 'verified' | 'none';
  /** Why the dump cannot be read to its end, if it cannot. */
  error?: string;
}

/**
 * Before a cluster restore, from a full read of every shard's dump: each reads to its end (checksum
 * verified where it has one, no module data) and holds keys in db 0 only, as a cluster has no other.
 *
 * @public
 */
export function assessShardScans(scans: ShardScan[]): {
  ok: boolean;
  checks: FailoverCheck[];
} {
  const unreadable = scans.filter(scan => scan.error);
  const elsewhere = scans.filter(
    scan => Object.keys(scan.otherDatabases).length > 0,
  );
  const checks: FailoverCheck[] = [
    {
      name: 'every dump reads to its end',
      ok: scans.length > 0 && unreadable.length === 0,
      figures: scans
        .map(
          scan =>
            `${nameOf(scan.key)}: ${
              scan.error ??
              `${scan.keys} keys, checksum ${
                scan.checksum === 'verified' ? 'verified' : 'none in the dump'
              }`
            }`,
        )
        .join('; '),
    },
    {
      name: 'keys in db 0 only',
      ok: elsewhere.length === 0,
      figures:
        elsewhere.length === 0
          ? 'every key is in db 0'
          : `a cluster has db 0 only, and ${elsewhere
              .map(
                scan =>
                  `${nameOf(scan.key)} holds ${Object.entries(
                    scan.otherDatabases,
                  )
                    .map(([db, keys]) => `${keys} keys in db ${db}`)
                    .join(', ')}`,
              )
              .join('; ')}`,
    },
  ];
  return { ok: checks.every(check => check.ok), checks };
}

/**
 * What the load of a cluster restore did: keys read from the dumps, skipped as already expired, and
 * RESTOREd.
 *
 * @public
 */
export interface ClusterLoadFigures {
  keysRead: number;
  expiredSkipped: number;
  restored: number;
  functions: number;
  bytesRead: number;
  durationMs: number;
}

/**
 * After a cluster restore: the cluster as healthy as after a scale (the operator's Ready, every node
 * answering, all slots ok, the shards and replicas as ordered, every replica's link up), and the
 * masters' DBSIZE summing to the keys restored, less those whose expiry has passed since (which DBSIZE may
 * still count until Redis removes them).
 *
 * @public
 */
export function assessClusterRestored(
  input: Omit<ClusterScaleInput, 'keysBefore' | 'keyTolerance'> & {
    load: ClusterLoadFigures;
    /** Of the keys restored, those with an expiry that has passed by the time of the check. */
    expiredSinceLoad: number;
  },
): { ok: boolean; checks: FailoverCheck[] } {
  const { load, expiredSinceLoad } = input;
  const expected = load.restored - expiredSinceLoad;
  const keysAfter = masterKeys(input.nodes);
  const checks: FailoverCheck[] = [
    ...assessClusterHealth(input),
    {
      name: 'key count matches the dumps',
      // DBSIZE still counts a key whose expiry passed until Redis removes it.
      ok: keysAfter >= expected && keysAfter <= load.restored,
      figures: `${keysAfter} keys on the masters; ${
        load.keysRead
      } read from the dumps, ${
        load.expiredSkipped
      } of them expired before the load and skipped, ${load.restored} restored${
        expiredSinceLoad ? `, ${expiredSinceLoad} of those expired since` : ''
      }: ${expected} expected (up to ${
        load.restored
      } while expired keys await removal)`,
    },
  ];
  return { ok: checks.every(check => check.ok), checks };
}
