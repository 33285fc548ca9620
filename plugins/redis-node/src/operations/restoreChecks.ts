// The decisions of a restore into a new instance: which backup object, whether the target can read and
// hold it (from the dump's header), and whether the restored instance holds what the dump held.
import { NotFoundError } from '@backstage/errors';
import type { BackupObject, RedisVersion } from '@odin/plugin-redis-common';
import { backupStampOf } from './backupObjects';
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
            ? '; it holds per-shard dumps of cluster mode, which restore does not take yet'
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
        )} is one shard's dump of cluster mode, which restore does not take yet`,
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
