// A test backend with Backstage's Kubernetes plugin, the way every Kubernetes request of the portal goes.
import {
  coreServices,
  createBackendPlugin,
  type AuthService,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** The Kubernetes plugin's config with `clusters` in one `config` locator. */
export function kubernetesConfig(clusters: JsonObject[]): JsonObject {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [{ type: 'config', clusters }],
  };
}

export interface PluginServices {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * Starts the Kubernetes plugin with `clusters`, every permission allowed, and a plugin whose
 * discovery and auth `services` hands out, as any plugin of the portal has them.
 */
export async function startKubernetesBackend(options: {
  clusters: JsonObject[];
  config?: JsonObject;
}) {
  let captured: PluginServices | undefined;
  const probe = createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { discovery: coreServices.discovery, auth: coreServices.auth },
        async init(deps) {
          captured = deps;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      probe,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          kubernetes: kubernetesConfig(options.clusters),
        },
      }),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    services(): PluginServices {
      if (!captured) throw new Error('the test backend has not started');
      return captured;
    },
  };
}
