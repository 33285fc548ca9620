// An EKS-style cluster in Backstage's Kubernetes plugin (`authProvider: aws` with `assumeRole` and `externalId`),
// reached through the plugin's proxy: the k8s-testenv kube-apiserver authenticates the plugin's presigned STS
// token through awsIamAuthenticator.ts, which also stands in for STS AssumeRole (no AWS is reachable here).
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AwsIamStrategy } from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import {
  REDIS_FIELD_MANAGER,
  validateInstance,
} from '@odin/plugin-redis-common';
import {
  applyInstance,
  clusterAccessThroughKubernetesPlugin,
} from '@odin/plugin-redis-node';
import request from 'supertest';
// tools/k8s-testenv is deliberately not a workspace package; realKubernetes.ts reaches it the same way.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  startAwsIamAuthenticator,
  type AwsIamAuthenticator,
  type TokenReviewRecord,
} from '../../../tools/k8s-testenv/awsIamAuthenticator';
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import { startKubernetesBackend } from './__testUtils__/kubernetesBackend';

const CLUSTER = 'eks-test';
const ACCOUNT = '111122223333';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/backstage-redis`;
const EXTERNAL_ID = 'odin-redis-portal-7c41e2';
/** aws.mainAccount: the static keys of the IAM user Backstage runs as. */
const BASE_USER = {
  arn: `arn:aws:iam::${ACCOUNT}:user/backstage`,
  accessKeyId: 'AKIAODINTESTBASE0001',
  secretAccessKey: 'odinTestBaseSecret/0123456789+abcdefghij',
};
/** The Kubernetes user the role's sessions map to (EKS access entry), and what RBAC grants it. */
const K8S_USER = 'backstage-redis';
const K8S_GROUP = 'odin:redis-portal';
const FIELD_MANAGER = 'redis-portal';
const REGION = process.env.AWS_REGION ?? 'us-east-1';

/** Quotes, a multi-line value, non-ASCII and YAML-significant characters: the proxy must pass the body through intact. */
const CONFIG_DATA = {
  'redis.conf': 'maxmemory 256mb\nmaxmemory-policy allkeys-lru\n# "quoted" #',
  note: 'Grüße: 10% — {braces} [brackets] & *stars*: ok',
  empty: '',
};

function configMapYaml(name: string): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    '    app.kubernetes.io/managed-by: redis-portal',
    'data:',
    ...Object.entries(CONFIG_DATA).map(
      ([key, value]) => `  ${key}: ${JSON.stringify(value)}`,
    ),
    '',
  ].join('\n');
}

let testCluster: TestCluster;
let authenticator: AwsIamAuthenticator;
let clockOffsetMs = 0;
let namespace: string;
let server: Parameters<typeof request>[0];
let savedStsEndpoint: string | undefined;
let backend: Awaited<ReturnType<typeof startKubernetesBackend>>;

/** Polls a SubjectAccessReview (as the admin) until RBAC grants `user` the verb: bindings apply a moment later. */
async function waitUntilUserAllowed(
  user: string,
  attributes: Record<string, string>,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const review = expectStatus(
      await kubeRequest(
        testCluster,
        'POST',
        '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SubjectAccessReview',
            spec: { user, resourceAttributes: attributes },
          },
        },
      ),
      'SubjectAccessReview',
      201,
    );
    if (review.body.status?.allowed === true) return;
    if (Date.now() > deadline) {
      throw new Error(
        `RBAC never allowed ${user} ${JSON.stringify(attributes)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** A bearer token exactly as the Kubernetes plugin makes it for a cluster, from other keys or for another cluster. */
async function pluginToken(options: {
  clusterName: string;
  secretAccessKey?: string;
  assumeRole?: boolean;
}): Promise<string> {
  const strategy = new AwsIamStrategy({
    config: new ConfigReader({
      aws: {
        mainAccount: {
          accessKeyId: BASE_USER.accessKeyId,
          secretAccessKey: options.secretAccessKey ?? BASE_USER.secretAccessKey,
        },
      },
    }),
  });
  const credential = await strategy.getCredential({
    name: options.clusterName,
    url: testCluster.server,
    authMetadata: options.assumeRole
      ? {
          [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: ROLE_ARN,
          [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: EXTERNAL_ID,
        }
      : {},
  });
  if (credential.type !== 'bearer token') {
    throw new Error(`expected a bearer token, got ${credential.type}`);
  }
  return credential.token;
}

const reviewsOf = (token: string): TokenReviewRecord[] =>
  authenticator.tokenReviews.filter(review => review.token === token);

const proxy = (path: string) => `/api/kubernetes/proxy${path}`;

/** A server-side apply of the ConfigMap `name`, as YAML, through the proxy to `cluster`, as a signed-in user. */
const applyConfigMap = (name: string, cluster: string) =>
  request(server)
    .patch(
      proxy(
        `/api/v1/namespaces/${namespace}/configmaps/${name}?fieldManager=${FIELD_MANAGER}`,
      ),
    )
    .set('Backstage-Kubernetes-Cluster', cluster)
    .set('Authorization', mockCredentials.user.header())
    .set('Content-Type', 'application/apply-patch+yaml')
    .send(configMapYaml(name));

jest.setTimeout(60_000);

beforeAll(async () => {
  testCluster = await startTestCluster();
  authenticator = await startAwsIamAuthenticator({
    port: testCluster.awsIamAuthenticatorPort,
    clusterId: CLUSTER,
    users: [BASE_USER],
    roles: [
      {
        arn: ROLE_ARN,
        externalId: EXTERNAL_ID,
        kubernetes: { username: K8S_USER, groups: [K8S_GROUP] },
      },
    ],
    now: () => Date.now() + clockOffsetMs,
  });
  // The SDK's STS client (fromTemporaryCredentials, and the credentials manager's GetCallerIdentity) honours it.
  savedStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;
  process.env.AWS_ENDPOINT_URL_STS = authenticator.url;

  namespace = await createNamespace(testCluster, 'aws-eks');
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  expectStatus(
    await kubeRequest(testCluster, 'POST', `${rbac}/roles`, {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'redis-portal-configmaps' },
        // An apply that creates needs create as well as patch; get reads it back. No delete, no list.
        rules: [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            verbs: ['get', 'create', 'patch'],
          },
          {
            apiGroups: ['redis.redis.opstreelabs.in'],
            resources: ['redis'],
            verbs: ['get', 'create', 'patch'],
          },
        ],
      },
    }),
    'create Role',
    201,
  );
  expectStatus(
    await kubeRequest(testCluster, 'POST', `${rbac}/rolebindings`, {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'redis-portal-configmaps' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'redis-portal-configmaps',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: K8S_USER,
          },
        ],
      },
    }),
    'create RoleBinding',
    201,
  );
  await waitUntilUserAllowed(K8S_USER, {
    namespace,
    verb: 'patch',
    resource: 'configmaps',
  });

  const cluster = {
    url: testCluster.server,
    caData: testCluster.caData,
    authProvider: 'aws',
    assumeRole: ROLE_ARN,
  };
  backend = await startKubernetesBackend({
    config: {
      aws: {
        mainAccount: {
          accessKeyId: BASE_USER.accessKeyId,
          secretAccessKey: BASE_USER.secretAccessKey,
        },
      },
    },
    clusters: [
      { name: CLUSTER, externalId: EXTERNAL_ID, ...cluster },
      {
        name: 'eks-wrong-external-id',
        externalId: 'not-the-external-id',
        ...cluster,
      },
    ],
  });
  server = backend.server;
}, START_TIMEOUT_MS);

afterAll(async () => {
  if (savedStsEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
  else process.env.AWS_ENDPOINT_URL_STS = savedStsEndpoint;
  await authenticator?.stop();
  await backend?.stop();
});

beforeEach(() => {
  clockOffsetMs = 0;
});

describe('an EKS cluster with authProvider aws, assumeRole and externalId, through the Kubernetes proxy', () => {
  it('server-side applies a ConfigMap as the role mapped to the Kubernetes user', async () => {
    const name = 'orders-cache-config';
    const stsCallsBefore = authenticator.stsCalls.length;
    const reviewsBefore = authenticator.tokenReviews.length;

    const applied = await applyConfigMap(name, CLUSTER);

    expect(applied.status).toBe(201);
    expect(applied.body.data).toEqual(CONFIG_DATA);

    // STS: the plugin assumed the configured role with the external id, signed with the base keys.
    const assumeRoles = authenticator.stsCalls
      .slice(stsCallsBefore)
      .filter(call => call.action === 'AssumeRole');
    expect(assumeRoles.length).toBeGreaterThanOrEqual(1);
    for (const call of assumeRoles) {
      expect(call.accessKeyId).toBe(BASE_USER.accessKeyId);
      expect(call.error).toBeUndefined();
      expect(call.params).toMatchObject({
        RoleArn: ROLE_ARN,
        ExternalId: EXTERNAL_ID,
        RoleSessionName: expect.stringMatching(/^[\w+=,.@-]{2,64}$/),
      });
    }
    const issued = new Map(
      assumeRoles.map(call => [call.issued!.accessKeyId, call.issued!]),
    );

    // The webhook: a well-formed presigned GetCallerIdentity URL, signed with the issued temporary keys, verified.
    const reviews = authenticator.tokenReviews
      .slice(reviewsBefore)
      .filter(review => review.authenticated);
    expect(reviews.length).toBeGreaterThanOrEqual(1);
    for (const review of reviews) {
      expect(review.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
      expect(review.presigned?.host).toBe(`sts.${REGION}.amazonaws.com`);
      const query = review.presigned!.query;
      const [accessKeyId] = query['X-Amz-Credential'].split('/');
      expect(issued.get(accessKeyId)?.sessionToken).toBe(
        query['X-Amz-Security-Token'],
      );
      expect(query).toEqual({
        Action: 'GetCallerIdentity',
        Version: '2011-06-15',
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        'X-Amz-Credential': expect.stringMatching(
          new RegExp(`^ASIA[A-Z0-9]{16}/\\d{8}/${REGION}/sts/aws4_request$`),
        ),
        'X-Amz-Date': expect.stringMatching(/^\d{8}T\d{6}Z$/),
        'X-Amz-Expires': expect.stringMatching(/^\d+$/),
        'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
        'X-Amz-Security-Token': expect.any(String),
        'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(review.user).toMatchObject({
        username: K8S_USER,
        groups: [K8S_GROUP],
        extra: {
          canonicalArn: [ROLE_ARN],
          arn: [
            expect.stringMatching(
              new RegExp(
                `^arn:aws:sts::${ACCOUNT}:assumed-role/backstage-redis/[\\w+=,.@-]+$`,
              ),
            ),
          ],
          accessKeyId: [accessKeyId],
        },
      });
    }

    // On the server, as the admin reads it: the body intact, the fields owned by the apply's field manager.
    const stored = expectStatus(
      await kubeRequest(
        testCluster,
        'GET',
        `/api/v1/namespaces/${namespace}/configmaps/${name}`,
      ),
      'read the ConfigMap back',
      200,
    ).body;
    expect(stored.data).toEqual(CONFIG_DATA);
    expect(stored.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'redis-portal',
    });
    expect(stored.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: FIELD_MANAGER, operation: 'Apply' }),
    ]);

    // The same apply again is a no-op that the server answers 200.
    const reapplied = await applyConfigMap(name, CLUSTER);
    expect(reapplied.status).toBe(200);
    expect(reapplied.body.metadata.resourceVersion).toBe(
      stored.metadata.resourceVersion,
    );
  });

  it("applies an order with the portal's own apply, as the role mapped to the Kubernetes user", async () => {
    const reviewsBefore = authenticator.tokenReviews.length;
    const { config, errors } = validateInstance({
      name: 'orders-eks',
      root: { clusterModeEnabled: false, authentication: { enabled: false } },
      flavour: {
        namespace,
        deploymentMode: 'standalone',
        persistence: { enabled: false },
        backup: { enabled: false },
        metrics: { enabled: false },
      },
    });
    if (!config) throw new Error(`invalid order: ${JSON.stringify(errors)}`);
    const clusters = clusterAccessThroughKubernetesPlugin(backend.services());
    expect(await clusters.listClusters()).toContainEqual({
      name: CLUSTER,
      authProvider: 'aws',
    });

    const result = await applyInstance({
      cluster: await clusters.getCluster(CLUSTER),
      config,
    });

    expect(result.objects.map(object => object.action)).toEqual(
      result.objects.map(() => 'create'),
    );
    const stored = expectStatus(
      await kubeRequest(
        testCluster,
        'GET',
        `/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/${namespace}/redis/orders-eks`,
      ),
      'the Redis custom resource',
      200,
    );
    expect(stored.body.metadata.managedFields).toContainEqual(
      expect.objectContaining({
        manager: REDIS_FIELD_MANAGER,
        operation: 'Apply',
      }),
    );
    // Every request of the apply came as the role's user, authenticated by a presigned token.
    const reviews = authenticator.tokenReviews.slice(reviewsBefore);
    expect(reviews.length).toBeGreaterThanOrEqual(1);
    // Named by their errors, so that a refused token says why.
    expect(
      reviews
        .filter(review => !review.authenticated)
        .map(review => review.error ?? 'refused without an error'),
    ).toEqual([]);
  });

  it('is refused a verb its Role does not grant (403 from RBAC, not 401)', async () => {
    const name = 'not-deletable';
    expect((await applyConfigMap(name, CLUSTER)).status).toBe(201);

    const deleted = await request(server)
      .delete(proxy(`/api/v1/namespaces/${namespace}/configmaps/${name}`))
      .set('Backstage-Kubernetes-Cluster', CLUSTER)
      .set('Authorization', mockCredentials.user.header());

    expect(deleted.status).toBe(403);
    expect(deleted.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect(deleted.body.message).toContain(
      `User "${K8S_USER}" cannot delete resource "configmaps"`,
    );
    expectStatus(
      await kubeRequest(
        testCluster,
        'GET',
        `/api/v1/namespaces/${namespace}/configmaps/${name}`,
      ),
      'the ConfigMap is still there',
      200,
    );
  });

  it('gets no credentials when STS denies the role for a wrong external id', async () => {
    const name = 'never-applied';
    const stsCallsBefore = authenticator.stsCalls.length;

    const response = await applyConfigMap(name, 'eks-wrong-external-id');

    expect(response.status).toBeGreaterThanOrEqual(400);
    const denied = authenticator.stsCalls
      .slice(stsCallsBefore)
      .filter(call => call.action === 'AssumeRole');
    expect(denied.length).toBeGreaterThanOrEqual(1);
    for (const call of denied) {
      expect(call.params).toMatchObject({
        RoleArn: ROLE_ARN,
        ExternalId: 'not-the-external-id',
      });
      expect(call.error).toMatch(/^AccessDenied: .*ExternalId does not match/);
      expect(call.issued).toBeUndefined();
    }
    expectStatus(
      await kubeRequest(
        testCluster,
        'GET',
        `/api/v1/namespaces/${namespace}/configmaps/${name}`,
      ),
      'nothing was applied',
      404,
    );
  });
});

/** The webhook's answer to a TokenReview of `token`, asked directly: the apiserver would cache a token's result. */
async function reviewDirectly(token: string) {
  const response = await fetch(`${authenticator.url}/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token },
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()).status;
}

describe('the token webhook, with tokens the plugin made', () => {
  it('accepts one presigned for a regional STS endpoint (AWS_REGION)', async () => {
    const savedRegion = process.env.AWS_REGION;
    process.env.AWS_REGION = 'eu-central-1';
    let token: string;
    try {
      token = await pluginToken({ clusterName: CLUSTER, assumeRole: true });
    } finally {
      if (savedRegion === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = savedRegion;
    }

    expect(await reviewDirectly(token)).toMatchObject({
      authenticated: true,
      user: { username: K8S_USER },
    });
    expect(reviewsOf(token)[0].presigned?.host).toBe(
      'sts.eu-central-1.amazonaws.com',
    );
  });

  it('refuses one signed with the wrong secret key (401)', async () => {
    const token = await pluginToken({
      clusterName: CLUSTER,
      secretAccessKey: 'wrongSecret/0123456789+abcdefghijklmnopq',
    });

    const response = await kubeRequest(
      testCluster,
      'GET',
      `/api/v1/namespaces/${namespace}/configmaps`,
      { token },
    );

    expect(response.status).toBe(401);
    const [review] = reviewsOf(token);
    expect(review).toMatchObject({
      authenticated: false,
      error: expect.stringContaining('signature does not match'),
    });
    expect(review.presigned?.query['X-Amz-Credential']).toMatch(
      new RegExp(`^${BASE_USER.accessKeyId}/`),
    );
  });

  it('refuses one for another cluster id, with the right role credentials (401)', async () => {
    const token = await pluginToken({
      clusterName: 'another-eks-cluster',
      assumeRole: true,
    });

    const response = await kubeRequest(
      testCluster,
      'GET',
      `/api/v1/namespaces/${namespace}/configmaps`,
      { token },
    );

    expect(response.status).toBe(401);
    expect(reviewsOf(token)[0]).toMatchObject({
      authenticated: false,
      error: expect.stringContaining('signature does not match'),
    });
  });

  it('refuses one after 15 minutes that verified before', async () => {
    const token = await pluginToken({ clusterName: CLUSTER, assumeRole: true });

    expect(await reviewDirectly(token)).toMatchObject({
      authenticated: true,
      user: { username: K8S_USER },
    });
    clockOffsetMs = 16 * 60_000;
    expect(await reviewDirectly(token)).toEqual({
      authenticated: false,
      error: expect.stringContaining('token expired'),
    });
  });
});
