// The day-2 actions (redis:test-failover, redis:scale) through the real scaffolder and their templates,
// on a live sentinel instance: the k8s-testenv API server and the sandbox controller's real
// redis-server and sentinel processes.
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  entityProviderLocation,
} from '@odin/plugin-redis-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import { readOperationHistory } from '@odin/plugin-redis-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
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
  startPortalBackend,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';

jest.setTimeout(180_000);

const PASSWORD = 'failover-Pw-7d1e';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** A template of examples/templates, as the portal's catalog serves it. */
function exampleTemplate(name: string) {
  const template = parse(
    fs.readFileSync(
      // eslint-disable-next-line no-restricted-syntax -- test code, run from src/
      path.resolve(
        __dirname,
        `../../../examples/templates/${name}/template.yaml`,
      ),
      'utf8',
    ),
  );
  return {
    ...template,
    metadata: { ...template.metadata, namespace: 'default' },
  };
}

/** The permission policy: redis.instance.update for alice only, redis.instance.admin for nobody. */
const permissionPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: { auth: coreServices.auth },
  factory({ auth }) {
    const decide = (
      permission: { name: string },
      credentials: BackstageCredentials,
    ) => {
      if (permission.name === 'redis.instance.admin')
        return AuthorizeResult.DENY;
      if (permission.name !== 'redis.instance.update')
        return AuthorizeResult.ALLOW;
      return auth.isPrincipal(credentials, 'user') &&
        credentials.principal.userEntityRef === ALICE
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    };
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

/** The instance's catalog entity; as the entity provider registers it unless `location` says otherwise. */
function redisEntity(
  name: string,
  namespace: string,
  location = entityProviderLocation('testenv'),
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [REDIS_INSTANCE_ANNOTATION]: `${namespace}/orders`,
        [REDIS_CLUSTER_ANNOTATION]: 'testenv',
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
    spec: { type: 'redis', owner: 'group:default/payments' },
  };
}

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
  const { testCluster } = live;
  backend = await startPortalBackend({
    workingDirectory: taskDirectory,
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'testenv',
              url: testCluster.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: testCluster.adminToken,
              caData: testCluster.caData,
            },
          ],
        },
      ],
    },
    entities: [
      exampleTemplate('redis-test-failover'),
      exampleTemplate('redis-scale'),
      redisEntity('orders', live.namespace),
      redisEntity(
        'orders-by-hand',
        live.namespace,
        'url:https://example.invalid/catalog-info.yaml',
      ),
    ],
    features: [permissionPolicy],
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
    const response = await fetch(
      `${backend.baseUrl}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(ALICE),
        },
        body: JSON.stringify({
          template: exampleTemplate('redis-scale'),
          values: { entityRef: 'resource:default/orders', replicas: 3 },
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
