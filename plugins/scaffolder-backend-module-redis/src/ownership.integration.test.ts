// Ownership and audit of redis:apply: two users of two teams, through the real scaffolder and the k8s-testenv API server.
import {
  coreServices,
  createServiceFactory,
  type AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/config';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';
import {
  clusterAccessFromKubeconfig,
  type ApiObject,
  type KubernetesCluster,
} from '@odin/plugin-redis-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the k8s-testenv helper is no workspace package
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from '../../../tools/k8s-testenv/testCluster';
import {
  runTaskAs,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import {
  dryRunAs,
  exampleTemplate,
  permissionPolicy,
  startOperationBackend,
} from './__testUtils__/operationBackend';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const ADMIN = 'redis.instance.admin';

const template = exampleTemplate('redis');

/** A user as the catalog serves it once processed: its memberOf relation included. */
const user = (name: string, group: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [group] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});
const group = (name: string, member: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], members: [member] },
  relations: [{ type: 'hasMember', targetRef: `user:default/${member}` }],
});

/** The users the policy grants redis.instance.admin; a test adds one, and each test starts with none. */
const admins = new Set<string>();

interface AuditRecord {
  plugin: string;
  eventId: string;
  severityLevel?: string;
  status: 'initiated' | 'succeeded' | 'failed';
  meta: AuditorServiceCreateEventOptions['meta'];
  error?: Error;
}

/** Every audit event of every plugin, as the auditor got it, with the meta of success or fail merged in. */
const audit: AuditRecord[] = [];
const recordingAuditor = createServiceFactory({
  service: coreServices.auditor,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    return {
      async createEvent(options) {
        const record = (
          status: AuditRecord['status'],
          outcome: { meta?: JsonObject; error?: Error } = {},
        ) => {
          audit.push({
            plugin: plugin.getId(),
            eventId: options.eventId,
            severityLevel: options.severityLevel,
            status,
            meta: { ...options.meta, ...outcome.meta },
            error: outcome.error,
          });
        };
        record('initiated');
        return {
          success: async outcome => record('succeeded', outcome),
          fail: async outcome => record('failed', outcome),
        };
      },
    };
  },
});

/** The scaffolder's redis-apply events for one instance, in order. */
const applyEvents = (name: string) =>
  audit.filter(
    record =>
      record.plugin === 'scaffolder' &&
      record.eventId === 'redis-apply' &&
      (record.meta?.instance as JsonObject | undefined)?.name === name,
  );

let testCluster: TestCluster;
let cluster: KubernetesCluster;
let backend: PortalBackend;
let taskDirectory: string;
let namespace: string;

beforeAll(async () => {
  testCluster = await startTestCluster();
  cluster = await clusterAccessFromKubeconfig({
    path: testCluster.kubeconfigPath,
  }).getCluster();
  namespace = await createNamespace(testCluster, 'ownership');
  taskDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-owner-'));
  backend = await startOperationBackend({
    testCluster,
    workingDirectory: taskDirectory,
    entities: [
      template,
      user('alice', 'payments'),
      user('bob', 'search'),
      group('payments', 'alice'),
      group('search', 'bob'),
    ],
    // redis.instance.admin for `admins` only; everything else (kubernetes.proxy, ...) allowed.
    features: [permissionPolicy({ [ADMIN]: admins }), recordingAuditor],
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await backend?.stop();
  if (taskDirectory) fs.rmSync(taskDirectory, { recursive: true, force: true });
});

afterEach(() => admins.clear());

/** A standalone order (one pod: a `Redis` resource) in the test's namespace, applied without waiting. */
function order(name: string, owner: string, extra: JsonObject = {}) {
  return {
    name,
    owner,
    cluster: 'testenv',
    wait: false,
    root: { clusterModeEnabled: false },
    flavour: { namespace, deploymentMode: 'standalone' },
    ...extra,
  };
}

const applyAs = (initiator: string, values: JsonObject) =>
  runTaskAs(backend, initiator, {
    templateRef: 'template:default/redis',
    values,
  });

/** Applies an order as `initiator` and expects its apply step to pass. */
async function appliedAs(initiator: string, values: JsonObject) {
  const task = await applyAs(initiator, values);
  expect({ status: task.status, apply: task.steps.apply }).toEqual({
    status: 'completed',
    apply: expect.objectContaining({ status: 'completed' }),
  });
  return task;
}

const readResource = (kind: string, name: string) =>
  cluster.get<ApiObject>({
    apiVersion: OPERATOR_API_VERSION,
    kind,
    metadata: { name, namespace },
  });
const ownerOf = (object: ApiObject | undefined) =>
  object?.metadata?.annotations?.['odin.dev/owner'];
/** What a refused order must leave alone: the data resource and the ApplySet parent, as stored. */
async function stored(kind: string, name: string) {
  const parent = await cluster.get({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-applyset`, namespace },
  });
  const resource = await readResource(kind, name);
  return {
    owner: ownerOf(resource),
    resourceVersion: resource?.metadata?.resourceVersion,
    parentVersion: parent?.metadata?.resourceVersion,
  };
}

describe('ownership of an instance ordered through the scaffolder', () => {
  it('alice applies an instance for payments, her team: it is stamped with payments as owner', async () => {
    await appliedAs(ALICE, order('alice-cache', 'payments'));
    expect(ownerOf(await readResource('Redis', 'alice-cache'))).toBe(PAYMENTS);
  });

  it("bob ordering payments' instance for search is refused, naming both owners and the permission, and nothing changes", async () => {
    await appliedAs(ALICE, order('taken-cache', 'payments'));
    const before = await stored('Redis', 'taken-cache');
    const refusal = `taken-cache in namespace ${namespace} on cluster testenv is owned by ${PAYMENTS}; changing it for ${SEARCH} needs the permission ${ADMIN}`;

    const task = await applyAs(BOB, order('taken-cache', 'search'));
    expect(task.status).toBe('failed');
    expect(task.steps.apply).toEqual({
      status: 'failed',
      messages: expect.arrayContaining([expect.stringContaining(refusal)]),
    });
    // The scaffolder's dry run is refused the same way, before any server dry run.
    const preview = await dryRunAs(backend, BOB, {
      template,
      values: order('taken-cache', 'search'),
    });
    expect(await preview.json()).toEqual(
      expect.objectContaining({
        error: expect.objectContaining({
          name: 'NotAllowedError',
          message: refusal,
        }),
      }),
    );
    expect(await stored('Redis', 'taken-cache')).toEqual(before);
    expect(before.owner).toBe(PAYMENTS);
  });

  it('bob ordering for payments, not his team, is refused', async () => {
    await appliedAs(ALICE, order('payments-cache', 'payments'));
    const before = await stored('Redis', 'payments-cache');

    const task = await applyAs(BOB, order('payments-cache', 'payments'));
    expect(task.steps.apply).toEqual({
      status: 'failed',
      messages: expect.arrayContaining([
        expect.stringContaining(
          `${BOB} is not a member of ${PAYMENTS}; ordering payments-cache in namespace ${namespace} on cluster testenv for it needs the permission ${ADMIN}`,
        ),
      ]),
    });
    expect(await stored('Redis', 'payments-cache')).toEqual(before);
  });

  it('force without redis.instance.admin is refused, even for the owning team', async () => {
    await appliedAs(ALICE, order('forced-cache', 'payments'));
    const before = await stored('Redis', 'forced-cache');

    const task = await applyAs(
      ALICE,
      order('forced-cache', 'payments', { force: true }),
    );
    expect(task.steps.apply).toEqual({
      status: 'failed',
      messages: expect.arrayContaining([
        expect.stringContaining(
          `force on forced-cache in namespace ${namespace} on cluster testenv`,
        ),
      ]),
    });
    expect(await stored('Redis', 'forced-cache')).toEqual(before);
  });

  it('bob holding redis.instance.admin may give the instance to search', async () => {
    await appliedAs(ALICE, order('moved-cache', 'payments'));
    admins.add(BOB);

    const task = await appliedAs(BOB, order('moved-cache', 'search'));
    expect(task.steps.apply.messages).toEqual(
      expect.arrayContaining([
        `${BOB} holds ${ADMIN}: moved-cache in namespace ${namespace} on cluster testenv is owned by ${PAYMENTS}; changing it for ${SEARCH} needs the permission ${ADMIN}`,
      ]),
    );
    expect(ownerOf(await readResource('Redis', 'moved-cache'))).toBe(SEARCH);
  });

  it('finds the owner of an instance running in another deployment mode through its ApplySet', async () => {
    await appliedAs(ALICE, order('standalone-cache', 'payments'));
    const before = await stored('Redis', 'standalone-cache');

    const task = await applyAs(
      BOB,
      order('standalone-cache', 'search', {
        flavour: {
          namespace,
          deploymentMode: 'sentinel',
          replica: { count: 2 },
          sentinel: { enabled: true },
        },
      }),
    );
    expect(task.steps.apply).toEqual({
      status: 'failed',
      messages: expect.arrayContaining([
        expect.stringContaining(
          `standalone-cache in namespace ${namespace} on cluster testenv is owned by ${PAYMENTS}; changing it for ${SEARCH} needs the permission ${ADMIN}`,
        ),
      ]),
    });
    expect(await readResource('RedisReplication', 'standalone-cache')).toBe(
      undefined,
    );
    expect(await stored('Redis', 'standalone-cache')).toEqual(before);
  });

  it('reads the owner as the catalog does: the annotation, else the label naming a group', async () => {
    await appliedAs(ALICE, order('labelled-cache', 'payments'));
    // As if labelled by hand: the label holds a group name, the annotation is gone.
    expectStatus(
      await kubeRequest(
        testCluster,
        'PATCH',
        `/apis/${OPERATOR_API_VERSION}/namespaces/${namespace}/redis/labelled-cache`,
        {
          body: {
            metadata: {
              annotations: { 'odin.dev/owner': null },
              labels: { 'odin.dev/owner': 'payments' },
            },
          },
          contentType: 'application/merge-patch+json',
        },
      ),
      'relabel labelled-cache',
      200,
    );

    const task = await applyAs(BOB, order('labelled-cache', 'search'));
    expect(task.steps.apply).toEqual({
      status: 'failed',
      messages: expect.arrayContaining([
        expect.stringContaining(
          `labelled-cache in namespace ${namespace} on cluster testenv is owned by ${PAYMENTS}; changing it for ${SEARCH}`,
        ),
      ]),
    });
  });
});

describe('audit events of redis:apply', () => {
  it('records each run as redis-apply: who, which instance, what changed, the outcome', async () => {
    await appliedAs(ALICE, order('audited-cache', 'payments'));
    await applyAs(BOB, order('audited-cache', 'search'));
    admins.add(BOB);
    expect(
      (
        await dryRunAs(backend, BOB, {
          template,
          values: order('audited-cache', 'search', { force: true }),
        })
      ).status,
    ).toBe(200);

    const instance = {
      name: 'audited-cache',
      namespace,
      cluster: 'testenv',
    };
    const [applied, refused, preview] = applyEvents('audited-cache').filter(
      record => record.status !== 'initiated',
    );
    expect(applied).toEqual({
      plugin: 'scaffolder',
      eventId: 'redis-apply',
      severityLevel: 'medium',
      status: 'succeeded',
      meta: expect.objectContaining({
        actionType: 'apply',
        initiator: ALICE,
        instance,
        owner: PAYMENTS,
        force: false,
        live: [],
        objects: expect.arrayContaining([
          {
            ref: `Redis ${namespace}/audited-cache`,
            action: 'create',
            changes: [],
          },
        ]),
        pruned: [],
        secret: { name: 'audited-cache-auth', action: 'create' },
      }),
      error: undefined,
    });
    expect(refused).toEqual({
      plugin: 'scaffolder',
      eventId: 'redis-apply',
      severityLevel: 'medium',
      status: 'failed',
      meta: expect.objectContaining({
        initiator: BOB,
        instance,
        owner: SEARCH,
        live: [{ ref: `Redis ${namespace}/audited-cache`, owner: PAYMENTS }],
        overrides: [expect.stringContaining(`is owned by ${PAYMENTS}`)],
        permission: ADMIN,
        granted: false,
      }),
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
    expect(refused.meta).not.toHaveProperty('objects');
    expect(preview).toEqual(
      expect.objectContaining({
        severityLevel: 'low',
        status: 'succeeded',
        meta: expect.objectContaining({
          actionType: 'dry-run',
          initiator: BOB,
          force: true,
          overrides: [
            expect.stringContaining(`is owned by ${PAYMENTS}`),
            expect.stringMatching(/^force on audited-cache /),
          ],
          granted: true,
          objects: expect.arrayContaining([
            expect.objectContaining({
              ref: `Redis ${namespace}/audited-cache`,
              action: 'update',
              changes: ['/metadata/annotations/odin.dev~1owner'],
            }),
          ]),
        }),
      }),
    );
    // No password anywhere in the audit, only the Secret's name.
    expect(JSON.stringify(applyEvents('audited-cache'))).not.toMatch(
      /stringData|requirepass|password"/,
    );
  });
});
