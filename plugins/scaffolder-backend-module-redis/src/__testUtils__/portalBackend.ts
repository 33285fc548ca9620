// A real scaffolder backend with the Redis module, started in-process, for dry runs through its HTTP API.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import scaffolderModuleRedis from '../index';

/** The generated Redis template, as the portal's catalog serves it. */
// eslint-disable-next-line no-restricted-syntax -- test code, run from src/
export const redisTemplatePath = path.resolve(
  __dirname,
  '../../../../examples/templates/redis/template.yaml',
);

export interface PortalBackend {
  /** Base URL of the backend, e.g. http://localhost:41235 */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the scaffolder (4.2.0) with redis:render and redis:apply, the catalog mocked (holding
 * `entities`, e.g. the template for task creation), tasks in `workingDirectory` and `kubernetes` as the
 * Kubernetes plugin's cluster config. Requests without a token act as the mock user; any token `mockCredentials`
 * makes is accepted. Backstage's Kubernetes plugin serves the clusters of `kubernetes`.
 */
export async function startPortalBackend(options: {
  workingDirectory: string;
  kubernetes: JsonObject;
  entities?: NonNullable<
    Parameters<typeof catalogServiceMock.factory>[0]
  >['entities'];
}): Promise<PortalBackend> {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleRedis,
      // redis:apply reaches the clusters through this plugin's proxy.
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          scaffolder: { workingDirectory: options.workingDirectory },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            ...options.kubernetes,
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    baseUrl: `http://localhost:${port}`,
    stop: () => backend.stop(),
  };
}
