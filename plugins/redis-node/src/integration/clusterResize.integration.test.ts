// Resize of the CPU and memory of a live Redis Cluster instance (3 shards of a master and a replica, with
// volumes) run by the sandbox controller: real redis-server processes in cluster mode behind the pods of the
// k8s-testenv API server, with a cluster client writing and reading throughout; and its refusals.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  applyOrder,
  eventually,
  orderIn,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import type { Cluster } from 'ioredis';
import { applySetParentOf, recordedOrder } from '../apply/applySet';
import { acquireOperationLock } from '../operations/operationLock';
import { readOperationHistory } from '../operations/operationHistory';
import {
  resizeInstance,
  type ResizeOptions,
  type ResizeResult,
} from '../operations/resize';
import {
  clusterClientOf,
  clusterDataPods,
  clusterSettled,
  clusterTopology,
  refusalOf,
} from './liveCluster';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'cluster-resize-Pw-5d20b9';
const NAME = 'cart';
const ALICE = 'user:default/alice';
const KEYS = Array.from({ length: 500 }, (_, i) => `item:${i}`);
const valueOf = (key: string) => `value-of-${key}`;

let live: LiveNamespace;
let instance: { namespace: string; name: string };
let client: Cluster;
/** Measured durations, printed at the end for the operations note. */
const durations: Record<string, number> = {};

jest.setTimeout(600_000);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const resize = (
  request: Pick<ResizeOptions, 'cpu' | 'memory' | 'storage' | 'dryRun'>,
  target = instance,
) =>
  resizeInstance({
    cluster: live.cluster,
    instance: target,
    requester: ALICE,
    timeoutMs: 300_000,
    redisTimeoutMs: 1_000,
    ...request,
  });

const dataPods = (name = NAME) => clusterDataPods(live, name);
const topology = (name = NAME) => clusterTopology(live, PASSWORD, name);
/** The test writes nothing meanwhile: settled means every replica has every byte of its master's stream. */
const settled = (name = NAME) =>
  clusterSettled(live, PASSWORD, name, { inSync: true });

async function redisCluster(name = NAME) {
  return live.cluster.get<any>({
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'RedisCluster',
    metadata: { name, namespace: live.namespace },
  });
}

/** What a refusal must leave as it was: the pods, their resources, and each node's role and slots. */
async function snapshot() {
  return {
    pods: (await dataPods()).map(pod => [
      pod.metadata.name,
      pod.metadata.uid,
      pod.spec.containers[0].resources,
    ]),
    resources: (await redisCluster()).spec.kubernetesConfig.resources,
    topology: await topology(),
  };
}

/**
 * A cluster client that SETs a new key every 10 ms and GETs the preloaded keys between, until stopped:
 * the writes it was told succeeded, the reads that came back missing or wrong, and transient errors by kind.
 */
function startClient() {
  const written: string[] = [];
  const stats = {
    reads: 0,
    missing: new Set<string>(),
    wrong: new Set<string>(),
    errors: {} as Record<string, number>,
  };
  let stopped = false;
  const cluster = client;
  const count = (error: unknown) => {
    const kind = String((error as Error).message)
      .replace(/[\d.:]+/g, '#')
      .slice(0, 60);
    stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
  };
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const key = `resize:${i}`;
      try {
        await cluster.set(key, valueOf(key));
        written.push(key);
      } catch (error) {
        count(error);
      }
      const read = KEYS[i % KEYS.length];
      try {
        const value = await cluster.get(read);
        stats.reads++;
        if (value === null) stats.missing.add(read);
        else if (value !== valueOf(read)) stats.wrong.add(read);
      } catch (error) {
        count(error);
      }
      await sleep(10);
    }
  })();
  return {
    written,
    stats,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

beforeAll(async () => {
  live = await startLiveNamespace('redis-cluster-resize');
  instance = { namespace: live.namespace, name: NAME };
  await applyOrder(
    live,
    orderIn(live, {
      name: NAME,
      root: { clusterModeEnabled: true },
      flavour: {
        deploymentMode: 'cluster',
        cluster: { numShards: 3, replicasPerShard: 1 },
        persistence: { enabled: true, size: '1Gi' },
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

describe('resize of a cluster instance', () => {
  it('dry-runs a resize: the leaders and followers would get the resources, every precondition passes, nothing is written', async () => {
    await settled();
    const before = await snapshot();
    const result = await resize({ cpu: '1500m', memory: '3Gi', dryRun: true });
    expect(result).toMatchObject({
      dryRun: true,
      kind: 'resources',
      from: {
        resources: {
          limits: { cpu: '1000m', memory: '2Gi' },
          requests: { cpu: '500m', memory: '1Gi' },
        },
      },
      to: {
        resources: {
          limits: { cpu: '1500m', memory: '3Gi' },
          requests: { cpu: '750m', memory: '1536Mi' },
        },
      },
    });
    expect(result.changes).toContainEqual({
      ref: `RedisCluster ${live.namespace}/${NAME}`,
      action: 'update',
      paths: expect.arrayContaining([
        '/spec/kubernetesConfig/resources/limits/memory',
        '/spec/redisLeader/resources/limits/memory',
        '/spec/redisFollower/resources/limits/memory',
      ]),
    });
    expect(result.preconditions.map(check => [check.name, check.ok])).toEqual([
      ['the dataset fits the new memory', true],
      ['the operator reports the cluster ready at the new size', true],
      ['every node answers', true],
      ['cluster state ok, all 16384 slots ok', true],
      ['shards and replicas as asked', true],
      ["every replica's link up", true],
      ['every cluster bus link connected', true],
      ['every master has a replica in sync', true],
      ['every node keeps nodes.conf on a claim', true],
      ['a PodDisruptionBudget covers the data pods', true],
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await readOperationHistory(live.cluster, instance)).toEqual([]);
  });

  it('refuses while another operation holds the lock, and records the refusal; nothing changes', async () => {
    const before = await snapshot();
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: 'scale',
      timeoutMs: 60_000,
    });
    try {
      const refusal = await refusalOf(resize({ memory: '3Gi' }));
      expect(refusal.message).toContain('scale by user:default/bob');
    } finally {
      await lock.release();
    }
    expect(await snapshot()).toEqual(before);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'resize',
      outcome: 'refused',
      details: { precondition: 'lock' },
    });
  });

  it('refuses while a replica does not answer (its process stopped), naming its shard; nothing changes', async () => {
    const roles = await settled();
    const replica = Object.keys(roles)
      .filter(pod => roles[pod].startsWith('replica of'))
      .sort()[0];
    const master = roles[replica].slice('replica of '.length);
    const before = await snapshot();
    live.sandbox.signal(replica, 'SIGSTOP');
    let refusal: Error;
    try {
      refusal = await refusalOf(resize({ memory: '3Gi' }));
    } finally {
      live.sandbox.signal(replica, 'SIGCONT');
    }
    expect(refusal.message).toMatch(
      new RegExp(
        `^Resize of ${live.namespace}/${NAME} to memory 3Gi refused: .*every master has a replica in sync failed \\(.*${master} \\(slots [^)]*\\): master_repl_offset \\d+, at most 1024 bytes behind: ${replica}: `,
      ),
    );
    expect(refusal.message).toContain('every node answers failed (5 of 6');
    expect(refusal.message).toMatch(/\. Nothing was changed\.$/);
    await settled();
    expect(await snapshot()).toEqual(before);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ operation: 'resize', outcome: 'refused' });
  });

  it('refuses a cluster without volumes, naming /flavour/persistence/enabled; nothing changes', async () => {
    const bare = { namespace: live.namespace, name: 'bare' };
    await applyOrder(
      live,
      orderIn(live, {
        name: 'bare',
        root: { clusterModeEnabled: true },
        flavour: {
          deploymentMode: 'cluster',
          cluster: { numShards: 3, replicasPerShard: 1 },
          persistence: {
            enabled: false,
            rdb: { enabled: false },
            aof: { enabled: false },
          },
        },
      }),
      PASSWORD,
    );
    await settled('bare');
    const uids = async () =>
      (await dataPods('bare')).map(pod => pod.metadata.uid);
    const before = await uids();
    const refusal = await refusalOf(resize({ cpu: '2' }, bare));
    expect(refusal.message).toContain(
      'every node keeps nodes.conf on a claim failed (the order has no volumes (/flavour/persistence/enabled is false)',
    );
    expect(await uids()).toEqual(before);
    expect(
      (await redisCluster('bare')).spec.kubernetesConfig.resources.limits.cpu,
    ).toBe('1');
    const [latest] = await readOperationHistory(live.cluster, bare);
    expect(latest).toMatchObject({ operation: 'resize', outcome: 'refused' });
  });

  let resized: ResizeResult;

  it('resizes CPU and memory with a cluster client writing and reading all along: every replica first, each master after a CLUSTER FAILOVER, no acknowledged write lost', async () => {
    const before = await settled();
    const masters = Object.keys(before)
      .filter(pod => before[pod].startsWith('master'))
      .sort();
    const replicas = Object.keys(before)
      .filter(pod => !masters.includes(pod))
      .sort();
    const traffic = startClient();
    await sleep(1_000);
    const progress: string[] = [];
    try {
      resized = await resizeInstance({
        cluster: live.cluster,
        instance,
        requester: ALICE,
        cpu: '1500m',
        memory: '3Gi',
        timeoutMs: 300_000,
        redisTimeoutMs: 1_000,
        onProgress: message => progress.push(message),
      });
      await sleep(1_000);
    } finally {
      await traffic.stop();
    }
    durations['cluster resize of CPU and memory'] = resized.durationMs;
    // eslint-disable-next-line no-console
    console.log(
      [
        `cluster resize of CPU and memory: ${resized.durationMs} ms`,
        `restarts: ${resized.restarts
          .map(
            restart =>
              `${restart.pod} (${restart.role}) ${restart.durationMs} ms`,
          )
          .join(', ')}`,
        `failovers: ${resized
          .failovers!.map(
            failover =>
              `${failover.oldMaster.pod} -> ${failover.newMaster.pod} ${failover.failoverMs} ms`,
          )
          .join(', ')}`,
        `client: ${traffic.written.length} acknowledged writes, ${
          traffic.stats.reads
        } reads, transient errors ${JSON.stringify(traffic.stats.errors)}`,
        ...progress,
      ].join('\n'),
    );

    expect(
      resized.restarts.map(restart => [restart.pod, restart.role]),
    ).toEqual([
      ...replicas.map(pod => [pod, 'replica']),
      ...masters.map(pod => [pod, 'master']),
    ]);
    expect(
      resized.failovers!.map(failover => [
        failover.oldMaster.pod,
        failover.newMaster.pod,
      ]),
    ).toEqual(
      // Away to the replica before the master's restart, and back after it.
      masters.flatMap(pod => {
        const replica = replicas.find(r => before[r] === `replica of ${pod}`);
        return [
          [pod, replica],
          [replica, pod],
        ];
      }),
    );
    expect(resized.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['the operator reports the cluster ready at the new size', true],
      ['every node answers', true],
      ['cluster state ok, all 16384 slots ok', true],
      ['shards and replicas as asked', true],
      ["every replica's link up", true],
      ['every cluster bus link connected', true],
      ['every data pod has the new resources', true],
      ["each shard's master as before", true],
      ['no failover but those the resize made', true],
    ]);

    // Read on the nodes: all slots ok, every shard with the master (and the slots) it had.
    expect(await settled()).toEqual(before);

    // Every data pod is new, with the new resources; the order's own update strategy is back.
    const pods = await dataPods();
    expect(pods).toHaveLength(6);
    for (const pod of pods) {
      const restart = resized.restarts.find(r => r.pod === pod.metadata.name)!;
      expect(Date.parse(pod.metadata.creationTimestamp)).toBeGreaterThanOrEqual(
        Math.floor(Date.parse(restart.deletedAt) / 1000) * 1000,
      );
      const container = pod.spec.containers.find(
        (c: any) => c.name === pod.metadata.labels.app,
      );
      expect([pod.metadata.name, container.resources]).toEqual([
        pod.metadata.name,
        {
          limits: { cpu: '1500m', memory: '3Gi' },
          requests: { cpu: '750m', memory: '1536Mi' },
        },
      ]);
    }
    expect((await redisCluster()).spec.kubernetesConfig.updateStrategy).toEqual(
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    );
    const order = recordedOrder(
      await live.cluster.get(applySetParentOf(instance)),
    ) as any;
    expect(order.flavour.master.resources.limits).toEqual({
      cpu: '1500m',
      memory: '3Gi',
    });
    expect(order.flavour.replica.resources.limits).toEqual({
      cpu: '1500m',
      memory: '3Gi',
    });

    // Every acknowledged write and every preloaded key is readable, with its value.
    expect(traffic.written.length).toBeGreaterThan(100);
    expect([...traffic.stats.missing]).toEqual([]);
    expect([...traffic.stats.wrong]).toEqual([]);
    const keys = [...traffic.written, ...KEYS];
    const lost: string[] = [];
    const reader = client;
    for (let i = 0; i < keys.length; i += 200) {
      const values = await Promise.all(
        keys.slice(i, i + 200).map(key => reader.get(key)),
      );
      keys
        .slice(i, i + 200)
        .forEach((key, k) => values[k] !== valueOf(key) && lost.push(key));
    }
    expect(lost).toEqual([]);

    const history = await readOperationHistory(live.cluster, instance);
    expect(history[0]).toMatchObject({
      id: resized.id,
      operation: 'resize',
      requester: ALICE,
      outcome: 'succeeded',
      details: { kind: 'resources' },
    });
    expect(JSON.stringify(history)).not.toContain(PASSWORD);
  });

  it('leaves OnDelete when it stops half-way, says how to finish, and the next run finishes and restores the strategy', async () => {
    const stopped = resizeInstance({
      cluster: live.cluster,
      instance,
      requester: ALICE,
      cpu: '2',
      timeoutMs: 4_000,
      redisTimeoutMs: 1_000,
    });
    await expect(stopped).rejects.toThrow(
      /\. The order stays applied with the update strategy OnDelete \(its own is RollingUpdate\) and the pods restarted so far have the new resources: run the same resize again to finish it, which restores RollingUpdate$/,
    );
    expect((await redisCluster()).spec.kubernetesConfig.updateStrategy).toEqual(
      { type: 'OnDelete' },
    );
    const [failed] = await readOperationHistory(live.cluster, instance);
    expect(failed).toMatchObject({
      operation: 'resize',
      outcome: 'failed',
      details: {
        kind: 'resources',
        updateStrategy: {
          original: { type: 'RollingUpdate' },
          during: 'OnDelete',
        },
      },
    });
    // A pod it deleted comes back on its own; then the cluster settles.
    await eventually(async () => {
      const pods = await dataPods();
      return pods.length === 6 &&
        pods.every((pod: any) =>
          pod.status?.conditions?.some(
            (condition: any) =>
              condition.type === 'Ready' && condition.status === 'True',
          ),
        )
        ? true
        : undefined;
    }, 'the data pods ready');
    await settled();

    const finished = await resize({ cpu: '2' });
    durations['cluster resize finishing a stopped one'] = finished.durationMs;
    expect(finished.postChecks.filter(check => !check.ok)).toEqual([]);
    expect((await redisCluster()).spec.kubernetesConfig.updateStrategy).toEqual(
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    );
    for (const pod of await dataPods())
      expect([
        pod.metadata.name,
        pod.spec.containers.find((c: any) => c.name === pod.metadata.labels.app)
          .resources.limits,
      ]).toEqual([pod.metadata.name, { cpu: '2', memory: '3Gi' }]);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ id: finished.id, outcome: 'succeeded' });
    const values = await Promise.all(KEYS.map(key => client.get(key)));
    expect(values.filter((value, i) => value !== valueOf(KEYS[i]))).toEqual([]);
  });

  it('grows the storage of the leaders and followers, not their node-conf claims, without restarting a pod', async () => {
    const claims = async () =>
      Object.fromEntries(
        (
          await live.cluster.list<any>({
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            namespace: live.namespace,
            labelSelector: `app in (${NAME}-leader,${NAME}-follower)`,
          })
        ).map(claim => [
          claim.metadata.name,
          [
            claim.spec.resources.requests.storage,
            claim.status?.capacity?.storage,
          ],
        ]),
      );
    const before = await claims();
    const uids = (await dataPods()).map(pod => pod.metadata.uid);
    const result = await resize({ storage: '2Gi' });
    durations['cluster storage grow'] = result.durationMs;
    expect(result).toMatchObject({
      kind: 'storage',
      from: { storage: '1Gi' },
      to: { storage: '2Gi' },
    });
    expect(result.preconditions.map(check => [check.name, check.ok])).toEqual([
      ['the storage grows', true],
      ['every claim is bound', true],
      ['the StorageClass allows volume expansion', true],
    ]);
    expect(result.postChecks).toEqual([
      expect.objectContaining({
        name: 'every claim has the new capacity',
        ok: true,
        figures: expect.stringMatching(/^6 of 6 at 2Gi: /),
      }),
    ]);
    const after = await claims();
    const pods = (await dataPods()).map(pod => pod.metadata.name);
    expect(after).toEqual(
      Object.fromEntries(
        pods.flatMap(pod => {
          const set = pod.replace(/-\d+$/, '');
          return [
            [`${set}-${pod}`, ['2Gi', '2Gi']],
            [`node-conf-${pod}`, before[`node-conf-${pod}`]],
          ];
        }),
      ),
    );
    expect((await dataPods()).map(pod => pod.metadata.uid)).toEqual(uids);
    await settled();
  });
});
