// Starts the plugin in a test backend with one Kubernetes cluster (the test cluster, or the msw fake), a catalog and a recording logger.
import {
  coreServices,
  createServiceFactory,
  type CacheService,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  type RedisStatus,
  entityProviderLocation,
} from '@odin/plugin-redis-common';
import request from 'supertest';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import redisPlugin from '../plugin';
import { kubernetesConfig } from './kubernetesBackend';
import { KUBERNETES_URL } from './fakeKubernetesApi';

/** An entity as the Redis entity provider writes it for cluster "local": its annotations are trusted. */
export function redisEntity(name: string, instance?: string): Entity {
  const location = entityProviderLocation('local');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        ...(instance
          ? {
              [REDIS_INSTANCE_ANNOTATION]: instance,
              [REDIS_CLUSTER_ANNOTATION]: 'local',
            }
          : {}),
      },
    },
    spec: { type: 'redis', owner: 'team-a' },
  };
}

/** One call of a logger: the fields of its child loggers, the message and its meta. */
export interface LogRecord {
  level: string;
  message: string;
  fields: Record<string, unknown>;
  meta?: unknown;
}

/** Every call any logger of the backend made, to prove that secrets never reach the logs and to read audit events back. */
export class RecordingLogger implements LoggerService {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly fields: Record<string, unknown> = {},
  ) {}
  /** Each record as one line, child fields and meta (an error with its message and stack) included. */
  get lines(): string[] {
    return this.records.map(
      ({ level, message, fields, meta }) =>
        `${level} ${message} ${JSON.stringify(fields)} ${
          meta === undefined
            ? ''
            : JSON.stringify(meta, Object.getOwnPropertyNames(meta))
        }`,
    );
  }
  private record(level: string, message: string, meta?: unknown) {
    this.records.push({ level, message, fields: this.fields, meta });
  }
  error(message: string, meta?: unknown) {
    this.record('error', message, meta);
  }
  warn(message: string, meta?: unknown) {
    this.record('warn', message, meta);
  }
  info(message: string, meta?: unknown) {
    this.record('info', message, meta);
  }
  debug(message: string, meta?: unknown) {
    this.record('debug', message, meta);
  }
  child(fields: Record<string, unknown>): LoggerService {
    return new RecordingLogger(this.records, { ...this.fields, ...fields });
  }
}

/** The `kubernetes` config entry of cluster "local" (realKubernetes' clusterEntry); the msw fake unless a test gives one. */
export interface TestClusterEntry {
  url: string;
  /** For the default authProvider, serviceAccount. */
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  /** serviceAccount unless given, e.g. oidc with an oidcTokenProvider. */
  authProvider?: string;
  oidcTokenProvider?: string;
}

const FAKE_CLUSTER: TestClusterEntry = {
  url: KUBERNETES_URL,
  serviceAccountToken: 'token',
  skipTLSVerify: true,
};

export async function startRedisBackend(options: {
  entities: Entity[];
  status?: Record<string, unknown>;
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  logger?: RecordingLogger;
  cluster?: TestClusterEntry;
  /** The Redis plugin's cache service; the test backend's in-memory one unless given. */
  cache?: CacheService;
}) {
  const logger = options.logger ?? new RecordingLogger();
  const { cache } = options;
  const { server } = await startTestBackend({
    features: [
      redisPlugin,
      // Every Kubernetes request of the plugin goes through this plugin's proxy.
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      // Requests without a token stay unauthenticated (the mock's default would be a user).
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: kubernetesConfig([
            {
              name: 'local',
              authProvider: 'serviceAccount',
              ...(options.cluster ?? FAKE_CLUSTER),
            },
          ]),
          // A short timeout keeps the fake API's timeout tests fast; a real API server gets the default.
          redis: {
            status: {
              ...(options.cluster ? {} : { kubernetesTimeoutMs: 500 }),
              ...options.status,
            },
          },
        },
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
      ...(cache
        ? [
            createServiceFactory({
              service: coreServices.cache,
              deps: {},
              factory: () => cache,
            }),
          ]
        : []),
    ],
  });
  return { server, logger };
}

/** The status route of a Resource entity in the default namespace. */
export const statusPath = (entityName: string) =>
  `/api/redis/entities/resource/default/${entityName}/status`;

export const userHeader = () => ({
  Authorization: mockCredentials.user.header(),
});

/** The entity's status as a signed-in user sees it; the route answers 200 even when sections fail. */
export async function statusOf(
  server: Parameters<typeof request>[0],
  entityName: string,
): Promise<RedisStatus> {
  const response = await request(server)
    .get(statusPath(entityName))
    .set(userHeader());
  expect(response.status).toBe(200);
  return response.body;
}
