// Test failover of a live sentinel instance (master, 2 replicas, 3 sentinels) run by the sandbox controller:
// real redis-server and sentinel processes behind the pods of the k8s-testenv API server.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
import type { OperationRecord } from '@odin/plugin-redis-common';
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  SENTINEL_PODS,
  liveSentinelInstance,
  podClient,
  sentinelMaster,
  sentinelSettled,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { ConflictError } from '@backstage/errors';
import type { ApiObject } from '../cluster/clusterAccess';
import {
  acquireOperationLock,
  microTime,
  operationLeaseName,
  readOperationLock,
} from '../operations/operationLock';
import {
  readOperationHistory,
  recordOperation,
} from '../operations/operationHistory';
import {
  testFailover,
  type TestFailoverResult,
} from '../operations/testFailover';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'planted-Pw-0c4e1b7d';
const INSTANCE = 'orders';
const DATA_PODS = ['orders-0', 'orders-1', 'orders-2'];
const ALICE = 'user:default/alice';

let live: LiveNamespace;
let instance: { namespace: string; name: string };

jest.setTimeout(180_000);

/** The master every sentinel names now, as a pod. */
const currentMaster = () => sentinelMaster(live, PASSWORD, SENTINEL_PODS);
/** Waits until the instance could fail over, and names its master. */
const settled = () => sentinelSettled(live, PASSWORD, SENTINEL_PODS);

async function eventsOfInstance(): Promise<
  { reason: string; type: string; message: string }[]
> {
  const events = await live.cluster.list<any>({
    apiVersion: 'v1',
    kind: 'Event',
    namespace: live.namespace,
  });
  return events
    .filter(
      event =>
        event.involvedObject?.kind === 'RedisReplication' &&
        event.involvedObject?.name === INSTANCE &&
        event.source?.component === 'odin-redis-portal',
    )
    .map(({ reason, type, message }) => ({ reason, type, message }));
}

async function refusalOf(run: Promise<unknown>): Promise<Error> {
  const error = await run.then(
    () => new Error('the test failover ran, but should have been refused'),
    (failure: Error) => failure,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return error;
}

const failover = (extra: { override?: boolean; requester?: string } = {}) =>
  testFailover({
    cluster: live.cluster,
    instance,
    requester: extra.requester ?? ALICE,
    override: extra.override,
    timeoutMs: 60_000,
    redisTimeoutMs: 1_000,
  });

beforeAll(async () => {
  live = await liveSentinelInstance('redis-failover', {
    password: PASSWORD,
    replicas: 2,
    restartBackoffMs: 300_000,
  });
  instance = { namespace: live.namespace, name: INSTANCE };
  await settled();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

describe('the operation lock', () => {
  it('renews its Lease while the run goes on, and stops renewing once released', async () => {
    const target = { namespace: live.namespace, name: 'renewed-lock' };
    const lock = await acquireOperationLock(live.cluster, {
      instance: target,
      holder: ALICE,
      operation: 'resize',
      timeoutMs: 3_000,
    });
    const lease = () =>
      live.cluster.get<any>({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: operationLeaseName(target.name),
          namespace: target.namespace,
        },
      });
    const first = (await lease()).spec.renewTime;
    // Past its 3 s duration the lock is still held, its renewTime moved on.
    await new Promise(resolve => setTimeout(resolve, 4_500));
    const later = await lease();
    expect(later.spec.renewTime > first).toBe(true);
    await expect(
      readOperationLock(live.cluster, target),
    ).resolves.toMatchObject({ holder: ALICE, operation: 'resize' });
    await lock.release();
    await expect(lease()).resolves.toBeUndefined();
  });

  it('refuses a second operation, naming the holder, the operation and since when; takes over an expired one', async () => {
    const target = { namespace: live.namespace, name: 'lock-only' };
    const lock = await acquireOperationLock(live.cluster, {
      instance: target,
      holder: 'user:default/bob',
      operation: 'scale',
      timeoutMs: 600_000,
    });
    await expect(
      readOperationLock(live.cluster, target),
    ).resolves.toMatchObject({
      holder: 'user:default/bob',
      operation: 'scale',
    });
    const second = acquireOperationLock(live.cluster, {
      instance: target,
      holder: ALICE,
      operation: 'test-failover',
      timeoutMs: 60_000,
    });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(
      `Cannot start test-failover on ${live.namespace}/lock-only: one operation runs at a time, and scale by user:default/bob since ${lock.since}`,
    );
    await lock.release();
    await expect(
      readOperationLock(live.cluster, target),
    ).resolves.toBeUndefined();

    // A lock whose holder died: its Lease outlived its duration.
    const longAgo = new Date(Date.now() - 3_600_000);
    await live.cluster.create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: operationLeaseName('lock-only'),
          namespace: live.namespace,
          annotations: {
            'odin.dev/operation': 'resize',
            'odin.dev/operation-started-at': longAgo.toISOString(),
          },
        },
        spec: {
          holderIdentity: 'user:default/carol',
          leaseDurationSeconds: 60,
          acquireTime: microTime(longAgo),
          renewTime: microTime(longAgo),
        },
      },
      { fieldManager: 'test' },
    );
    const takeover = await acquireOperationLock(live.cluster, {
      instance: target,
      holder: ALICE,
      operation: 'test-failover',
      timeoutMs: 60_000,
    });
    expect(takeover.takenOver).toMatchObject({
      holder: 'user:default/carol',
      operation: 'resize',
    });
    await expect(
      readOperationLock(live.cluster, target),
    ).resolves.toMatchObject({ holder: ALICE, operation: 'test-failover' });
    await takeover.release();
    await expect(
      live.cluster.get({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: operationLeaseName('lock-only'),
          namespace: live.namespace,
        },
      }),
    ).resolves.toBeUndefined();
  });
});

describe('the operation history', () => {
  it('keeps every run of concurrent writers, newest first', async () => {
    const target = { namespace: live.namespace, name: 'history-only' };
    const records: OperationRecord[] = Array.from({ length: 5 }, (_, i) => ({
      id: `run-${i}`,
      operation: 'scale',
      requester: ALICE,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      finishedAt: new Date(Date.UTC(2026, 0, 1, 0, i, 30)).toISOString(),
      outcome: 'succeeded',
      message: `run ${i}`,
    }));
    await Promise.all(
      records.map(record =>
        recordOperation(live.cluster, {
          instance: target,
          involvedObject: {
            apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
            kind: 'RedisReplication',
            name: 'history-only',
          },
          record,
        }),
      ),
    );
    const history = await readOperationHistory(live.cluster, target);
    expect(history.map(entry => entry.id).sort()).toEqual(
      records.map(record => record.id),
    );
  });
});

describe('test failover of a live sentinel instance', () => {
  it('is refused while another operation holds the lock, and the master stays', async () => {
    const before = await currentMaster();
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: 'resize',
      timeoutMs: 600_000,
    });
    try {
      const refusal = await refusalOf(failover());
      expect(refusal.message).toContain(
        `resize by user:default/bob since ${lock.since}`,
      );
    } finally {
      await lock.release();
    }
    expect(await currentMaster()).toBe(before);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'test-failover',
      requester: ALICE,
      outcome: 'refused',
      details: { precondition: 'lock' },
    });
  });

  it('is refused without a replica in sync (both replicas stopped), naming the figures, and the master stays', async () => {
    const before = await settled();
    const replicas = DATA_PODS.filter(pod => pod !== before);
    for (const pod of replicas) live.sandbox.signal(pod, 'SIGSTOP');
    let refusal: Error;
    try {
      refusal = await refusalOf(failover());
    } finally {
      for (const pod of replicas) live.sandbox.signal(pod, 'SIGCONT');
    }
    expect(refusal.message).toMatch(
      /^Test failover of .* refused: a replica in sync failed \(master_repl_offset \d+, at most 1024 bytes behind: /,
    );
    for (const pod of replicas) expect(refusal.message).toContain(`${pod}: `);
    expect(refusal.message).toContain('The master is unchanged.');
    expect(await currentMaster()).toBe(before);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ outcome: 'refused' });
    expect(latest.details?.replicas).toHaveLength(2);
  });

  it('is refused when the quorum is not reachable (two sentinels stopped), and the master stays', async () => {
    const before = await settled();
    const stopped = SENTINEL_PODS.slice(1);
    for (const pod of stopped) live.sandbox.signal(pod, 'SIGSTOP');
    let refusal: Error;
    try {
      refusal = await refusalOf(failover());
    } finally {
      for (const pod of stopped) live.sandbox.signal(pod, 'SIGCONT');
    }
    expect(refusal.message).toContain(
      'every sentinel reachable failed (1/3 sentinels answered',
    );
    for (const pod of stopped) expect(refusal.message).toContain(`${pod}: `);
    expect(await currentMaster()).toBe(before);
  });

  let result: TestFailoverResult;

  it('flips the master, and the post-checks pass: one new master everywhere, the old one its replica, the labels agreeing', async () => {
    const before = await settled();

    result = await failover();

    expect(result.oldMaster.pod).toBe(before);
    expect(result.newMaster.pod).not.toBe(before);
    expect(DATA_PODS).toContain(result.newMaster.pod);
    expect(result.preconditions.every(check => check.ok)).toBe(true);
    expect(result.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['sentinels name one new master', true],
      ['one master', true],
      ['old master rejoined as a replica', true],
      ["operator's redis-role labels agree", true],
    ]);
    expect(result.replicas.some(replica => replica.inSync)).toBe(true);
    // The figures of the run, for the note.
    // eslint-disable-next-line no-console
    console.log(
      `test failover ${result.oldMaster.pod} -> ${result.newMaster.pod}: failover ${result.failoverMs} ms, whole run ${result.durationMs} ms`,
    );
    expect(await currentMaster()).toBe(result.newMaster.pod);
    const pods = await live.cluster.list<ApiObject>({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: live.namespace,
    });
    const label = (pod: string) =>
      pods.find(p => p.metadata?.name === pod)?.metadata?.labels?.[
        'redis-role'
      ];
    expect(label(result.newMaster.pod)).toBe('master');
    expect(label(result.oldMaster.pod)).toBe('slave');
    // The data survived, on the new master.
    const client = await podClient(live, result.newMaster.pod, PASSWORD);
    expect(await client.get('greeting')).toBe('hello');
    client.disconnect();

    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      id: result.id,
      operation: 'test-failover',
      requester: ALICE,
      outcome: 'succeeded',
      details: {
        oldMaster: result.oldMaster,
        newMaster: result.newMaster,
      },
    });
    const events = await eventsOfInstance();
    expect(events).toContainEqual({
      reason: 'RedisTestFailover',
      type: 'Normal',
      message: expect.stringMatching(
        new RegExp(
          `^${ALICE} ran test-failover: succeeded\\. The master moved from ${result.oldMaster.pod} to ${result.newMaster.pod} in `,
        ),
      ),
    });
    expect(
      events.filter(
        event =>
          event.reason === 'RedisTestFailover' && event.type === 'Warning',
      ).length,
    ).toBeGreaterThanOrEqual(3);
    await expect(
      readOperationLock(live.cluster, instance),
    ).resolves.toBeUndefined();
  });

  it('is refused a second time within the hour without an override, and the master stays', async () => {
    const before = await settled();
    const refusal = await refusalOf(
      failover({ requester: 'user:default/bob' }),
    );
    expect(refusal.message).toContain(
      `at most one per interval failed (the last test-failover started at ${result.startedAt} by ${ALICE} (succeeded)`,
    );
    expect(refusal.message).toContain('or an admin may override');
    expect(await currentMaster()).toBe(before);
  });

  it("runs again within the hour with an admin's override", async () => {
    const before = await settled();
    const again = await failover({ override: true });
    expect(again.oldMaster.pod).toBe(before);
    expect(again.newMaster.pod).not.toBe(before);
    expect(again.preconditions[0]).toMatchObject({
      name: 'at most one per interval',
      ok: true,
      figures: expect.stringContaining('overridden by an admin'),
    });
  });

  it('never writes the password into results, history, Events or errors', async () => {
    const history = await readOperationHistory(live.cluster, instance);
    const events = await eventsOfInstance();
    expect(JSON.stringify([result, history, events])).not.toContain(PASSWORD);
    expect(history.length).toBeGreaterThanOrEqual(6);
  });
});
