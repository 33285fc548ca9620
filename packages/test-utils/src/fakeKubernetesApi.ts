// An in-memory Kubernetes API server behind msw: get, list by label, server-side apply, create, delete.
import { http, HttpResponse } from 'msw';

export const FAKE_API_SERVER = 'https://k8s.test';

interface ResourceType {
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** The kinds the fake serves, per apiVersion; drop an apiVersion to simulate a missing CRD. */
export const SERVED_RESOURCES: Record<string, ResourceType[]> = {
  v1: [
    { kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
    { kind: 'Secret', plural: 'secrets', namespaced: true },
    { kind: 'Pod', plural: 'pods', namespaced: true },
    { kind: 'Event', plural: 'events', namespaced: true },
    {
      kind: 'PersistentVolumeClaim',
      plural: 'persistentvolumeclaims',
      namespaced: true,
    },
    { kind: 'Service', plural: 'services', namespaced: true },
    { kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
    { kind: 'Namespace', plural: 'namespaces', namespaced: false },
  ],
  'apps/v1': [
    { kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  ],
  'scheduling.k8s.io/v1': [
    { kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false },
  ],
  'storage.k8s.io/v1': [
    { kind: 'StorageClass', plural: 'storageclasses', namespaced: false },
  ],
  'batch/v1': [
    { kind: 'CronJob', plural: 'cronjobs', namespaced: true },
    { kind: 'Job', plural: 'jobs', namespaced: true },
  ],
  'networking.k8s.io/v1': [
    { kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  ],
  'policy/v1': [
    {
      kind: 'PodDisruptionBudget',
      plural: 'poddisruptionbudgets',
      namespaced: true,
    },
  ],
  'monitoring.coreos.com/v1': [
    { kind: 'ServiceMonitor', plural: 'servicemonitors', namespaced: true },
    { kind: 'PrometheusRule', plural: 'prometheusrules', namespaced: true },
  ],
  'redis.redis.opstreelabs.in/v1beta2': [
    { kind: 'Redis', plural: 'redis', namespaced: true },
    { kind: 'RedisReplication', plural: 'redisreplications', namespaced: true },
    { kind: 'RedisSentinel', plural: 'redissentinels', namespaced: true },
    { kind: 'RedisCluster', plural: 'redisclusters', namespaced: true },
  ],
};

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | null;
  body?: any;
}

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [field: string]: unknown;
}

type Failure = {
  method: string;
  path: RegExp;
  status: number;
  body: object;
  /** Fail only dry-run requests, or only real writes; both when unset. */
  only?: 'dryRun' | 'write';
  times?: number;
};

function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: object,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason,
    message,
    details,
  };
}

function matchesLabels(
  labels: Record<string, string> | undefined,
  selector: string | null,
): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [key, value] = term.split('=');
    return labels?.[key] === value;
  });
}

function matchesFields(object: unknown, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [path, value] = term.split('=');
    const actual = path
      .split('.')
      .reduce<any>((node, key) => node?.[key], object);
    return String(actual) === value;
  });
}

/** The object without what the server writes, to tell an apply that changes nothing. */
function withoutServerFields(object: StoredObject): unknown {
  const {
    uid: _uid,
    resourceVersion: _resourceVersion,
    creationTimestamp: _creationTimestamp,
    generation: _generation,
    managedFields: _managedFields,
    ...metadata
  } = object.metadata;
  const { status: _status, ...rest } = object;
  return { ...rest, metadata };
}

/** A fake API server: its msw handler, the objects it stores, and every request it received. */
export function createFakeKubernetesApi(
  options: { served?: Record<string, ResourceType[]> } = {},
) {
  const served = options.served ?? SERVED_RESOURCES;
  const objects = new Map<string, StoredObject>();
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  let version = 1;

  const key = (
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ) => `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;

  function put(object: StoredObject) {
    objects.set(
      key(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      ),
      object,
    );
  }

  function route(path: string) {
    const parts = path.split('/').filter(Boolean);
    const core = parts[0] === 'api';
    const apiVersion = core ? parts[1] : `${parts[1]}/${parts[2]}`;
    let rest = parts.slice(core ? 2 : 3);
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const resource = served[apiVersion]?.find(type => type.plural === rest[0]);
    return {
      apiVersion,
      namespace,
      resource,
      name: rest[1] as string | undefined,
    };
  }

  const handler = http.all(`${FAKE_API_SERVER}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const text =
      request.method === 'GET' || request.method === 'DELETE'
        ? ''
        : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    requests.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      contentType: request.headers.get('content-type'),
      body,
    });
    const dryRun = url.searchParams.get('dryRun') === 'All';
    const failure = failures.find(
      f =>
        f.method === request.method &&
        f.path.test(url.pathname) &&
        (!f.only || (f.only === 'dryRun') === dryRun),
    );
    if (failure) {
      if (failure.times !== undefined && --failure.times <= 0)
        failures.splice(failures.indexOf(failure), 1);
      return HttpResponse.json(failure.body, { status: failure.status });
    }

    const { apiVersion, namespace, resource, name } = route(url.pathname);
    // A path no API group serves falls through to Go's http.NotFound: plain text, no Status.
    if (!resource)
      return HttpResponse.text('404 page not found\n', { status: 404 });
    const kind = resource.kind;
    if (
      namespace &&
      !objects.has(key('v1', 'Namespace', undefined, namespace))
    ) {
      return HttpResponse.json(
        statusBody(404, 'NotFound', `namespaces "${namespace}" not found`, {
          name: namespace,
          kind: 'namespaces',
        }),
        { status: 404 },
      );
    }
    const existing = name
      ? objects.get(key(apiVersion, kind, namespace, name))
      : undefined;
    const notFound = () =>
      HttpResponse.json(
        statusBody(404, 'NotFound', `${resource.plural} "${name}" not found`, {
          name,
          kind: resource.plural,
        }),
        { status: 404 },
      );

    switch (request.method) {
      case 'GET':
        if (name) return existing ? HttpResponse.json(existing) : notFound();
        return HttpResponse.json({
          kind: `${kind}List`,
          apiVersion,
          metadata: { resourceVersion: String(version) },
          items: [...objects.values()].filter(
            object =>
              object.apiVersion === apiVersion &&
              object.kind === kind &&
              (!namespace || object.metadata.namespace === namespace) &&
              matchesLabels(
                object.metadata.labels,
                url.searchParams.get('labelSelector'),
              ) &&
              matchesFields(object, url.searchParams.get('fieldSelector')),
          ),
        });
      case 'PATCH': {
        if (
          request.headers.get('content-type') !== 'application/apply-patch+yaml'
        ) {
          return HttpResponse.json(
            statusBody(415, 'UnsupportedMediaType', 'apply patches only'),
            { status: 415 },
          );
        }
        if (!url.searchParams.get('fieldManager')) {
          return HttpResponse.json(
            statusBody(
              422,
              'Invalid',
              'fieldManager is required for apply patch',
            ),
            { status: 422 },
          );
        }
        // Server-side apply: the applied configuration plus the fields the server owns. As the real
        // server does, a dry-run create has no resourceVersion yet and an apply that changes
        // nothing keeps the one it had.
        const unchanged =
          existing !== undefined &&
          JSON.stringify(withoutServerFields(existing)) ===
            JSON.stringify(withoutServerFields(body));
        let resourceVersion: string | undefined;
        if (unchanged) {
          resourceVersion = existing.metadata.resourceVersion as string;
        } else if (existing || !dryRun) {
          resourceVersion = String(++version);
        }
        const applied: StoredObject = {
          ...body,
          metadata: {
            ...body.metadata,
            uid: (existing?.metadata.uid as string) ?? `uid-${name}`,
            ...(resourceVersion !== undefined && { resourceVersion }),
            creationTimestamp:
              (existing?.metadata.creationTimestamp as string) ??
              '2026-01-01T00:00:00Z',
            generation: 1,
            managedFields: [
              {
                manager: url.searchParams.get('fieldManager'),
                operation: 'Apply',
              },
            ],
          },
          ...(existing?.status ? { status: existing.status } : {}),
        };
        if (!dryRun) put(applied);
        return HttpResponse.json(applied, { status: existing ? 200 : 201 });
      }
      case 'POST': {
        const created: StoredObject = {
          ...body,
          metadata: {
            ...body.metadata,
            namespace,
            uid: `uid-${body.metadata.name}`,
          },
        };
        if (
          objects.has(key(apiVersion, kind, namespace, created.metadata.name))
        ) {
          return HttpResponse.json(
            statusBody(
              409,
              'AlreadyExists',
              `${resource.plural} "${created.metadata.name}" already exists`,
              { kind: resource.plural },
            ),
            { status: 409 },
          );
        }
        if (!dryRun) put(created);
        return HttpResponse.json(created, { status: 201 });
      }
      case 'DELETE':
        if (!existing) return notFound();
        if (!dryRun) objects.delete(key(apiVersion, kind, namespace, name!));
        return HttpResponse.json({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Success',
          code: 200,
        });
      default:
        return HttpResponse.json(
          statusBody(405, 'MethodNotAllowed', request.method),
          { status: 405 },
        );
    }
  });

  /** Stores an object as if it already existed on the cluster: with a uid and a resourceVersion. */
  function putExisting(object: StoredObject) {
    put({
      ...object,
      metadata: {
        uid: `uid-${object.metadata.name}`,
        resourceVersion: '1',
        ...object.metadata,
      },
    });
  }

  return {
    handler,
    requests,
    put: putExisting,
    get(
      apiVersion: string,
      kind: string,
      namespace: string | undefined,
      name: string,
    ) {
      return objects.get(key(apiVersion, kind, namespace, name));
    },
    all(): StoredObject[] {
      return [...objects.values()];
    },
    addNamespace(name: string) {
      putExisting({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
    /** Answers matching requests with an error status instead (e.g. 403, 409). */
    fail(failure: Failure) {
      failures.push(failure);
    },
  };
}

export type FakeKubernetesApi = ReturnType<typeof createFakeKubernetesApi>;
