// Who may read which instance: the real catalog (with the Redis entity provider and a registered file location),
// the real permission backend with a policy on the catalog's isEntityOwner rule, and instances stored in the real API server.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type AuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  RELATION_OWNED_BY,
  type Entity,
} from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import catalogModuleRedis from '@odin/plugin-catalog-backend-module-redis';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  authSecretRef,
  ownerAnnotations,
  redisInstanceReadPermission,
  validateInstance,
} from '@odin/plugin-redis-common';
import {
  applyInstance,
  clusterAccessFromKubeconfig,
} from '@odin/plugin-redis-node';
import request from 'supertest';
import { eventually } from '@internal/redis-test-utils/liveInstance';
import { kubernetesConfig } from './__testUtils__/kubernetesBackend';
import {
  clusterEntry,
  createNamespace,
  createSecret,
  KubernetesRequestCounter,
  START_TIMEOUT_MS,
  startTestCluster,
  statusReads,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import { RecordingLogger } from './__testUtils__/testBackend';
import redisPlugin from './plugin';

const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
/** Alice is in team-a, Mallory in team-b: the ownership claims the permission backend hands the policy. */
const TEAMS: Record<string, string> = {
  [ALICE]: 'group:default/team-a',
  [MALLORY]: 'group:default/team-b',
};
/** Each instance's owner, stamped on its custom resource by the apply as the scaffolder action does. */
const OWNERS = {
  payments: 'group:default/team-a',
  ledger: 'group:default/team-a',
  search: 'group:default/team-b',
};
const PASSWORD = 'planted-Pw-owners-7c1f9e3a';

jest.setTimeout(START_TIMEOUT_MS);

let testCluster: TestCluster;
let namespace: string;
let directory: string;
let locationFile: string;
let counter: KubernetesRequestCounter;
let server: Parameters<typeof request>[0];
const logger = new RecordingLogger();

/** A catalog entity of a team's own catalog-info.yaml, naming an instance of cluster "local". */
function selfRegistered(
  name: string,
  owner: string,
  instance: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        ...annotations,
        [REDIS_INSTANCE_ANNOTATION]: `${namespace}/${instance}`,
        [REDIS_CLUSTER_ANNOTATION]: 'local',
      },
    },
    spec: { type: 'redis', owner },
  };
}

/** Only the owners of an entity may read its instance; everything else is allowed. */
const ownerPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'redis-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(policyRequest, user) {
            if (
              isPermission(
                policyRequest.permission,
                redisInstanceReadPermission,
              )
            ) {
              return createCatalogConditionalDecision(
                policyRequest.permission,
                catalogConditions.isEntityOwner({
                  claims: user?.info.ownershipEntityRefs ?? [],
                }),
              );
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

/** A user owns what they and their team own, as a sign-in resolver would say from the catalog's memberships. */
const teamUserInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: { auth: coreServices.auth },
  factory: ({ auth }) => ({
    async getUserInfo(credentials) {
      if (!auth.isPrincipal(credentials, 'user')) throw new Error('not a user');
      const { userEntityRef } = credentials.principal;
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, TEAMS[userEntityRef]],
      };
    },
  }),
});

/**
 * The mock auth service, except that a token issued on a user's behalf names the calling plugin as its
 * actor, as Backstage's own plugin tokens do: without one, the permission backend refuses the catalog's
 * conditional checks, taking them for the user's own requests.
 */
const onBehalfOfAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      isPrincipal: auth.isPrincipal.bind(auth),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        if (!auth.isPrincipal(options.onBehalfOf, 'user'))
          return auth.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(
            options.onBehalfOf.principal.userEntityRef,
            { actor: { subject: `plugin:${plugin.getId()}` } },
          ),
        };
      },
    };
  },
});

async function applyOwned(name: keyof typeof OWNERS) {
  const { config, errors } = validateInstance({
    name,
    root: { clusterModeEnabled: false },
    flavour: {
      deploymentMode: 'standalone',
      namespace,
      persistence: { enabled: false },
      backup: { enabled: false },
      metrics: { enabled: false },
    },
  });
  if (!config) throw new Error(`invalid order: ${JSON.stringify(errors)}`);
  const secret = authSecretRef(config);
  if (!secret) throw new Error(`the order ${name} has no password`);
  await createSecret(testCluster, namespace, secret.name, {
    [secret.key]: PASSWORD,
  });
  const owner = ownerAnnotations(OWNERS[name]);
  if (!('annotations' in owner)) throw new Error(owner.problem);
  const cluster = await clusterAccessFromKubeconfig({
    path: testCluster.kubeconfigPath,
  }).getCluster();
  await applyInstance({ cluster, config, annotations: owner.annotations });
}

const statusPath = (name: string) =>
  `/api/redis/entities/resource/default/${name}/status`;

function statusAs(user: string, entityName: string) {
  return request(server)
    .get(statusPath(entityName))
    .set('Authorization', mockCredentials.user.header(user));
}

/** The entity as the catalog stores it, once processed and stitched with its owner relation. */
async function catalogEntity(name: string): Promise<Entity> {
  return eventually(async () => {
    const response = await request(server)
      .get(`/api/catalog/entities/by-name/resource/default/${name}`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    const entity: Entity | undefined =
      response.status === 200 ? response.body : undefined;
    return entity?.relations?.some(
      relation => relation.type === RELATION_OWNED_BY,
    )
      ? entity
      : undefined;
  }, `the catalog entity ${name}`);
}

/** The audit events of the redis plugin since record `since`, as the real auditor logs them. */
function auditEvents(since: number) {
  return logger.records
    .slice(since)
    .filter(
      record =>
        record.fields.isAuditEvent === true && record.fields.plugin === 'redis',
    )
    .map(({ fields, meta }) => {
      // A failure's event is in the child logger's fields with the error as meta; any other event is the meta.
      const event = (meta instanceof Error ? fields : meta) as {
        eventId: string;
        status: string;
        severityLevel: string;
        actor: { actorId?: string };
        meta: unknown;
      };
      return {
        eventId: event.eventId,
        status: event.status,
        severityLevel: event.severityLevel,
        actor: event.actor.actorId,
        meta: event.meta,
        ...(meta instanceof Error ? { error: meta.message } : {}),
      };
    });
}

beforeAll(async () => {
  testCluster = await startTestCluster();
  namespace = await createNamespace(testCluster, 'redis-owners');
  for (const name of ['payments', 'ledger', 'search'] as const)
    await applyOwned(name);

  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'redis-owners-'));
  locationFile = path.join(directory, 'catalog-info.yaml');
  // Mallory's team registers entities of its own; one forges the provider's location annotations.
  const forged = 'odin-redis:local';
  await fs.writeFile(
    locationFile,
    [
      selfRegistered('stolen-payments', 'group:default/team-b', 'payments', {
        [ANNOTATION_LOCATION]: forged,
        [ANNOTATION_ORIGIN_LOCATION]: forged,
      }),
      selfRegistered('stolen-ledger', 'team-b', 'ledger'),
      selfRegistered('search-dashboard', 'team-b', 'search'),
    ]
      .map(entity => JSON.stringify(entity))
      .join('\n---\n'),
  );

  counter = new KubernetesRequestCounter(testCluster.server);
  counter.listen();
  ({ server } = await startTestBackend({
    features: [
      redisPlugin,
      kubernetesPlugin,
      catalogPlugin,
      catalogModuleRedis,
      permissionPlugin,
      ownerPolicy,
      teamUserInfo,
      onBehalfOfAuth,
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          kubernetes: kubernetesConfig([
            {
              name: 'local',
              authProvider: 'serviceAccount',
              ...clusterEntry(testCluster),
            },
          ]),
          catalog: {
            rules: [{ allow: ['Resource', 'Location'] }],
            locations: [{ type: 'file', target: locationFile }],
            providers: {
              odinRedis: {
                namespaces: [namespace],
                // The provider registers at start; no later refresh adds to the counted requests.
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
          redis: { status: { cacheTtlSeconds: 60 } },
        },
      }),
    ],
  }));
  await Promise.all(
    [
      'payments',
      'ledger',
      'search',
      'stolen-payments',
      'stolen-ledger',
      'search-dashboard',
    ].map(catalogEntity),
  );
}, START_TIMEOUT_MS);

afterAll(async () => {
  counter?.close();
  await fs.rm(directory, { recursive: true, force: true });
});

describe('who may read the status of an instance', () => {
  it("lets the owner read the entity provider's entity, and refuses another team by the catalog's isEntityOwner rule", async () => {
    const owned = await statusAs(ALICE, 'payments');
    expect(owned.status).toBe(200);
    expect(owned.body.kubernetes).toMatchObject({
      status: 'ok',
      data: { customResources: [{ kind: 'Redis', name: 'payments' }] },
    });

    const other = await statusAs(MALLORY, 'payments');
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({
      name: 'NotAllowedError',
      message: `${MALLORY} may not read resource:default/payments (redis.instance.read)`,
    });
  });

  it('refuses a self-registered entity that names another team’s instance before Redis is asked, with a reason, nothing of the instance and nothing cached', async () => {
    counter.requests.clear();

    const stolen = await statusAs(MALLORY, 'stolen-ledger');

    expect(stolen.status).toBe(403);
    expect(Object.keys(stolen.body).sort()).toEqual([
      'error',
      'request',
      'response',
    ]);
    expect(stolen.body.error).toEqual({
      name: 'NotAllowedError',
      message: `resource:default/stolen-ledger does not come from the Redis entity provider (backstage.io/managed-by-location odin-redis:local), and its owner group:default/team-b is not the odin.dev/owner of instance ${namespace}/ledger on cluster local`,
    });
    // Neither who owns the instance nor any of its objects.
    expect(JSON.stringify(stolen.body)).not.toContain('team-a');
    // The custom resources were listed to decide; the password Secret was never read.
    const requests = [...counter.requests.keys()];
    expect(requests).toContain(
      `GET /apis/redis.redis.opstreelabs.in/v1beta2/namespaces/${namespace}/redis`,
    );
    expect(requests.filter(key => key.includes('/secrets/'))).toEqual([]);

    // Nothing of the refused read is kept: the owner's read asks Kubernetes and Redis afresh.
    counter.requests.clear();
    expect((await statusAs(ALICE, 'ledger')).status).toBe(200);
    expect(counter.withoutDiscovery()).toEqual(
      statusReads(namespace, 'ledger', ['ledger-auth']),
    );
  });

  it('refuses a self-registered entity with forged provider annotations, even while the instance’s status is cached', async () => {
    // The catalog overwrites the location annotations of every entity read from a registered location.
    const stored = await catalogEntity('stolen-payments');
    expect(stored.metadata.annotations).toMatchObject({
      [ANNOTATION_LOCATION]: `file:${locationFile}`,
      [ANNOTATION_ORIGIN_LOCATION]: `file:${locationFile}`,
    });
    expect((await statusAs(ALICE, 'payments')).status).toBe(200);

    const stolen = await statusAs(MALLORY, 'stolen-payments');

    expect(stolen.status).toBe(403);
    expect(stolen.body.error.message).toContain(
      `is not the odin.dev/owner of instance ${namespace}/payments`,
    );
  });

  it("lets a self-registered entity read the instance whose odin.dev/owner is the entity's owner", async () => {
    const dashboard = await statusAs(MALLORY, 'search-dashboard');

    expect(dashboard.status).toBe(200);
    expect(dashboard.body.kubernetes).toMatchObject({
      status: 'ok',
      data: { customResources: [{ kind: 'Redis', name: 'search' }] },
    });
  });

  it('records every refused read as an audit event with what the entity named and why, and no allowed read', async () => {
    const since = logger.records.length;
    const trustReason = `resource:default/stolen-ledger does not come from the Redis entity provider (backstage.io/managed-by-location odin-redis:local), and its owner group:default/team-b is not the odin.dev/owner of instance ${namespace}/ledger on cluster local`;
    const permissionReason = `${MALLORY} may not read resource:default/payments (redis.instance.read)`;

    expect((await statusAs(MALLORY, 'payments')).status).toBe(403);
    expect((await statusAs(MALLORY, 'stolen-ledger')).status).toBe(403);
    expect((await statusAs(MALLORY, 'search-dashboard')).status).toBe(200);

    const refusal = (meta: Record<string, string>) => ({
      eventId: 'status-read',
      severityLevel: 'medium',
      actor: MALLORY,
      meta: { cluster: 'local', ...meta },
    });
    const byPermission = refusal({
      entityRef: 'resource:default/payments',
      instance: `${namespace}/payments`,
      check: 'permission',
      reason: permissionReason,
    });
    const byTrust = refusal({
      entityRef: 'resource:default/stolen-ledger',
      instance: `${namespace}/ledger`,
      check: 'trust',
      reason: trustReason,
    });
    expect(auditEvents(since)).toEqual([
      { ...byPermission, status: 'initiated' },
      { ...byPermission, status: 'failed', error: permissionReason },
      { ...byTrust, status: 'initiated' },
      { ...byTrust, status: 'failed', error: trustReason },
    ]);
    expect(logger.lines.join('\n')).not.toContain(PASSWORD);
  });
});
