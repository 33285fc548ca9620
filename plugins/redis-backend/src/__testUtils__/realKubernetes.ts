// The k8s-testenv kube-apiserver as the status backend's cluster: what the operator and kubelet would store, and a backend reading it.
import { setupServer } from 'msw/node';
// tools/k8s-testenv is deliberately not a workspace package; redis-node's testEnvironment.ts reaches it the same way.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  expectStatus,
  kubeRequest,
  type TestCluster,
} from '../../../../tools/k8s-testenv/testCluster';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export * from '../../../../tools/k8s-testenv/testCluster';

const MERGE_PATCH = 'application/merge-patch+json';

export interface OperatorPod {
  name: string;
  ip: string;
  labels: Record<string, string>;
  /** The main container is named after the StatefulSet (FACTS.md §3). */
  statefulSet: string;
  node: string;
  restarts: number;
  claim?: string;
}

/** Writes objects into one namespace of the test cluster as the admin, status included (no controllers or kubelet run). */
export class ClusterObjects {
  private readonly nodes: string[] = [];

  constructor(readonly cluster: TestCluster, readonly namespace: string) {}

  private async create(
    collection: string,
    object: Record<string, unknown>,
    what: string,
  ): Promise<void> {
    expectStatus(
      await kubeRequest(this.cluster, 'POST', collection, { body: object }),
      `create ${what}`,
      201,
    );
  }

  private async patchStatus(
    objectPath: string,
    status: Record<string, unknown>,
    what: string,
  ): Promise<void> {
    expectStatus(
      await kubeRequest(this.cluster, 'PATCH', `${objectPath}/status`, {
        body: { status },
        contentType: MERGE_PATCH,
      }),
      `set status of ${what}`,
      200,
    );
  }

  /** A Node with a zone label; cluster-scoped, so its name carries the namespace and removeNodes deletes it. */
  async createNode(shortName: string, zone: string): Promise<string> {
    const name = `${this.namespace}-${shortName}`;
    await this.create(
      '/api/v1/nodes',
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
      },
      `Node ${name}`,
    );
    this.nodes.push(name);
    return name;
  }

  async removeNodes(): Promise<void> {
    for (const name of this.nodes) {
      expectStatus(
        await kubeRequest(this.cluster, 'DELETE', `/api/v1/nodes/${name}`),
        `delete Node ${name}`,
        200,
        404,
      );
    }
  }

  /** A running, ready pod as the kubelet reports it: the spec through the API, the status through its subresource. */
  async createRunningPod(pod: OperatorPod): Promise<void> {
    const pods = `/api/v1/namespaces/${this.namespace}/pods`;
    await this.create(
      pods,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: pod.name,
          labels: pod.labels,
          annotations: {
            'redis.opstreelabs.in': 'true',
            'redis.opstreelabs.instance': pod.statefulSet,
          },
        },
        spec: {
          nodeName: pod.node,
          containers: [
            { name: pod.statefulSet, image: 'quay.io/opstree/redis:v7.0.15' },
          ],
          volumes: pod.claim
            ? [
                {
                  name: pod.statefulSet,
                  persistentVolumeClaim: { claimName: pod.claim },
                },
              ]
            : [],
        },
      },
      `Pod ${pod.name}`,
    );
    const now = new Date().toISOString();
    await this.patchStatus(
      `${pods}/${pod.name}`,
      {
        phase: 'Running',
        podIP: pod.ip,
        podIPs: [{ ip: pod.ip }],
        startTime: now,
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: now },
        ],
        containerStatuses: [
          {
            name: pod.statefulSet,
            image: 'quay.io/opstree/redis:v7.0.15',
            imageID: '',
            ready: true,
            restartCount: pod.restarts,
            state: { running: { startedAt: now } },
          },
        ],
      },
      `Pod ${pod.name}`,
    );
  }

  /** A StatefulSet whose controller reported `readyReplicas` of `replicas` ready. */
  async createStatefulSet(
    name: string,
    labels: Record<string, string>,
    selector: Record<string, string>,
    replicas: number,
    readyReplicas: number,
  ): Promise<void> {
    const statefulSets = `/apis/apps/v1/namespaces/${this.namespace}/statefulsets`;
    await this.create(
      statefulSets,
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name, labels },
        spec: {
          replicas,
          serviceName: `${name}-headless`,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels: { ...labels, ...selector } },
            spec: {
              containers: [{ name, image: 'quay.io/opstree/redis:v7.0.15' }],
            },
          },
        },
      },
      `StatefulSet ${name}`,
    );
    await this.patchStatus(
      `${statefulSets}/${name}`,
      {
        observedGeneration: 1,
        replicas,
        readyReplicas,
        availableReplicas: readyReplicas,
        currentReplicas: replicas,
        updatedReplicas: replicas,
      },
      `StatefulSet ${name}`,
    );
  }

  /** A claim bound to a volume of `size`, as the volume controller would leave it. */
  async createBoundClaim(name: string, size: string): Promise<void> {
    const claims = `/api/v1/namespaces/${this.namespace}/persistentvolumeclaims`;
    await this.create(
      claims,
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: size } },
        },
      },
      `PersistentVolumeClaim ${name}`,
    );
    await this.patchStatus(
      `${claims}/${name}`,
      {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: size },
      },
      `PersistentVolumeClaim ${name}`,
    );
  }

  async createSecret(
    name: string,
    values: Record<string, string>,
  ): Promise<void> {
    await this.create(
      `/api/v1/namespaces/${this.namespace}/secrets`,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name },
        type: 'Opaque',
        stringData: values,
      },
      `Secret ${name}`,
    );
  }
}

/**
 * Counts the backend's requests to the API server by `METHOD path` (query dropped). msw only observes:
 * with no handlers and onUnhandledRequest 'bypass', every request goes through to the real server.
 */
export class KubernetesRequestCounter {
  readonly requests = new Map<string, number>();
  private readonly interceptor = setupServer();

  constructor(server: string) {
    this.interceptor.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.origin !== server) return;
      const key = `${request.method} ${url.pathname}`;
      this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    });
  }

  listen(): void {
    this.interceptor.listen({ onUnhandledRequest: 'bypass' });
  }

  close(): void {
    this.interceptor.close();
  }
}

/** The plugin in a test backend whose only Kubernetes cluster is the test cluster, reached with its URL, CA and admin token. */
