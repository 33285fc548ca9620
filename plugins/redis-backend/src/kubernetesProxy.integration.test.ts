// The apply, dry run and prune of redis-node through Backstage's real Kubernetes plugin proxy to the real kube-apiserver.
import { validateInstance } from '@odin/plugin-redis-common';
import {
  applyInstance,
  clusterAccessThroughKubernetesPlugin,
  MEMBERS_ANNOTATION,
} from '@odin/plugin-redis-node';
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  KubernetesRequestCounter,
  serviceAccountToken,
  startTestCluster,
  START_TIMEOUT_MS,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import { startKubernetesBackend } from './__testUtils__/kubernetesBackend';

jest.setTimeout(START_TIMEOUT_MS);

let testCluster: TestCluster;
let namespace: string;
let backend: Awaited<ReturnType<typeof startKubernetesBackend>>;

/** A token that may do everything with the order's kinds in the namespace, but not delete NetworkPolicies. */
async function noDeleteToken(): Promise<string> {
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'no-delete', namespace },
    rules: [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        verbs: ['get', 'list', 'create', 'patch', 'delete'],
      },
      {
        apiGroups: ['redis.redis.opstreelabs.in'],
        resources: ['redis'],
        verbs: ['get', 'list', 'create', 'patch', 'delete'],
      },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['networkpolicies'],
        verbs: ['get', 'list', 'create', 'patch'],
      },
    ],
  };
  expectStatus(
    await kubeRequest(
      testCluster,
      'POST',
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`,
      { body: role },
    ),
    'create Role no-delete',
    201,
  );
  return serviceAccountToken(
    testCluster,
    { namespace, name: 'no-delete' },
    [{ roleKind: 'Role', roleName: 'no-delete', namespace }],
    { verb: 'patch', resource: 'configmaps', namespace },
  );
}

beforeAll(async () => {
  testCluster = await startTestCluster();
  namespace = await createNamespace(testCluster, 'redis-proxy');
  const cluster = (name: string, token: string) => ({
    name,
    url: testCluster.server,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
    caData: testCluster.caData,
  });
  backend = await startKubernetesBackend({
    clusters: [
      cluster('admin', testCluster.adminToken),
      cluster('no-delete', await noDeleteToken()),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
});

function order(flavour: Record<string, unknown>) {
  const { config, errors } = validateInstance({
    name: 'via-proxy',
    root: { clusterModeEnabled: false, authentication: { enabled: false } },
    flavour: {
      deploymentMode: 'standalone',
      namespace,
      persistence: { enabled: false },
      backup: { enabled: false },
      metrics: { enabled: false },
      ...flavour,
    },
  });
  if (!config) throw new Error(`invalid order: ${JSON.stringify(errors)}`);
  return config;
}

const access = () => clusterAccessThroughKubernetesPlugin(backend.services());

async function stored(path: string) {
  const response = await kubeRequest(testCluster, 'GET', path);
  return response.status === 404 ? undefined : response.body;
}

describe('through the Kubernetes plugin proxy', () => {
  it('lists the clusters the Kubernetes plugin has, with their auth provider', async () => {
    expect(await access().listClusters()).toEqual([
      { name: 'admin', authProvider: 'serviceAccount' },
      { name: 'no-delete', authProvider: 'serviceAccount' },
    ]);
    await expect(access().getCluster('eks-prod')).rejects.toThrow(
      'Kubernetes cluster "eks-prod" is not configured in the Kubernetes plugin; known clusters: admin, no-delete',
    );
  });

  it('delivers server-side apply bodies (application/apply-patch+yaml) intact, NetworkPolicy `from` rules included', async () => {
    const cluster = await access().getCluster('admin');
    const counter = new KubernetesRequestCounter(testCluster.server);
    counter.listen();
    const config = order({
      networkPolicy: { enabled: true, allowedNamespaces: ['shop', 'web'] },
    });
    const result = await applyInstance({ cluster, config });
    counter.close();
    expect(result.objects.map(o => [o.ref, o.action])).toEqual(
      result.objects.map(o => [o.ref, 'create']),
    );
    const policy = await stored(
      `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/via-proxy-redis`,
    );
    const from = policy?.spec.ingress.flatMap(
      (rule: { from: { namespaceSelector?: unknown }[] }) => rule.from,
    );
    expect(from).toEqual(
      expect.arrayContaining([
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'shop' },
          },
        },
      ]),
    );
    // Every object went out as a server-side apply (a dry run, then the write), through the proxy.
    const patches = [...counter.requests]
      .filter(([key]) => key.startsWith('PATCH '))
      .reduce((total, [, count]) => total + count, 0);
    expect(patches).toBe(2 * result.objects.length + 1);
    const parent = await stored(
      `/api/v1/namespaces/${namespace}/configmaps/via-proxy-applyset`,
    );
    expect(
      JSON.parse(parent?.metadata.annotations[MEMBERS_ANNOTATION]),
    ).toEqual(
      expect.arrayContaining([
        `networking.k8s.io/v1|NetworkPolicy|${namespace}|via-proxy-redis`,
      ]),
    );
  });

  it('dry-runs a removal as a removal and writes nothing, then prunes it by the ApplySet record', async () => {
    const cluster = await access().getCluster('admin');
    const path = `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/via-proxy-redis`;
    const tolerated = order({
      networkPolicy: { enabled: true, allowedNamespaces: ['shop', 'web'] },
      tolerations: [
        {
          key: 'dedicated',
          operator: 'Equal',
          value: 'redis',
          effect: 'NoSchedule',
        },
      ],
    });
    await applyInstance({ cluster, config: tolerated });

    const without = order({ networkPolicy: { enabled: false } });
    const preview = await applyInstance({
      cluster,
      config: without,
      dryRun: true,
    });
    expect(preview.pruned).toEqual([
      `NetworkPolicy ${namespace}/via-proxy-redis`,
    ]);
    const redis = preview.objects.find(o => o.ref.startsWith('Redis '));
    expect(redis?.action).toBe('update');
    expect(redis?.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          op: 'remove',
          path: expect.stringMatching(
            /^\/spec\/kubernetesConfig\/tolerations|^\/spec\/tolerations/,
          ),
        }),
      ]),
    );
    expect(await stored(path)).toBeDefined();

    const applied = await applyInstance({ cluster, config: without });
    expect(applied.pruned).toEqual([
      `NetworkPolicy ${namespace}/via-proxy-redis`,
    ]);
    expect(await stored(path)).toBeUndefined();
  });

  it('names the verb the cluster credentials lack (403) when the prune deletes', async () => {
    const admin = await access().getCluster('admin');
    await applyInstance({
      cluster: admin,
      config: order({
        networkPolicy: { enabled: true, allowedNamespaces: ['shop'] },
      }),
    });
    const limited = await access().getCluster('no-delete');
    await expect(
      applyInstance({
        cluster: limited,
        config: order({ networkPolicy: { enabled: false } }),
      }),
    ).rejects.toThrow(
      /pruning stopped at NetworkPolicy .*may not delete networkpolicies\.networking\.k8s\.io/s,
    );
  });
});
