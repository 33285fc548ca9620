import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  discoveryApiRef,
  fetchApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { OperationDryRun, RedisStatus } from '@odin/plugin-redis-common';
import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
  type KubernetesApi,
  type KubernetesAuthProvidersApi,
} from '@backstage/plugin-kubernetes-react';
import type { RedisApi } from './RedisApi';

/** Auth providers whose credential is the signed-in user's own token. */
const USER_TOKEN_PROVIDERS = new Set(['oidc', 'google', 'aks']);

/** The APIs the client is made of, for the API factories of both frontend systems. */
export const redisClientDeps = {
  discoveryApi: discoveryApiRef,
  fetchApi: fetchApiRef,
  kubernetesApi: kubernetesApiRef,
  kubernetesAuthProvidersApi: kubernetesAuthProvidersApiRef,
};

/**
 * Talks to the Redis backend through discovery and the signed-in fetch. For a cluster that takes
 * only the user's own token, it adds that token from the Kubernetes plugin's auth providers, in the
 * header the Kubernetes plugin's proxy reads.
 *
 * @public
 */
export class RedisClient implements RedisApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly kubernetesApi: Pick<KubernetesApi, 'getCluster'>;
  private readonly kubernetesAuthProvidersApi: KubernetesAuthProvidersApi;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    kubernetesApi: Pick<KubernetesApi, 'getCluster'>;
    kubernetesAuthProvidersApi: KubernetesAuthProvidersApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.kubernetesApi = options.kubernetesApi;
    this.kubernetesAuthProvidersApi = options.kubernetesAuthProvidersApi;
  }

  /** `Backstage-Kubernetes-Authorization-oidc-<provider>` (or `-google`) for a user-token cluster; none otherwise. */
  private async userTokenHeaders(
    clusterName: string | undefined,
  ): Promise<Record<string, string>> {
    if (!clusterName) return {};
    // A cluster list the user may not read (kubernetes.clusters.read) or that fails leaves the
    // request as it is: the backend reads server-side clusters itself and says when a token is missing.
    const cluster = await this.kubernetesApi
      .getCluster(clusterName)
      .catch(() => undefined);
    if (!cluster || !USER_TOKEN_PROVIDERS.has(cluster.authProvider)) return {};
    const provider =
      cluster.authProvider === 'oidc'
        ? `oidc.${cluster.oidcTokenProvider}`
        : cluster.authProvider;
    const { token } = await this.kubernetesAuthProvidersApi.getCredentials(
      provider,
    );
    return token
      ? {
          [`Backstage-Kubernetes-Authorization-${provider.replace('.', '-')}`]:
            token,
        }
      : {};
  }

  /** `<backend>/entities/<kind>/<namespace>/<name>`, each part encoded, the kind in lower case. */
  private async entityUrl(entity: CompoundEntityRef): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('redis');
    const path = [
      entity.kind.toLocaleLowerCase('en-US'),
      entity.namespace,
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    return `${baseUrl}/entities/${path}`;
  }

  async getStatus(
    entity: CompoundEntityRef,
    options?: { signal?: AbortSignal; cluster?: string },
  ): Promise<RedisStatus> {
    const response = await this.fetchApi.fetch(
      `${await this.entityUrl(entity)}/status`,
      {
        signal: options?.signal,
        headers: await this.userTokenHeaders(options?.cluster),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }

  async dryRunOperation(
    entity: CompoundEntityRef,
    operation: string,
    input: Record<string, unknown>,
    options?: { signal?: AbortSignal; cluster?: string },
  ): Promise<OperationDryRun> {
    const response = await this.fetchApi.fetch(
      `${await this.entityUrl(entity)}/operations/${encodeURIComponent(
        operation,
      )}/dry-run`,
      {
        method: 'POST',
        signal: options?.signal,
        headers: {
          'Content-Type': 'application/json',
          ...(await this.userTokenHeaders(options?.cluster)),
        },
        body: JSON.stringify({ input }),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }
}
