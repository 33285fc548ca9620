// redis:resize through the real scaffolder and its template, on a live sentinel instance: the k8s-testenv
// API server and the sandbox controller's real redis-server and sentinel processes.
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  entityProviderLocation,
} from '@odin/plugin-redis-common';
import { readOperationHistory } from '@odin/plugin-redis-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  liveSentinelInstance,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  runTaskAs,
  startPortalBackend,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';

jest.setTimeout(180_000);

const PASSWORD = 'resize-action-Pw-90a2';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const template = (() => {
  const parsed = parse(
    fs.readFileSync(
      // eslint-disable-next-line no-restricted-syntax -- test code, run from src/
      path.resolve(
        __dirname,
        '../../../examples/templates/redis-resize/template.yaml',
      ),
      'utf8',
    ),
  );
  return { ...parsed, metadata: { ...parsed.metadata, namespace: 'default' } };
})();

/** The permission policy: redis.instance.update for alice only. */
const permissionPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: { auth: coreServices.auth },
  factory({ auth }) {
    const decide = (
      permission: { name: string },
      credentials: BackstageCredentials,
    ) =>
      permission.name !== 'redis.instance.update' ||
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
  const location = entityProviderLocation('testenv');
  backend = await startPortalBackend({
    workingDirectory: taskDirectory,
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
      template,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'orders',
          namespace: 'default',
          annotations: {
            [REDIS_INSTANCE_ANNOTATION]: `${live.namespace}/orders`,
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
          values: {
            entityRef: 'resource:default/orders',
            what: 'resources',
            memory: '3Gi',
          },
          directoryContents: [],
        }),
      },
    );
    const body = (await response.json()) as {
      log: { body: { message?: string } }[];
    };
    const log = body.log.map(entry => entry.body.message ?? '').join('\n');

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
