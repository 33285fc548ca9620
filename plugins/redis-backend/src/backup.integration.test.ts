// Runs the applied backup CronJob's scripts for real (redis-cli, aws, a local S3 server) against a live
// instance run by the sandbox, then reads the status.
import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import S3rver from 's3rver';
import {
  applyOrder,
  createFinishedJob,
  orderIn,
  podClient,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  clusterEntry,
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
} from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  statusOf,
} from './__testUtils__/testBackend';

const PASSWORD = 'planted-Pw-backup-55e1';
const BUCKET = 'shop-backups';
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
let live: LiveNamespace;

jest.setTimeout(60_000);

const envOf = (container: any): Record<string, string> =>
  Object.fromEntries(
    container.env
      .filter((env: any) => env.value !== undefined)
      .map((env: any) => [env.name, env.value]),
  );

/** An object as the apply stored it. */
async function stored(collection: string, name: string): Promise<any> {
  const apiPath = `${collection.replace(
    '{namespace}',
    live.namespace,
  )}/${name}`;
  return expectStatus(
    await kubeRequest(live.testCluster, 'GET', apiPath),
    `GET ${apiPath}`,
    200,
  ).body;
}

/** The CronJob and scripts the apply stored, and its two containers. */
async function storedBackupJob() {
  const cronJob = await stored(
    '/apis/batch/v1/namespaces/{namespace}/cronjobs',
    'cache-backup',
  );
  const scripts = (
    await stored(
      '/api/v1/namespaces/{namespace}/configmaps',
      'cache-backup-scripts',
    )
  ).data;
  const { initContainers, containers } =
    cronJob.spec.jobTemplate.spec.template.spec;
  return { cronJob, scripts, dump: initContainers[0], upload: containers[0] };
}

const run = promisify(execFile);

/** Runs the stored dump.sh, then upload.sh against `s3Url`, with each container's env; resolves to upload.sh's run. */
async function runBackupScripts(backupDir: string, s3Url: string) {
  const { scripts, dump, upload } = await storedBackupJob();
  // No cluster DNS here: the dump reaches the pod at its address instead of the Service name.
  const redisHost = (await storedPods(live))['cache-0'].status.podIP;
  await run('/bin/sh', ['-c', scripts['dump.sh']], {
    env: {
      PATH: process.env.PATH,
      ...envOf(dump),
      REDIS_HOST: redisHost,
      BACKUP_DIR: backupDir,
      REDISCLI_AUTH: PASSWORD,
    },
  });
  return run('/bin/sh', ['-c', scripts['upload.sh']], {
    env: {
      PATH: process.env.PATH,
      ...envOf(upload),
      BACKUP_DIR: backupDir,
      HOME: work,
      AWS_ENDPOINT_URL: s3Url,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
  );
  return (listed.Contents ?? []).map(object => object.Key ?? '');
}

/**
 * The S3 server behind a proxy that answers every DeleteObject with AccessDenied, as S3 does for a role
 * without s3:DeleteObject; everything else reaches the server unchanged (signed for the proxy's host).
 */
async function startDeleteRefusingProxy(): Promise<{
  url: string;
  close: () => Promise<void>;
}> {
  const proxy = http.createServer((request, response) => {
    if (request.method === 'DELETE') {
      request.resume();
      response.writeHead(403, { 'Content-Type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      );
      return;
    }
    const upstream = http.request(
      `${s3Endpoint}${request.url}`,
      { method: request.method, headers: request.headers },
      answer => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        proxy.close(() => resolve());
      }),
  };
}

/** The API server stores times to the second. */
const wholeSeconds = (time: number) => new Date(Math.floor(time / 1000) * 1000);

beforeAll(async () => {
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
  live = await startLiveNamespace('redis-backup');
  const order = orderIn(live, {
    name: 'cache',
    flavour: { backup: { enabled: true, s3Bucket: BUCKET, retention: 7 } },
  });
  await applyOrder(live, order, PASSWORD);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
  await s3Server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('backup scripts and backup status', () => {
  it('dumps into the instance prefix, prunes old dumps, and the status shows the new backup', async () => {
    const prefix = `${live.namespace}/cache/`;
    const client = await podClient(live, 'cache-0', PASSWORD);
    await client.set('order:1', 'paid');
    client.disconnect();
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${prefix}20200101T000000Z.rdb`,
        Body: 'old',
      }),
    );
    const { cronJob } = await storedBackupJob();

    const startedAt = wholeSeconds(Date.now() - 1000);
    await runBackupScripts(join(work, 'backup'), s3Endpoint);
    const finishedAt = wholeSeconds(Date.now() + 2000);

    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
    );
    const keys = (listed.Contents ?? []).map(object => object.Key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}\\d{8}T\\d{6}Z\\.rdb$`));
    expect(listed.Contents?.[0].Size).toBeGreaterThan(0);

    await createFinishedJob(
      live,
      cronJob.metadata.name,
      'cache-backup-29000000',
      startedAt,
      finishedAt,
    );
    const { server } = await startRedisBackend({
      cluster: clusterEntry(live.testCluster),
      entities: [redisEntity('cache', `${live.namespace}/cache`)],
      status: { s3: { endpoint: s3Endpoint, forcePathStyle: true } },
    });
    const status: RedisStatus = await statusOf(server, 'cache');
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
      data: { bucket: BUCKET, prefix, objectCount: 1 },
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

  it('keeps the upload when the retention step is refused, and fails the Job at once with the retention failure named', async () => {
    const prefix = `${live.namespace}/cache/`;
    const expired = `${prefix}20200102T000000Z.rdb`;
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: expired, Body: 'old' }),
    );
    const before = await keysUnder(prefix);
    const { cronJob } = await storedBackupJob();
    const proxy = await startDeleteRefusingProxy();

    const failure = await runBackupScripts(
      join(work, 'backup-retention'),
      proxy.url,
    ).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    await proxy.close();

    // The Job fails on this exit code without a retry, which would upload the same dump again.
    expect(cronJob.spec.jobTemplate.spec.podFailurePolicy.rules).toEqual([
      {
        action: 'FailJob',
        onExitCodes: {
          containerName: 'upload',
          operator: 'In',
          values: [failure?.code],
        },
      },
    ]);
    expect(failure?.code).not.toBe(1);
    expect(failure?.stdout).toContain(
      `uploaded 1 file(s) to s3://${BUCKET}/${prefix}`,
    );
    expect(failure?.stderr).toContain('(AccessDenied)');
    expect(failure?.stderr).toMatch(
      /retention failed: could not delete \d+ of \d+ backups older than \d{8}T\d{6}Z \(aws s3 rm; the role needs s3:DeleteObject\); the backup uploaded above is kept\n$/,
    );
    // The pod's termination message is the end of this output, the retention line included.
    expect(
      cronJob.spec.jobTemplate.spec.template.spec.containers[0]
        .terminationMessagePolicy,
    ).toBe('FallbackToLogsOnError');
    const after = await keysUnder(prefix);
    expect(after).toContain(expired);
    expect(after.filter(key => !before.includes(key))).toEqual([
      expect.stringMatching(new RegExp(`^${prefix}\\d{8}T\\d{6}Z\\.rdb$`)),
    ]);
  });
});
