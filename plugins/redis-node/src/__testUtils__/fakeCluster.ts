// A cluster whose requests go to the fake API server of @internal/redis-test-utils/fakeKubernetesApi.
import { FAKE_API_SERVER } from '@internal/redis-test-utils/fakeKubernetesApi';
import {
  createKubernetesCluster,
  type KubernetesCluster,
} from '../cluster/clusterAccess';
import { sendHttp } from '../cluster/httpTransport';
import type { RetryPolicy } from '../cluster/retry';

/**
 * A cluster named `test` whose requests go to the fake API server with a bearer token; one attempt
 * per request unless `retry` says otherwise, so that injected failures are answered as they come.
 */
export function fakeCluster(
  options: { retry?: Partial<RetryPolicy> } = {},
): KubernetesCluster {
  return createKubernetesCluster({
    name: 'test',
    server: FAKE_API_SERVER,
    retry: { attempts: 1, ...options.retry },
    transport: (request, signal) =>
      sendHttp(
        new URL(FAKE_API_SERVER),
        request,
        { headers: { Authorization: 'Bearer test-token' } },
        signal,
      ),
  });
}
