// An msw stand-in for one cluster's API server that serves the Opstree operator's custom resources (discovery and LIST only).
import { delay, http, HttpResponse } from 'msw';
import {
  OPERATOR_API_VERSION,
  instanceLabels,
} from '@odin/plugin-redis-common';

const PLURALS: Record<string, string> = {
  Redis: 'redis',
  RedisReplication: 'redisreplications',
  RedisSentinel: 'redissentinels',
  RedisCluster: 'redisclusters',
};

export interface FakeCustomResource {
  kind: keyof typeof PLURALS;
  namespace: string;
  name: string;
  createdAt?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function statusBody(code: number, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    message,
  };
}

/** Backstage `kubernetes:` config of the given clusters, each at https://<name>.test. */
export function kubernetesConfig(...clusterNames: string[]) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusterNames.map(name => ({
            name,
            url: `https://${name}.test`,
            authProvider: 'serviceAccount',
            serviceAccountToken: 'test-token',
            skipTLSVerify: true,
          })),
        },
      ],
    },
  };
}

/**
 * The API server of cluster `<name>` (https://<name>.test). Custom resources carry our instance
 * labels unless `labels` says otherwise; the server filters LISTs by label selector like a real one.
 */
export function fakeOperatorApi(clusterName: string) {
  const base = `https://${clusterName}.test`;
  const group = `/apis/${OPERATOR_API_VERSION}`;
  let resources: FakeCustomResource[] = [];
  let failure: { status: number; message: string } | undefined;
  let listDelayMs = 0;
  let servesOperator = true;
  /** Paths and queries of the LIST requests received. */
  const lists: URL[] = [];

  const handler = http.get(`${base}/*`, async ({ request }) => {
    const url = new URL(request.url);
    if (!servesOperator || !url.pathname.startsWith(group)) {
      return HttpResponse.json(
        statusBody(404, 'the server could not find the requested resource'),
        {
          status: 404,
        },
      );
    }
    if (url.pathname === group) {
      return HttpResponse.json({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: OPERATOR_API_VERSION,
        resources: Object.entries(PLURALS).map(([kind, plural]) => ({
          name: plural,
          kind,
          namespaced: true,
          singularName: '',
          verbs: ['list'],
        })),
      });
    }
    lists.push(url);
    if (listDelayMs) await delay(listDelayMs);
    if (failure) {
      return HttpResponse.json(statusBody(failure.status, failure.message), {
        status: failure.status,
      });
    }
    const parts = url.pathname.slice(group.length).split('/').filter(Boolean);
    const namespace = parts[0] === 'namespaces' ? parts[1] : undefined;
    const plural = parts[parts.length - 1];
    const kind = Object.keys(PLURALS).find(k => PLURALS[k] === plural);
    const selector = (url.searchParams.get('labelSelector') ?? '')
      .split(',')
      .filter(Boolean)
      .map(term => term.split('='));
    const items = resources
      .map(resource => ({
        ...resource,
        labels:
          resource.labels ?? instanceLabels(resource.name, resource.namespace),
      }))
      .filter(
        resource =>
          resource.kind === kind &&
          (!namespace || resource.namespace === namespace) &&
          selector.every(([key, value]) => resource.labels[key] === value),
      )
      .map(resource => ({
        apiVersion: OPERATOR_API_VERSION,
        kind: resource.kind,
        metadata: {
          name: resource.name,
          namespace: resource.namespace,
          uid: `${clusterName}/${resource.namespace}/${resource.name}`,
          creationTimestamp: resource.createdAt ?? '2026-01-01T00:00:00Z',
          labels: resource.labels,
          annotations: resource.annotations,
        },
        spec: {},
      }));
    return HttpResponse.json({
      kind: `${kind}List`,
      apiVersion: OPERATOR_API_VERSION,
      metadata: { resourceVersion: '1' },
      items,
    });
  });

  return {
    handler,
    lists,
    /** Replaces the custom resources the cluster holds. */
    setResources(next: FakeCustomResource[]) {
      resources = next;
    },
    /** Every LIST answers with this error status until `recover()`. */
    fail(status: number, message = 'injected failure') {
      failure = { status, message };
    },
    recover() {
      failure = undefined;
    },
    /** LISTs answer only after this many milliseconds. */
    slowDown(ms: number) {
      listDelayMs = ms;
    },
    /** The operator's CRDs are not installed: its API group answers 404. */
    withoutOperator() {
      servesOperator = false;
    },
  };
}
