// An msw stand-in for one cluster's API server that serves the Opstree operator's custom resources (LIST only).
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

/**
 * The API server of cluster `<name>` (https://<name>.test). Custom resources carry our instance
 * labels unless `labels` says otherwise; the server filters LISTs by label selector like a real one.
 */
export function fakeOperatorApi(clusterName: string) {
  const base = `https://${clusterName}.test`;
  const group = `/apis/${OPERATOR_API_VERSION}`;
  let resources: FakeCustomResource[] = [];
  let failure: { status: number; message: string; plural?: string } | undefined;
  let listDelayMs = 0;
  let servesOperator = true;
  /** Paths and queries of the LIST requests received. */
  const lists: URL[] = [];

  const handler = http.get(`${base}/*`, async ({ request }) => {
    const url = new URL(request.url);
    // A path no API group serves falls through to Go's http.NotFound: plain text, no Status.
    if (!servesOperator || !url.pathname.startsWith(group)) {
      return HttpResponse.text('404 page not found\n', { status: 404 });
    }
    lists.push(url);
    if (listDelayMs) await delay(listDelayMs);
    const parts = url.pathname.slice(group.length).split('/').filter(Boolean);
    const namespace = parts[0] === 'namespaces' ? parts[1] : undefined;
    const plural = parts[parts.length - 1];
    if (failure && (!failure.plural || failure.plural === plural)) {
      return HttpResponse.json(statusBody(failure.status, failure.message), {
        status: failure.status,
      });
    }
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
    /** Every LIST (or only those of `plural`) answers with this error status until `recover()`. */
    fail(status: number, message = 'injected failure', plural?: string) {
      failure = { status, message, plural };
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
