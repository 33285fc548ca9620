// Runs the backup CronJob's rendered scripts for real (redis-cli, aws, a local S3 server), then reads the status.
import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  renderManifests,
  validateInstance,
  type RedisStatus,
} from '@odin/plugin-redis-common';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setupServer } from 'msw/node';
import S3rver from 's3rver';
import request from 'supertest';
import {
  customResource,
  FakeKubernetesApi,
  passwordSecret,
  podObject,
  statefulSet,
} from './__testUtils__/fakeKubernetesApi';
import { loopbackBlock, RedisFleet } from './__testUtils__/redisProcesses';
import { redisEntity, startRedisBackend } from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-backup-55e1';
const BUCKET = 'shop-backups';
const address = loopbackBlock();
const kubernetes = new FakeKubernetesApi();
const msw = setupServer(...kubernetes.handlers());
const fleet = new RedisFleet(PASSWORD);
const work = mkdtempSync(join(tmpdir(), 'redis-backup-run-'));
const s3Server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: join(work, 's3'),
  configureBuckets: [{ name: BUCKET }],
});
let s3Endpoint: string;
let s3: S3Client;

jest.setTimeout(60_000);

const config = validateInstance({
  name: 'cache',
  flavour: {
    namespace: 'shop',
    backup: { enabled: true, s3Bucket: BUCKET, retention: 7 },
  },
}).config!;
const manifests = renderManifests(config);
const cronJob = manifests.find(object => object.kind === 'CronJob') as any;
const scripts = (
  manifests.find(
    object => object.metadata.name === 'cache-backup-scripts',
  ) as any
).data;
const podSpec = cronJob.spec.jobTemplate.spec.template.spec;
const envOf = (container: any): Record<string, string> =>
  Object.fromEntries(
    container.env
      .filter((env: any) => env.value !== undefined)
      .map((env: any) => [env.name, env.value]),
  );

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' });
  const { port } = await s3Server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts these fixed credentials; the SDK finds them through its default chain.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
  });
});

afterAll(async () => {
  await fleet.stopAll();
  await s3Server.close();
  msw.close();
  rmSync(work, { recursive: true, force: true });
});

describe('backup scripts and backup status', () => {
  it('dumps into the instance prefix, prunes old dumps, and the status shows the new backup', async () => {
    const redis = await fleet.startServer(address(1), 6379);
    const client = fleet.client(redis);
    await client.connect();
    await client.set('order:1', 'paid');
    client.disconnect();
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'shop/cache/20200101T000000Z.rdb',
        Body: 'old',
      }),
    );

    const startedAt = new Date(Date.now() - 1000);
    const run = promisify(execFile);
    const [dump, upload] = [podSpec.initContainers[0], podSpec.containers[0]];
    const backupDir = join(work, 'backup');
    await run('/bin/sh', ['-c', scripts['dump.sh']], {
      env: {
        PATH: process.env.PATH,
        ...envOf(dump),
        REDIS_HOST: redis.host,
        BACKUP_DIR: backupDir,
        REDISCLI_AUTH: PASSWORD,
      },
    });
    await run('/bin/sh', ['-c', scripts['upload.sh']], {
      env: {
        PATH: process.env.PATH,
        ...envOf(upload),
        BACKUP_DIR: backupDir,
        HOME: work,
        AWS_ENDPOINT_URL: s3Endpoint,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      },
    });
    const finishedAt = new Date(Date.now() + 1000);

    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'shop/cache/' }),
    );
    const keys = (listed.Contents ?? []).map(object => object.Key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^shop\/cache\/\d{8}T\d{6}Z\.rdb$/);
    expect(listed.Contents?.[0].Size).toBeGreaterThan(0);

    kubernetes
      .add(
        'redis',
        customResource('shop', 'cache', 'Redis', {
          kubernetesConfig: {
            redisSecret: { name: 'cache-auth', key: 'password' },
          },
        }),
      )
      .add('statefulsets', statefulSet('shop', 'cache', 'cache', 1))
      .add(
        'pods',
        podObject('shop', 'cache', {
          name: 'cache-0',
          ip: redis.host,
          labels: { role: 'standalone' },
        }),
      )
      .add('secrets', passwordSecret('shop', 'cache-auth', PASSWORD))
      .add('cronjobs', {
        ...cronJob,
        metadata: {
          ...cronJob.metadata,
          creationTimestamp: startedAt.toISOString(),
        },
      })
      .add('jobs', {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'cache-backup-29000000',
          namespace: 'shop',
          labels: cronJob.metadata.labels,
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: 'cache-backup',
              uid: 'u1',
            },
          ],
        },
        spec: { template: {} },
        status: {
          startTime: startedAt.toISOString(),
          completionTime: finishedAt.toISOString(),
          succeeded: 1,
        },
      });
    const { server } = await startRedisBackend({
      entities: [redisEntity('cache', 'shop/cache')],
      status: { s3: { endpoint: s3Endpoint, forcePathStyle: true } },
    });
    const response = await request(server)
      .get('/api/redis/entities/resource/default/cache/status')
      .set({ Authorization: mockCredentials.user.header() });
    expect(response.status).toBe(200);
    const status: RedisStatus = response.body;
    expect(status.mode).toBe('standalone');
    expect(status.redis).toMatchObject({
      status: 'ok',
      data: { masterPod: 'cache-0', nodes: { 'cache-0': { role: 'master' } } },
    });
    if (status.backups.status !== 'ok') throw new Error(status.backups.message);
    const history = status.backups.data;
    expect(history).toMatchObject({
      configured: true,
      schedule: cronJob.spec.schedule,
      stale: false,
    });
    expect(history.storage).toMatchObject({
      status: 'ok',
      data: { bucket: BUCKET, prefix: 'shop/cache/', objectCount: 1 },
    });
    expect(history.records[0]).toMatchObject({
      job: 'cache-backup-29000000',
      outcome: 'succeeded',
      durationSeconds: expect.any(Number),
    });
    expect(history.records[0].objects.map(object => object.key)).toEqual(keys);
    expect(history.lastSuccessAt).toBe(finishedAt.toISOString());
    expect(status.health.overall).toBe('healthy');
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
  });
});
