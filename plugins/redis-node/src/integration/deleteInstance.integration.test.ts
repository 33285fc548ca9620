// Delete with a final backup of live standalone instances run by the sandbox, whose stand-in Job
// controller runs the backup Job's real scripts (redis-cli --rdb, aws s3 cp) against a local S3 server.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  applyOrder,
  eventually,
  orderIn,
  podClient,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { ApiObject, ObjectIdentity } from '../cluster/clusterAccess';
import { backupStoreOf, type BackupStore } from '../operations/backupObjects';
import { deleteInstance } from '../operations/deleteInstance';
import { acquireOperationLock } from '../operations/operationLock';
import {
  operationHistoryName,
  readOperationHistory,
} from '../operations/operationHistory';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'delete-Pw-7c01aa';
const BUCKET = 'final-backups';
const ALICE = 'user:default/alice';
const work = mkdtempSync(join(tmpdir(), 'redis-delete-'));
const s3Server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: join(work, 's3'),
  configureBuckets: [{ name: BUCKET }],
});
let live: LiveNamespace;
let store: BackupStore;
let s3: { endpoint: string; forcePathStyle: boolean };

jest.setTimeout(240_000);

const target = (name: string) => ({ namespace: live.namespace, name });
const identity = (
  apiVersion: string,
  kind: string,
  name: string,
): ObjectIdentity => ({
  apiVersion,
  kind,
  metadata: { name, namespace: live.namespace },
});
const redisResource = (name: string) =>
  identity('redis.redis.opstreelabs.in/v1beta2', 'Redis', name);
const claimsOf = async (name: string) =>
  (
    await live.cluster.list({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: live.namespace,
      labelSelector: `app=${name}`,
    })
  ).map(claim => claim.metadata?.name);
const jobsOf = async (name: string) =>
  (
    await live.cluster.list({
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace: live.namespace,
      labelSelector: `app.kubernetes.io/instance=${name}`,
    })
  ).map(job => job.metadata?.name);
const objectsOf = (name: string) =>
  store.listObjects(BUCKET, 'us-east-1', `${live.namespace}/${name}/`);

/** Orders a standalone instance with a volume (and a backup to `bucket` unless undefined) and waits for it. */
async function order(name: string, bucket: string | undefined) {
  const config = orderIn(live, {
    name,
    flavour: bucket
      ? { backup: { enabled: true, s3Bucket: bucket, retention: 7 } }
      : {},
  });
  await applyOrder(live, config, PASSWORD);
  const client = await podClient(live, `${name}-0`, PASSWORD);
  try {
    await client.set('order:1', 'paid');
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  const { port } = await s3Server.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed credentials: the SDK's default chain finds them, and the sandbox, started with this
  // environment, hands them to the backup Jobs as IRSA would.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.REDIS_SANDBOX_S3_ENDPOINT = s3Endpoint;
  s3 = { endpoint: s3Endpoint, forcePathStyle: true };
  store = backupStoreOf(s3);
  live = await startLiveNamespace('redis-delete');
  await order('cache', BUCKET);
  await order('scratch', BUCKET);
  await order('plain', undefined);
  await order('lost', 'no-such-bucket');
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
  await s3Server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('deleteInstance', () => {
  it('refuses a confirmName that is not the name, changing nothing', async () => {
    await expect(
      deleteInstance({
        cluster: live.cluster,
        instance: target('cache'),
        confirmName: 'cach',
        requester: ALICE,
        s3,
        backupTimeoutMs: 90_000,
      }),
    ).rejects.toThrow(/^confirmName: type the instance's name "cache"/);
    expect(await live.cluster.get(redisResource('cache'))).toBeDefined();
    expect(await jobsOf('cache')).toEqual([]);
    expect(await readOperationHistory(live.cluster, target('cache'))).toEqual(
      [],
    );
  });

  it('refuses an instance without a backup unless skipFinalBackup, naming /flavour/backup', async () => {
    await expect(
      deleteInstance({
        cluster: live.cluster,
        instance: target('plain'),
        confirmName: 'plain',
        requester: ALICE,
        s3,
        backupTimeoutMs: 90_000,
      }),
    ).rejects.toThrow(/\/flavour\/backup .*skipFinalBackup/);
    expect(await live.cluster.get(redisResource('plain'))).toBeDefined();
    expect(
      (await readOperationHistory(live.cluster, target('plain')))[0],
    ).toMatchObject({
      operation: 'delete',
      outcome: 'refused',
      details: { precondition: 'backup' },
    });
  });

  it('refuses while another operation holds the lock', async () => {
    const lock = await acquireOperationLock(live.cluster, {
      instance: target('cache'),
      holder: 'user:default/bob',
      operation: 'scale',
      timeoutMs: 60_000,
    });
    try {
      await expect(
        deleteInstance({
          cluster: live.cluster,
          instance: target('cache'),
          confirmName: 'cache',
          requester: ALICE,
          s3,
          backupTimeoutMs: 90_000,
        }),
      ).rejects.toThrow(/user:default\/bob/);
    } finally {
      await lock.release();
    }
    expect(await live.cluster.get(redisResource('cache'))).toBeDefined();
    expect(await jobsOf('cache')).toEqual([]);
  });

  it('deletes nothing when the final backup fails (S3 refuses the upload: no such bucket)', async () => {
    await expect(
      deleteInstance({
        cluster: live.cluster,
        instance: target('lost'),
        confirmName: 'lost',
        requester: ALICE,
        s3,
        backupTimeoutMs: 90_000,
        pollIntervalMs: 250,
      }),
    ).rejects.toThrow(
      /The backup Job .*\/lost-final-\d{8}t\d{6}z failed \(BackoffLimitExceeded\).*Nothing was deleted\.$/,
    );
    expect(await live.cluster.get(redisResource('lost'))).toBeDefined();
    expect(await claimsOf('lost')).toEqual(['lost-lost-0']);
    expect(
      await live.cluster.get(identity('batch/v1', 'CronJob', 'lost-backup')),
    ).toBeDefined();
    const [entry] = await readOperationHistory(live.cluster, target('lost'));
    expect(entry).toMatchObject({ operation: 'delete', outcome: 'failed' });
    expect(JSON.stringify(entry)).not.toContain(PASSWORD);
  });

  it('dry-runs: lists what would be deleted and kept, writes nothing', async () => {
    const result = await deleteInstance({
      cluster: live.cluster,
      instance: target('cache'),
      confirmName: 'cache',
      requester: ALICE,
      s3,
      backupTimeoutMs: 90_000,
      dryRun: true,
    });
    const ns = live.namespace;
    expect(result.deleted[0]).toBe(`CronJob ${ns}/cache-backup`);
    expect(result.deleted[1]).toBe(`Redis ${ns}/cache`);
    expect(result.deleted).toContain(`Secret ${ns}/cache-auth`);
    expect(result.deleted[result.deleted.length - 1]).toBe(
      `ConfigMap ${ns}/cache-applyset`,
    );
    expect(result.kept).toEqual([
      `PersistentVolumeClaim ${ns}/cache-cache-0 (keepVolumes)`,
      `ConfigMap ${ns}/cache-operations (the operation history, with this delete)`,
    ]);
    expect(result.finalBackup).toEqual({
      bucket: BUCKET,
      prefix: `${ns}/cache/`,
      objects: [],
    });
    expect(await live.cluster.get(redisResource('cache'))).toBeDefined();
    expect(await jobsOf('cache')).toEqual([]);
  });

  it('backs up, verifies the object in S3 while the custom resource is untouched, then deletes and keeps the claim', async () => {
    // Watches, 20 times a second, for a moment when the object is listed while the Redis is not being deleted.
    let provenBefore: { key: string; keepAfterDelete: unknown } | undefined;
    let deletingSeen = false;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const listed = await objectsOf('cache');
        const resource = await live.cluster.get<ApiObject & { spec?: any }>(
          redisResource('cache'),
        );
        if (!resource || resource.metadata?.deletionTimestamp)
          deletingSeen = true;
        else if (listed.length > 0 && !provenBefore)
          provenBefore = {
            key: listed[0].key,
            keepAfterDelete: resource.spec?.storage?.keepAfterDelete,
          };
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    })();

    const result = await deleteInstance({
      cluster: live.cluster,
      instance: target('cache'),
      confirmName: 'cache',
      requester: ALICE,
      s3,
      backupTimeoutMs: 90_000,
    });
    watching = false;
    await watcher;

    const objects = await objectsOf('cache');
    expect(objects).toHaveLength(1);
    expect(objects[0].key).toMatch(
      new RegExp(`^${live.namespace}/cache/\\d{8}T\\d{6}Z\\.rdb$`),
    );
    expect(objects[0].sizeBytes).toBeGreaterThan(0);
    expect(result.finalBackup).toMatchObject({
      job: expect.stringMatching(/^cache-final-\d{8}t\d{6}z$/),
      bucket: BUCKET,
      objects,
    });
    // The object was in S3 while the custom resource had no deletionTimestamp; the delete came after.
    expect(provenBefore?.key).toBe(objects[0].key);
    expect(deletingSeen).toBe(true);

    expect(await live.cluster.get(redisResource('cache'))).toBeUndefined();
    for (const [apiVersion, kind, name] of [
      ['batch/v1', 'CronJob', 'cache-backup'],
      ['v1', 'ConfigMap', 'cache-applyset'],
      ['v1', 'ConfigMap', 'cache-backup-scripts'],
      ['v1', 'Secret', 'cache-auth'],
      ['coordination.k8s.io/v1', 'Lease', 'cache-operation'],
    ])
      expect(
        await live.cluster.get(identity(apiVersion, kind, name)),
      ).toBeUndefined();
    expect(await claimsOf('cache')).toEqual(['cache-cache-0']);
    expect(
      await live.cluster.get(
        identity('v1', 'ConfigMap', operationHistoryName('cache')),
      ),
    ).toBeDefined();
    expect(result.kept).toContain(
      `PersistentVolumeClaim ${live.namespace}/cache-cache-0 (keepVolumes)`,
    );
    const [entry] = await readOperationHistory(live.cluster, target('cache'));
    expect(entry).toMatchObject({
      operation: 'delete',
      requester: ALICE,
      outcome: 'succeeded',
      details: { keepVolumes: true, finalBackup: { objects } },
    });
    expect(JSON.stringify([result, entry])).not.toContain(PASSWORD);
    process.stdout.write(
      `delete with final backup: ${result.durationMs} ms (backup ${result.finalBackup?.durationMs} ms, delete ${result.deleteMs} ms)\n`,
    );
  });

  it('removes the claims with keepVolumes false', async () => {
    expect(await claimsOf('scratch')).toEqual(['scratch-scratch-0']);
    const result = await deleteInstance({
      cluster: live.cluster,
      instance: target('scratch'),
      confirmName: 'scratch',
      keepVolumes: false,
      requester: ALICE,
      s3,
      backupTimeoutMs: 90_000,
    });
    expect(await live.cluster.get(redisResource('scratch'))).toBeUndefined();
    expect(await claimsOf('scratch')).toEqual([]);
    expect(result.deleted).toContain(
      `PersistentVolumeClaim ${live.namespace}/scratch-scratch-0`,
    );
    expect(result.finalBackup?.objects).toHaveLength(1);
  });
  it('backs up each leader of a cluster-mode instance, one object per shard, before deleting it', async () => {
    const config = orderIn(live, {
      name: 'ring',
      root: { clusterModeEnabled: true },
      flavour: {
        deploymentMode: 'cluster',
        cluster: { numShards: 3, replicasPerShard: 1 },
        backup: { enabled: true, s3Bucket: BUCKET, retention: 7 },
      },
    });
    await applyOrder(live, config, PASSWORD);
    const ringResource = identity(
      'redis.redis.opstreelabs.in/v1beta2',
      'RedisCluster',
      'ring',
    );
    await eventually(async () => {
      const stored = await live.cluster.get<ApiObject & { status?: any }>(
        ringResource,
      );
      return stored?.status?.state === 'Ready' ? true : undefined;
    }, 'the RedisCluster ring ready');

    const result = await deleteInstance({
      cluster: live.cluster,
      instance: target('ring'),
      confirmName: 'ring',
      requester: ALICE,
      s3,
      backupTimeoutMs: 90_000,
    });

    const objects = await objectsOf('ring');
    expect(objects.map(object => object.key.replace(/.*\//, ''))).toEqual([
      expect.stringMatching(/^\d{8}T\d{6}Z-0-\d+\.rdb$/),
      expect.stringMatching(/^\d{8}T\d{6}Z-\d+-16383\.rdb$/),
      expect.stringMatching(/^\d{8}T\d{6}Z-\d+-\d+\.rdb$/),
    ]);
    expect(objects.every(object => object.sizeBytes > 0)).toBe(true);
    expect(result.finalBackup?.objects).toEqual(objects);
    expect(await live.cluster.get(ringResource)).toBeUndefined();
    process.stdout.write(
      `cluster delete with final backup: ${result.durationMs} ms (backup ${result.finalBackup?.durationMs} ms, delete ${result.deleteMs} ms)\n`,
    );
  });
});
