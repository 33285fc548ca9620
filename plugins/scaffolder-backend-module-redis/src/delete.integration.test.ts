// redis:delete through the real scaffolder and its template, on a live standalone instance run by the
// sandbox (real redis-server behind the k8s-testenv API server), whose stand-in Job controller runs the
// final backup Job's real scripts against a local S3 server.
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  OPERATOR_API_VERSION,
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  entityProviderLocation,
} from '@odin/plugin-redis-common';
import { readOperationHistory } from '@odin/plugin-redis-node';
import {
  applyOrder,
  orderIn,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  runTaskAs,
  startPortalBackend,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The local S3 server, which the repository's tests share (see redis-node's devDependencies).
import S3rver from 's3rver';
import { parse } from 'yaml';

jest.setTimeout(240_000);

const PASSWORD = 'delete-action-Pw-90b3';
const BUCKET = 'delete-action-backups';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-delete-'));
const s3Server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: path.join(work, 's3'),
  configureBuckets: [{ name: BUCKET }],
});

/** The permission policy: redis.instance.delete for alice only. */
const permissionPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: { auth: coreServices.auth },
  factory({ auth }) {
    const decide = (
      permission: { name: string },
      credentials: BackstageCredentials,
    ) =>
      permission.name !== 'redis.instance.delete' ||
      (auth.isPrincipal(credentials, 'user') &&
        credentials.principal.userEntityRef === ALICE)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    return {
      async authorize(requests, options) {
        return requests.map(request => ({
          result: decide(request.permission, options.credentials),
        }));
      },
      async authorizeConditional(requests, options) {
        return requests.map(request => ({
          result: decide(request.permission, options.credentials),
        }));
      },
    };
  },
});

// eslint-disable-next-line no-restricted-syntax -- test code, run from src/
const templatePath = path.resolve(
  __dirname,
  '../../../examples/templates/redis-delete/template.yaml',
);
const template = parse(fs.readFileSync(templatePath, 'utf8'));

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
  const { port } = await s3Server.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  // s3rver's fixed credentials; the action's S3 client takes the endpoint from the SDK's own
  // AWS_ENDPOINT_URL, and the sandbox hands the credentials to the backup Job as IRSA would.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.AWS_ENDPOINT_URL = s3Endpoint;
  process.env.REDIS_SANDBOX_S3_ENDPOINT = s3Endpoint;
  live = await startLiveNamespace('delete-action');
  await applyOrder(
    live,
    orderIn(live, {
      name: 'shop',
      flavour: { backup: { enabled: true, s3Bucket: BUCKET, retention: 7 } },
    }),
    PASSWORD,
  );
  const location = entityProviderLocation('testenv');
  backend = await startPortalBackend({
    workingDirectory: path.join(work, 'tasks'),
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'testenv',
              url: live.testCluster.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: live.testCluster.adminToken,
              caData: live.testCluster.caData,
            },
          ],
        },
      ],
    },
    entities: [
      { ...template, metadata: { ...template.metadata, namespace: 'default' } },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'shop',
          namespace: 'default',
          uid: 'shop-entity-uid',
          annotations: {
            [REDIS_INSTANCE_ANNOTATION]: `${live.namespace}/shop`,
            [REDIS_CLUSTER_ANNOTATION]: 'testenv',
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
          },
        },
        spec: { type: 'redis', owner: 'group:default/payments' },
      },
    ],
    features: [permissionPolicy],
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
    const response = await fetch(
      `${backend.baseUrl}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(ALICE),
        },
        body: JSON.stringify({
          template,
          values: { entityRef: 'resource:default/shop', confirmName: 'shop' },
          directoryContents: [],
        }),
      },
    );
    const text = await response.text();
    expect(response.status).toBe(200);
    const body = JSON.parse(text);
    const messages = body.log
      .map((entry: { body: { message: string } }) => entry.body.message)
      .join('\n');
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
