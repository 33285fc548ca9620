// An msw stand-in for the Kubernetes API, for the narrow cases the k8s-testenv API server cannot produce (an HTTP 500,
// a request that never answers) and for unit tests of the reader: answers discovery, serves LISTs by plural and label
// selector, counts calls, injects faults. Everything with a live instance runs against k8s-testenv and the sandbox.
import { instanceLabels } from '@odin/plugin-redis-common';
import { delay, http, HttpResponse } from 'msw';

export const KUBERNETES_URL = 'http://kubernetes.test';

/** The resources the fake serves, by group version, as discovery (`GET /api/v1`, `GET /apis/<group>/<version>`) lists them. */
const DISCOVERY: Record<
  string,
  { name: string; kind: string; namespaced: boolean }[]
> = {
  v1: [
    { name: 'pods', kind: 'Pod', namespaced: true },
    {
      name: 'persistentvolumeclaims',
      kind: 'PersistentVolumeClaim',
      namespaced: true,
    },
    { name: 'events', kind: 'Event', namespaced: true },
    { name: 'secrets', kind: 'Secret', namespaced: true },
    { name: 'nodes', kind: 'Node', namespaced: false },
  ],
  'apps/v1': [{ name: 'statefulsets', kind: 'StatefulSet', namespaced: true }],
  'batch/v1': [
    { name: 'cronjobs', kind: 'CronJob', namespaced: true },
    { name: 'jobs', kind: 'Job', namespaced: true },
  ],
  'redis.redis.opstreelabs.in/v1beta2': [
    { name: 'redis', kind: 'Redis', namespaced: true },
    { name: 'redisreplications', kind: 'RedisReplication', namespaced: true },
    { name: 'redissentinels', kind: 'RedisSentinel', namespaced: true },
    { name: 'redisclusters', kind: 'RedisCluster', namespaced: true },
  ],
};

type KubeObject = {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [field: string]: unknown;
  };
} & Record<string, unknown>;

export class FakeKubernetesApi {
  /** Objects by resource plural (`pods`, `redisreplications`, `secrets`, ...). */
  readonly objects = new Map<string, KubeObject[]>();
  /** Reads and LISTs by plural; discovery is counted apart, in `discoveryRequests`. */
  readonly requests = new Map<string, number>();
  /** Discovery GETs; a cluster client makes one per group version and caches the answer. */
  discoveryRequests = 0;
  /** Plural -> fault: an HTTP 500, or an answer that never comes in time. */
  readonly faults = new Map<string, 'error' | 'hang'>();

  add(plural: string, ...objects: KubeObject[]): this {
    this.objects.set(plural, [...(this.objects.get(plural) ?? []), ...objects]);
    return this;
  }

  totalRequests(): number {
    return [...this.requests.values()].reduce((sum, count) => sum + count, 0);
  }

  handlers() {
    return [
      http.get(`${KUBERNETES_URL}/*`, async ({ request }) => {
        const url = new URL(request.url);
        const parts = url.pathname.split('/').filter(Boolean);
        if (
          (parts[0] === 'api' && parts.length === 2) ||
          (parts[0] === 'apis' && parts.length === 3)
        ) {
          this.discoveryRequests++;
          const groupVersion = parts.slice(1).join('/');
          const resources = (DISCOVERY[groupVersion] ?? []).map(resource => ({
            ...resource,
            singularName: '',
            verbs: ['get', 'list'],
          }));
          return HttpResponse.json({
            kind: 'APIResourceList',
            apiVersion: 'v1',
            groupVersion,
            resources,
          });
        }
        const namespaceIndex = parts.indexOf('namespaces');
        const namespace =
          namespaceIndex >= 0 ? parts[namespaceIndex + 1] : undefined;
        const rest =
          namespaceIndex >= 0
            ? parts.slice(namespaceIndex + 2)
            : parts.slice(parts[0] === 'api' ? 2 : 3);
        const [plural, name] = rest;
        this.requests.set(plural, (this.requests.get(plural) ?? 0) + 1);
        const fault = this.faults.get(plural);
        if (fault === 'error') {
          return HttpResponse.json(
            {
              kind: 'Status',
              message: `etcd is on fire (${plural})`,
              code: 500,
            },
            { status: 500 },
          );
        }
        if (fault === 'hang') await delay(5_000);
        const selector = (url.searchParams.get('labelSelector') ?? '')
          .split(',')
          .filter(Boolean)
          .map(term => term.split('='));
        const items = (this.objects.get(plural) ?? []).filter(
          object =>
            (namespace === undefined ||
              object.metadata.namespace === undefined ||
              object.metadata.namespace === namespace) &&
            selector.every(
              ([key, value]) => object.metadata.labels?.[key] === value,
            ),
        );
        if (name !== undefined) {
          const found = items.find(object => object.metadata.name === name);
          return found
            ? HttpResponse.json(found)
            : HttpResponse.json(
                {
                  kind: 'Status',
                  message: `${plural} "${name}" not found`,
                  code: 404,
                },
                { status: 404 },
              );
        }
        return HttpResponse.json({
          apiVersion: 'v1',
          kind: 'List',
          metadata: {},
          items,
        });
      }),
    ];
  }
}

export interface PodSpec {
  name: string;
  ip: string;
  labels: Record<string, string>;
  node?: string;
  ready?: boolean;
  claim?: string;
}

export function podObject(
  namespace: string,
  instance: string,
  pod: PodSpec,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace,
      labels: { ...instanceLabels(instance, namespace), ...pod.labels },
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      nodeName: pod.node ?? 'node-a',
      containers: [{ name: 'redis', image: 'redis' }],
      volumes: pod.claim
        ? [{ name: 'data', persistentVolumeClaim: { claimName: pod.claim } }]
        : [],
    },
    status: {
      phase: 'Running',
      podIP: pod.ip,
      startTime: '2026-01-01T00:00:05Z',
      conditions: [
        { type: 'Ready', status: pod.ready === false ? 'False' : 'True' },
      ],
      containerStatuses: [
        {
          name: 'redis',
          image: 'redis',
          imageID: '',
          ready: true,
          restartCount: 1,
        },
      ],
    },
  };
}

export function passwordSecret(
  namespace: string,
  name: string,
  password: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    data: { password: Buffer.from(password).toString('base64') },
  };
}

export function statefulSet(
  namespace: string,
  instance: string,
  name: string,
  replicas: number,
  ready = replicas,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, labels: instanceLabels(instance, namespace) },
    spec: { replicas, selector: {}, serviceName: name, template: {} },
    status: { replicas, readyReplicas: ready, updatedReplicas: replicas },
  };
}
