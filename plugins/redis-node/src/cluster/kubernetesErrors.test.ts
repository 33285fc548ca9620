import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { flavourSchema } from '@odin/plugin-redis-common';
import {
  isMissingObject,
  kubernetesError,
  type KubernetesRequest,
} from './kubernetesErrors';

const apply: KubernetesRequest = {
  verb: 'patch',
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'redis',
  name: 'orders-cache-config',
  cluster: 'test',
  server: 'https://k8s.test',
};

/** The API server's answer to a failed request: its status and a Status object. */
function statusError(code: number, message: string) {
  return {
    status: code,
    body: JSON.stringify({ kind: 'Status', code, message }),
  };
}

/** The Kubernetes plugin's own refusal, a Backstage error response: the request never reached the cluster. */
function proxyError(status: number, name: string, message: string) {
  return {
    status,
    body: JSON.stringify({
      error: { name, message },
      request: { method: 'PATCH', url: '/api/kubernetes/proxy/api/v1' },
      response: { statusCode: status },
    }),
  };
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

  it("tells the Kubernetes plugin's refusals (403, 404) from the cluster's", () => {
    const denied = kubernetesError(
      proxyError(403, 'NotAllowedError', 'Unauthorized'),
      apply,
    );
    expect(denied).toBeInstanceOf(NotAllowedError);
    expect(denied.message).toBe(
      'Cluster "test": the permission kubernetes.proxy was denied; the Kubernetes plugin answered 403: Unauthorized',
    );
    const unknown = kubernetesError(
      proxyError(
        404,
        'NotFoundError',
        'Cluster "test" not found among the configured clusters',
      ),
      apply,
    );
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.message).toBe(
      'Kubernetes cluster "test" is not one the Kubernetes plugin knows; the Kubernetes plugin answered 404: Cluster "test" not found among the configured clusters',
    );
  });

  it('tells a missing object (a Status) from a kind the cluster does not serve (plain 404)', () => {
    const missing = statusError(
      404,
      'configmaps "orders-cache-config" not found',
    );
    const unserved = { status: 404, body: '404 page not found\n' };
    expect(isMissingObject(missing)).toBe(true);
    expect(isMissingObject(unserved)).toBe(false);
    const error = kubernetesError(unserved, {
      ...apply,
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'RedisReplication',
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(
      /^Cluster "test" does not serve RedisReplication \(redis.redis.opstreelabs.in\/v1beta2\); install the Opstree Redis Operator/,
    );
  });

  it('for a Prometheus Operator kind, names the flavour setting that renders it, as the schema spells it', () => {
    const error = kubernetesError(
      { status: 404, body: '404 page not found\n' },
      {
        ...apply,
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        name: 'redis.orders-cache',
        namespace: 'monitoring',
      },
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      'Cluster "test" does not serve PrometheusRule (monitoring.coreos.com/v1); install the Prometheus Operator CRDs (monitoring.coreos.com) or set metrics.serviceMonitor.enabled: false, which renders the ServiceMonitor and the PrometheusRule',
    );
    const settings = error.message.match(/\bmetrics(\.\w+)+/g) ?? [];
    expect(settings).toEqual(['metrics.serviceMonitor.enabled']);
    for (const setting of settings) {
      const property = setting
        .split('.')
        .reduce<any>(
          (node, key) => node?.properties?.[key],
          flavourSchema.properties.flavour,
        );
      expect({ setting, type: property?.type }).toEqual({
        setting,
        type: 'boolean',
      });
    }
  });
});
