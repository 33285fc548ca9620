import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  applyInstance,
  type ClusterAccess,
  type KubernetesCluster,
  type KubernetesPluginClusterAccess,
} from '@odin/plugin-redis-node';
import { createRedisApplyAction } from './apply';

jest.mock('@odin/plugin-redis-node', () => ({
  ...jest.requireActual('@odin/plugin-redis-node'),
  applyInstance: jest.fn(),
}));
const mockApply = applyInstance as jest.MockedFunction<typeof applyInstance>;

/** An access that knows one cluster, `eks-prod`, answering with `cluster`. */
function accessTo(cluster: KubernetesCluster): ClusterAccess {
  return {
    listClusters: async () => [{ name: 'eks-prod' }],
    getCluster: async name => {
      if (name !== 'eks-prod') throw new Error(`unknown cluster ${name}`);
      return cluster;
    },
  };
}
/** A cluster where nothing of the instance is live: every GET answers "not found". */
const emptyCluster = () =>
  ({
    name: 'eks-prod',
    get: jest.fn(async () => undefined),
  } as unknown as KubernetesCluster);
const cluster = emptyCluster();
const clusters = accessTo(cluster);
/** The mock context's initiator, user:default/mock, is a member of payments. */
const catalog = catalogServiceMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'mock', namespace: 'default' },
      spec: { memberOf: ['payments'] },
      relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
    },
  ],
});
/** The action's services; by default the initiator holds every permission. */
function services(
  overrides: Partial<Parameters<typeof createRedisApplyAction>[0]> = {},
) {
  return {
    clusters,
    catalog,
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
    auth: mockServices.auth(),
    ...overrides,
  };
}
/** The audit events an auditor mock recorded: what createEvent got, and the success or fail that followed. */
async function auditEvents(
  auditor: ReturnType<typeof mockServices.auditor.mock>,
) {
  return Promise.all(
    auditor.createEvent.mock.calls.map(async ([options], index) => {
      const event = await auditor.createEvent.mock.results[index].value;
      return {
        options,
        success: (event.success as jest.Mock).mock.calls,
        fail: (event.fail as jest.Mock).mock.calls,
      };
    }),
  );
}
const input = {
  name: 'orders-cache',
  root: { clusterModeEnabled: false },
  flavour: {
    namespace: 'redis-prod',
    deploymentMode: 'sentinel',
    replicaCount: 2,
    sentinel: { enabled: true },
  },
  cluster: 'eks-prod',
};
/** A mock context whose logger records calls; `isDryRun` as the scaffolder's dry-run runner sets it. */
function context(actionInput: Record<string, unknown>, isDryRun = false) {
  return Object.assign(
    createMockActionContext({
      input: actionInput as any,
      logger: mockServices.logger.mock(),
    }),
    { isDryRun },
  );
}
const outputs = (ctx: { output: unknown }) =>
  Object.fromEntries((ctx.output as jest.Mock).mock.calls);

describe('redis:apply', () => {
  const action = createRedisApplyAction(services());
  beforeEach(() => {
    mockApply.mockReset();
    mockApply.mockImplementation(async options => {
      options.onProgress?.(
        'Applied RedisReplication redis-prod/orders-cache (created)',
      );
      return {
        dryRun: options.dryRun ?? false,
        objects: [
          {
            ref: 'ConfigMap redis-prod/orders-cache-config',
            action: 'unchanged',
            changes: [],
          },
          {
            ref: 'RedisReplication redis-prod/orders-cache',
            action: 'update',
            changes: [
              { path: '/spec/clusterSize', op: 'replace', before: 2, after: 3 },
            ],
          },
        ],
        pruned: ['NetworkPolicy redis-prod/orders-cache-redis'],
        secret: {
          name: 'orders-cache-auth',
          key: 'password',
          action: 'create',
        },
      };
    });
  });

  it('applies, waits by default, logs progress and outputs objects, connection, Secret name and annotations', async () => {
    const ctx = context(input);
    await action.handler(ctx as any);

    expect(mockApply).toHaveBeenCalledWith(
      expect.objectContaining({
        cluster,
        dryRun: false,
        force: false,
        createNamespace: false,
        wait: true,
      }),
    );
    expect(mockApply.mock.calls[0][0].config.flavour.replica.count).toBe(2);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'Applied RedisReplication redis-prod/orders-cache (created)',
    );
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'RedisReplication redis-prod/orders-cache: update (/spec/clusterSize)',
    );
    expect(outputs(ctx)).toEqual({
      objects: [
        'ConfigMap redis-prod/orders-cache-config',
        'RedisReplication redis-prod/orders-cache',
      ],
      pruned: ['NetworkPolicy redis-prod/orders-cache-redis'],
      connection: expect.objectContaining({
        mode: 'sentinel',
        passwordSecret: expect.objectContaining({ name: 'orders-cache-auth' }),
      }),
      secretName: 'orders-cache-auth',
      annotations: {
        'backstage.io/kubernetes-id': 'orders-cache',
        'backstage.io/kubernetes-namespace': 'redis-prod',
        'odin.dev/redis-instance': 'redis-prod/orders-cache',
        'odin.dev/redis-cluster': 'eks-prod',
      },
    });
  });

  it('in a scaffolder dry run asks for a server dry run, never waits, and reports what would be pruned', async () => {
    const ctx = context(
      { ...input, wait: true, force: true, createNamespace: true },
      true,
    );
    await action.handler(ctx as any);
    expect(mockApply).toHaveBeenCalledWith(
      expect.objectContaining({
        dryRun: true,
        force: true,
        createNamespace: true,
        wait: false,
      }),
    );
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'NetworkPolicy redis-prod/orders-cache-redis: would be pruned',
    );
  });

  it('in a dry run against an unconfigured cluster warns and skips the server dry run', async () => {
    const ctx = context({ ...input, cluster: 'local' }, true);
    await action.handler(ctx as any);
    expect(mockApply).not.toHaveBeenCalled();
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Cluster local is not configured'),
    );
    expect(outputs(ctx).annotations['odin.dev/redis-cluster']).toBe('local');
  });

  it('fails a real apply against an unconfigured cluster', async () => {
    const ctx = context({ ...input, cluster: 'local' });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'unknown cluster local',
    );
    expect(mockApply).not.toHaveBeenCalled();
  });

  it("through the Kubernetes plugin, applies on behalf of the task's initiator", async () => {
    const initiator = mockCredentials.user('user:default/jane');
    const onBehalf = emptyCluster();
    const own = accessTo(emptyCluster());
    const onBehalfOf = jest.fn(() => accessTo(onBehalf));
    const pluginAccess: KubernetesPluginClusterAccess = { ...own, onBehalfOf };
    const ctx = Object.assign(context(input), {
      getInitiatorCredentials: jest.fn(async () => initiator),
    });

    await createRedisApplyAction(services({ clusters: pluginAccess })).handler(
      ctx as any,
    );

    expect(ctx.getInitiatorCredentials).toHaveBeenCalledTimes(1);
    expect(onBehalfOf).toHaveBeenCalledWith(initiator);
    expect(mockApply).toHaveBeenCalledTimes(1);
    // The same object, not an equal one: the plugin's own cluster looks alike.
    expect(mockApply.mock.calls[0][0].cluster).toBe(onBehalf);
  });

  it('rejects invalid input with pointer lines before touching the cluster', async () => {
    const ctx = context({
      ...input,
      flavour: {
        ...input.flavour,
        sentinel: { enabled: true, quorum: 9, replicas: 3 },
      },
    });
    const failure = action.handler(ctx as any);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      /^The Redis instance is invalid:\n\/flavour\/sentinel\/quorum: /,
    );
    expect(mockApply).not.toHaveBeenCalled();
  });

  it('stamps the owner, as a full entity ref, onto the custom resource', async () => {
    await action.handler(context({ ...input, owner: 'payments' }) as any);
    await action.handler(context({ ...input, owner: 'user:shop/jane' }) as any);
    await action.handler(context(input) as any);
    expect(
      mockApply.mock.calls.map(([options]) => options.annotations),
    ).toEqual([
      { 'odin.dev/owner': 'group:default/payments' },
      { 'odin.dev/owner': 'user:shop/jane' },
      undefined,
    ]);
  });

  it('rejects an owner that is not an entity ref before touching the cluster', async () => {
    const failure = action.handler(
      context({ ...input, owner: 'group:default/' }) as any,
    );
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      'owner: "group:default/" is not an entity reference',
    );
    expect(mockApply).not.toHaveBeenCalled();
  });

  it('passes the applyInstance error through unchanged', async () => {
    mockApply.mockRejectedValue(
      new InputError('Namespace "redis-prod" does not exist'),
    );
    const ctx = context(input);
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Namespace "redis-prod" does not exist',
    );
  });

  describe('ownership and audit', () => {
    /** A cluster whose RedisReplication orders-cache is owned by `owner`. */
    const ownedBy = (owner: string) =>
      ({
        name: 'eks-prod',
        get: jest.fn(async (identity: { kind: string }) =>
          identity.kind === 'RedisReplication'
            ? {
                kind: 'RedisReplication',
                metadata: {
                  name: 'orders-cache',
                  namespace: 'redis-prod',
                  annotations: { 'odin.dev/owner': owner },
                },
              }
            : undefined,
        ),
      } as unknown as KubernetesCluster);
    const denyAll = () => {
      const permissions = mockServices.permissions({
        result: AuthorizeResult.DENY,
      });
      jest.spyOn(permissions, 'authorize');
      return permissions;
    };

    it("refuses to change another owner's instance without redis.instance.admin, asked for the initiator, and writes nothing", async () => {
      const permissions = denyAll();
      const auditor = mockServices.auditor.mock();
      const ctx = context({ ...input, owner: 'payments' });
      const failure = createRedisApplyAction(
        services({
          clusters: accessTo(ownedBy('group:default/search')),
          permissions,
          auditor,
        }),
      ).handler(ctx as any);

      await expect(failure).rejects.toThrow(NotAllowedError);
      await expect(failure).rejects.toThrow(
        'orders-cache in namespace redis-prod on cluster eks-prod is owned by group:default/search; changing it for group:default/payments needs the permission redis.instance.admin',
      );
      expect(mockApply).not.toHaveBeenCalled();
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'redis.instance.admin',
            }),
          },
        ],
        { credentials: await ctx.getInitiatorCredentials() },
      );
      const [event] = await auditEvents(auditor);
      expect(event.success).toEqual([]);
      expect(event.fail).toEqual([
        [
          {
            error: expect.any(NotAllowedError),
            meta: {
              live: [
                {
                  ref: 'RedisReplication redis-prod/orders-cache',
                  owner: 'group:default/search',
                },
              ],
              overrides: [expect.stringContaining('is owned by')],
              permission: 'redis.instance.admin',
              granted: false,
            },
          },
        ],
      ]);
    });

    it('applies an order that overrides nothing without asking for the permission', async () => {
      const permissions = denyAll();
      await createRedisApplyAction(
        services({
          clusters: accessTo(ownedBy('group:default/payments')),
          permissions,
        }),
      ).handler(context({ ...input, owner: 'payments' }) as any);
      expect(mockApply).toHaveBeenCalledTimes(1);
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('refuses a preview for a group the initiator is not in, even when the cluster is not configured', async () => {
      const failure = createRedisApplyAction(
        services({ permissions: denyAll() }),
      ).handler(
        context({ ...input, cluster: 'local', owner: 'search' }, true) as any,
      );
      await expect(failure).rejects.toThrow(
        'user:default/mock is not a member of group:default/search; ordering orders-cache in namespace redis-prod on cluster local for it needs the permission redis.instance.admin',
      );
    });

    it('audits an apply: who, which instance, the owner, what changed and the outcome', async () => {
      const auditor = mockServices.auditor.mock();
      await createRedisApplyAction(services({ auditor })).handler(
        context({ ...input, owner: 'payments' }) as any,
      );
      const [event] = await auditEvents(auditor);
      expect(event.options).toEqual({
        eventId: 'redis-apply',
        severityLevel: 'medium',
        meta: {
          actionType: 'apply',
          initiator: 'user:default/mock',
          taskId: 'mock-task-id',
          instance: {
            name: 'orders-cache',
            namespace: 'redis-prod',
            cluster: 'eks-prod',
          },
          owner: 'group:default/payments',
          force: false,
        },
      });
      expect(event.fail).toEqual([]);
      expect(event.success).toEqual([
        [
          {
            meta: {
              live: [],
              objects: [
                {
                  ref: 'ConfigMap redis-prod/orders-cache-config',
                  action: 'unchanged',
                  changes: [],
                },
                {
                  ref: 'RedisReplication redis-prod/orders-cache',
                  action: 'update',
                  changes: ['/spec/clusterSize'],
                },
              ],
              pruned: ['NetworkPolicy redis-prod/orders-cache-redis'],
              secret: { name: 'orders-cache-auth', action: 'create' },
              namespace: undefined,
            },
          },
        ],
      ]);
    });

    it('audits a forced apply as high severity, with the override the permission granted', async () => {
      const auditor = mockServices.auditor.mock();
      const ctx = context({ ...input, owner: 'payments', force: true });
      await createRedisApplyAction(services({ auditor })).handler(ctx as any);
      const [event] = await auditEvents(auditor);
      expect(event.options.severityLevel).toBe('high');
      expect(event.success[0][0].meta).toEqual(
        expect.objectContaining({
          overrides: [expect.stringMatching(/^force on orders-cache /)],
          permission: 'redis.instance.admin',
          granted: true,
        }),
      );
      expect(ctx.logger.info).toHaveBeenCalledWith(
        expect.stringMatching(
          /^user:default\/mock holds redis\.instance\.admin: force on /,
        ),
      );
    });

    it('audits a dry run as low severity, and a failed apply with its error', async () => {
      const auditor = mockServices.auditor.mock();
      const audited = createRedisApplyAction(services({ auditor }));
      await audited.handler(context(input, true) as any);
      const error = new InputError('Namespace "redis-prod" does not exist');
      mockApply.mockRejectedValue(error);
      await expect(audited.handler(context(input) as any)).rejects.toBe(error);

      const [dryRun, failed] = await auditEvents(auditor);
      expect(dryRun.options).toEqual(
        expect.objectContaining({
          severityLevel: 'low',
          meta: expect.objectContaining({ actionType: 'dry-run' }),
        }),
      );
      expect(dryRun.success).toHaveLength(1);
      expect(failed.success).toEqual([]);
      expect(failed.fail).toEqual([[{ error, meta: { live: [] } }]]);
    });
  });
});
