// Restore of a cluster-mode backup into a new cluster, for real: a live 3-shard cluster run by the sandbox
// is backed up by an on-demand Job of its backup CronJob (the sandbox runs the real dump.sh and upload.sh
// against a local S3 server: one RDB per shard), then restored into a new, empty cluster key by key with
// RESTORE, and every key compared with the source's.
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
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';
import { Cluster } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { RESTORED_FROM_ANNOTATION, applySetParentOf } from '../apply/applySet';
import { backupSlotRangesOf, backupStoreOf } from '../operations/backupObjects';
import { backupNow, type BackupNowResult } from '../operations/backupNow';
import { crc64 } from '../operations/crc64';
import { readOperationHistory } from '../operations/operationHistory';
import { restoreInstance } from '../operations/restoreInstance';
import { scaleInstance } from '../operations/scale';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'cluster-restore-Pw-5e2b91';
const BUCKET = 'ring-backups';
const ALICE = 'user:default/alice';
const STRINGS = 10_000;
const LIBRARY =
  "#!lua name=ringlib\nredis.register_function('ring_ping', function() return 'pong' end)";
const work = mkdtempSync(join(tmpdir(), 'redis-cluster-restore-'));
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
let sourceClient: Cluster;
let backup: BackupNowResult;
/** Every key written, by its type: strings, and a few of every other type. */
const written: string[] = [];
const durations: Record<string, number> = {};

jest.setTimeout(600_000);

const source = () => ({ namespace: live.namespace, name: 'ring' });
const prefix = () => `${live.namespace}/ring/`;
const restore = (backupName: string, target: string, dryRun = false) =>
  restoreInstance({
    cluster: live.cluster,
    source: source(),
    backup: backupName,
    target: { name: target },
    requester: ALICE,
    s3: { endpoint: s3Endpoint, forcePathStyle: true },
    pollIntervalMs: 250,
    dryRun,
  });

const redisCluster = (name: string) =>
  live.cluster.get<{ status?: { state?: string } }>({
    apiVersion: OPERATOR_API_VERSION,
    kind: 'RedisCluster',
    metadata: { name, namespace: live.namespace },
  });

/** A cluster client of an instance, through its first leader's address, once it knows the slots. */
async function clusterClient(name: string, password: string): Promise<Cluster> {
  const pods = await storedPods(live);
  const client = new Cluster(
    [{ host: pods[`${name}-leader-0`].status.podIP, port: 6379 }],
    {
      redisOptions: { password },
      slotsRefreshTimeout: 2_000,
      lazyConnect: true,
    },
  );
  client.on('error', () => undefined);
  // Ready once it has the slot layout: a command sent before would go to any node, and be MOVED.
  await client.connect();
  return client;
}

/** What a key holds, read through commands (hash tables iterate in another order on another node). */
async function describeKey(client: Cluster, key: string): Promise<unknown> {
  const type = await client.type(key);
  switch (type) {
    case 'string':
      return [type, await client.get(key)];
    case 'list':
      return [type, await client.lrange(key, 0, -1)];
    case 'set':
      return [type, (await client.smembers(key)).sort()];
    case 'zset':
      return [type, await client.zrange(key, 0, -1, 'WITHSCORES')];
    case 'hash':
      return [type, Object.entries(await client.hgetall(key)).sort()];
    case 'stream':
      return [type, await client.call('XINFO', 'STREAM', key, 'FULL')];
    default:
      return [type];
  }
}

async function describeAll(client: Cluster): Promise<unknown[]> {
  const described: unknown[] = [];
  for (let i = 0; i < written.length; i += 500)
    described.push(
      ...(await Promise.all(
        written
          .slice(i, i + 500)
          .map(async key => [
            key,
            await describeKey(client, key),
            await client.pttl(key).then(ttl => ttl > 0),
          ]),
      )),
    );
  return described;
}

async function upload(name: string, body: Uint8Array): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: `${prefix()}${name}`,
      Body: body,
    }),
  );
}

async function download(key: string): Promise<Uint8Array> {
  const answer = await s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: key }),
  );
  return answer.Body!.transformToByteArray();
}

/** The backup's objects by their lowest slot. */
const byFirstSlot = () =>
  [...backup.objects].sort(
    (a, b) =>
      backupSlotRangesOf(a.key)![0][0] - backupSlotRangesOf(b.key)![0][0],
  );

const short = (text: string) =>
  Buffer.concat([Buffer.from([text.length]), Buffer.from(text)]);

/** One key of an RDB dump: its type, its key and a string value (all shorter than 64 bytes). */
function keyEntry(type: number, key: string, value: string): Buffer {
  return Buffer.concat([Buffer.from([type]), short(key), short(value)]);
}

/** A complete RDB 10 dump of db 0 with `keys`, its used-mem small, and its CRC-64. */
function rdbOf(keys: Buffer[]): Buffer {
  const body = Buffer.concat([
    Buffer.from('REDIS0010'),
    Buffer.from([0xfa]),
    short('used-mem'),
    short('1000000'),
    Buffer.from([0xfe, 0x00, 0xfb, keys.length, 0x00]),
    ...keys,
    Buffer.from([0xff]),
  ]);
  const checksum = Buffer.alloc(8);
  checksum.writeBigUInt64LE(crc64(body));
  return Buffer.concat([body, checksum]);
}

const parentOf = (name: string) =>
  live.cluster.get(applySetParentOf({ namespace: live.namespace, name }));

/** After a refusal: nothing of the target exists, and the source's newest history entry says why. */
async function expectNothingCreated(target: string, message: RegExp) {
  expect(await parentOf(target)).toBeUndefined();
  expect(await redisCluster(target)).toBeUndefined();
  const [entry] = await readOperationHistory(live.cluster, source());
  expect(entry).toMatchObject({ operation: 'restore', outcome: 'refused' });
  expect(entry.message).toMatch(message);
}

beforeAll(async () => {
  const { port } = await s3Server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed credentials: the SDK's default chain finds them, and the sandbox, started with this
  // environment, hands them to the backup Job as IRSA would.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.REDIS_SANDBOX_S3_ENDPOINT = s3Endpoint;
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
  });
  live = await startLiveNamespace('redis-cluster-restore');
  await applyOrder(
    live,
    orderIn(live, {
      name: 'ring',
      root: { clusterModeEnabled: true },
      flavour: {
        deploymentMode: 'cluster',
        cluster: { numShards: 3, replicasPerShard: 1 },
        backup: { enabled: true, s3Bucket: BUCKET, retention: 7 },
      },
    }),
    PASSWORD,
  );
  await eventually(
    async () =>
      (await redisCluster('ring'))?.status?.state === 'Ready'
        ? true
        : undefined,
    'the RedisCluster ring ready',
    600,
  );
  sourceClient = await clusterClient('ring', PASSWORD);
  const writeStarted = Date.now();
  const writer = sourceClient;
  for (let i = 0; i < STRINGS; i += 500)
    await Promise.all(
      Array.from({ length: 500 }, (_, j) => {
        const key = `order:${i + j}`;
        written.push(key);
        return writer.set(key, `paid-${i + j}`);
      }),
    );
  const others: [string, () => Promise<unknown>][] = [
    ['order:ttl', () => sourceClient.set('order:ttl', 'soon', 'PX', 3_600_000)],
    [
      'note:long',
      () => sourceClient.set('note:long', 'lorem ipsum '.repeat(500)),
    ],
    ['counter', () => sourceClient.set('counter', '12345')],
    ['list:small', () => sourceClient.rpush('list:small', 'a', 'b', 'c')],
    [
      'list:big',
      () =>
        sourceClient.rpush(
          'list:big',
          ...Array.from({ length: 3000 }, (_, i) => `item-${i}`),
        ),
    ],
    ['set:ints', () => sourceClient.sadd('set:ints', 1, 2, 3, 99)],
    [
      'set:big',
      () =>
        sourceClient.sadd(
          'set:big',
          ...Array.from({ length: 500 }, (_, i) => `m-${i}`),
        ),
    ],
    ['zset:small', () => sourceClient.zadd('zset:small', 1, 'a', 2, 'b')],
    [
      'zset:big',
      () =>
        sourceClient.zadd(
          'zset:big',
          ...Array.from({ length: 400 }, (_, i) => [i, `z${i}`]).flat(),
        ),
    ],
    ['hash:small', () => sourceClient.hset('hash:small', 'a', '1')],
    [
      'hash:big',
      () =>
        sourceClient.hset(
          'hash:big',
          Object.fromEntries(
            Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]),
          ),
        ),
    ],
    [
      'stream',
      async () => {
        for (let i = 1; i <= 50; i++)
          await sourceClient.xadd('stream', `${i}-0`, 'n', String(i));
        await sourceClient.xgroup('CREATE', 'stream', 'billing', '0');
        await sourceClient.xreadgroup(
          'GROUP',
          'billing',
          'alice',
          'COUNT',
          10,
          'STREAMS',
          'stream',
          '>',
        );
      },
    ],
  ];
  for (const [key, write] of others) {
    written.push(key);
    await write();
  }
  // Functions live on each node: loaded on every master, as a team deploys them to a cluster.
  for (const pod of ['ring-leader-0', 'ring-leader-1', 'ring-leader-2']) {
    const leader = await podClient(live, pod, PASSWORD);
    try {
      await leader.call('FUNCTION', 'LOAD', LIBRARY);
    } finally {
      leader.disconnect();
    }
  }
  durations.writeMs = Date.now() - writeStarted;
  backup = await backupNow({
    cluster: live.cluster,
    instance: source(),
    store: backupStoreOf({ endpoint: s3Endpoint, forcePathStyle: true }),
    requester: ALICE,
    fieldManager: 'cluster-restore-test',
    timeoutMs: 120_000,
  });
  durations.backupMs = backup.durationMs;
}, START_TIMEOUT_MS + 300_000);

afterAll(async () => {
  sourceClient?.disconnect();
  await live?.sandbox.stop();
  await s3Server.close();
  rmSync(work, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`measured durations (ms): ${JSON.stringify(durations)}`);
});

describe('restore of a cluster-mode backup', () => {
  it('backed up one object per shard, named by its slot ranges', () => {
    const ranges = byFirstSlot().map(object => backupSlotRangesOf(object.key));
    expect(ranges).toEqual([
      [[0, expect.any(Number)]],
      [[expect.any(Number), expect.any(Number)]],
      [[expect.any(Number), 16383]],
    ]);
  });

  it('refuses a backup whose objects do not cover every slot, naming the missing ones', async () => {
    const [first, middle, last] = byFirstSlot();
    for (const object of [first, last])
      await upload(
        object.key.replace(/.*\/\d{8}T\d{6}Z/, '20200101T000000Z'),
        await download(object.key),
      );
    const missing = backupSlotRangesOf(middle.key)![0].join('-');
    await expect(restore('20200101T000000Z', 'ring-partial')).rejects.toThrow(
      `the backup covers all 16384 slots failed (no object holds slots ${missing}: it is no complete backup`,
    );
    await expectNothingCreated(
      'ring-partial',
      new RegExp(`no object holds slots ${missing}`),
    );
  });

  it('refuses a backup with a truncated dump after reading it to its end, creating nothing', async () => {
    for (const object of backup.objects) {
      const bytes = await download(object.key);
      await upload(
        object.key.replace(/.*\/\d{8}T\d{6}Z/, '20200102T000000Z'),
        backupSlotRangesOf(object.key)![0][0] === 0
          ? bytes.subarray(0, bytes.length - 200)
          : bytes,
      );
    }
    await expect(restore('20200102T000000Z', 'ring-cut')).rejects.toThrow(
      /every dump reads to its end failed \(.*20200102T000000Z-0-\d+\.rdb: the dump ends at byte \d+, inside an item that starts at byte \d+: it is incomplete/,
    );
    await expectNothingCreated('ring-cut', /it is incomplete/);
  });

  it('dry-runs: the checks from the headers and the objects it would create, nothing written', async () => {
    const before = await readOperationHistory(live.cluster, source());
    const stamp = backup.objects[0].key.replace(/.*\/(\d{8}T\d{6}Z).*/, '$1');
    const result = await restore(stamp, 'ring-dry', true);
    expect(result.preChecks.every(check => check.ok)).toBe(true);
    expect(result.backup).toMatchObject({
      key: `${prefix()}${stamp}`,
      database: { db: 0, keys: written.length },
    });
    expect(result.backup.shards).toHaveLength(3);
    expect(result.objects).toContain(`RedisCluster ${live.namespace}/ring-dry`);
    expect(await parentOf('ring-dry')).toBeUndefined();
    expect(await readOperationHistory(live.cluster, source())).toEqual(before);
  });

  it(`restores the latest backup into a new cluster: all ${
    STRINGS + 12
  } keys with their values`, async () => {
    const result = await restore('latest', 'ring-copy');
    durations.restoreMs = result.durationMs;
    durations.loadMs = result.load?.durationMs ?? -1;
    expect(result.backup.key).toBe(
      `${prefix()}${backup.objects[0].key.replace(
        /.*\/(\d{8}T\d{6}Z).*/,
        '$1',
      )}`,
    );
    expect(result.preChecks.map(check => [check.name, check.ok])).toEqual([
      ['the backup covers all 16384 slots', true],
      ['RDB version readable', true],
      ['each shard fits one master', true],
      ['key count in the dumps', true],
      ['every dump reads to its end', true],
      ['keys in db 0 only', true],
    ]);
    expect(result.load).toMatchObject({
      keysRead: written.length,
      expiredSkipped: 0,
      restored: written.length,
    });
    expect(result.postChecks.filter(check => !check.ok)).toEqual([]);
    expect(result.postChecks.map(check => check.name)).toEqual([
      'the operator reports the cluster ready at the new size',
      'every node answers',
      'cluster state ok, all 16384 slots ok',
      'shards and replicas as asked',
      "every replica's link up",
      'every cluster bus link connected',
      'key count matches the dumps',
    ]);

    const secret = await live.cluster.get<{ data: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ring-copy-auth', namespace: live.namespace },
    });
    const password = Buffer.from(secret!.data.password, 'base64').toString();
    expect(password).not.toBe(PASSWORD);
    const copy = await clusterClient('ring-copy', password);
    try {
      const compareStarted = Date.now();
      expect(await describeAll(copy)).toEqual(await describeAll(sourceClient));
      durations.compareMs = Date.now() - compareStarted;
      expect(result.load?.functions).toBe(1);
      for (const pod of [
        'ring-copy-leader-0',
        'ring-copy-leader-1',
        'ring-copy-leader-2',
      ]) {
        const leader = await podClient(live, pod, password);
        try {
          expect(await leader.call('FCALL', 'ring_ping', '0')).toBe('pong');
        } finally {
          leader.disconnect();
        }
      }
    } finally {
      copy.disconnect();
    }

    const parent = await parentOf('ring-copy');
    expect(
      JSON.parse(parent!.metadata!.annotations![RESTORED_FROM_ANNOTATION]),
    ).toEqual({
      namespace: live.namespace,
      name: 'ring',
      key: result.backup.key,
      objects: result.backup.shards!.map(shard => shard.key),
    });
    const [sourceEntry] = await readOperationHistory(live.cluster, source());
    const [targetEntry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'ring-copy',
    });
    expect(sourceEntry).toMatchObject({
      id: result.id,
      operation: 'restore',
      outcome: 'succeeded',
    });
    expect(targetEntry).toMatchObject({
      id: result.id,
      outcome: 'succeeded',
      details: {
        source: `${live.namespace}/ring`,
        load: { restored: written.length },
      },
    });
    expect(JSON.stringify([result, sourceEntry, targetEntry])).not.toContain(
      PASSWORD,
    );
    expect(JSON.stringify([result, sourceEntry, targetEntry])).not.toContain(
      password,
    );
  });

  it('restores a backup taken after a scale-out, whose masters own several slot ranges each', async () => {
    await scaleInstance({
      cluster: live.cluster,
      instance: source(),
      shards: 4,
      requester: ALICE,
      timeoutMs: 300_000,
    });
    const scaled = await backupNow({
      cluster: live.cluster,
      instance: source(),
      store: backupStoreOf({ endpoint: s3Endpoint, forcePathStyle: true }),
      requester: ALICE,
      fieldManager: 'cluster-restore-test',
      timeoutMs: 120_000,
    });
    const names = scaled.objects.map(object => object.key.replace(/.*\//, ''));
    expect(names).toHaveLength(4);
    // The rebalance gave the new master slots of each of the others: its name lists every range.
    expect(names.some(name => /Z-\d+-\d+(_\d+-\d+)+\.rdb$/.test(name))).toBe(
      true,
    );
    const result = await restore('latest', 'ring-four');
    durations.restoreAfterScaleMs = result.durationMs;
    expect(result.preChecks.every(check => check.ok)).toBe(true);
    expect(result.load).toMatchObject({ restored: written.length });
    const secret = await live.cluster.get<{ data: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ring-four-auth', namespace: live.namespace },
    });
    const copy = await clusterClient(
      'ring-four',
      Buffer.from(secret!.data.password, 'base64').toString(),
    );
    try {
      expect(copy.nodes('master')).toHaveLength(4);
      expect(await describeAll(copy)).toEqual(await describeAll(sourceClient));
    } finally {
      copy.disconnect();
    }
  });

  it('says plainly what exists when the load fails after the new cluster was created, and records it', async () => {
    // A complete backup of three dumps whose one key Redis 7.0 cannot load: type 20 (a listpack set) is
    // Redis 7.2's, so the checks pass (RDB 10 and a value the reader can bound) but RESTORE refuses it.
    const cut = byFirstSlot().map(object => backupSlotRangesOf(object.key)![0]);
    const names = cut.map(range => `20200103T000000Z-${range.join('-')}.rdb`);
    await upload(names[0], rdbOf([keyEntry(0, 'order:kept', 'paid')]));
    await upload(names[1], rdbOf([keyEntry(20, 'order:newer', 'listpack')]));
    await upload(names[2], rdbOf([]));
    const failure = await restore('20200103T000000Z', 'ring-broken').then(
      () => new Error('the restore succeeded, but should have failed'),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(
      /^.*\/ring-broken was created, but the load of .*20200103T000000Z failed and left it partially loaded: RESTORE of the key "order:newer" failed: .*; 1 of the 2 keys read so far were restored\. Delete it \(its data is incomplete\) and run the restore again$/,
    );
    expect(await redisCluster('ring-broken')).toBeDefined();
    const [entry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'ring-broken',
    });
    expect(entry).toMatchObject({
      operation: 'restore',
      outcome: 'failed',
      message: failure.message,
      details: { load: { keysRead: 2, restored: 1 } },
    });
    expect(
      (await readOperationHistory(live.cluster, source()))[0],
    ).toMatchObject({
      id: entry.id,
      outcome: 'failed',
    });
  });
});
