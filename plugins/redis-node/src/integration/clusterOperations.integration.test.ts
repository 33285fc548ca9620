// Day-2 operations of a live Redis Cluster instance (3 shards of a master and a replica) run by the sandbox
// controller, which bootstraps and rebalances the cluster as the operator does: the test failover (CLUSTER
// FAILOVER) and the scale of shards, with a reader reading every key throughout, and their refusals.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  applyOrder,
  createFinishedJob,
  orderIn,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import Redis, { Cluster } from 'ioredis';
import { acquireOperationLock } from '../operations/operationLock';
import { readOperationHistory } from '../operations/operationHistory';
import { scaleInstance, type ScaleResult } from '../operations/scale';
import { previewTestFailover, testFailover } from '../operations/testFailover';
import {
  clusterClientOf,
  clusterDataPods,
  clusterSettled,
  clusterTopology,
  onClusterPod,
  refusalOf,
} from './liveCluster';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'cluster-ops-Pw-7a1c3e';
const NAME = 'shop';
const ALICE = 'user:default/alice';
const KEYS = Array.from({ length: 2000 }, (_, i) => `order:${i}`);
const valueOf = (key: string) => `value-of-${key}`;
const MAXMEMORY = 16 * 2 ** 20;

let live: LiveNamespace;
let instance: { namespace: string; name: string };
let client: Cluster;
/** Measured durations, printed at the end for the operations note. */
const durations: Record<string, number> = {};

jest.setTimeout(600_000);

const dataPods = async () =>
  (await clusterDataPods(live, NAME)).map(pod => pod.metadata.name);
const onPod = <T>(pod: string, use: (redis: Redis) => Promise<T>) =>
  onClusterPod(live, PASSWORD, pod, use);
const topology = () => clusterTopology(live, PASSWORD, NAME);
const settled = () => clusterSettled(live, PASSWORD, NAME);

/** Reads every key again and again until stopped: missing and wrong values, and transient errors by kind. */
function startReader() {
  const stats = {
    rounds: 0,
    reads: 0,
    missing: new Set<string>(),
    wrong: new Set<string>(),
    errors: {} as Record<string, number>,
  };
  let stopped = false;
  const reader = client;
  const loop = (async () => {
    while (!stopped) {
      for (let i = 0; i < KEYS.length; i += 100) {
        await Promise.all(
          KEYS.slice(i, i + 100).map(async key => {
            try {
              const value = await reader.get(key);
              stats.reads++;
              if (value === null) stats.missing.add(key);
              else if (value !== valueOf(key)) stats.wrong.add(key);
            } catch (error) {
              const kind = String((error as Error).message).split(' ')[0];
              stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
            }
          }),
        );
      }
      stats.rounds++;
    }
  })();
  return {
    stats,
    async stop() {
      stopped = true;
      await loop;
      return stats;
    },
  };
}

const scale = (shards: number) =>
  scaleInstance({
    cluster: live.cluster,
    instance,
    shards,
    requester: ALICE,
    timeoutMs: 300_000,
    redisTimeoutMs: 1_000,
  });

/** What a refusal must leave as it was: the pods, the RedisCluster's size and each node's role and slots. */
async function snapshot() {
  const resource = await live.cluster.get<any>({
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'RedisCluster',
    metadata: { name: NAME, namespace: live.namespace },
  });
  return {
    pods: await dataPods(),
    clusterSize: resource?.spec?.clusterSize,
    topology: await topology(),
  };
}

beforeAll(async () => {
  live = await startLiveNamespace('redis-cluster-ops', {
    restartBackoffMs: 300_000,
  });
  instance = { namespace: live.namespace, name: NAME };
  await applyOrder(
    live,
    orderIn(live, {
      name: NAME,
      root: { clusterModeEnabled: true },
      flavour: {
        deploymentMode: 'cluster',
        cluster: { numShards: 3, replicasPerShard: 1 },
        backup: {
          enabled: true,
          schedule: '0 2 * * *',
          s3Bucket: 'shop-backups',
          s3Region: 'eu-west-1',
          retention: 7,
        },
        additionalConfig: { maxmemory: '16mb' },
      },
    }),
    PASSWORD,
  );
  await settled();
  const cluster = await clusterClientOf(live, PASSWORD, NAME);
  client = cluster;
  for (let i = 0; i < KEYS.length; i += 100)
    await Promise.all(
      KEYS.slice(i, i + 100).map(key => cluster.set(key, valueOf(key))),
    );
}, START_TIMEOUT_MS);

afterAll(async () => {
  client?.disconnect();
  await live?.sandbox.stop();
  // eslint-disable-next-line no-console
  console.log(`measured durations (ms): ${JSON.stringify(durations)}`);
});

describe('scale of a cluster instance', () => {
  it('refuses replicas, naming the inputs that fit cluster mode, and the floor of 3 shards, naming the field', async () => {
    await expect(
      scaleInstance({
        cluster: live.cluster,
        instance,
        replicas: 2,
        requester: ALICE,
        inputNames: { replicas: '--replicas', shards: '--shards' },
      }),
    ).rejects.toThrow(
      `--replicas does not apply to ${live.namespace}/${NAME}, which runs in cluster mode: set --shards or replicasPerShard instead`,
    );
    await expect(scale(2)).rejects.toThrow(
      /cannot be scaled to 2 shards × 1 replica: \/flavour\/cluster\/numShards: /,
    );
    expect(await dataPods()).toHaveLength(6);
  });

  it('dry-runs a scale-out: the sizes of the RedisCluster change, nothing is written or recorded', async () => {
    const before = await snapshot();
    const result = await scaleInstance({
      cluster: live.cluster,
      instance,
      shards: 4,
      requester: ALICE,
      dryRun: true,
    });
    expect(result).toMatchObject({
      dryRun: true,
      from: 3,
      to: 4,
      counts: '3 shards × 1 replica to 4 shards × 1 replica',
    });
    expect(result.changes).toContainEqual({
      ref: `RedisCluster ${live.namespace}/${NAME}`,
      action: 'update',
      paths: expect.arrayContaining(['/spec/clusterSize']),
    });
    expect(await snapshot()).toEqual(before);
    expect(await readOperationHistory(live.cluster, instance)).toEqual([]);
  });

  it('scales out from 3 to 4 shards with every key readable throughout', async () => {
    const reader = startReader();
    let result: ScaleResult;
    try {
      result = await scale(4);
    } finally {
      await reader.stop();
    }
    durations['scale-out 3→4'] = result.durationMs;
    const { stats } = reader;
    // eslint-disable-next-line no-console
    console.log(
      `reader during scale-out: ${stats.rounds} rounds, ${
        stats.reads
      } reads, transient errors ${JSON.stringify(stats.errors)}`,
    );
    expect(stats.rounds).toBeGreaterThan(0);
    expect([...stats.missing]).toEqual([]);
    expect([...stats.wrong]).toEqual([]);
    expect(result).toMatchObject({
      dryRun: false,
      from: 3,
      to: 4,
      cluster: {
        from: { shards: 3, replicasPerShard: 1 },
        to: { shards: 4, replicasPerShard: 1 },
      },
      preconditions: [],
    });
    expect(result.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['the operator reports the cluster ready at the new size', true],
      ['every node answers', true],
      ['cluster state ok, all 16384 slots ok', true],
      ['shards and replicas as asked', true],
      ["every replica's link up", true],
      ['key count kept', true],
    ]);
    const after = await topology();
    expect(after[`${NAME}-leader-3`]).toMatch(/^master \d+/);
    expect(after[`${NAME}-follower-3`]).toBe(`replica of ${NAME}-leader-3`);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'scale',
      outcome: 'succeeded',
      details: { from: { shards: 3 }, to: { shards: 4 } },
    });
  });

  it('refuses a scale-in without a successful backup Job, and with one too old; nothing changes', async () => {
    const before = await snapshot();
    const none = await refusalOf(scale(3));
    expect(none.message).toContain(
      `a recent successful backup failed (no Job of CronJob ${NAME}-backup (schedule "0 2 * * *") succeeded`,
    );
    const finished = new Date(Date.now() - 3 * 86_400_000);
    await createFinishedJob(
      live,
      `${NAME}-backup`,
      `${NAME}-backup-old`,
      new Date(finished.getTime() - 60_000),
      finished,
    );
    const old = await refusalOf(scale(3));
    expect(old.message).toMatch(
      new RegExp(
        `the last success is Job ${NAME}-backup-old, finished at .*: too old`,
      ),
    );
    expect(await snapshot()).toEqual(before);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ operation: 'scale', outcome: 'refused' });
  });

  it('refuses a scale-in without memory headroom on the remaining masters, with the figures; nothing changes', async () => {
    const finished = new Date(Date.now() - 60_000);
    await createFinishedJob(
      live,
      `${NAME}-backup`,
      `${NAME}-backup-recent`,
      new Date(finished.getTime() - 60_000),
      finished,
    );
    // Fill the masters until their data over 3 masters exceeds 0.8 × maxmemory each, and stays below it on 4.
    const masters = Object.entries(await topology())
      .filter(([, role]) => role.startsWith('master'))
      .map(([pod]) => pod);
    let used = 0;
    for (const pod of masters)
      used += Number(
        /used_memory:(\d+)/.exec(
          await onPod(pod, redis => redis.info('memory')),
        )![1],
      );
    const fill = 0.8 * MAXMEMORY * 3 - used + 4 * 2 ** 20;
    const fillers = Array.from({ length: 128 }, (_, i) => `filler:${i}`);
    const chunk = 'x'.repeat(Math.ceil(fill / fillers.length));
    await Promise.all(fillers.map(key => client.set(key, chunk)));
    const before = await snapshot();
    let refusal: Error;
    try {
      refusal = await refusalOf(scale(3));
    } finally {
      await Promise.all(fillers.map(key => client.del(key)));
    }
    expect(refusal.message).toMatch(
      /memory headroom on the remaining masters failed \(used_memory of the 4 masters [\d.]+ MiB \(.*\) over 3 masters is [\d.]+ MiB each; it must stay below 0.8 × maxmemory 16.0 MiB = 12.8 MiB\)/,
    );
    expect(refusal.message).not.toContain('a recent successful backup failed');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses while another operation holds the lock; nothing changes', async () => {
    const before = await snapshot();
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: 'resize',
      timeoutMs: 60_000,
    });
    try {
      const refusal = await refusalOf(scale(3));
      expect(refusal.message).toContain('resize by user:default/bob');
    } finally {
      await lock.release();
    }
    expect(await snapshot()).toEqual(before);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'scale',
      outcome: 'refused',
      details: { precondition: 'lock' },
    });
  });

  it('scales in from 4 to 3 shards with a recent backup, every key readable throughout', async () => {
    const reader = startReader();
    let result: ScaleResult;
    try {
      result = await scale(3);
    } finally {
      await reader.stop();
    }
    durations['scale-in 4→3'] = result.durationMs;
    const { stats } = reader;
    // eslint-disable-next-line no-console
    console.log(
      `reader during scale-in: ${stats.rounds} rounds, ${
        stats.reads
      } reads, transient errors ${JSON.stringify(stats.errors)}`,
    );
    expect(stats.rounds).toBeGreaterThan(0);
    expect([...stats.missing]).toEqual([]);
    expect([...stats.wrong]).toEqual([]);
    expect(result.preconditions?.map(check => [check.name, check.ok])).toEqual([
      ['every master is a leader pod', true],
      ['a recent successful backup', true],
      ['memory headroom on the remaining masters', true],
    ]);
    expect(result.postChecks.every(check => check.ok)).toBe(true);
    expect(await dataPods()).toEqual([
      `${NAME}-follower-0`,
      `${NAME}-follower-1`,
      `${NAME}-follower-2`,
      `${NAME}-leader-0`,
      `${NAME}-leader-1`,
      `${NAME}-leader-2`,
    ]);
    const values = await Promise.all(KEYS.map(key => client.get(key)));
    expect(values.filter((value, i) => value !== valueOf(KEYS[i]))).toEqual([]);
  });
});

describe('test failover of a cluster instance', () => {
  const failover = (extra: { replica?: string; override?: boolean } = {}) =>
    testFailover({
      cluster: live.cluster,
      instance,
      requester: ALICE,
      timeoutMs: 120_000,
      redisTimeoutMs: 1_000,
      ...extra,
    });

  it('is refused while the chosen replica does not answer (its process stopped); the masters stay', async () => {
    const before = await settled();
    const replica = `${NAME}-follower-1`;
    live.sandbox.signal(replica, 'SIGSTOP');
    let refusal: Error;
    try {
      refusal = await refusalOf(failover({ replica }));
    } finally {
      live.sandbox.signal(replica, 'SIGCONT');
    }
    expect(refusal.message).toMatch(
      new RegExp(
        `^Test failover of .* refused: every node answers failed \\(5 of 6 answer; ${replica}: .*the replica is a replica failed \\(${replica} does not answer: .*the replica in sync failed \\(master_repl_offset unknown, at most 1024 bytes behind: ${replica}: `,
      ),
    );
    expect(await settled()).toEqual(before);
  });

  it('dry-runs: names the replica it would promote and the master it would demote, and fails nothing over', async () => {
    const before = await settled();
    const historyBefore = await readOperationHistory(live.cluster, instance);
    const replica = `${NAME}-follower-2`;
    const master = before[replica].replace('replica of ', '');
    const preview = await previewTestFailover({
      cluster: live.cluster,
      instance,
      replica,
    });
    expect(preview.preconditions.every(check => check.ok)).toBe(true);
    expect(preview.changes).toEqual([
      {
        ref: `Pod ${live.namespace}/${master}`,
        action: 'becomes a replica',
        paths: ['metadata.labels.redis-role'],
      },
      {
        ref: `Pod ${live.namespace}/${replica}`,
        action: 'becomes the master',
        paths: ['metadata.labels.redis-role'],
      },
    ]);
    expect(preview.summary).toBe(
      `CLUSTER FAILOVER on ${replica}: the master of slots ${before[
        master
      ].slice(
        7,
      )} moves from ${master} to it, after its clients paused until the replica caught up`,
    );
    expect(await settled()).toEqual(before);
    expect(await readOperationHistory(live.cluster, instance)).toEqual(
      historyBefore,
    );
  });

  it('fails the shard of slot 0 over to its replica, and every post-check passes', async () => {
    const before = await settled();
    const [oldMaster, slots] = Object.entries(before).find(
      ([, role]) =>
        role.startsWith('master') &&
        role
          .slice(7)
          .split(' ')
          .some(range => range.split('-')[0] === '0'),
    )!;
    const replica = Object.entries(before).find(
      ([, role]) => role === `replica of ${oldMaster}`,
    )![0];

    const result = await failover();
    durations['cluster test failover'] = result.failoverMs;
    expect(result).toMatchObject({
      oldMaster: { pod: oldMaster },
      newMaster: { pod: replica },
      masterName: slots.slice(7),
    });
    expect(result.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['the replica is master of the shard', true],
      ['old master rejoined as its replica', true],
      ['every node answers', true],
      ['cluster state ok, all 16384 slots ok', true],
      ['every node agrees (CLUSTER NODES)', true],
      ['one master per shard', true],
      ["operator's redis-role labels agree", true],
    ]);
    // Read on the nodes themselves, and in the pods' labels.
    const after = await topology();
    expect(after[replica]).toBe(slots);
    expect(after[oldMaster]).toBe(`replica of ${replica}`);
    const pods = await storedPods(live);
    expect(pods[replica].metadata.labels['redis-role']).toBe('master');
    expect(pods[oldMaster].metadata.labels['redis-role']).toBe('slave');
    const values = await Promise.all(KEYS.map(key => client.get(key)));
    expect(values.filter((value, i) => value !== valueOf(KEYS[i]))).toEqual([]);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'test-failover',
      outcome: 'succeeded',
    });
  });

  it('is refused within the hour of the last one; nothing changes', async () => {
    const before = await snapshot();
    const again = await refusalOf(failover());
    expect(again.message).toContain(
      'at most one per interval failed (the last test-failover started at',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('records every run as an Event on the RedisCluster, and never writes the password', async () => {
    const history = await readOperationHistory(live.cluster, instance);
    const events = (
      await live.cluster.list<any>({
        apiVersion: 'v1',
        kind: 'Event',
        namespace: live.namespace,
      })
    ).filter(
      event =>
        event.involvedObject?.kind === 'RedisCluster' &&
        event.source?.component === 'odin-redis-portal',
    );
    expect(history.map(entry => entry.outcome)).toEqual([
      'refused',
      'succeeded',
      'refused',
      'succeeded',
      'refused',
      'refused',
      'refused',
      'refused',
      'succeeded',
    ]);
    expect(events.length).toBeGreaterThanOrEqual(history.length);
    expect(JSON.stringify({ history, events })).not.toContain(PASSWORD);
  });
});
