// redis-flavour resize, the real bin against a live sentinel instance: the k8s-testenv API server and the
// sandbox controller's real redis-server and sentinel processes.
import {
  liveSentinelInstance,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { readOperationHistory } from '@odin/plugin-redis-node';
import { CliCopy, type CliRun } from './__testUtils__/cliOperations';

jest.setTimeout(240_000);

const PASSWORD = 'cli-resize-Pw-6f0d';
const cli = new CliCopy('redis-flavour-resize-');
let live: LiveNamespace;

function resize(...args: string[]): Promise<CliRun> {
  return cli.run([
    'resize',
    `${live.namespace}/orders`,
    '--kubeconfig',
    live.testCluster.kubeconfigPath,
    '--as',
    'ci:pipeline-7',
    ...args,
  ]);
}

async function limits() {
  const replication = await live.cluster.get<any>({
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'RedisReplication',
    metadata: { name: 'orders', namespace: live.namespace },
  });
  return replication.spec.kubernetesConfig.resources.limits;
}

beforeAll(async () => {
  cli.build();
  live = await liveSentinelInstance('cli-resize', {
    password: PASSWORD,
    replicas: 1,
  });
}, 600_000);

afterAll(async () => {
  await live?.sandbox.stop();
  cli.remove();
});

describe('redis-flavour resize', () => {
  it('refuses storage with CPU, naming both options, with exit status 4', async () => {
    const refused = await resize('--storage', '12Gi', '--cpu', '2');

    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain(
      '--storage cannot be resized together with --cpu: resize the storage on its own',
    );
    expect(await limits()).toEqual({ cpu: '1', memory: '2Gi' });
  });

  it('prints what a memory resize would change in a dry run, then resizes, replicas first', async () => {
    const dryRun = await resize('--memory', '3Gi', '--dry-run');

    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain(
      `dry run of a resize of ${live.namespace}/orders on cluster k8s-testenv: memory 2Gi -> 3Gi`,
    );
    expect(dryRun.stdout).toMatch(
      new RegExp(
        `~ RedisReplication ${live.namespace}/orders: .*/spec/kubernetesConfig/resources/limits/memory`,
      ),
    );
    expect(dryRun.stdout).toContain('nothing was written');
    expect(await limits()).toEqual({ cpu: '1', memory: '2Gi' });

    const out = await resize('--memory', '3Gi');

    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(
      /resized .* memory 2Gi -> 3Gi in \d+ ms\n(.*\n)* {2}restarted replica orders-1 in \d+ ms\n {2}restarted master orders-0 in \d+ ms\n/,
    );
    expect(out.stdout).toContain('ok every data pod has the new resources');
    expect(out.stdout).not.toContain(PASSWORD);
    expect(await limits()).toEqual({ cpu: '1', memory: '3Gi' });
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      operation: 'resize',
      requester: 'ci:pipeline-7',
      outcome: 'succeeded',
    });
  });

  it('grows the storage, printing the checks', async () => {
    const out = await resize('--storage', '11Gi');

    expect(out.status).toBe(0);
    expect(out.stdout).toContain('storage 10Gi -> 11Gi');
    expect(out.stdout).toContain(
      'ok every claim has the new capacity: 2 of 2 at 11Gi',
    );
  });
});
