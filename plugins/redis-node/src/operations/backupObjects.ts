// The backup objects of an instance in S3: listing with the default AWS credential chain (so IRSA works),
// and the check that a backup run left its objects there.
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { NotFoundError, isError } from '@backstage/errors';
import type { BackupObject } from '@odin/plugin-redis-common';

/**
 * How the portal reaches S3.
 *
 * @public
 */
export interface BackupStoreOptions {
  /** For S3-compatible servers and tests; AWS's own endpoint when absent. */
  endpoint?: string;
  forcePathStyle: boolean;
  timeoutMs: number;
  /** Bound on the listing; retention keeps the real number of objects far below it. */
  maxObjects: number;
}

/**
 * Lists backup objects, one S3 client per region.
 *
 * @public
 */
export class BackupStore {
  private readonly clients = new Map<string, S3Client>();

  constructor(private readonly options: BackupStoreOptions) {}

  private client(region: string): S3Client {
    let client = this.clients.get(region);
    if (!client) {
      client = new S3Client({
        region,
        endpoint: this.options.endpoint,
        forcePathStyle: this.options.forcePathStyle,
        requestHandler: {
          requestTimeout: this.options.timeoutMs,
          connectionTimeout: this.options.timeoutMs,
        },
        maxAttempts: 1,
      });
      this.clients.set(region, client);
    }
    return client;
  }

  async listObjects(
    bucket: string,
    region: string,
    prefix: string,
  ): Promise<BackupObject[]> {
    const objects: BackupObject[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client(region).send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: continuationToken,
        }),
      );
      for (const item of page.Contents ?? []) {
        objects.push({
          key: item.Key ?? '',
          sizeBytes: item.Size ?? 0,
          lastModified: (item.LastModified ?? new Date(0)).toISOString(),
        });
      }
      continuationToken = page.IsTruncated
        ? page.NextContinuationToken
        : undefined;
    } while (continuationToken && objects.length < this.options.maxObjects);
    return objects;
  }

  /**
   * The first `bytes` of an object (a ranged GET, never the whole object), and the object's full size.
   * A missing object is a NotFoundError naming it.
   */
  async readFirstBytes(
    location: { bucket: string; region: string; key: string },
    bytes: number,
  ): Promise<{ body: Uint8Array; sizeBytes: number }> {
    const answer = await this.client(location.region)
      .send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          Range: `bytes=0-${bytes - 1}`,
        }),
      )
      .catch(error => {
        if (isError(error) && ['NoSuchKey', 'NotFound'].includes(error.name))
          throw new NotFoundError(
            `backup object s3://${location.bucket}/${location.key} does not exist`,
          );
        throw error;
      });
    const body = await answer.Body!.transformToByteArray();
    // `bytes 0-N/TOTAL`; a server that ignores the range answers the whole object.
    const total = Number(/\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1]);
    return { body, sizeBytes: Number.isFinite(total) ? total : body.length };
  }

  /**
   * The whole object as a stream of chunks, read as they arrive (a restore reads dumps larger than
   * memory should hold at once). A missing object is a NotFoundError naming it.
   */
  async *readObject(location: {
    bucket: string;
    region: string;
    key: string;
  }): AsyncGenerator<Uint8Array> {
    const answer = await this.client(location.region)
      .send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
      )
      .catch(error => {
        if (isError(error) && ['NoSuchKey', 'NotFound'].includes(error.name))
          throw new NotFoundError(
            `backup object s3://${location.bucket}/${location.key} does not exist`,
          );
        throw error;
      });
    // In Node the SDK's body is a Readable, which iterates its chunks.
    yield* answer.Body as unknown as AsyncIterable<Uint8Array>;
  }
}

/**
 * How an operation is told to reach S3: the endpoint and path style, the limits optional.
 *
 * @public
 */
export type BackupStoreSettings = Pick<
  BackupStoreOptions,
  'endpoint' | 'forcePathStyle'
> &
  Partial<Pick<BackupStoreOptions, 'timeoutMs' | 'maxObjects'>>;

/**
 * A store with the status API's defaults for the limits it is not given (5 s per request, 10000 objects).
 *
 * @public
 */
export function backupStoreOf(settings: BackupStoreSettings): BackupStore {
  return new BackupStore({
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    timeoutMs: settings.timeoutMs ?? 5_000,
    maxObjects: settings.maxObjects ?? 10_000,
  });
}

/**
 * The S3 prefix of an instance's backups, as the backup CronJob's upload.sh writes them.
 *
 * @public
 */
export function backupPrefix(namespace: string, name: string): string {
  return `${namespace}/${name}/`;
}

/**
 * The dump script names files `<YYYYMMDDTHHMMSSZ>.rdb`, and in cluster mode `<stamp>-<ranges>.rdb` with a
 * master's slot ranges `<first>-<last>` joined with `_`.
 */
const STAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/;
const SHARD_DUMP_PATTERN = /^\d{8}T\d{6}Z-(\d+-\d+(?:_\d+-\d+)*)\.rdb$/;

/**
 * The slot ranges (`[first, last]`, each inclusive) dump.sh named a cluster-mode object by; undefined
 * for an object that is no per-shard dump.
 *
 * @public
 */
export function backupSlotRangesOf(
  key: string,
): Array<[number, number]> | undefined {
  const match = SHARD_DUMP_PATTERN.exec(key.slice(key.lastIndexOf('/') + 1));
  if (!match) return undefined;
  return match[1].split('_').map(range => {
    const [first, last] = range.split('-').map(Number);
    return [first, last];
  });
}

/**
 * The time dump.sh stamped into an object's name, if it has one.
 *
 * @public
 */
export function backupStampOf(key: string): Date | undefined {
  const match = STAMP_PATTERN.exec(key.slice(key.lastIndexOf('/') + 1));
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

/**
 * What a backup run must have left: `expectedObjects` objects (1, or one per shard in cluster mode)
 * of one dump, stamped and uploaded at or after `since`.
 *
 * @public
 */
export interface BackupExpectation {
  since: Date;
  expectedObjects: number;
}

/**
 * Pure: the objects of the newest dump at or after `since`, each non-empty, or why there are none.
 *
 * @public
 */
export function checkBackupObjects(
  objects: BackupObject[],
  expectation: BackupExpectation,
): { ok: true; objects: BackupObject[] } | { ok: false; problem: string } {
  // Stamps and the API server's times have whole seconds.
  const since = Math.floor(expectation.since.getTime() / 1000) * 1000;
  const byStamp = new Map<number, BackupObject[]>();
  for (const object of objects) {
    if (!object.key.endsWith('.rdb')) continue;
    const stamp = backupStampOf(object.key)?.getTime();
    if (stamp === undefined || stamp < since) continue;
    if (Date.parse(object.lastModified) < since) continue;
    byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), object]);
  }
  const newest = [...byStamp.keys()].sort((a, b) => b - a)[0];
  if (newest === undefined)
    return {
      ok: false,
      problem: `no RDB object stamped at or after ${new Date(
        since,
      ).toISOString()}`,
    };
  const dump = byStamp.get(newest)!.sort((a, b) => a.key.localeCompare(b.key));
  if (dump.length !== expectation.expectedObjects)
    return {
      ok: false,
      problem: `the dump of ${new Date(newest).toISOString()} has ${
        dump.length
      } object(s), expected ${expectation.expectedObjects} (${dump
        .map(object => object.key)
        .join(', ')})`,
    };
  const empty = dump.filter(object => object.sizeBytes <= 0);
  if (empty.length > 0)
    return {
      ok: false,
      problem: `empty object(s): ${empty.map(object => object.key).join(', ')}`,
    };
  return { ok: true, objects: dump };
}

/**
 * Where a backup is stored.
 *
 * @public
 */
export interface BackupLocation {
  bucket: string;
  region: string;
  prefix: string;
}

/**
 * Lists the prefix and returns the objects of the backup run the expectation describes; throws a
 * NotFoundError naming the location and the problem otherwise.
 *
 * @public
 */
export async function verifyBackupObjects(
  store: BackupStore,
  location: BackupLocation,
  expectation: BackupExpectation,
): Promise<BackupObject[]> {
  const listed = await store.listObjects(
    location.bucket,
    location.region,
    location.prefix,
  );
  const checked = checkBackupObjects(listed, expectation);
  if (!checked.ok)
    throw new NotFoundError(
      `backup not verified in s3://${location.bucket}/${location.prefix}: ${checked.problem}`,
    );
  return checked.objects;
}
