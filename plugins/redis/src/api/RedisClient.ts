import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { RedisStatus } from '@odin/plugin-redis-common';
import type { RedisApi } from './RedisApi';

/**
 * Talks to the Redis backend through discovery and the signed-in fetch.
 *
 * @public
 */
export class RedisClient implements RedisApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getStatus(
    entity: CompoundEntityRef,
    options?: { signal?: AbortSignal },
  ): Promise<RedisStatus> {
    const baseUrl = await this.discoveryApi.getBaseUrl('redis');
    const path = [
      entity.kind.toLocaleLowerCase('en-US'),
      entity.namespace,
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/entities/${path}/status`,
      { signal: options?.signal },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }
}
