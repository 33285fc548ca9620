// The Redis backend as tests see it: msw answers the real RedisClient, or the API is a mock.
import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type {
  KubernetesApi,
  KubernetesAuthProvidersApi,
} from '@backstage/plugin-kubernetes-react';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RedisClient, redisApiRef, type RedisApi } from '../api';
import { replicationStatus } from '../__fixtures__/statuses';
import { redisEntity } from './entities';

/** Where the client asks for the status of `redisEntity`. */
export const STATUS_URL =
  'http://localhost:7007/api/redis/entities/resource/default/orders/status';

/** An msw server, reset after each test of the file; call it at the top of the file. */
export function setupRedisBackend() {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

/** The Kubernetes plugin's view of the clusters: each named one with its auth provider. */
export function kubernetesClusters(
  clusters: Record<
    string,
    { authProvider: string; oidcTokenProvider?: string }
  >,
): Pick<KubernetesApi, 'getCluster'> {
  return {
    getCluster: async name =>
      clusters[name] ? { name, ...clusters[name] } : undefined,
  };
}

/**
 * The real client, finding the backend at `baseUrl` and fetching through the global fetch msw
 * answers; every cluster uses a server-side auth provider unless `kubernetes` says otherwise.
 */
export function testRedisClient(
  baseUrl = 'http://localhost:7007',
  kubernetes: {
    kubernetesApi?: Pick<KubernetesApi, 'getCluster'>;
    kubernetesAuthProvidersApi?: KubernetesAuthProvidersApi;
  } = {},
) {
  return new RedisClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
    kubernetesApi:
      kubernetes.kubernetesApi ??
      kubernetesClusters({ local: { authProvider: 'serviceAccount' } }),
    kubernetesAuthProvidersApi: kubernetes.kubernetesAuthProvidersApi ?? {
      decorateRequestBodyForAuth: async (_provider, body) => body,
      getCredentials: async () => {
        throw new Error('no user token is needed for a serviceAccount cluster');
      },
    },
  });
}

/** Renders `element` on `entity`'s page, the status coming through the real client. */
export function renderOnEntityPage(
  element: ReactElement,
  entity: Entity = redisEntity,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    { apis: [[redisApiRef, testRedisClient()]] },
  );
}

/** The backend's answer to a reader who may not see the instance. */
export function forbiddenResponse() {
  return HttpResponse.json(
    {
      error: { name: 'NotAllowedError', message: 'not allowed' },
      response: { statusCode: 403 },
    },
    { status: 403 },
  );
}

/** An API that answers every request with a healthy replication status. */
export function mockRedisApi(): jest.Mocked<RedisApi> {
  return {
    getStatus: jest.fn().mockResolvedValue(replicationStatus()),
    dryRunOperation: jest
      .fn()
      .mockRejectedValue(new Error('no dry run in this test')),
  };
}
