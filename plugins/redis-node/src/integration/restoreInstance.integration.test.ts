// Restore into a new instance, for real: a live replication instance run by the sandbox is backed up by
// its own backup Job (redis-cli --rdb, aws s3 cp) to a local S3 server, and restored into a new instance
// whose pods' init container (run by the sandbox on the host, as the kubelet would) downloads the dump.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  applyOrder,
  eventually,
  orderIn,
  podClient,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';
import Redis from 'ioredis';
import { execFile, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import S3rver from 's3rver';
import { RESTORED_FROM_ANNOTATION, applySetParentOf } from '../apply/applySet';
import { BackupStore } from '../operations/backupObjects';
import { acquireOperationLock } from '../operations/operationLock';
import { readOperationHistory } from '../operations/operationHistory';
import { RESTORE_SCRIPT } from '../operations/restoreContainer';
import { restoreInstance } from '../operations/restoreInstance';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'restore-Pw-31d9e0';
const BUCKET = 'restore-backups';
const ALICE = 'user:default/alice';
const KEYS = 10_000;
const work = mkdtempSync(join(tmpdir(), 'redis-restore-'));
const s3Server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: join(work, 's3'),
  configureBuckets: [{ name: BUCKET }],
});
let live: LiveNamespace;
let s3Endpoint: string;
let s3: S3Client;
let backupKey: string;
let backupSize: number;
const run = promisify(execFile);

jest.setTimeout(300_000);

const source = () => ({ namespace: live.namespace, name: 'shop' });
const prefix = () => `${live.namespace}/shop/`;
const restore = (backup: string, target: string) =>
  restoreInstance({
    cluster: live.cluster,
    source: source(),
    backup,
    target: { name: target },
    requester: ALICE,
    s3: { endpoint: s3Endpoint, forcePathStyle: true },
    pollIntervalMs: 250,
  });

/**
 * The first bytes of an RDB dump as Redis writes them: the magic with `version`, the aux fields
 * redis-ver and used-mem (a decimal string, as Redis writes one beyond 32 bits), then db 0's RESIZEDB.
 */
function rdbStart(version: number, usedMemory: number, keys: number): Buffer {
  const text = (value: string) =>
    Buffer.concat([Buffer.from([value.length]), Buffer.from(value)]);
  const aux = (key: string, value: string) =>
    Buffer.concat([Buffer.from([0xfa]), text(key), text(value)]);
  return Buffer.concat([
    Buffer.from(`REDIS${String(version).padStart(4, '0')}`),
    aux('redis-ver', '7.0.15'),
    aux('used-mem', String(usedMemory)),
    Buffer.from([0xfe, 0x00, 0xfb, keys, 0x00]),
    Buffer.from([0xff]),
  ]);
}

async function upload(name: string, body: Buffer): Promise<string> {
  const key = `${prefix()}${name}`;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return key;
}

const parentOf = (name: string) =>
  live.cluster.get(applySetParentOf({ namespace: live.namespace, name }));

/** After a refusal: the target does not exist, and the source's newest history entry says why. */
async function expectNothingCreated(target: string, message: RegExp) {
  expect(await parentOf(target)).toBeUndefined();
  expect(
    await live.cluster.get({
      apiVersion: OPERATOR_API_VERSION,
      kind: 'RedisReplication',
      metadata: { name: target, namespace: live.namespace },
    }),
  ).toBeUndefined();
  const [entry] = await readOperationHistory(live.cluster, source());
  expect(entry).toMatchObject({ operation: 'restore', outcome: 'refused' });
  expect(entry.message).toMatch(message);
}

const envOf = (container: {
  env: { name: string; value?: string }[];
}): Record<string, string> =>
  Object.fromEntries(
    container.env.flatMap(entry =>
      entry.value === undefined ? [] : [[entry.name, entry.value]],
    ),
  );

/**
 * A run of the backup CronJob the apply stored: its dump.sh and upload.sh (redis-cli --rdb from the
 * replica, aws s3 cp), each with its container's env; the pod address stands in for the Service name.
 */
async function runBackupScripts(): Promise<void> {
  const cronJob = await live.cluster.get<any>({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'shop-backup', namespace: live.namespace },
  });
  const scripts = (await live.cluster.get<{ data: Record<string, string> }>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-backup-scripts', namespace: live.namespace },
  }))!.data;
  const pod = (await storedPods(live))['shop-1'];
  const { initContainers, containers } =
    cronJob.spec.jobTemplate.spec.template.spec;
  const backupDir = join(work, 'backup');
  await run('sh', ['-c', scripts['dump.sh']], {
    env: {
      PATH: process.env.PATH,
      ...envOf(initContainers[0]),
      REDIS_HOST: pod.status.podIP,
      BACKUP_DIR: backupDir,
      REDISCLI_AUTH: PASSWORD,
    },
  });
  await run('sh', ['-c', scripts['upload.sh']], {
    env: {
      PATH: process.env.PATH,
      ...envOf(containers[0]),
      BACKUP_DIR: backupDir,
      HOME: work,
      AWS_ENDPOINT_URL: s3Endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
}

/** A client of a pod of the restored instance, signed in with the password the apply generated for it. */
async function restoredClient(pod: string): Promise<Redis> {
  const secret = await live.cluster.get<{ data: Record<string, string> }>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'shop-copy-auth', namespace: live.namespace },
  });
  const password = Buffer.from(secret!.data.password, 'base64').toString();
  expect(password).not.toBe(PASSWORD);
  return podClient(live, pod, password);
}

beforeAll(async () => {
  const { port } = await s3Server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed credentials: the SDK's default chain finds them, and the sandbox, started with this
  // environment, hands them to the backup Job and the init containers as IRSA would.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.REDIS_SANDBOX_S3_ENDPOINT = s3Endpoint;
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
  });
  live = await startLiveNamespace('redis-restore');
  await applyOrder(
    live,
    orderIn(live, {
      name: 'shop',
      flavour: {
        replica: { count: 1 },
        backup: { enabled: true, s3Bucket: BUCKET, retention: 7 },
      },
    }),
    PASSWORD,
  );
  const master = await podClient(live, 'shop-0', PASSWORD);
  try {
    const pipeline = master.pipeline();
    for (let i = 0; i < KEYS; i++) pipeline.set(`order:${i}`, `paid-${i}`);
    await pipeline.exec();
    const written = await master.dbsize();
    if (written !== KEYS)
      throw new Error(`shop-0 holds ${written} keys, not ${KEYS}`);
  } finally {
    master.disconnect();
  }
  // The backup dumps from the replica, once it has synced.
  const replica = await podClient(live, 'shop-1', PASSWORD);
  try {
    await eventually(async () => {
      const info = await replica.info('replication');
      return /master_link_status:up/.test(info) &&
        (await replica.dbsize()) === KEYS
        ? true
        : undefined;
    }, 'the replica shop-1 in sync');
  } finally {
    replica.disconnect();
  }
  const startedAt = Date.now();
  await runBackupScripts();
  const objects = await new BackupStore({
    endpoint: s3Endpoint,
    forcePathStyle: true,
    timeoutMs: 5_000,
    maxObjects: 1_000,
  }).listObjects(BUCKET, 'us-east-1', prefix());
  if (objects.length !== 1)
    throw new Error(
      `the backup left ${objects.length} objects under ${prefix()}, not 1`,
    );
  [{ key: backupKey, sizeBytes: backupSize }] = objects;
  // eslint-disable-next-line no-console
  console.log(
    `backup of ${KEYS} keys: ${backupKey}, ${backupSize} bytes, dump and upload ${
      Date.now() - startedAt
    } ms`,
  );
}, START_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await live?.sandbox.stop();
  await s3Server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('restoreInstance', () => {
  it('refuses a backup key the prefix does not have, naming the newest there', async () => {
    await expect(
      restore('20200101T000000Z.rdb', 'shop-missing'),
    ).rejects.toThrow(
      /^backup: s3:\/\/restore-backups\/.*\/shop\/ has no object 20200101T000000Z\.rdb; the newest there: \d{8}T\d{6}Z\.rdb/,
    );
    await expectNothingCreated('shop-missing', /has no object/);
  });

  it('refuses a target name that exists: it never writes into an instance', async () => {
    const before = await parentOf('shop');
    await expect(restore('latest', 'shop')).rejects.toThrow(
      /^target: .*\/shop exists \(ConfigMap shop-applyset, RedisReplication shop\); a restore creates a new instance/,
    );
    expect((await parentOf('shop'))?.metadata?.resourceVersion).toBe(
      before?.metadata?.resourceVersion,
    );
    const [entry] = await readOperationHistory(live.cluster, source());
    expect(entry).toMatchObject({ operation: 'restore', outcome: 'refused' });
    expect(entry.message).toMatch(/shop exists/);
  });

  it('refuses a dump whose RDB version the target Redis cannot read', async () => {
    const key = await upload(
      '20200102T000000Z.rdb',
      rdbStart(99, 1_000_000, 1),
    );
    await expect(restore(key, 'shop-new')).rejects.toThrow(
      /RDB version readable failed \(the dump is RDB 99 \(written by Redis 7\.0\.15\); Redis 7\.0 reads up to RDB 10\)/,
    );
    await expectNothingCreated('shop-new', /RDB 99/);
  });

  it('refuses a dataset larger than the target maxmemory, with both figures', async () => {
    await upload('20200103T000000Z.rdb', rdbStart(10, 64 * 2 ** 30, 1));
    await expect(restore('20200103T000000Z.rdb', 'shop-big')).rejects.toThrow(
      /dataset fits maxmemory failed \(the source used 65536\.0 MiB when it saved; the target's maxmemory is \d+\.\d MiB\).*\/flavour\/master\/resources\/limits\/memory/,
    );
    await expectNothingCreated('shop-big', /65536\.0 MiB/);
  });

  it('refuses while another operation holds the source lock', async () => {
    const lock = await acquireOperationLock(live.cluster, {
      instance: source(),
      holder: 'user:default/bob',
      operation: 'scale',
      timeoutMs: 60_000,
    });
    try {
      await expect(restore('latest', 'shop-locked')).rejects.toThrow(
        /scale by user:default\/bob/,
      );
    } finally {
      await lock.release();
    }
    await expectNothingCreated('shop-locked', /user:default\/bob/);
  });

  it('dry-runs a restore: the checks and the objects it would create, nothing written or recorded', async () => {
    const before = await readOperationHistory(live.cluster, source());
    const result = await restoreInstance({
      cluster: live.cluster,
      source: source(),
      backup: 'latest',
      target: { name: 'shop-dry' },
      requester: ALICE,
      s3: { endpoint: s3Endpoint, forcePathStyle: true },
      dryRun: true,
    });
    expect(result).toMatchObject({
      dryRun: true,
      backup: { key: backupKey, database: { keys: KEYS } },
      postChecks: [],
    });
    expect(result.preChecks.every(check => check.ok)).toBe(true);
    expect(result.objects).toContain(
      `RedisReplication ${live.namespace}/shop-dry`,
    );
    expect(await parentOf('shop-dry')).toBeUndefined();
    expect(await readOperationHistory(live.cluster, source())).toEqual(before);
  });

  it(`restores the latest backup into a new instance: all ${KEYS} keys with their values on every pod`, async () => {
    const result = await restore('latest', 'shop-copy');
    // eslint-disable-next-line no-console
    console.log(
      `restore of ${KEYS} keys (${result.backup.sizeBytes} bytes) into shop-copy: ${result.durationMs} ms`,
    );
    expect(result.backup).toMatchObject({
      key: backupKey,
      sizeBytes: backupSize,
      rdbVersion: 10,
      redisVersion: '7.0.15',
      database: { db: 0, keys: KEYS, expires: 0 },
    });
    expect(result.preChecks.every(check => check.ok)).toBe(true);
    expect(result.postChecks).toEqual([
      expect.objectContaining({ name: 'every data pod answers', ok: true }),
      {
        name: 'key count matches the dump',
        ok: true,
        figures: `db 0 of the dump: ${KEYS} keys; shop-copy-0 ${KEYS}, shop-copy-1 ${KEYS}`,
      },
    ]);
    for (const pod of ['shop-copy-0', 'shop-copy-1']) {
      const client = await restoredClient(pod);
      try {
        for (let start = 0; start < KEYS; start += 1_000) {
          const keys = Array.from(
            { length: 1_000 },
            (_, i) => `order:${start + i}`,
          );
          expect(await client.mget(keys)).toEqual(
            keys.map(key => `paid-${key.slice('order:'.length)}`),
          );
        }
      } finally {
        client.disconnect();
      }
    }
    const parent = await parentOf('shop-copy');
    expect(
      JSON.parse(parent!.metadata!.annotations![RESTORED_FROM_ANNOTATION]),
    ).toEqual({ namespace: live.namespace, name: 'shop', key: backupKey });
    const [sourceEntry] = await readOperationHistory(live.cluster, source());
    const [targetEntry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'shop-copy',
    });
    expect(sourceEntry).toMatchObject({
      id: result.id,
      operation: 'restore',
      outcome: 'succeeded',
      requester: ALICE,
    });
    expect(targetEntry).toMatchObject({
      id: result.id,
      outcome: 'succeeded',
      details: { source: `${live.namespace}/shop`, key: backupKey },
    });
    expect(JSON.stringify([sourceEntry, targetEntry])).not.toContain(PASSWORD);
    expect(live.sandbox.log()).toMatch(
      /shop-copy-0: init container initshop-copy succeeded: [\s\S]*restored s3:\/\/restore-backups\//,
    );
  });

  it('restore.sh restores only into an empty data directory, and as the AOF base where appendonly is on', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: work,
      S3_BUCKET: BUCKET,
      S3_KEY: backupKey,
      AWS_ENDPOINT_URL: s3Endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    const used = join(work, 'data-in-use');
    mkdirSync(used);
    writeFileSync(join(used, 'dump.rdb'), 'newer data');
    const skipped = await run('sh', ['-c', RESTORE_SCRIPT], {
      env: { ...env, DATA_DIR: used, AOF: 'yes' },
    });
    expect(skipped.stdout).toBe(
      `${used} holds data (dump.rdb): nothing restored\n`,
    );
    expect(readdirSync(used)).toEqual(['dump.rdb']);
    expect(readFileSync(join(used, 'dump.rdb'), 'utf8')).toBe('newer data');

    // Redis 7 with appendonly yes ignores dump.rdb: the dump must be the base of its AOF directory.
    const empty = join(work, 'data-empty');
    mkdirSync(empty);
    await run('sh', ['-c', RESTORE_SCRIPT], {
      env: { ...env, DATA_DIR: empty, AOF: 'yes' },
    });
    expect(readdirSync(empty)).toEqual(['appendonlydir']);
    const socket = join(empty, 'redis.sock');
    const server = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--unixsocket',
        socket,
        '--dir',
        empty,
        '--appendonly',
        'yes',
        '--appendfilename',
        'appendonly.aof',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    try {
      // Until the server listens and has loaded (DBSIZE answers LOADING meanwhile).
      const client = await eventually(async () => {
        const attempt = new Redis({
          path: socket,
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        attempt.on('error', () => undefined);
        try {
          await attempt.connect();
          await attempt.dbsize();
          return attempt;
        } catch (error) {
          attempt.disconnect();
          throw error;
        }
      }, 'redis-server on the restored directory');
      try {
        expect(await client.dbsize()).toBe(KEYS);
        expect(await client.get('order:9999')).toBe('paid-9999');
      } finally {
        client.disconnect();
      }
    } finally {
      server.kill('SIGKILL');
    }
  });
});
