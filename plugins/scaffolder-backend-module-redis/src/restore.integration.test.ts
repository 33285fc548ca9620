// redis:restore through the real scaffolder and its template, on a live standalone instance run by the
// sandbox (real redis-server processes behind the k8s-testenv API server) and a local S3 server: the
// sandbox runs the new pods' restore init container on the host, as the kubelet would.
import {
  OPERATOR_API_VERSION,
  REDIS_OWNER_KEY,
} from '@odin/plugin-redis-common';
import { applyInstance, readOperationHistory } from '@odin/plugin-redis-node';
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
  runTaskAs,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  exampleTemplate,
  localS3,
  permissionPolicy,
  redisEntity,
  startOperationBackend,
} from './__testUtils__/operationBackend';

jest.setTimeout(240_000);

const PASSWORD = 'restore-action-Pw-5e21';
const BUCKET = 'action-backups';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const OWNER = 'group:default/payments';
const KEYS = 100;
const run = promisify(execFile);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-restore-'));
const s3Server = localS3(path.join(work, 's3'), BUCKET);

let live: LiveNamespace;
let backend: PortalBackend;
let backupName: string;

const dataResource = (name: string) =>
  live.cluster.get({
    apiVersion: OPERATOR_API_VERSION,
    kind: 'Redis',
    metadata: { name, namespace: live.namespace },
  });

const restoreAs = (user: string, targetName: string) =>
  runTaskAs(backend, user, {
    templateRef: 'template:default/redis-restore',
    values: {
      entityRef: 'resource:default/shop',
      backup: backupName,
      targetName,
    },
  });

beforeAll(async () => {
  const s3Endpoint = await s3Server.start();
  live = await startLiveNamespace('restore-action');
  const config = orderIn(live, {
    name: 'shop',
    flavour: { backup: { enabled: true, s3Bucket: BUCKET, retention: 7 } },
  });
  await applyOrder(live, config, PASSWORD);
  // The owner as redis:apply stamps it; the pod may be replaced meanwhile, so wait until it answers.
  await applyInstance({
    cluster: live.cluster,
    config,
    annotations: { [REDIS_OWNER_KEY]: OWNER },
    wait: { timeoutMs: 60_000, pollIntervalMs: 250 },
  });
  // The stamped owner changes the pod template, and the pod may still be replaced (its data with it)
  // after the wait: the keys are written and dumped again until one pod served both and still has them.
  const dump = path.join(work, 'dump.rdb');
  await eventually(async () => {
    const client = await podClient(live, 'shop-0', PASSWORD);
    try {
      const pipeline = client.pipeline();
      for (let i = 0; i < KEYS; i++) pipeline.set(`item:${i}`, `v${i}`);
      await pipeline.exec();
      // A backup as the CronJob's dump.sh takes it (redis-cli --rdb), uploaded under the instance's prefix.
      await run(
        'redis-cli',
        [
          '-h',
          (await storedPods(live))['shop-0'].status.podIP,
          '-p',
          '6379',
          '--rdb',
          dump,
        ],
        { env: { PATH: process.env.PATH, REDISCLI_AUTH: PASSWORD } },
      );
      const keys = await client.dbsize();
      if (keys !== KEYS) throw new Error(`shop-0 holds ${keys} keys`);
      return true;
    } finally {
      client.disconnect();
    }
  }, 'shop-0 holding every key, dumped');
  backupName = '20261201T020000Z.rdb';
  // Not execFileSync: the S3 server answers from this process's event loop.
  await run(
    'aws',
    ['s3', 'cp', dump, `s3://${BUCKET}/${live.namespace}/shop/${backupName}`],
    {
      env: {
        PATH: process.env.PATH,
        HOME: work,
        AWS_ENDPOINT_URL: s3Endpoint,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    },
  );

  backend = await startOperationBackend({
    testCluster: live.testCluster,
    workingDirectory: path.join(work, 'tasks'),
    entities: [
      exampleTemplate('redis-restore'),
      redisEntity({ name: 'shop', namespace: live.namespace, owner: OWNER }),
    ],
    // redis.instance.update for alice only.
    features: [permissionPolicy({ 'redis.instance.update': [ALICE] })],
  });
}, 600_000);

afterAll(async () => {
  await backend?.stop();
  await live?.sandbox.stop();
  await s3Server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('redis:restore', () => {
  it('refuses a user without redis.instance.update on the source, and creates nothing', async () => {
    const task = await restoreAs(BOB, 'shop-bob');

    expect(task.status).toBe('failed');
    expect(task.steps.restore?.messages.join('\n')).toContain(
      `${BOB} may not restore a backup of resource:default/shop: it needs redis.instance.update`,
    );
    expect(await dataResource('shop-bob')).toBeUndefined();
  });

  it('restores the backup into a new instance with the owner of the source, and every key is there', async () => {
    const task = await restoreAs(ALICE, 'shop-copy');

    expect(task.status).toBe('completed');
    const messages = task.steps.restore?.messages.join('\n') ?? '';
    expect(messages).toContain(
      `ok: key count matches the dump: db 0 of the dump: ${KEYS} keys; shop-copy-0 ${KEYS}`,
    );
    expect(messages).toMatch(
      new RegExp(
        `Restored ${live.namespace}/shop/${backupName} into ${live.namespace}/shop-copy in \\d+ ms`,
      ),
    );
    const restored = await dataResource('shop-copy');
    expect(restored?.metadata?.annotations?.[REDIS_OWNER_KEY]).toBe(OWNER);
    const secret = await live.cluster.get<{ data: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-copy-auth', namespace: live.namespace },
    });
    const client = await podClient(
      live,
      'shop-copy-0',
      Buffer.from(secret!.data.password, 'base64').toString(),
    );
    try {
      expect(await client.dbsize()).toBe(KEYS);
      expect(await client.get(`item:${KEYS - 1}`)).toBe(`v${KEYS - 1}`);
    } finally {
      client.disconnect();
    }
    const [entry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'shop',
    });
    expect(entry).toMatchObject({
      operation: 'restore',
      requester: ALICE,
      outcome: 'succeeded',
    });
  });
});
