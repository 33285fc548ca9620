// The k8s-testenv kube-apiserver as the status backend's cluster: its config entry, planted Secrets, and a count of the backend's requests.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
// tools/k8s-testenv is deliberately not a workspace package; redis-node's testEnvironment.ts reaches it the same way.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { type TestCluster } from '../../../../tools/k8s-testenv/testCluster';
import type { TestClusterEntry } from './testBackend';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export * from '../../../../tools/k8s-testenv/testCluster';

/** The `kubernetes` config entry of cluster "local" for the test cluster: its URL, CA and a token (the admin's by default). */
export function clusterEntry(
  cluster: TestCluster,
  token: string = cluster.adminToken,
): TestClusterEntry {
  return {
    url: cluster.server,
    serviceAccountToken: token,
    caData: cluster.caData,
  };
}

// One copy, beside the live instances that plant passwords with it.
export { createSecret } from '@internal/redis-test-utils/liveInstance';

/** Discovery: `GET /api/v1` or `GET /apis/<group>/<version>`, which a cluster client makes once per group version. */
function isDiscovery(pathname: string): boolean {
  const parts = pathname.split('/').filter(Boolean);
  return (
    (parts[0] === 'api' && parts.length === 2) ||
    (parts[0] === 'apis' && parts.length === 3)
  );
}

/**
 * Counts this process's requests to the API server by `METHOD path` (query dropped), as Node's HTTP
 * client announces them on its diagnostics channel; it only observes, every request goes through.
 */
export class KubernetesRequestCounter {
  readonly requests = new Map<string, number>();
  private readonly host: string;
  private readonly onRequest = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (request.getHeader('host') !== this.host) return;
    const key = `${request.method} ${request.path.split('?')[0]}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  };

  constructor(server: string) {
    this.host = new URL(server).host;
  }

  listen(): void {
    diagnostics.subscribe('http.client.request.start', this.onRequest);
  }

  /** The counts without discovery requests. */
  withoutDiscovery(): Record<string, number> {
    return Object.fromEntries(
      [...this.requests].filter(([key]) => !isDiscovery(key.split(' ')[1])),
    );
  }

  close(): void {
    diagnostics.unsubscribe('http.client.request.start', this.onRequest);
  }
}

/**
 * What the status backend reads for `instance` in `namespace`, each once: a LIST per kind (Nodes
 * cluster-wide), a GET of each Secret the custom resources name, and a GET of the operation lock's Lease
 * and of the operation history's ConfigMap; nothing per pod.
 */
export function statusReads(
  namespace: string,
  instance: string,
  secrets: string[],
): Record<string, number> {
  const operator = `/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/${namespace}`;
  const core = `/api/v1/namespaces/${namespace}`;
  const batch = `/apis/batch/v1/namespaces/${namespace}`;
  const reads = [
    ...['redis', 'redisreplications', 'redissentinels', 'redisclusters'].map(
      plural => `GET ${operator}/${plural}`,
    ),
    `GET /apis/apps/v1/namespaces/${namespace}/statefulsets`,
    `GET ${core}/pods`,
    `GET ${core}/persistentvolumeclaims`,
    `GET ${core}/events`,
    'GET /api/v1/nodes',
    `GET ${batch}/cronjobs`,
    `GET ${batch}/jobs`,
    ...secrets.map(secret => `GET ${core}/secrets/${secret}`),
    `GET /apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${instance}-operation`,
    `GET ${core}/configmaps/${instance}-operations`,
  ];
  return Object.fromEntries(reads.map(read => [read, 1]));
}
