// Scale of a live sentinel instance (a master, its replicas, 3 sentinels) run by the sandbox controller:
// real redis-server and sentinel processes behind the pods of the k8s-testenv API server.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  SENTINEL_PODS,
  eventually,
  liveSentinelInstance,
  podClient,
  sentinelMaster,
  sentinelSettled,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { acquireOperationLock } from '../operations/operationLock';
import { readOperationHistory } from '../operations/operationHistory';
import { scaleInstance } from '../operations/scale';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'scale-Pw-51c2e9';
const ALICE = 'user:default/alice';

let live: LiveNamespace;
let instance: { namespace: string; name: string };

jest.setTimeout(240_000);

const dataPods = async () =>
  Object.keys(await storedPods(live))
    .filter(pod => !pod.includes('sentinel'))
    .sort();

beforeAll(async () => {
  live = await liveSentinelInstance('redis-scale', {
    password: PASSWORD,
    replicas: 1,
  });
  instance = { namespace: live.namespace, name: 'orders' };
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

describe('scaleInstance', () => {
  it('dry-runs a scale: the replica count changes in the RedisReplication, nothing is written', async () => {
    const result = await scaleInstance({
      cluster: live.cluster,
      instance,
      replicas: 2,
      requester: ALICE,
      dryRun: true,
    });

    expect(result).toMatchObject({ dryRun: true, from: 1, to: 2 });
    expect(result.changes).toContainEqual({
      ref: `RedisReplication ${live.namespace}/orders`,
      action: 'update',
      paths: expect.arrayContaining(['/spec/clusterSize']),
    });
    expect(await dataPods()).toEqual(['orders-0', 'orders-1']);
    expect(await readOperationHistory(live.cluster, instance)).toEqual([]);
  });

  it('scales out to 2 replicas: every replica linked, the sentinels on the master, the data replicated, the run recorded', async () => {
    const out = await scaleInstance({
      cluster: live.cluster,
      instance,
      replicas: 2,
      requester: ALICE,
    });

    expect(out).toMatchObject({ dryRun: false, from: 1, to: 2 });
    expect(out.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['every data pod answers', true],
      ['one master', true],
      ["every replica's link up", true],
      ['sentinels name the master', true],
    ]);
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);
    const added = await podClient(live, 'orders-2', PASSWORD);
    try {
      expect(await added.get('greeting')).toBe('hello');
    } finally {
      added.disconnect();
    }

    const history = await readOperationHistory(live.cluster, instance);
    expect(history[0]).toMatchObject({
      operation: 'scale',
      requester: ALICE,
      outcome: 'succeeded',
      details: { from: 1, to: 2 },
    });
  });

  it('refuses a count the order does not allow, naming the field', async () => {
    await expect(
      scaleInstance({
        cluster: live.cluster,
        instance,
        replicas: 9,
        requester: ALICE,
      }),
    ).rejects.toThrow(
      /cannot be scaled to 9 replicas: \/flavour\/replica\/count: /,
    );
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('refuses while another operation holds the lock, and records the refusal', async () => {
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: 'test-failover',
      timeoutMs: 60_000,
    });
    try {
      await expect(
        scaleInstance({
          cluster: live.cluster,
          instance,
          replicas: 2,
          requester: ALICE,
        }),
      ).rejects.toThrow(/test-failover by user:default\/bob/);
    } finally {
      await lock.release();
    }
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ operation: 'scale', outcome: 'refused' });
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('refuses an instance without a recorded order, saying how to record one', async () => {
    await expect(
      scaleInstance({
        cluster: live.cluster,
        instance: { namespace: live.namespace, name: 'unknown' },
        replicas: 2,
        requester: ALICE,
      }),
    ).rejects.toThrow(
      /has no recorded order: apply it once with redis:apply or redis-flavour apply/,
    );
  });

  it('refuses a scale-in that would remove the master, naming it, and records the refusal', async () => {
    // Every sentinel knows both replicas before the failover; orders-1 may not be promoted, so the
    // sentinels choose orders-2: the pod a scale to 1 removes.
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    const unpromotable = await podClient(live, 'orders-1', PASSWORD);
    await unpromotable.config('SET', 'replica-priority', '0');
    unpromotable.disconnect();
    const sentinel = await podClient(live, SENTINEL_PODS[0], PASSWORD);
    await sentinel.call('SENTINEL', 'FAILOVER', 'mymaster');
    sentinel.disconnect();
    await eventually(
      async () =>
        (await sentinelMaster(live, PASSWORD, SENTINEL_PODS)) === 'orders-2'
          ? true
          : undefined,
      'orders-2 to become master',
      600,
    );
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS);

    await expect(
      scaleInstance({
        cluster: live.cluster,
        instance,
        replicas: 1,
        requester: ALICE,
      }),
    ).rejects.toThrow(
      /to 1 replicas removes orders-2, and orders-2 is the master: run a test failover first/,
    );
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ operation: 'scale', outcome: 'refused' });
  });
});
