import { ResponseError } from '@backstage/errors';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { http, HttpResponse } from 'msw';
import {
  kubernetesClusters,
  setupRedisBackend,
  testRedisClient,
} from '../__testUtils__/redisBackend';

const server = setupRedisBackend();

const statusUrl =
  'http://localhost:1234/api/redis/entities/resource/default/inventory-cache/status';

const status: RedisStatus = {
  instance: { cluster: 'local', namespace: 'redis', name: 'inventory-cache' },
  mode: 'sentinel',
  generatedAt: '2025-01-01T00:00:00.000Z',
  health: { overall: 'healthy', reasons: [] },
  kubernetes: {
    status: 'ok',
    data: {
      customResources: [],
      statefulSets: [],
      pods: {},
      volumeClaims: [],
      events: [],
    },
  },
  redis: { status: 'error', message: 'no node answered' },
  backups: { status: 'error', message: 'no backup CronJob' },
};

const createClient = () => testRedisClient('http://localhost:1234');

describe('RedisClient', () => {
  it('asks the redis backend from discovery for the entity, kind in lower case', async () => {
    const requests: string[] = [];
    server.use(
      http.get(statusUrl, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json(status);
      }),
    );

    await expect(
      createClient().getStatus({
        kind: 'Resource',
        namespace: 'default',
        name: 'inventory-cache',
      }),
    ).resolves.toEqual(status);
    expect(requests).toEqual([statusUrl]);
  });

  it('posts the input of an operation dry run and answers what would change', async () => {
    const bodies: unknown[] = [];
    const changes = {
      summary: 'Scaling from 1 to 2 replicas',
      changes: [
        {
          ref: 'RedisReplication redis/inventory-cache',
          action: 'update',
          paths: ['/spec/clusterSize'],
        },
      ],
    };
    server.use(
      http.post(
        'http://localhost:1234/api/redis/entities/resource/default/inventory-cache/operations/scale/dry-run',
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json(changes);
        },
      ),
    );

    await expect(
      createClient().dryRunOperation(
        { kind: 'Resource', namespace: 'default', name: 'inventory-cache' },
        'scale',
        { replicas: 2 },
      ),
    ).resolves.toEqual(changes);
    expect(bodies).toEqual([{ input: { replicas: 2 } }]);
  });

  it('encodes each part of the entity ref', async () => {
    server.use(
      http.get(
        'http://localhost:1234/api/redis/entities/component/team%20a/a%2Fb/status',
        () => HttpResponse.json(status),
      ),
    );

    await expect(
      createClient().getStatus({
        kind: 'Component',
        namespace: 'team a',
        name: 'a/b',
      }),
    ).resolves.toEqual(status);
  });

  it('throws a ResponseError carrying the status and the backend message', async () => {
    server.use(
      http.get(statusUrl, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'not your instance' },
            request: { method: 'GET', url: '/entities/...' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    const error = await createClient()
      .getStatus({
        kind: 'Resource',
        namespace: 'default',
        name: 'inventory-cache',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'not your instance',
    });
  });

  it('stops the request when the caller aborts', async () => {
    server.use(http.get(statusUrl, () => new Promise(() => {})));
    const controller = new AbortController();

    const pending = createClient().getStatus(
      { kind: 'Resource', namespace: 'default', name: 'inventory-cache' },
      { signal: controller.signal },
    );
    controller.abort();

    await expect(pending).rejects.toThrow(/abort/i);
  });

  it("sends the user's own token for a cluster whose auth provider takes only that (oidc), and none for others", async () => {
    const headers: Record<string, string | null>[] = [];
    server.use(
      http.get(statusUrl, ({ request }) => {
        headers.push({
          oidc: request.headers.get(
            'Backstage-Kubernetes-Authorization-oidc-okta',
          ),
          google: request.headers.get(
            'Backstage-Kubernetes-Authorization-google',
          ),
        });
        return HttpResponse.json(status);
      }),
    );
    const asked: string[] = [];
    const client = testRedisClient('http://localhost:1234', {
      kubernetesApi: kubernetesClusters({
        'eks-oidc': { authProvider: 'oidc', oidcTokenProvider: 'okta' },
        'eks-aws': { authProvider: 'aws' },
      }),
      kubernetesAuthProvidersApi: {
        decorateRequestBodyForAuth: async (_provider, body) => body,
        getCredentials: async provider => {
          asked.push(provider);
          return { token: 'alice-okta-token' };
        },
      },
    });
    const entity = {
      kind: 'Resource',
      namespace: 'default',
      name: 'inventory-cache',
    };

    await client.getStatus(entity, { cluster: 'eks-oidc' });
    await client.getStatus(entity, { cluster: 'eks-aws' });
    await client.getStatus(entity);

    expect(asked).toEqual(['oidc.okta']);
    expect(headers).toEqual([
      { oidc: 'alice-okta-token', google: null },
      { oidc: null, google: null },
      { oidc: null, google: null },
    ]);
  });

  it('still asks for the status, without a token, when the cluster list cannot be read', async () => {
    const headers: (string | null)[] = [];
    server.use(
      http.get(statusUrl, ({ request }) => {
        headers.push(
          request.headers.get('Backstage-Kubernetes-Authorization-oidc-okta'),
        );
        return HttpResponse.json(status);
      }),
    );
    const client = testRedisClient('http://localhost:1234', {
      kubernetesApi: {
        getCluster: async () => {
          throw new Error('not allowed to read kubernetes.clusters.read');
        },
      },
    });

    await expect(
      client.getStatus(
        { kind: 'Resource', namespace: 'default', name: 'inventory-cache' },
        { cluster: 'eks-oidc' },
      ),
    ).resolves.toEqual(status);
    expect(headers).toEqual([null]);
  });
});
