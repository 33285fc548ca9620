// redis:resize through the real scaffolder and its template, on a live sentinel instance: the k8s-testenv
// API server and the sandbox controller's real redis-server and sentinel processes.
import { readOperationHistory } from '@odin/plugin-redis-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  liveSentinelInstance,
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

const PASSWORD = 'resize-action-Pw-90a2';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const template = exampleTemplate('redis-resize');

let live: LiveNamespace;
let backend: PortalBackend;
let taskDirectory: string;

const claimRequests = async () =>
  (
    await live.cluster.list<any>({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: live.namespace,
      labelSelector: 'app=orders',
    })
  )
    .map(claim => [
      claim.metadata.name,
      claim.spec.resources.requests.storage,
      claim.status?.capacity?.storage,
    ])
    .sort();

beforeAll(async () => {
  live = await liveSentinelInstance('resize-action', {
    password: PASSWORD,
    replicas: 1,
  });
  taskDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-resize-'));
  backend = await startOperationBackend({
    testCluster: live.testCluster,
    workingDirectory: taskDirectory,
    entities: [
      template,
      redisEntity({ name: 'orders', namespace: live.namespace }),
    ],
    // redis.instance.update for alice only.
    features: [permissionPolicy({ 'redis.instance.update': [ALICE] })],
  });
}, 600_000);

afterAll(async () => {
  await backend?.stop();
  await live?.sandbox.stop();
  if (taskDirectory) fs.rmSync(taskDirectory, { recursive: true, force: true });
});

const resizeAs = (initiator: string, values: Record<string, string>) =>
  runTaskAs(backend, initiator, {
    templateRef: 'template:default/redis-resize',
    values: { entityRef: 'resource:default/orders', ...values },
  });

describe('redis:resize', () => {
  it('refuses a user without redis.instance.update, naming the permission, and changes nothing', async () => {
    const task = await resizeAs(BOB, { what: 'storage', storage: '12Gi' });

    expect(task.status).toBe('failed');
    expect(task.steps.resize?.messages.join('\n')).toContain(
      `${BOB} may not resize resource:default/orders: it needs redis.instance.update`,
    );
    expect(await claimRequests()).toEqual([
      ['orders-orders-0', '10Gi', '10Gi'],
      ['orders-orders-1', '10Gi', '10Gi'],
    ]);
  });

  it('shows in a dry run what a memory resize changes, writing nothing', async () => {
    const response = await dryRunAs(backend, ALICE, {
      template,
      values: {
        entityRef: 'resource:default/orders',
        what: 'resources',
        memory: '3Gi',
      },
    });
    const log = dryRunMessages(await response.json());

    expect(response.status).toBe(200);
    expect(log).toMatch(
      new RegExp(
        `RedisReplication ${live.namespace}/orders: [^\\n]*/spec/kubernetesConfig/resources/limits/memory`,
      ),
    );
    expect(log).toContain('; nothing was written');
    const replication = await live.cluster.get<any>({
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'RedisReplication',
      metadata: { name: 'orders', namespace: live.namespace },
    });
    expect(replication.spec.kubernetesConfig.resources.limits.memory).toBe(
      '2Gi',
    );
  });

  it('grows the storage for its owner, and the history records it', async () => {
    const task = await resizeAs(ALICE, { what: 'storage', storage: '12Gi' });

    expect(task.status).toBe('completed');
    expect(task.steps.resize?.messages.join('\n')).toContain(
      'ok: every claim has the new capacity',
    );
    expect(await claimRequests()).toEqual([
      ['orders-orders-0', '12Gi', '12Gi'],
      ['orders-orders-1', '12Gi', '12Gi'],
    ]);
    const [latest] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'orders',
    });
    expect(latest).toMatchObject({
      operation: 'resize',
      requester: ALICE,
      outcome: 'succeeded',
      details: {
        kind: 'storage',
        from: { storage: '10Gi' },
        to: { storage: '12Gi' },
      },
    });
  });
});
