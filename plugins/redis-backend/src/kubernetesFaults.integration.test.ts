// The status route when the Kubernetes API fails in ways the real API server cannot be made to: an HTTP 500
// and a LIST that never answers. Only these cases use the msw fake of the Kubernetes API.
import { setupServer } from 'msw/node';
import { FakeKubernetesApi } from './__testUtils__/fakeKubernetesApi';
import {
  redisEntity,
  startRedisBackend,
  statusOf,
} from './__testUtils__/testBackend';

const kubernetes = new FakeKubernetesApi();
const msw = setupServer(...kubernetes.handlers());
let server: Awaited<ReturnType<typeof startRedisBackend>>['server'];

jest.setTimeout(20_000);

beforeAll(async () => {
  // Requests to the test backend itself go through.
  msw.listen({ onUnhandledRequest: 'bypass' });
  // Without a cluster, the backend's only one is the fake. A read may take 3 s: time for the
  // retries of a 500 (about 1.4 s of back-off), not for a LIST that never answers.
  ({ server } = await startRedisBackend({
    entities: [redisEntity('orders', 'shop/orders')],
    status: { cacheTtlSeconds: 0, kubernetesTimeoutMs: 3000 },
  }));
});

afterEach(() => kubernetes.faults.clear());

afterAll(() => msw.close());

describe('status when the Kubernetes API fails', () => {
  it('turns an API error into a section error with HTTP 200', async () => {
    expect((await statusOf(server, 'orders')).kubernetes.status).toBe('ok');
    kubernetes.faults.set('pods', 'error');

    const failed = await statusOf(server, 'orders');

    expect(failed.kubernetes).toEqual({
      status: 'error',
      message: expect.stringContaining('etcd is on fire'),
    });
    expect(failed.health.overall).toBe('unknown');
  });

  it('turns a LIST that does not answer in time into a section error with HTTP 200', async () => {
    kubernetes.faults.set('pods', 'hang');

    const slow = await statusOf(server, 'orders');

    expect(slow.kubernetes).toEqual({
      status: 'error',
      message: expect.stringContaining('timed out'),
    });
    expect(slow.health.overall).toBe('unknown');
  });
});
