// redis-flavour restore, the real bin against a live standalone instance run by the sandbox (real
// redis-server processes behind the k8s-testenv API server) and a local S3 server: the sandbox runs the
// new pod's restore init container on the host, as the kubelet would.
import {
  applyOrder,
  orderIn,
  podClient,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { readOperationHistory } from '@odin/plugin-redis-node';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
// The local S3 server, which the repository's tests share (see redis-node's devDependencies).
import S3rver from 's3rver';

jest.setTimeout(240_000);

const PASSWORD = 'cli-restore-Pw-8b2d';
const BUCKET = 'cli-backups';
const KEYS = 50;
const packageDir = path.resolve(__dirname, '..');
const workDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'redis-flavour-restore-'),
);
const s3Server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: path.join(workDir, 's3'),
  configureBuckets: [{ name: BUCKET }],
});
let s3Endpoint: string;
let bin: string;
let live: LiveNamespace;
const run = promisify(execFile);

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

const restoreArgs = (to: string) => [
  'restore',
  `${live.namespace}/shop`,
  '--backup',
  'latest',
  '--to',
  to,
  '--s3-endpoint',
  s3Endpoint,
  '--s3-path-style',
  '--kubeconfig',
  live.testCluster.kubeconfigPath,
  '--as',
  'ci:pipeline-7',
];

beforeAll(async () => {
  const { port } = await s3Server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed credentials, for the bin's S3 client and, through the sandbox, the init container.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.REDIS_SANDBOX_S3_ENDPOINT = s3Endpoint;
  // Its own copy of the bundles: the other integration tests build dist/ at the same time.
  execFileSync(process.execPath, [
    path.join(packageDir, 'bundle.mjs'),
    path.join(workDir, 'dist', 'redis-flavour.cjs'),
  ]);
  bin = path.join(workDir, 'bin', 'redis-flavour');
  fs.mkdirSync(path.dirname(bin));
  fs.copyFileSync(path.join(packageDir, 'bin', 'redis-flavour'), bin);
  live = await startLiveNamespace('cli-restore');
  await applyOrder(
    live,
    orderIn(live, {
      name: 'shop',
      flavour: { backup: { enabled: true, s3Bucket: BUCKET, retention: 7 } },
    }),
    PASSWORD,
  );
  const client = await podClient(live, 'shop-0', PASSWORD);
  try {
    for (let i = 0; i < KEYS; i++) await client.set(`cart:${i}`, `c${i}`);
  } finally {
    client.disconnect();
  }
  // A backup as the CronJob's dump.sh takes it (redis-cli --rdb), uploaded under the instance's prefix.
  const dump = path.join(workDir, 'dump.rdb');
  execFileSync(
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
  // Not execFileSync: the S3 server answers from this process's event loop.
  await run(
    'aws',
    [
      's3',
      'cp',
      dump,
      `s3://${BUCKET}/${live.namespace}/shop/20261201T030000Z.rdb`,
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: workDir,
        AWS_ENDPOINT_URL: s3Endpoint,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    },
  );
}, 600_000);

afterAll(async () => {
  await live?.sandbox.stop();
  await s3Server.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('redis-flavour restore', () => {
  it('refuses a name that exists (status 4) and a missing --to (status 2), writing nothing', async () => {
    const taken = await redisFlavour(restoreArgs('shop'));
    expect(taken.status).toBe(4);
    expect(taken.stderr).toMatch(
      /target: .*\/shop exists \(ConfigMap shop-applyset, Redis shop\); a restore creates a new instance and never writes into one/,
    );
    const usage = await redisFlavour(restoreArgs('shop').slice(0, 4));
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("give --to with the new instance's name");
  });

  it('restores the latest backup into a new instance, prints the checks and records who ran it', async () => {
    const result = await redisFlavour(restoreArgs('shop-copy'));

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^restored ${live.namespace}/shop/20261201T030000Z\\.rdb \\(\\d+ bytes\\) of ${live.namespace}/shop into ${live.namespace}/shop-copy on cluster \\S+ in \\d+ ms\\n`,
      ),
    );
    expect(result.stdout).toContain(
      `  ok key count matches the dump: db 0 of the dump: ${KEYS} keys; shop-copy-0 ${KEYS}`,
    );
    const [entry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'shop-copy',
    });
    expect(entry).toMatchObject({
      operation: 'restore',
      requester: 'ci:pipeline-7',
      outcome: 'succeeded',
    });
  });
});
