// The status through Backstage's cache service: two backends on one cache store (as replicas on a
// shared Redis; packages/backend's replica test runs that with processes), and a store that fails.
import type { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import {
  KubernetesRequestCounter,
  START_TIMEOUT_MS,
  clusterEntry,
  createNamespace,
  startTestCluster,
  uniqueName,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import {
  RecordingLogger,
  redisEntity,
  startRedisBackend,
  statusOf,
} from './__testUtils__/testBackend';

let cluster: TestCluster;
let namespace: string;

beforeAll(async () => {
  cluster = await startTestCluster();
  namespace = await createNamespace(cluster, uniqueName('status-cache'));
}, START_TIMEOUT_MS);

async function backendWith(
  cache: CacheService,
  logger = new RecordingLogger(),
) {
  const { server } = await startRedisBackend({
    entities: [redisEntity('orders', `${namespace}/orders`)],
    cluster: clusterEntry(cluster),
    status: { cacheTtlSeconds: 60 },
    cache,
    logger,
  });
  return server;
}

/** What `read` asked of the API server, by `METHOD path`. */
async function countRequests<T>(read: () => Promise<T>) {
  const counter = new KubernetesRequestCounter(cluster.server);
  counter.listen();
  try {
    const result = await read();
    return { result, requests: counter.withoutDiscovery() };
  } finally {
    counter.close();
  }
}

describe('the status in the cache service', () => {
  it('is answered by a second backend on the same store without a Kubernetes request', async () => {
    const store = CacheManager.fromConfig(
      mockServices.rootConfig({ data: {} }),
    );
    const first = await backendWith(store.forPlugin('redis'));
    const second = await backendWith(store.forPlugin('redis'));

    const fromFirst = await countRequests(() => statusOf(first, 'orders'));
    const fromSecond = await countRequests(() => statusOf(second, 'orders'));

    expect(fromFirst.result.kubernetes.status).toBe('ok');
    expect(
      Object.keys(fromFirst.requests).some(key => key.includes(namespace)),
    ).toBe(true);
    expect(fromSecond).toEqual({ result: fromFirst.result, requests: {} });
  });

  it('is read upstream when the store fails, with a warning', async () => {
    // Stands in for a cache store that cannot be reached: every call rejects.
    const unreachable: CacheService = {
      get: () => Promise.reject(new Error('connect ECONNREFUSED')),
      set: () => Promise.reject(new Error('connect ECONNREFUSED')),
      delete: () => Promise.reject(new Error('connect ECONNREFUSED')),
      withOptions: () => unreachable,
    };
    const logger = new RecordingLogger();
    const server = await backendWith(unreachable, logger);

    const status = await statusOf(server, 'orders');

    expect(status.kubernetes.status).toBe('ok');
    const key = `local/${namespace}/orders`;
    expect(logger.lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `warn Status cache read of ${key} failed: connect ECONNREFUSED`,
        ),
        expect.stringContaining(
          `warn Status cache write of ${key} failed: connect ECONNREFUSED`,
        ),
      ]),
    );
  });
});
