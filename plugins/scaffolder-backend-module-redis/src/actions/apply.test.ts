import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
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
const cluster = { name: 'eks-prod' } as KubernetesCluster;
const clusters = accessTo(cluster);
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
  const action = createRedisApplyAction({ clusters });
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
    const onBehalf = { name: 'eks-prod' } as KubernetesCluster;
    const own = accessTo({ name: 'eks-prod' } as KubernetesCluster);
    const onBehalfOf = jest.fn(() => accessTo(onBehalf));
    const pluginAccess: KubernetesPluginClusterAccess = { ...own, onBehalfOf };
    const ctx = Object.assign(context(input), {
      getInitiatorCredentials: jest.fn(async () => initiator),
    });

    await createRedisApplyAction({ clusters: pluginAccess }).handler(
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
});
