// redis-flavour delete, the real bin against live standalone instances run by the sandbox (real
// redis-server behind the k8s-testenv API server), whose stand-in Job controller runs the final backup
// Job's real scripts against a local S3 server.
import {
  applyOrder,
  orderIn,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  OPERATOR_API_VERSION,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { readOperationHistory } from '@odin/plugin-redis-node';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The local S3 server, which the repository's tests share (see redis-node's devDependencies).
import S3rver from 's3rver';

jest.setTimeout(240_000);

const PASSWORD = 'cli-delete-Pw-4be0';
const BUCKET = 'cli-delete-backups';
const packageDir = path.resolve(__dirname, '..');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-flavour-delete-'));
const s3Server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: path.join(workDir, 's3'),
  configureBuckets: [{ name: BUCKET }],
});
let bin: string;
let live: LiveNamespace;
let s3Endpoint: string;

function redisFlavour(
  args: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [bin, ...args],
      // The test's environment: under jest, process.env is the test's own copy (with the S3 credentials).
      { encoding: 'utf8', env: process.env },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const kubeconfig = () => ['--kubeconfig', live.testCluster.kubeconfigPath];
const s3Options = () => ['--s3-endpoint', s3Endpoint, '--s3-path-style'];
const dataResource = (name: string) =>
  live.cluster.get({
    apiVersion: OPERATOR_API_VERSION,
    kind: 'Redis',
    metadata: { name, namespace: live.namespace },
  });
const claimsOf = async (name: string) =>
  (
    await live.cluster.list({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: live.namespace,
      labelSelector: `app=${name}`,
    })
  ).map(claim => claim.metadata?.name);

beforeAll(async () => {
  // Its own copy of the bundles: the other integration tests build dist/ at the same time.
  execFileSync(process.execPath, [
    path.join(packageDir, 'bundle.mjs'),
    path.join(workDir, 'dist', 'redis-flavour.cjs'),
  ]);
  bin = path.join(workDir, 'bin', 'redis-flavour');
  fs.mkdirSync(path.dirname(bin));
  fs.copyFileSync(path.join(packageDir, 'bin', 'redis-flavour'), bin);
  const { port } = await s3Server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed credentials, for the bin's S3 client and, through the sandbox, the backup Job.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.REDIS_SANDBOX_S3_ENDPOINT = s3Endpoint;
  live = await startLiveNamespace('cli-delete');
  const order = (name: string, backup: boolean): ResolvedInstance =>
    orderIn(live, {
      name,
      flavour: backup
        ? { backup: { enabled: true, s3Bucket: BUCKET, retention: 7 } }
        : {},
    });
  await applyOrder(live, order('basket', true), PASSWORD);
  await applyOrder(live, order('scratch', false), PASSWORD);
}, 600_000);

afterAll(async () => {
  await live?.sandbox.stop();
  await s3Server.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('redis-flavour delete', () => {
  it('refuses without --confirm, and a --confirm that is not the name, deleting nothing', async () => {
    const missing = await redisFlavour([
      'delete',
      `${live.namespace}/basket`,
      ...kubeconfig(),
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('give --confirm basket');

    const wrong = await redisFlavour([
      'delete',
      `${live.namespace}/basket`,
      '--confirm',
      'bask',
      ...kubeconfig(),
      ...s3Options(),
    ]);
    expect(wrong.status).toBe(4);
    expect(wrong.stderr).toContain(
      `confirmName: type the instance's name "basket"`,
    );
    expect(await dataResource('basket')).toBeDefined();
  });

  it('dry-runs: prints what would be deleted and kept, and writes nothing', async () => {
    const result = await redisFlavour([
      'delete',
      `${live.namespace}/basket`,
      '--confirm',
      'basket',
      '--dry-run',
      ...kubeconfig(),
      ...s3Options(),
    ]);
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(
      `  final backup to s3://${BUCKET}/${live.namespace}/basket/ first`,
    );
    expect(result.stdout).toContain(`  - Redis ${live.namespace}/basket\n`);
    expect(result.stdout).toContain(
      `  = PersistentVolumeClaim ${live.namespace}/basket-basket-0 (keepVolumes)`,
    );
    expect(result.stdout).toMatch(/nothing was written\n$/);
    expect(await dataResource('basket')).toBeDefined();
  });

  it('refuses an instance without backups unless --skip-final-backup, then deletes it and its volumes', async () => {
    const refused = await redisFlavour([
      'delete',
      `${live.namespace}/scratch`,
      '--confirm',
      'scratch',
      ...kubeconfig(),
      ...s3Options(),
    ]);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('/flavour/backup');
    expect(refused.stderr).toContain('skipFinalBackup');
    expect(await dataResource('scratch')).toBeDefined();

    const deleted = await redisFlavour([
      'delete',
      `${live.namespace}/scratch`,
      '--confirm',
      'scratch',
      '--skip-final-backup',
      '--delete-volumes',
      ...kubeconfig(),
      ...s3Options(),
    ]);
    expect(deleted).toMatchObject({ status: 0 });
    expect(deleted.stdout).toContain('  no final backup (--skip-final-backup)');
    expect(await dataResource('scratch')).toBeUndefined();
    expect(await claimsOf('scratch')).toEqual([]);
  });

  it('backs up, verifies in S3, deletes, keeps the volume, and records who ran it', async () => {
    const result = await redisFlavour([
      'delete',
      `${live.namespace}/basket`,
      '--confirm',
      'basket',
      '--as',
      'ci:pipeline-7',
      ...kubeconfig(),
      ...s3Options(),
    ]);

    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout).toMatch(
      new RegExp(
        `  final backup s3://${BUCKET}/${live.namespace}/basket/\\d{8}T\\d{6}Z\\.rdb \\(\\d+ bytes, verified\\)`,
      ),
    );
    expect(await dataResource('basket')).toBeUndefined();
    expect(await claimsOf('basket')).toEqual(['basket-basket-0']);
    const [entry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'basket',
    });
    expect(entry).toMatchObject({
      operation: 'delete',
      requester: 'ci:pipeline-7',
      outcome: 'succeeded',
    });
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    process.stdout.write(result.stdout);
  });
});
