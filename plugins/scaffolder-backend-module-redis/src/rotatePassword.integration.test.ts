// redis:rotate-password through the real scaffolder and its template, on a live sentinel instance: the
// k8s-testenv API server and the sandbox controller's real redis-server and sentinel processes.
import { readOperationHistory } from '@odin/plugin-redis-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SENTINEL_PODS,
  eventually,
  liveSentinelInstance,
  podClient,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  runTaskAs,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import {
  exampleTemplate,
  permissionPolicy,
  redisEntity,
  startOperationBackend,
} from './__testUtils__/operationBackend';

jest.setTimeout(240_000);

const PASSWORD = 'rotate-action-Pw-4b9e';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

let live: LiveNamespace;
let backend: PortalBackend;
let taskDirectory: string;

/** The Secret's password, as an application reads it. */
async function secretPassword(): Promise<string> {
  const secret = await live.cluster.get<any>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'orders-auth', namespace: live.namespace },
  });
  return Buffer.from(secret.data.password, 'base64').toString('utf8');
}

beforeAll(async () => {
  live = await liveSentinelInstance('rotate-action', {
    password: PASSWORD,
    replicas: 1,
  });
  taskDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-rotate-'));
  backend = await startOperationBackend({
    testCluster: live.testCluster,
    workingDirectory: taskDirectory,
    entities: [
      exampleTemplate('redis-rotate-password'),
      redisEntity({ name: 'orders', namespace: live.namespace }),
    ],
    // redis.instance.update for alice only.
    features: [permissionPolicy({ 'redis.instance.update': [ALICE] })],
  });
  // The replica in sync, and every sentinel knowing it and the other sentinels, before the rotation's checks.
  await eventually(async () => {
    const replica = await podClient(live, 'orders-1', PASSWORD);
    try {
      return (await replica.info('replication')).includes(
        'master_link_status:up',
      )
        ? true
        : undefined;
    } finally {
      replica.disconnect();
    }
  }, "orders-1's link up");
  const seesAll = async (pod: string) => {
    const sentinel = await podClient(live, pod, PASSWORD);
    try {
      const fields = (await sentinel.call(
        'SENTINEL',
        'MASTER',
        'mymaster',
      )) as string[];
      const field = (name: string) => fields[fields.indexOf(name) + 1];
      return field('num-slaves') === '1' && field('num-other-sentinels') === '2'
        ? true
        : undefined;
    } finally {
      sentinel.disconnect();
    }
  };
  for (const pod of SENTINEL_PODS)
    await eventually(
      () => seesAll(pod),
      `${pod} to see the replica and the other sentinels`,
    );
}, 600_000);

afterAll(async () => {
  await backend?.stop();
  await live?.sandbox.stop();
  if (taskDirectory) fs.rmSync(taskDirectory, { recursive: true, force: true });
});

const rotateAs = (initiator: string) =>
  runTaskAs(backend, initiator, {
    templateRef: 'template:default/redis-rotate-password',
    values: {
      entityRef: 'resource:default/orders',
      graceSeconds: 0,
      confirm: true,
    },
  });

describe('redis:rotate-password', () => {
  it('refuses a user without redis.instance.update, naming the permission, and the password stays', async () => {
    const task = await rotateAs(BOB);

    expect(task.status).toBe('failed');
    expect(task.steps.rotate?.messages.join('\n')).toContain(
      `${BOB} may not rotate the password of resource:default/orders: it needs redis.instance.update`,
    );
    expect(await secretPassword()).toBe(PASSWORD);
    expect(
      await readOperationHistory(live.cluster, {
        namespace: live.namespace,
        name: 'orders',
      }),
    ).toEqual([]);
  });

  it("rotates the password for the instance's owner: a new Secret value, the old one refused, the run recorded", async () => {
    const task = await rotateAs(ALICE);

    const messages = task.steps.rotate?.messages.join('\n') ?? '';
    // The step's messages say why when it did not complete.
    expect(task.status === 'completed' ? 'completed' : messages).toBe(
      'completed',
    );
    expect(messages).toContain('ok: only the new password');
    const next = await secretPassword();
    expect(next).not.toBe(PASSWORD);
    expect(messages).not.toContain(next);
    expect(messages).not.toContain(PASSWORD);

    const master = await podClient(live, 'orders-1', next);
    try {
      expect(await master.get('greeting')).toBe('hello');
    } finally {
      master.disconnect();
    }
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      operation: 'rotate-password',
      requester: ALICE,
      outcome: 'succeeded',
    });
  });
});
