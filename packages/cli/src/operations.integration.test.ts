// redis-flavour test-failover and scale, the real bin against a live sentinel instance: the k8s-testenv
// API server and the sandbox controller's real redis-server and sentinel processes.
import {
  SENTINEL_PODS,
  liveSentinelInstance,
  sentinelMaster,
  sentinelSettled,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { readOperationHistory } from '@odin/plugin-redis-node';
import { CliCopy } from './__testUtils__/cliOperations';

jest.setTimeout(180_000);

const PASSWORD = 'cli-failover-Pw-3a9c';
const cli = new CliCopy('redis-flavour-failover-');
let live: LiveNamespace;

beforeAll(async () => {
  cli.build();
  live = await liveSentinelInstance('cli-failover', {
    password: PASSWORD,
    replicas: 2,
    restartBackoffMs: 300_000,
  });
  await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
}, 600_000);

afterAll(async () => {
  await live?.sandbox.stop();
  cli.remove();
});

describe('redis-flavour test-failover', () => {
  it('fails over, prints the checks, records who ran it, and refuses a second run within the hour', async () => {
    const before = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);
    const args = [
      'test-failover',
      `${live.namespace}/orders`,
      '--kubeconfig',
      live.testCluster.kubeconfigPath,
      '--as',
      'ci:pipeline-42',
    ];

    // The dry run first: the preconditions and the master's pod among those whose role would change.
    const dryRun = await cli.run([...args, '--dry-run']);
    expect(dryRun).toMatchObject({ status: 0, stderr: '' });
    expect(dryRun.stdout).toContain(
      `the master moves from ${before} to the replica the sentinels choose`,
    );
    expect(dryRun.stdout).toContain(
      `  ~ Pod ${live.namespace}/${before}: becomes a replica`,
    );
    expect(dryRun.stdout).toMatch(/ok sentinel quorum: /);
    expect(dryRun.stdout).toMatch(/nothing was sent$/m);
    expect(await sentinelMaster(live, PASSWORD, SENTINEL_PODS)).toBe(before);

    const first = await cli.run(args);

    const after = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);
    expect(after).not.toBe(before);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toContain(
      `the master moved from ${before} to ${after}`,
    );
    expect(first.stdout).toMatch(/ok sentinels name one new master: /);
    expect(first.stdout).toMatch(/ok old master rejoined as a replica: /);
    expect(first.stdout).not.toContain(PASSWORD);
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      requester: 'ci:pipeline-42',
      outcome: 'succeeded',
    });

    const second = await cli.run(args);

    expect(second.status).toBe(4);
    expect(second.stderr).toContain('at most one per interval');
    expect(await sentinelMaster(live, PASSWORD, SENTINEL_PODS)).toBe(after);
  });
});

describe('redis-flavour scale', () => {
  const dataPods = async () =>
    Object.keys(await storedPods(live))
      .filter(pod => !pod.includes('sentinel'))
      .sort();
  const scale = (...extra: string[]) =>
    cli.run([
      'scale',
      `${live.namespace}/orders`,
      '--kubeconfig',
      live.testCluster.kubeconfigPath,
      '--as',
      'ci:pipeline-42',
      ...extra,
    ]);

  it('prints what a scale would change in a dry run, then scales out, printing the checks', async () => {
    const dryRun = await scale('--replicas', '3', '--dry-run');

    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain(
      `dry run of a scale of ${live.namespace}/orders on cluster`,
    );
    expect(dryRun.stdout).toMatch(
      new RegExp(
        `~ RedisReplication ${live.namespace}/orders: .*/spec/clusterSize`,
      ),
    );
    expect(dryRun.stdout).toContain('nothing was written');
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);

    const out = await scale('--replicas', '3');

    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/scaled .* from 2 to 3 replicas/);
    expect(out.stdout).toContain("ok every replica's link up: 3 of 3 up");
    expect(await dataPods()).toEqual([
      'orders-0',
      'orders-1',
      'orders-2',
      'orders-3',
    ]);
  });

  it('refuses a count the order does not allow, naming the field, with exit status 4', async () => {
    const refused = await scale('--replicas', '9');

    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('/flavour/replica/count');
  });
});

describe('redis-flavour scale and test-failover with the options of cluster mode', () => {
  const run = (command: string, ...extra: string[]) =>
    cli.run([
      command,
      `${live.namespace}/orders`,
      '--kubeconfig',
      live.testCluster.kubeconfigPath,
      ...extra,
    ]);

  it('refuses --shards and --replica on a sentinel instance, naming the option, with exit status 4', async () => {
    const shards = await run('scale', '--shards', '4');
    expect(shards.status).toBe(4);
    expect(shards.stderr).toContain(
      `--shards applies to cluster mode only; ${live.namespace}/orders runs in sentinel mode: set --replicas instead`,
    );
    const replica = await run('test-failover', '--replica', 'orders-1');
    expect(replica.status).toBe(4);
    expect(replica.stderr).toContain(
      `--replica orders-1 applies to cluster mode only: in sentinel mode (${live.namespace}/orders) the sentinels choose the replica; leave --replica out`,
    );
  });
});
