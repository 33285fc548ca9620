// The status of an instance on a cluster that takes only the signed-in user's own token (oidc):
// read on the user's behalf through the Kubernetes plugin's proxy, with the token the browser sent.
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  statusPath,
} from './__testUtils__/testBackend';

jest.setTimeout(START_TIMEOUT_MS);

let testCluster: TestCluster;
let server: Awaited<ReturnType<typeof startRedisBackend>>['server'];

beforeAll(async () => {
  testCluster = await startTestCluster();
  ({ server } = await startRedisBackend({
    entities: [redisEntity('orders', 'default/orders')],
    cluster: {
      url: testCluster.server,
      caData: testCluster.caData,
      authProvider: 'oidc',
      oidcTokenProvider: 'okta',
    },
  }));
});

function statusAs(user: string, oidcToken?: string) {
  const call = request(server)
    .get(statusPath('orders'))
    .set('Authorization', mockCredentials.user.header(user));
  // The header the frontend adds from the Kubernetes auth providers API; the API server's static
  // token stands in for the token an OIDC provider would issue to the user.
  return oidcToken
    ? call.set('Backstage-Kubernetes-Authorization-oidc-okta', oidcToken)
    : call;
}

describe('a cluster with authProvider oidc', () => {
  it("reads the instance with the user's own token, and caches it for that user only", async () => {
    const withToken = await statusAs(
      'user:default/alice',
      testCluster.adminToken,
    );
    expect(withToken.status).toBe(200);
    expect(withToken.body.kubernetes.status).toBe('ok');

    // Another user without a token gets no cached answer of the first.
    const withoutToken = await statusAs('user:default/bob');
    expect(withoutToken.status).toBe(200);
    expect(withoutToken.body.kubernetes).toEqual({
      status: 'error',
      message: expect.stringContaining(
        `Kubernetes cluster "local" uses authProvider "oidc", which needs the signed-in user's own token (oidc.okta)`,
      ),
    });
  });

  it('passes a token the API server refuses on, as a section error naming the cluster', async () => {
    const refused = await statusAs('user:default/carol', 'not-a-token');
    expect(refused.body.kubernetes).toEqual({
      status: 'error',
      message: expect.stringContaining(
        'Cluster "local" rejected the credentials used for it (401)',
      ),
    });
    expect(JSON.stringify(refused.body)).not.toContain('not-a-token');
  });
});
