// redis-flavour rotate-password, the real bin against a live sentinel instance: the k8s-testenv API
// server and the sandbox controller's real redis-server and sentinel processes.
import {
  SENTINEL_PODS,
  liveSentinelInstance,
  podClient,
  sentinelSettled,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { readOperationHistory } from '@odin/plugin-redis-node';
import { CliCopy } from './__testUtils__/cliOperations';

jest.setTimeout(240_000);

const PASSWORD = 'cli-rotate-Pw-91f0';
const cli = new CliCopy('redis-flavour-rotate-');
let live: LiveNamespace;

beforeAll(async () => {
  cli.build();
  live = await liveSentinelInstance('cli-rotate', {
    password: PASSWORD,
    replicas: 2,
  });
  await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
}, 600_000);

afterAll(async () => {
  await live?.sandbox.stop();
  cli.remove();
});

describe('redis-flavour rotate-password', () => {
  it('dry-runs: prints the Secret and the pods in their restart order, and changes nothing', async () => {
    const secretBefore = await live.cluster.get<any>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'orders-auth', namespace: live.namespace },
    });
    const run = await cli.run([
      'rotate-password',
      `${live.namespace}/orders`,
      '--grace-seconds',
      '1',
      '--dry-run',
      '--kubeconfig',
      live.testCluster.kubeconfigPath,
    ]);

    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toContain(
      `dry run of a password rotation of ${live.namespace}/orders on cluster `,
    );
    expect(run.stdout).toContain(
      `  ~ Secret ${live.namespace}/orders-auth: data.password`,
    );
    expect(run.stdout).toContain(
      `  ~ Pod ${live.namespace}/orders-sentinel-2: restarted`,
    );
    expect(run.stdout).toMatch(/nothing was changed$/m);
    expect(run.stdout).not.toContain(PASSWORD);
    const secretAfter = await live.cluster.get<any>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'orders-auth', namespace: live.namespace },
    });
    expect(secretAfter.metadata.resourceVersion).toBe(
      secretBefore.metadata.resourceVersion,
    );
  });

  it('rotates the password, prints the restarts and checks but no password, and records who ran it', async () => {
    const run = await cli.run([
      'rotate-password',
      `${live.namespace}/orders`,
      '--grace-seconds',
      '1',
      '--kubeconfig',
      live.testCluster.kubeconfigPath,
      '--as',
      'ci:pipeline-42',
    ]);

    const secret = await live.cluster.get<any>({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'orders-auth', namespace: live.namespace },
    });
    const next = Buffer.from(secret.data.password, 'base64').toString('utf8');
    expect(next).not.toBe(PASSWORD);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `rotated the password of ${live.namespace}/orders on cluster `,
    );
    expect(run.stdout).toMatch(
      / {2}restarted sentinel orders-sentinel-2 in \d+ ms/,
    );
    expect(run.stdout).toMatch(/ {2}ok only the new password: /);
    expect(run.stdout).toMatch(
      / {2}ok every sentinel signed in with the new password: /,
    );
    expect(run.stderr).toContain(
      'Every pod restarted; the old password stays valid for 1 s',
    );
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(next);
    }
    const client = await podClient(live, 'orders-0', next);
    try {
      expect(await client.get('greeting')).toBe('hello');
    } finally {
      client.disconnect();
    }
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      operation: 'rotate-password',
      requester: 'ci:pipeline-42',
      outcome: 'succeeded',
    });
  });

  it('refuses a grace period out of range as a usage error', async () => {
    const run = await cli.run([
      'rotate-password',
      `${live.namespace}/orders`,
      '--grace-seconds',
      '3601',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      '--grace-seconds must be a whole number from 0 to 3600, not "3601"',
    );
  });
});
