import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';
import { kubernetesError, type KubernetesRequest } from './kubernetesErrors';

const apply: KubernetesRequest = {
  verb: 'patch',
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'redis',
  name: 'orders-cache-config',
  cluster: 'test',
  server: 'https://k8s.test',
};

/** What client-node throws for an error status: the Status object as the raw response text. */
function statusError(code: number, message: string): ApiException<string> {
  return new ApiException(
    code,
    'Unsuccessful HTTP Request',
    JSON.stringify({ kind: 'Status', code, message }),
    {},
  );
}

describe('kubernetesError', () => {
  it('names the verb the server denied, which for an apply of a new object is create', () => {
    const error = kubernetesError(
      statusError(
        403,
        'configmaps "orders-cache-config" is forbidden: User "system:serviceaccount:backstage:redis-portal" cannot create resource "configmaps" in API group "" in the namespace "redis"',
      ),
      apply,
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Forbidden: the credentials used for cluster "test" may not create configmaps \(ConfigMap "orders-cache-config" in namespace "redis"\); grant it/,
    );
  });

  it('leaves other server errors unavailable, typed patch failures aside', () => {
    const timeout = kubernetesError(
      statusError(500, 'etcdserver: request timed out'),
      apply,
    );
    const typed = kubernetesError(
      statusError(
        500,
        'failed to create typed patch object (redis/orders-cache-config; /v1, Kind=ConfigMap): .data: expected map, got &{7}',
      ),
      apply,
    );
    expect(timeout).toBeInstanceOf(ServiceUnavailableError);
    expect(typed).toBeInstanceOf(InputError);
    expect(typed.message).toBe(
      'The API server rejected ConfigMap "orders-cache-config" in namespace "redis" on cluster "test": it does not match the ConfigMap schema\n.data: expected map, got 7',
    );
  });
});
