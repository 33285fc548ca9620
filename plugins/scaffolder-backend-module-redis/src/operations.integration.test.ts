// The day-2 actions (redis:test-failover, redis:scale) through the real scaffolder and their templates,
// on a live sentinel instance: the k8s-testenv API server and the sandbox controller's real
// redis-server and sentinel processes.
import { readOperationHistory } from '@odin/plugin-redis-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SENTINEL_PODS,
  liveSentinelInstance,
  sentinelMaster,
  sentinelSettled,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  runTaskAs,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import {
  dryRunAs,
  dryRunMessages,
  exampleTemplate,
  permissionPolicy,
  redisEntity,
  startOperationBackend,
} from './__testUtils__/operationBackend';

jest.setTimeout(180_000);

const PASSWORD = 'failover-Pw-7d1e';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

let live: LiveNamespace;
let backend: PortalBackend;
let taskDirectory: string;

beforeAll(async () => {
  live = await liveSentinelInstance('failover-action', {
    password: PASSWORD,
    replicas: 2,
    restartBackoffMs: 300_000,
  });
  taskDirectory = fs.mkdtempSync(
    path.join(os.tmpdir(), 'scaffolder-failover-'),
  );
  backend = await startOperationBackend({
    testCluster: live.testCluster,
    workingDirectory: taskDirectory,
    entities: [
      exampleTemplate('redis-test-failover'),
      exampleTemplate('redis-scale'),
      redisEntity({ name: 'orders', namespace: live.namespace }),
      redisEntity({
        name: 'orders-by-hand',
        namespace: live.namespace,
        instance: 'orders',
        location: 'url:https://example.invalid/catalog-info.yaml',
      }),
    ],
    // redis.instance.update for alice only, redis.instance.admin for nobody.
    features: [
      permissionPolicy({
        'redis.instance.update': [ALICE],
        'redis.instance.admin': [],
      }),
    ],
  });
  await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
}, 600_000);

afterAll(async () => {
  await backend?.stop();
  await live?.sandbox.stop();
  if (taskDirectory) fs.rmSync(taskDirectory, { recursive: true, force: true });
});

const failoverAs = (
  initiator: string,
  values: { entityRef: string; override?: boolean },
) =>
  runTaskAs(backend, initiator, {
    templateRef: 'template:default/redis-test-failover',
    values: { confirm: true, ...values },
  });

/** The failover step's messages, one string, for matching a refusal. */
const messagesOf = (task: Awaited<ReturnType<typeof failoverAs>>) =>
  task.steps.failover?.messages.join('\n') ?? '';

describe('redis:test-failover', () => {
  it('refuses a user without redis.instance.update, naming the permission, and the master stays', async () => {
    const master = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);

    const task = await failoverAs(BOB, {
      entityRef: 'resource:default/orders',
    });

    expect(task.status).toBe('failed');
    expect(messagesOf(task)).toContain(
      `${BOB} may not run a test failover of resource:default/orders: it needs redis.instance.update`,
    );
    expect(await sentinelMaster(live, PASSWORD, SENTINEL_PODS)).toBe(master);
  });

  it('refuses an entity the entity provider did not register', async () => {
    const task = await failoverAs(ALICE, {
      entityRef: 'resource:default/orders-by-hand',
    });

    expect(task.status).toBe('failed');
    expect(messagesOf(task)).toContain(
      'resource:default/orders-by-hand was not registered by the Redis entity provider',
    );
  });

  it('fails the instance over for its owner, and the history records who ran it', async () => {
    const before = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);

    const task = await failoverAs(ALICE, {
      entityRef: 'resource:default/orders',
    });

    expect(task.status).toBe('completed');
    const after = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);
    expect(after).not.toBe(before);
    expect(messagesOf(task)).toContain(
      `The master moved from ${before} to ${after}`,
    );
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      operation: 'test-failover',
      requester: ALICE,
      outcome: 'succeeded',
    });
  });

  it('refuses a second test failover within the hour, and its override without redis.instance.admin', async () => {
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    const master = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);

    const again = await failoverAs(ALICE, {
      entityRef: 'resource:default/orders',
    });
    const overridden = await failoverAs(ALICE, {
      entityRef: 'resource:default/orders',
      override: true,
    });

    expect(again.status).toBe('failed');
    expect(messagesOf(again)).toContain('at most one per interval');
    expect(overridden.status).toBe('failed');
    expect(messagesOf(overridden)).toContain(
      `${ALICE} may not run a test failover with override of resource:default/orders: it needs redis.instance.admin`,
    );
    expect(await sentinelMaster(live, PASSWORD, SENTINEL_PODS)).toBe(master);
  });
});

const scaleAs = (
  initiator: string,
  values: { entityRef: string; replicas: number },
) =>
  runTaskAs(backend, initiator, {
    templateRef: 'template:default/redis-scale',
    values,
  });

const dataPods = async () =>
  Object.keys(await storedPods(live))
    .filter(pod => !pod.includes('sentinel'))
    .sort();

describe('redis:scale', () => {
  it('refuses a user without redis.instance.update, naming the permission', async () => {
    const task = await scaleAs(BOB, {
      entityRef: 'resource:default/orders',
      replicas: 3,
    });

    expect(task.status).toBe('failed');
    expect(task.steps.scale?.messages.join('\n')).toContain(
      `${BOB} may not scale resource:default/orders: it needs redis.instance.update`,
    );
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('shows in a dry run what a scale changes, writing nothing', async () => {
    const response = await dryRunAs(backend, ALICE, {
      template: exampleTemplate('redis-scale'),
      values: { entityRef: 'resource:default/orders', replicas: 3 },
    });
    const log = dryRunMessages(await response.json());

    expect(response.status).toBe(200);
    expect(log).toMatch(
      new RegExp(
        `RedisReplication ${live.namespace}/orders: [^\\n]*/spec/clusterSize`,
      ),
    );
    expect(log).toContain(
      'Would scale from 2 to 3 replicas; nothing was written',
    );
    expect(await dataPods()).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('scales the instance out to 3 replicas for its owner, and the history records it', async () => {
    const task = await scaleAs(ALICE, {
      entityRef: 'resource:default/orders',
      replicas: 3,
    });

    expect(task.status).toBe('completed');
    expect(task.steps.scale?.messages.join('\n')).toContain(
      "ok: every replica's link up",
    );
    expect(await dataPods()).toEqual([
      'orders-0',
      'orders-1',
      'orders-2',
      'orders-3',
    ]);
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      operation: 'scale',
      requester: ALICE,
      outcome: 'succeeded',
      details: { from: 2, to: 3 },
    });
  });
});
