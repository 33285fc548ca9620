// redis:delete through the real scaffolder and its template, on a live standalone instance run by the
// sandbox (real redis-server behind the k8s-testenv API server), whose stand-in Job controller runs the
// final backup Job's real scripts against a local S3 server.
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';
import { readOperationHistory } from '@odin/plugin-redis-node';
import {
  applyOrder,
  orderIn,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  runTaskAs,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dryRunAs,
  dryRunMessages,
  exampleTemplate,
  localS3,
  permissionPolicy,
  redisEntity,
  startOperationBackend,
} from './__testUtils__/operationBackend';

jest.setTimeout(240_000);

const PASSWORD = 'delete-action-Pw-90b3';
const BUCKET = 'delete-action-backups';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-delete-'));
const s3Server = localS3(path.join(work, 's3'), BUCKET);
const template = exampleTemplate('redis-delete');

let live: LiveNamespace;
let backend: PortalBackend;

const dataResource = () =>
  live.cluster.get({
    apiVersion: OPERATOR_API_VERSION,
    kind: 'Redis',
    metadata: { name: 'shop', namespace: live.namespace },
  });

const deleteAs = (user: string, values: Record<string, unknown>) =>
  runTaskAs(backend, user, {
    templateRef: 'template:default/redis-delete',
    values: { entityRef: 'resource:default/shop', ...values },
  });

const messagesOf = (task: Awaited<ReturnType<typeof deleteAs>>) =>
  task.steps.delete?.messages.join('\n') ?? '';

beforeAll(async () => {
  await s3Server.start();
  live = await startLiveNamespace('delete-action');
  await applyOrder(
    live,
    orderIn(live, {
      name: 'shop',
      flavour: { backup: { enabled: true, s3Bucket: BUCKET, retention: 7 } },
    }),
    PASSWORD,
  );
  backend = await startOperationBackend({
    testCluster: live.testCluster,
    workingDirectory: path.join(work, 'tasks'),
    entities: [
      template,
      redisEntity({
        name: 'shop',
        namespace: live.namespace,
        uid: 'shop-entity-uid',
      }),
    ],
    // redis.instance.delete for alice only.
    features: [permissionPolicy({ 'redis.instance.delete': [ALICE] })],
  });
}, 600_000);

afterAll(async () => {
  await backend?.stop();
  await live?.sandbox.stop();
  await s3Server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('redis:delete', () => {
  it('refuses a user without redis.instance.delete, naming the permission; nothing is deleted', async () => {
    const task = await deleteAs(BOB, { confirmName: 'shop' });

    expect(task.status).toBe('failed');
    expect(messagesOf(task)).toContain(
      `${BOB} may not delete resource:default/shop: it needs redis.instance.delete`,
    );
    expect(await dataResource()).toBeDefined();
  });

  it('refuses a confirmName that is not the instance name', async () => {
    const task = await deleteAs(ALICE, { confirmName: 'shopp' });

    expect(task.status).toBe('failed');
    expect(messagesOf(task)).toContain(
      `confirmName: type the instance's name "shop"`,
    );
    expect(await dataResource()).toBeDefined();
  });

  it('dry-runs: lists what would be deleted and kept, the entity included, and deletes nothing', async () => {
    const response = await dryRunAs(backend, ALICE, {
      template,
      values: { entityRef: 'resource:default/shop', confirmName: 'shop' },
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    const body = JSON.parse(text);
    const messages = dryRunMessages(body);
    expect(messages).toContain(`Would delete Redis ${live.namespace}/shop`);
    expect(messages).toContain(
      'Would delete catalog entity resource:default/shop',
    );
    expect(messages).toContain(
      `Would keep PersistentVolumeClaim ${live.namespace}/shop-shop-0 (keepVolumes)`,
    );
    expect(messages).toContain(
      `A final backup would go to s3://${BUCKET}/${live.namespace}/shop/ first; nothing was written`,
    );
    expect(await dataResource()).toBeDefined();
    expect(text).not.toContain(PASSWORD);
  });

  it('backs up, verifies, deletes the instance and removes its catalog entity', async () => {
    const task = await deleteAs(ALICE, { confirmName: 'shop' });

    expect(task.status).toBe('completed');
    const messages = messagesOf(task);
    expect(messages).toMatch(
      new RegExp(
        `Verified s3://${BUCKET}/${live.namespace}/shop/\\d{8}T\\d{6}Z\\.rdb \\(\\d+ bytes\\)`,
      ),
    );
    expect(messages).toContain('Deleted catalog entity resource:default/shop');
    expect(await dataResource()).toBeUndefined();
    const [entry] = await readOperationHistory(live.cluster, {
      namespace: live.namespace,
      name: 'shop',
    });
    expect(entry).toMatchObject({
      operation: 'delete',
      requester: ALICE,
      outcome: 'succeeded',
    });
    expect(messages).not.toContain(PASSWORD);

    // The entity is gone from the catalog: the next task on it finds nothing to act on.
    const again = await deleteAs(ALICE, { confirmName: 'shop' });
    expect(again.status).toBe('failed');
    expect(messagesOf(again)).toContain(
      'resource:default/shop is not in the catalog',
    );
  });
});
