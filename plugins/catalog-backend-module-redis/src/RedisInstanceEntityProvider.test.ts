import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  clusterAccessFromTokens,
  type ClusterAccess,
} from '@odin/plugin-redis-node';
import { setupServer } from 'msw/node';
import { fakeOperatorApi } from './__testUtils__/fakeOperatorApi';
import { RedisInstanceEntityProvider } from './RedisInstanceEntityProvider';

const server = setupServer();
registerMswTestHooks(server);
afterEach(() => server.events.removeAllListeners());

/** The named fake clusters, each at https://<name>.test with a service account token. */
function tokenClusters(...clusterNames: string[]): ClusterAccess {
  return clusterAccessFromTokens(
    clusterNames.map(name => ({
      name,
      server: `https://${name}.test`,
      token: 'test-token',
      skipTLSVerify: true,
    })),
  );
}

function recordingConnection() {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  return { connection, mutations };
}

/**
 * A provider over the named fake clusters (or the given access), connected to a recording catalog,
 * with the schedule left to the test. It has refreshed twice: at connect, and once more here.
 */
async function connectedProvider(
  clusters: string[] | ClusterAccess,
  options: { namespaces?: string[]; clusterListTimeoutMs?: number } = {},
) {
  const logger = mockServices.logger.mock();
  const taskRunner = { run: jest.fn(async () => {}) };
  const provider = new RedisInstanceEntityProvider({
    clusters: Array.isArray(clusters) ? tokenClusters(...clusters) : clusters,
    taskRunner,
    logger,
    defaultOwner: 'group:default/platform',
    ...options,
  });
  const { connection, mutations } = recordingConnection();
  await provider.connect(connection);
  // Let the refresh that connect starts finish, so each test sees only its own runs.
  await provider.refresh();
  mutations.length = 0;
  return { provider, mutations, logger, taskRunner };
}

const names = (mutation: EntityProviderMutation) =>
  (mutation.type === 'full' ? mutation.entities : mutation.added)
    .map(({ entity }) => entity.metadata.name)
    .sort();

describe('RedisInstanceEntityProvider', () => {
  it('lists each instance kind once per cluster with our label selector and registers one entity per instance', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([
      { kind: 'RedisReplication', namespace: 'redis', name: 'orders-cache' },
      // The sentinel of orders-cache: the same instance, not a second one.
      { kind: 'RedisSentinel', namespace: 'redis', name: 'orders-cache' },
      { kind: 'RedisCluster', namespace: 'redis', name: 'sessions' },
      { kind: 'Redis', namespace: 'dev', name: 'scratch' },
      // Not made by our apply: someone else's operator resources stay out of the catalog.
      { kind: 'Redis', namespace: 'dev', name: 'handmade', labels: {} },
    ]);
    const { provider, mutations } = await connectedProvider(['eks-prod']);
    prod.lists.length = 0;

    await provider.refresh();

    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    expect(names(mutations[0])).toEqual([
      'orders-cache',
      'scratch',
      'sessions',
    ]);
    expect(prod.lists.map(url => url.pathname).sort()).toEqual([
      '/apis/redis.redis.opstreelabs.in/v1beta2/redis',
      '/apis/redis.redis.opstreelabs.in/v1beta2/redisclusters',
      '/apis/redis.redis.opstreelabs.in/v1beta2/redisreplications',
    ]);
    expect(
      prod.lists.map(url => url.searchParams.get('labelSelector')),
    ).toEqual(Array(3).fill('app.kubernetes.io/managed-by=odin-redis'));
    const ordersCache =
      mutations[0].type === 'full' &&
      mutations[0].entities.find(
        ({ entity }) => entity.metadata.name === 'orders-cache',
      );
    expect(ordersCache).toMatchObject({
      locationKey: 'odin-redis:eks-prod',
      entity: {
        kind: 'Resource',
        metadata: {
          annotations: {
            'backstage.io/kubernetes-id': 'orders-cache',
            'backstage.io/kubernetes-namespace': 'redis',
            'odin.dev/redis-instance': 'redis/orders-cache',
            'odin.dev/redis-cluster': 'eks-prod',
            'backstage.io/managed-by-location': 'odin-redis:eks-prod',
          },
        },
        spec: {
          type: 'redis',
          owner: 'group:default/platform',
          lifecycle: 'production',
        },
      },
    });
  });

  it('takes owners from the custom resources and falls back to the default owner', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([
      {
        kind: 'Redis',
        namespace: 'redis',
        name: 'owned',
        annotations: { 'odin.dev/owner': 'group:default/payments' },
      },
      { kind: 'Redis', namespace: 'redis', name: 'unowned' },
    ]);
    const { provider, mutations } = await connectedProvider(['eks-prod']);

    await provider.refresh();

    const owners =
      mutations[0].type === 'full' &&
      Object.fromEntries(
        mutations[0].entities.map(({ entity }) => [
          entity.metadata.name,
          entity.spec?.owner,
        ]),
      );
    expect(owners).toEqual({
      owned: 'group:default/payments',
      unowned: 'group:default/platform',
    });
  });

  it('gives namesakes in other namespaces and clusters distinct names, the oldest keeping the plain one', async () => {
    const prod = fakeOperatorApi('eks-prod');
    const staging = fakeOperatorApi('eks-staging');
    server.use(prod.handler, staging.handler);
    prod.setResources([
      {
        kind: 'RedisReplication',
        namespace: 'team-a',
        name: 'cache',
        createdAt: '2026-03-01T00:00:00Z',
      },
      {
        kind: 'RedisReplication',
        namespace: 'team-b',
        name: 'cache',
        createdAt: '2026-02-01T00:00:00Z',
      },
    ]);
    staging.setResources([
      {
        kind: 'Redis',
        namespace: 'team-a',
        name: 'cache',
        createdAt: '2026-04-01T00:00:00Z',
      },
    ]);
    const { provider, mutations } = await connectedProvider([
      'eks-prod',
      'eks-staging',
    ]);

    await provider.refresh();

    const places =
      mutations[0].type === 'full' &&
      Object.fromEntries(
        mutations[0].entities.map(({ entity }) => [
          entity.metadata.name,
          `${entity.metadata.annotations!['odin.dev/redis-cluster']}:${
            entity.metadata.annotations!['odin.dev/redis-instance']
          }`,
        ]),
      );
    expect(places).toEqual({
      cache: 'eks-prod:team-b/cache',
      'cache-team-a': 'eks-prod:team-a/cache',
      'cache-team-a-eks-staging': 'eks-staging:team-a/cache',
    });
  });

  it('keeps the entities of a cluster that fails to list and still updates the others', async () => {
    const prod = fakeOperatorApi('eks-prod');
    const staging = fakeOperatorApi('eks-staging');
    server.use(prod.handler, staging.handler);
    prod.setResources([
      { kind: 'Redis', namespace: 'redis', name: 'a' },
      { kind: 'Redis', namespace: 'redis', name: 'b' },
    ]);
    staging.setResources([{ kind: 'Redis', namespace: 'redis', name: 's' }]);
    const { provider, mutations, logger } = await connectedProvider([
      'eks-prod',
      'eks-staging',
    ]);

    // One kind only, as when the conversion webhook of one CRD is down. With every kind failing, the
    // refresh would end at the first LIST that gives up while the others still retry.
    staging.fail(503, 'conversion webhook unavailable', 'redisreplications');
    prod.setResources([
      { kind: 'Redis', namespace: 'redis', name: 'a' },
      { kind: 'Redis', namespace: 'redis', name: 'c' },
    ]);
    await provider.refresh();

    // A full mutation would have dropped "s"; the delta re-asserts it from the last good list.
    expect(mutations[0]).toEqual({
      type: 'delta',
      added: expect.any(Array),
      removed: [
        { entityRef: 'resource:default/b', locationKey: 'odin-redis:eks-prod' },
      ],
    });
    expect(names(mutations[0])).toEqual(['a', 'c', 's']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Could not list the Redis instances of cluster eks-staging; keeping its 1 known instances in the catalog: .*conversion webhook unavailable/,
      ),
    );

    staging.recover();
    staging.setResources([]);
    await provider.refresh();
    expect(mutations[1].type).toBe('full');
    expect(names(mutations[1])).toEqual(['a', 'c']);
  });

  it('removes nothing it did not see when a cluster fails on the first run after a restart', async () => {
    const prod = fakeOperatorApi('eks-prod');
    const staging = fakeOperatorApi('eks-staging');
    server.use(prod.handler, staging.handler);
    prod.setResources([{ kind: 'Redis', namespace: 'redis', name: 'a' }]);
    staging.fail(403, 'forbidden');
    const logger = mockServices.logger.mock();
    const provider = new RedisInstanceEntityProvider({
      clusters: tokenClusters('eks-prod', 'eks-staging'),
      taskRunner: { run: async () => {} },
      logger,
      defaultOwner: 'group:default/platform',
    });
    const { connection, mutations } = recordingConnection();
    await provider.connect(connection);
    await provider.refresh();

    expect(mutations.map(mutation => mutation.type)).toEqual([
      'delta',
      'delta',
    ]);
    expect(mutations[0]).toMatchObject({ type: 'delta', removed: [] });
    expect(names(mutations[0])).toEqual(['a']);
  });

  it('counts a cluster that does not answer in time as failed', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([{ kind: 'Redis', namespace: 'redis', name: 'a' }]);
    const { provider, mutations, logger } = await connectedProvider(
      ['eks-prod'],
      { clusterListTimeoutMs: 100 },
    );

    prod.slowDown(1_000);
    await provider.refresh();

    expect(mutations[0]).toMatchObject({ type: 'delta', removed: [] });
    expect(names(mutations[0])).toEqual(['a']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('timed out after 100 ms'),
    );
  });

  it('treats a cluster without the operator CRDs as holding no instances', async () => {
    const bare = fakeOperatorApi('eks-bare');
    server.use(bare.handler);
    bare.withoutOperator();
    const { provider, mutations, logger } = await connectedProvider([
      'eks-bare',
    ]);

    await provider.refresh();

    expect(mutations).toEqual([{ type: 'full', entities: [] }]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('skips a cluster that needs a user token, warning once over three refreshes, and lists the others', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([{ kind: 'Redis', namespace: 'redis', name: 'a' }]);
    const reachable = tokenClusters('eks-prod');
    const getCluster = jest.fn((name?: string) => reachable.getCluster(name));
    const clusters: ClusterAccess = {
      listClusters: async () => [
        { name: 'eks-prod', authProvider: 'serviceAccount' },
        { name: 'eks-dev', authProvider: 'oidc', oidcTokenProvider: 'okta' },
      ],
      getCluster,
    };
    const { provider, mutations, logger } = await connectedProvider(clusters);

    // The third refresh: connectedProvider has run two.
    await provider.refresh();

    expect(mutations.map(names)).toEqual([['a']]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Skipping Kubernetes cluster eks-dev: its authProvider "oidc" needs a signed-in user's token/,
      ),
    );
    // eks-dev is never reached; eks-prod once per refresh.
    expect(getCluster.mock.calls.map(([name]) => name)).toEqual([
      'eks-prod',
      'eks-prod',
      'eks-prod',
    ]);
  });

  it('lists only the configured namespaces', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([
      { kind: 'Redis', namespace: 'redis', name: 'a' },
      { kind: 'Redis', namespace: 'elsewhere', name: 'b' },
    ]);
    const { provider, mutations } = await connectedProvider(['eks-prod'], {
      namespaces: ['redis'],
    });
    prod.lists.length = 0;

    await provider.refresh();

    expect(names(mutations[0])).toEqual(['a']);
    expect(prod.lists.map(url => url.pathname).sort()).toEqual([
      '/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/redis/redis',
      '/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/redis/redisclusters',
      '/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/redis/redisreplications',
    ]);
  });

  it('schedules refresh as its task and runs it once at connect without waiting for the schedule', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([{ kind: 'Redis', namespace: 'redis', name: 'a' }]);
    const taskRunner = { run: jest.fn(async () => {}) };
    const provider = new RedisInstanceEntityProvider({
      clusters: tokenClusters('eks-prod'),
      taskRunner,
      logger: mockServices.logger.mock(),
      defaultOwner: 'group:default/platform',
    });
    const firstMutation = new Promise<EntityProviderMutation>(resolve => {
      provider.connect({
        applyMutation: async m => resolve(m),
        refresh: async () => {},
      });
    });

    expect(names(await firstMutation)).toEqual(['a']);
    expect(taskRunner.run).toHaveBeenCalledWith({
      id: 'RedisInstanceEntityProvider:refresh',
      fn: expect.any(Function),
    });
  });

  it('runs refreshes one after another', async () => {
    const prod = fakeOperatorApi('eks-prod');
    server.use(prod.handler);
    prod.setResources([{ kind: 'Redis', namespace: 'redis', name: 'a' }]);
    const { provider } = await connectedProvider(['eks-prod']);
    prod.slowDown(50);
    let running = 0;
    let mostAtOnce = 0;
    prod.lists.length = 0;
    server.events.on('request:start', () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
    });
    server.events.on('request:end', () => {
      running -= 1;
    });

    await Promise.all([provider.refresh(), provider.refresh()]);

    expect(prod.lists).toHaveLength(6);
    // One refresh's three LISTs run in parallel; two refreshes would make six.
    expect(mostAtOnce).toBe(3);
  });
});
