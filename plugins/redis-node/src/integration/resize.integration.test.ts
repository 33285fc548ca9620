// Resize of a live sentinel instance (a master, 2 replicas, 3 sentinels) run by the sandbox controller:
// real redis-server and sentinel processes behind the pods of the k8s-testenv API server, with a client
// writing through the sentinels during the restarts. Storage on the API server's own PVC resize rules.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  SENTINEL_PODS,
  applyOrder,
  eventually,
  liveSentinelInstance,
  orderIn,
  podClient,
  sentinelSettled,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { ConflictError, InputError } from '@backstage/errors';
import Redis from 'ioredis';
import { applyInstance } from '../apply/applyInstance';
import { applySetParentOf, recordedOrder } from '../apply/applySet';
import { acquireOperationLock } from '../operations/operationLock';
import { readOperationHistory } from '../operations/operationHistory';
import {
  resizeInstance,
  type ResizeOptions,
  type ResizeResult,
} from '../operations/resize';
import { START_TIMEOUT_MS, expectStatus, kubeRequest } from './testEnvironment';

const PASSWORD = 'resize-Pw-3be81f';
const DATA_PODS = ['orders-0', 'orders-1', 'orders-2'];
const ALICE = 'user:default/alice';

let live: LiveNamespace;
let instance: { namespace: string; name: string };
let fixedClass: string;

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const resize = (
  request: Pick<ResizeOptions, 'cpu' | 'memory' | 'storage' | 'dryRun'>,
) =>
  resizeInstance({
    cluster: live.cluster,
    instance,
    requester: ALICE,
    timeoutMs: 240_000,
    redisTimeoutMs: 1_000,
    ...request,
  });

async function dataPods(name = 'orders') {
  const pods = await storedPods(live);
  return Object.values(pods)
    .filter((pod: any) => pod.metadata.labels?.app === name)
    .sort((a: any, b: any) => a.metadata.name.localeCompare(b.metadata.name));
}

async function claims(
  name = 'orders',
): Promise<Record<string, { request: string; capacity?: string }>> {
  const list = await live.cluster.list<any>({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    namespace: live.namespace,
    labelSelector: `app=${name}`,
  });
  return Object.fromEntries(
    list.map(claim => [
      claim.metadata.name,
      {
        request: claim.spec.resources.requests.storage,
        capacity: claim.status?.capacity?.storage,
      },
    ]),
  );
}

async function customResource(kind: string, name = 'orders') {
  return live.cluster.get<any>({
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind,
    metadata: { name, namespace: live.namespace },
  });
}

async function statefulSet(name = 'orders') {
  return live.cluster.get<any>({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: live.namespace },
  });
}

/** A client that SETs every 20 ms through the sentinel-discovered master, counting what it was told. */
function startWriter(sentinels: { host: string; port: number }[]) {
  const written: string[] = [];
  const errors = new Map<string, number>();
  let stopped = false;
  const client = new Redis({
    sentinels,
    name: 'mymaster',
    password: PASSWORD,
    sentinelPassword: PASSWORD,
    connectTimeout: 1_000,
  });
  client.on('error', () => undefined);
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const key = `resize:${i}`;
      try {
        await client.set(key, String(i));
        written.push(key);
      } catch (error) {
        const kind = String(error)
          .replace(/[\d.:]+/g, '#')
          .slice(0, 80);
        errors.set(kind, (errors.get(kind) ?? 0) + 1);
      }
      await sleep(20);
    }
  })();
  return {
    written,
    errors,
    async stop() {
      stopped = true;
      await loop;
      client.disconnect();
    },
  };
}

beforeAll(async () => {
  live = await liveSentinelInstance('redis-resize', {
    password: PASSWORD,
    replicas: 2,
  });
  instance = { namespace: live.namespace, name: 'orders' };
  await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
  if (fixedClass)
    await kubeRequest(
      live.testCluster,
      'DELETE',
      `/apis/storage.k8s.io/v1/storageclasses/${fixedClass}`,
    );
});

describe('resizeInstance', () => {
  it('dry-runs a memory resize: the RedisReplication resources change, nothing is written', async () => {
    const result = await resize({ memory: '3Gi', dryRun: true });
    expect(result).toMatchObject({ dryRun: true, kind: 'resources' });
    expect(result.to.resources).toEqual({
      limits: { cpu: '1000m', memory: '3Gi' },
      requests: { cpu: '500m', memory: '1536Mi' },
    });
    expect(result.changes).toContainEqual({
      ref: `RedisReplication ${live.namespace}/orders`,
      action: 'update',
      paths: expect.arrayContaining([
        '/spec/kubernetesConfig/resources/limits/memory',
      ]),
    });
    expect(
      (await customResource('RedisReplication')).spec.kubernetesConfig.resources
        .limits.memory,
    ).toBe('2Gi');
    expect(await readOperationHistory(live.cluster, instance)).toEqual([]);
  });

  it('refuses storage together with CPU, naming the fields, and changes nothing', async () => {
    const run = resize({ storage: '12Gi', cpu: '2' });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      /^storage cannot be resized together with cpu: resize the storage on its own/,
    );
    expect(await claims()).toEqual(
      Object.fromEntries(
        DATA_PODS.map(pod => [
          `orders-${pod}`,
          { request: '10Gi', capacity: '10Gi' },
        ]),
      ),
    );
  });

  it('refuses while another operation holds the lock, and records the refusal', async () => {
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: 'scale',
      timeoutMs: 60_000,
    });
    try {
      const run = resize({ memory: '3Gi' });
      await expect(run).rejects.toBeInstanceOf(ConflictError);
      await expect(run).rejects.toThrow(/scale by user:default\/bob/);
    } finally {
      await lock.release();
    }
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ operation: 'resize', outcome: 'refused' });
    expect(
      (await customResource('RedisReplication')).spec.kubernetesConfig.resources
        .limits.memory,
    ).toBe('2Gi');
  });

  let resized: ResizeResult;

  it('resizes CPU and memory with a client writing all along: replicas first, the master last, no write lost', async () => {
    const master = await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    const pods = await storedPods(live);
    const writer = startWriter(
      SENTINEL_PODS.map(pod => ({ host: pods[pod].status.podIP, port: 26379 })),
    );
    await sleep(1_000);
    const progress: string[] = [];
    try {
      resized = await resizeInstance({
        cluster: live.cluster,
        instance,
        requester: ALICE,
        cpu: '1500m',
        memory: '3Gi',
        timeoutMs: 240_000,
        redisTimeoutMs: 1_000,
        onProgress: message => progress.push(message),
      });
      await sleep(1_000);
    } finally {
      await writer.stop();
    }
    // The figures of the run, for the issue's note.
    // eslint-disable-next-line no-console
    console.log(
      [
        `resize of CPU and memory: ${resized.durationMs} ms, writes paused ${resized.switchover?.writesPausedMs} ms`,
        `restarts: ${resized.restarts
          .map(
            restart =>
              `${restart.pod} (${restart.role}) ${restart.durationMs} ms`,
          )
          .join(', ')}`,
        `writer: ${writer.written.length} acknowledged, errors ${JSON.stringify(
          [...writer.errors],
        )}`,
        ...progress,
      ].join('\n'),
    );

    const replicas = DATA_PODS.filter(pod => pod !== master);
    expect(
      resized.restarts.map(restart => [restart.pod, restart.role]),
    ).toEqual([...replicas.map(pod => [pod, 'replica']), [master, 'master']]);
    expect(resized.switchover?.oldMaster.pod).toBe(master);
    expect(resized.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['every data pod answers', true],
      ['one master', true],
      ["every replica's link up", true],
      ['sentinels name the master', true],
      ['every data pod has the new resources', true],
      ['one failover only', true],
    ]);

    // Every data pod is new, created (to the second) in the order of the restarts, with the new resources.
    const after = await dataPods();
    const createdAt = new Map(
      after.map((pod: any) => [
        pod.metadata.name,
        Date.parse(pod.metadata.creationTimestamp),
      ]),
    );
    const times = resized.restarts.map(restart => createdAt.get(restart.pod)!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const restart of resized.restarts)
      expect(createdAt.get(restart.pod)).toBeGreaterThanOrEqual(
        Math.floor(Date.parse(restart.deletedAt) / 1000) * 1000,
      );
    for (const pod of after) {
      const container = pod.spec.containers.find(
        (c: any) => c.name === 'orders',
      );
      expect([pod.metadata.name, container.resources]).toEqual([
        pod.metadata.name,
        {
          limits: { cpu: '1500m', memory: '3Gi' },
          requests: { cpu: '750m', memory: '1536Mi' },
        },
      ]);
    }

    // The order's own update strategy is back, on the custom resource and the StatefulSet.
    expect(
      (await customResource('RedisReplication')).spec.kubernetesConfig
        .updateStrategy,
    ).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    expect((await statefulSet()).spec.updateStrategy.type).toBe(
      'RollingUpdate',
    );
    const order = recordedOrder(
      await live.cluster.get(applySetParentOf(instance)),
    ) as any;
    expect(order.flavour.master.resources.limits).toEqual({
      cpu: '1500m',
      memory: '3Gi',
    });
    expect(order.flavour.updateStrategy.type).toBe('RollingUpdate');

    // Every acknowledged write is on the new master, and it kept writing.
    expect(writer.written.length).toBeGreaterThan(100);
    const client = await podClient(
      live,
      resized.switchover!.newMaster.pod,
      PASSWORD,
    );
    try {
      for (let i = 0; i < writer.written.length; i += 500) {
        const keys = writer.written.slice(i, i + 500);
        const values = await client.mget(...keys);
        expect(keys.filter((_, k) => values[k] === null)).toEqual([]);
      }
      expect(await client.get('greeting')).toBe('hello');
    } finally {
      client.disconnect();
    }

    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      id: resized.id,
      operation: 'resize',
      requester: ALICE,
      outcome: 'succeeded',
      details: { kind: 'resources' },
    });
    expect(
      JSON.stringify(await readOperationHistory(live.cluster, instance)),
    ).not.toContain(PASSWORD);
  });

  it('leaves OnDelete when it stops half-way, says how to finish, and the next run finishes and restores the strategy', async () => {
    const stopped = resizeInstance({
      cluster: live.cluster,
      instance,
      requester: ALICE,
      cpu: '2',
      timeoutMs: 3_000,
      redisTimeoutMs: 1_000,
    });
    await expect(stopped).rejects.toThrow(
      /^Gave up waiting for .*\. The order stays applied with the update strategy OnDelete \(its own is RollingUpdate\) and the pods restarted so far have the new resources: run the same resize again to finish it, which restores RollingUpdate$/,
    );
    expect(
      (await customResource('RedisReplication')).spec.kubernetesConfig
        .updateStrategy,
    ).toEqual({ type: 'OnDelete' });
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
    // The pod it was waiting for comes back on its own; then the instance settles.
    await eventually(async () => {
      const pods = await dataPods();
      return pods.length === 3 &&
        pods.every((pod: any) =>
          pod.status?.conditions?.some(
            (condition: any) =>
              condition.type === 'Ready' && condition.status === 'True',
          ),
        )
        ? true
        : undefined;
    }, 'the data pods ready');
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS);

    const finished = await resize({ cpu: '2' });

    expect(finished.postChecks.every(check => check.ok)).toBe(true);
    expect(
      (await customResource('RedisReplication')).spec.kubernetesConfig
        .updateStrategy,
    ).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    for (const pod of await dataPods())
      expect([
        pod.metadata.name,
        pod.spec.containers.find((c: any) => c.name === 'orders').resources
          .limits,
      ]).toEqual([pod.metadata.name, { cpu: '2', memory: '3Gi' }]);
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ id: finished.id, outcome: 'succeeded' });
  });

  it('resizes the memory of a replication instance without sentinels: the replica first, FAILOVER TO, then the old master', async () => {
    await applyOrder(
      live,
      orderIn(live, { name: 'plain', flavour: { replica: { count: 1 } } }),
      PASSWORD,
    );
    const plain = { namespace: live.namespace, name: 'plain' };
    const before = await podClient(live, 'plain-0', PASSWORD);
    try {
      await before.set('kept', 'yes');
    } finally {
      before.disconnect();
    }

    const result = await resizeInstance({
      cluster: live.cluster,
      instance: plain,
      requester: ALICE,
      memory: '768Mi',
      timeoutMs: 240_000,
      redisTimeoutMs: 1_000,
    });

    expect(result.restarts.map(restart => [restart.pod, restart.role])).toEqual(
      [
        ['plain-1', 'replica'],
        ['plain-0', 'master'],
      ],
    );
    expect(result.switchover).toMatchObject({
      oldMaster: { pod: 'plain-0' },
      newMaster: { pod: 'plain-1' },
    });
    expect(result.postChecks.filter(check => !check.ok)).toEqual([]);
    const pods = await dataPods('plain');
    expect(
      pods.map((pod: any) => [
        pod.metadata.name,
        pod.spec.containers.find((c: any) => c.name === 'plain').resources
          .limits.memory,
      ]),
    ).toEqual([
      ['plain-0', '768Mi'],
      ['plain-1', '768Mi'],
    ]);
    const after = await podClient(live, 'plain-1', PASSWORD);
    try {
      expect(await after.get('kept')).toBe('yes');
    } finally {
      after.disconnect();
    }
  });

  it('grows the storage on an expandable StorageClass without restarting a pod', async () => {
    const before = (await dataPods()).map((pod: any) => pod.metadata.uid);
    const result = await resize({ storage: '12Gi' });
    // eslint-disable-next-line no-console
    console.log(`storage grow 10Gi to 12Gi: ${result.durationMs} ms`);
    expect(result).toMatchObject({
      kind: 'storage',
      from: { storage: '10Gi' },
      to: { storage: '12Gi' },
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
      }),
    ]);
    expect(await claims()).toEqual(
      Object.fromEntries(
        DATA_PODS.map(pod => [
          `orders-${pod}`,
          { request: '12Gi', capacity: '12Gi' },
        ]),
      ),
    );
    // The StatefulSet keeps its claim template, as the operator leaves it, and records the size.
    const set = await statefulSet();
    expect(
      set.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
    ).toBe('10Gi');
    expect(set.metadata.annotations.storageCapacity).toBe(String(12 * 2 ** 30));
    expect((await dataPods()).map((pod: any) => pod.metadata.uid)).toEqual(
      before,
    );
  });

  it('refuses a shrink, naming the field, records it, and changes nothing', async () => {
    const run = resize({ storage: '11Gi' });
    await expect(run).rejects.toBeInstanceOf(ConflictError);
    await expect(run).rejects.toThrow(
      /refused: the storage grows failed \(storage 11Gi; the claims request .*storage must be larger than every claim/,
    );
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({ operation: 'resize', outcome: 'refused' });
    expect(
      (await customResource('RedisReplication')).spec.storage
        .volumeClaimTemplate.spec.resources.requests.storage,
    ).toBe('12Gi');
    expect(Object.values(await claims()).map(claim => claim.request)).toEqual([
      '12Gi',
      '12Gi',
      '12Gi',
    ]);
  });

  it('refuses storage on a StorageClass without allowVolumeExpansion, naming it, and changes nothing', async () => {
    fixedClass = `${live.namespace}-fixed`;
    expectStatus(
      await kubeRequest(
        live.testCluster,
        'POST',
        '/apis/storage.k8s.io/v1/storageclasses',
        {
          body: {
            apiVersion: 'storage.k8s.io/v1',
            kind: 'StorageClass',
            metadata: { name: fixedClass },
            provisioner: 'ebs.csi.aws.com',
          },
        },
      ),
      `create StorageClass ${fixedClass}`,
      201,
    );
    // Replication without sentinels: a master and one replica on the fixed class.
    await applyOrder(
      live,
      orderIn(live, {
        name: 'fixed',
        flavour: {
          replica: { count: 1 },
          persistence: { storageClass: fixedClass, size: '1Gi' },
        },
      }),
    );
    const fixed = { namespace: live.namespace, name: 'fixed' };
    const run = resizeInstance({
      cluster: live.cluster,
      instance: fixed,
      requester: ALICE,
      storage: '2Gi',
    });
    await expect(run).rejects.toBeInstanceOf(ConflictError);
    await expect(run).rejects.toThrow(
      `the StorageClass allows volume expansion failed (StorageClass ${fixedClass} allowVolumeExpansion false)`,
    );
    expect(
      Object.values(await claims('fixed')).map(claim => claim.request),
    ).toEqual(['1Gi', '1Gi']);
    const [latest] = await readOperationHistory(live.cluster, fixed);
    expect(latest).toMatchObject({ operation: 'resize', outcome: 'refused' });
  });

  it('shows why storage goes on its own: the sandbox, as the operator, skips the StatefulSet update when a claim refuses to grow', async () => {
    // An order applied by hand with a larger size on the fixed class and more memory: the API server's
    // PersistentVolumeClaimResize admission refuses the claims' patch, so the memory never lands either.
    await applyInstance({
      cluster: live.cluster,
      config: orderIn(live, {
        name: 'fixed',
        flavour: {
          replica: { count: 1 },
          persistence: { storageClass: fixedClass, size: '2Gi' },
          master: {
            resources: {
              limits: { cpu: '1', memory: '3Gi' },
              requests: { cpu: '500m', memory: '1Gi' },
            },
          },
        },
      }),
    });
    await eventually(
      async () =>
        /sts:fixed resize pvc \[.*\/fixed-fixed-0\] failed: .*only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize/.test(
          live.sandbox.log(),
        )
          ? true
          : undefined,
      'the sandbox to report the refused claim resize',
    );
    const set = await statefulSet('fixed');
    expect(
      set.spec.template.spec.containers.find((c: any) => c.name === 'fixed')
        .resources.limits.memory,
    ).toBe('2Gi');
    expect(
      Object.values(await claims('fixed')).map(claim => claim.request),
    ).toEqual(['1Gi', '1Gi']);
  });

  it('rolls a changed template out from the highest ordinal down under RollingUpdate, as the statefulset controller does', async () => {
    // The sandbox's own rollout, without the resize's control: the order applied by hand with other resources.
    const order = recordedOrder(
      await live.cluster.get(applySetParentOf(instance)),
    ) as any;
    const { replicaCount: _deprecated, ...flavour } = order.flavour;
    const resources = {
      limits: { cpu: '1', memory: '2Gi' },
      requests: { cpu: '500m', memory: '1Gi' },
    };
    await applyInstance({
      cluster: live.cluster,
      config: orderIn(live, {
        ...order,
        flavour: {
          ...flavour,
          master: { resources },
          replica: { ...flavour.replica, resources },
          updateStrategy: { type: 'RollingUpdate' },
        },
      }),
      wait: { timeoutMs: 120_000, pollIntervalMs: 250 },
    });
    const replaced = await eventually(async () => {
      const lines = live.sandbox
        .log()
        .split('\n')
        .flatMap(line => {
          const match =
            / \S+\/(orders-\d): the pod template changed; replacing the pod$/.exec(
              line,
            );
          return match ? [match[1]] : [];
        });
      return lines.length === 3 ? lines : undefined;
    }, 'three pods replaced');
    expect(replaced).toEqual(['orders-2', 'orders-1', 'orders-0']);
  });
});
