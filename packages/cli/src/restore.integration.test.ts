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
import path from 'node:path';
import { promisify } from 'node:util';
import { CliCopy, LocalS3 } from './__testUtils__/cliOperations';

jest.setTimeout(240_000);

const PASSWORD = 'cli-restore-Pw-8b2d';
const BUCKET = 'cli-backups';
const KEYS = 50;
const cli = new CliCopy('redis-flavour-restore-');
const s3 = new LocalS3(cli.workDir, BUCKET);
let live: LiveNamespace;
const run = promisify(execFile);

const restoreArgs = (to: string) => [
  'restore',
  `${live.namespace}/shop`,
  '--backup',
  'latest',
  '--to',
  to,
  ...s3.options(),
  '--kubeconfig',
  live.testCluster.kubeconfigPath,
  '--as',
  'ci:pipeline-7',
];

beforeAll(async () => {
  await s3.start();
  cli.build();
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
  const dump = path.join(cli.workDir, 'dump.rdb');
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
        HOME: cli.workDir,
        AWS_ENDPOINT_URL: s3.endpoint,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_DEFAULT_REGION: 'us-east-1',
      },
    },
  );
}, 600_000);

afterAll(async () => {
  await live?.sandbox.stop();
  await s3.close();
  cli.remove();
});

describe('redis-flavour restore', () => {
  it('refuses a name that exists (status 4) and a missing --to (status 2), writing nothing', async () => {
    const taken = await cli.run(restoreArgs('shop'));
    expect(taken.status).toBe(4);
    expect(taken.stderr).toMatch(
      /target: .*\/shop exists \(ConfigMap shop-applyset, Redis shop\); a restore creates a new instance and never writes into one/,
    );
    const usage = await cli.run(restoreArgs('shop').slice(0, 4));
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("give --to with the new instance's name");
  });

  it('restores the latest backup into a new instance, prints the checks and records who ran it', async () => {
    const result = await cli.run(restoreArgs('shop-copy'));

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
