// The portal backend of the integration tests that run this module's actions through the real scaffolder:
// the example templates, the catalog entity of an instance, a permission policy, the k8s-testenv cluster
// config and the local S3 server, written once for every test file.
import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  entityProviderLocation,
} from '@odin/plugin-redis-common';
import {
  startPortalBackend,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import fs from 'node:fs';
import path from 'node:path';
// The local S3 server, which the repository's tests share (see redis-node's devDependencies).
import S3rver from 's3rver';
import { parse } from 'yaml';

/** The name of the k8s-testenv cluster in the backend's Kubernetes config and in the entities' annotations. */
const CLUSTER = 'testenv';

/**
 * A template of examples/templates, as the portal's catalog serves it.
 *
 * @param name - the template's folder, e.g. `redis-scale`
 */
export function exampleTemplate(name: string) {
  const template = parse(
    fs.readFileSync(
      // eslint-disable-next-line no-restricted-syntax -- test code, run from src/
      path.resolve(
        __dirname,
        `../../../../examples/templates/${name}/template.yaml`,
      ),
      'utf8',
    ),
  );
  return {
    ...template,
    metadata: { ...template.metadata, namespace: 'default' },
  };
}

/**
 * A Redis instance's catalog entity (`resource:default/<name>`), as the entity provider registers it
 * unless `location` says otherwise.
 *
 * @param options - `namespace` is the instance's Kubernetes namespace; `instance` its name there
 *   (default: `name`); `uid` the entity's uid where an action needs it; `owner` the owning group
 *   (default: `group:default/payments`)
 */
export function redisEntity(options: {
  name: string;
  namespace: string;
  instance?: string;
  location?: string;
  uid?: string;
  owner?: string;
}) {
  const location = options.location ?? entityProviderLocation(CLUSTER);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name,
      namespace: 'default',
      ...(options.uid ? { uid: options.uid } : {}),
      annotations: {
        [REDIS_INSTANCE_ANNOTATION]: `${options.namespace}/${
          options.instance ?? options.name
        }`,
        [REDIS_CLUSTER_ANNOTATION]: CLUSTER,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
    spec: {
      type: 'redis',
      owner: options.owner ?? 'group:default/payments',
    },
  };
}

/**
 * A permission policy: each permission named in `grants` is allowed only to the users listed for it
 * (an empty list: to nobody); every other permission (kubernetes.proxy, catalog, ...) is allowed.
 * A `Set` is read at each decision, so a test may change who holds a permission while the backend runs.
 *
 * @param grants - the user entity refs that hold a permission, by permission name
 */
export function permissionPolicy(
  grants: Record<string, readonly string[] | ReadonlySet<string>>,
) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { auth: coreServices.auth },
    factory({ auth }) {
      const decide = (
        permission: { name: string },
        credentials: BackstageCredentials,
      ) => {
        const holders = grants[permission.name];
        if (holders === undefined) return AuthorizeResult.ALLOW;
        const user = auth.isPrincipal(credentials, 'user')
          ? credentials.principal.userEntityRef
          : undefined;
        const held =
          user !== undefined &&
          ('has' in holders ? holders.has(user) : holders.includes(user));
        return held ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
      };
      return {
        async authorize(requests, options) {
          return requests.map(request => ({
            result: decide(request.permission, options.credentials),
          }));
        },
        async authorizeConditional(requests, options) {
          return requests.map(request => ({
            result: decide(request.permission, options.credentials),
          }));
        },
      };
    },
  });
}

/**
 * Starts the portal backend (see `startPortalBackend`) with `testCluster`, the k8s-testenv API server, as
 * its one Kubernetes cluster `testenv`, reached with the admin token.
 */
export function startOperationBackend(options: {
  testCluster: { server: string; adminToken: string; caData: string };
  workingDirectory: string;
  entities: Parameters<typeof startPortalBackend>[0]['entities'];
  features?: BackendFeature[];
}): Promise<PortalBackend> {
  const { testCluster, ...rest } = options;
  return startPortalBackend({
    ...rest,
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: CLUSTER,
              url: testCluster.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: testCluster.adminToken,
              caData: testCluster.caData,
            },
          ],
        },
      ],
    },
  });
}

/**
 * Posts `template` with `values` to the scaffolder's dry-run API as `initiator`.
 *
 * @returns the HTTP response, unread
 */
export function dryRunAs(
  backend: PortalBackend,
  initiator: string,
  request: { template: unknown; values: JsonObject },
): Promise<Response> {
  return fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: mockCredentials.user.header(initiator),
    },
    body: JSON.stringify({ ...request, directoryContents: [] }),
  });
}

/** The log messages of a dry run's response body, one string, one message a line. */
export function dryRunMessages(body: {
  log: { body: { message?: string } }[];
}): string {
  return body.log.map(entry => entry.body.message ?? '').join('\n');
}

/** A local S3 server holding one bucket, for the actions that back up to or restore from S3. */
export interface LocalS3 {
  /**
   * Starts the server and points the AWS SDK (AWS_ENDPOINT_URL, s3rver's fixed credentials) and the
   * sandbox (REDIS_SANDBOX_S3_ENDPOINT) at it.
   *
   * @returns the server's endpoint, e.g. http://127.0.0.1:41235
   */
  start(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A local S3 server keeping its objects in `directory`, with the bucket `bucket`.
 */
export function localS3(directory: string, bucket: string): LocalS3 {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  return {
    async start() {
      const { port } = await server.run();
      const endpoint = `http://127.0.0.1:${port}`;
      // The actions' S3 client takes the endpoint from the SDK's own AWS_ENDPOINT_URL, and the sandbox
      // hands all three to the pods it runs (backup Job, restore init container) as IRSA would.
      process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
      process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
      process.env.AWS_ENDPOINT_URL = endpoint;
      process.env.REDIS_SANDBOX_S3_ENDPOINT = endpoint;
      return endpoint;
    },
    close: () => server.close(),
  };
}
