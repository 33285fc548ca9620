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
import { CliCopy, LocalS3 } from './__testUtils__/cliOperations';

jest.setTimeout(240_000);

const PASSWORD = 'cli-delete-Pw-4be0';
const BUCKET = 'cli-delete-backups';
const cli = new CliCopy('redis-flavour-delete-');
const s3 = new LocalS3(cli.workDir, BUCKET);
let live: LiveNamespace;

const kubeconfig = () => ['--kubeconfig', live.testCluster.kubeconfigPath];
const s3Options = () => s3.options();
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
  cli.build();
  await s3.start();
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
  await s3.close();
  cli.remove();
});

describe('redis-flavour delete', () => {
  it('refuses without --confirm, and a --confirm that is not the name, deleting nothing', async () => {
    const missing = await cli.run([
      'delete',
      `${live.namespace}/basket`,
      ...kubeconfig(),
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('give --confirm basket');

    const wrong = await cli.run([
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
    const result = await cli.run([
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
    const refused = await cli.run([
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

    const deleted = await cli.run([
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
    const result = await cli.run([
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
