// A sentinel order with the spec's zero-trust network policy, applied to the k8s-testenv API server and run by the
// sandbox. There is no CNI to enforce the stored NetworkPolicy, so its intent is evaluated: the portal's pod must
// reach every pod the status probe connects to, on the port it connects to, and a pod elsewhere none of them.
import { withPortalAccess } from '@odin/plugin-redis-common';
import {
  ingressAllowed,
  type IngressSource,
  type NetworkPolicyLike,
} from '@internal/redis-test-utils';
import { clusterAccessFromKubeconfig } from '@odin/plugin-redis-node';
import {
  applyOrder,
  orderIn,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
} from './__testUtils__/realKubernetes';
import { KubernetesReader } from './services/KubernetesReader/KubernetesReader';
import { summarizeKubernetes } from './services/KubernetesReader/summarizeKubernetes';

const INSTANCE = 'guarded';
const PORTAL_LABELS = {
  'app.kubernetes.io/name': 'backstage',
  'app.kubernetes.io/component': 'backend',
};

let live: LiveNamespace;
/** The namespaces of the portal, of an allowed client, and of a stranger. */
let namespaces: { portal: string; client: string; elsewhere: string };
let policies: NetworkPolicyLike[];
/** Every pod the status probe connects to, as stored, with the port it connects to. */
let probed: { pod: any; port: number }[];

jest.setTimeout(60_000);

const get = async (path: string) =>
  expectStatus(await kubeRequest(live.testCluster, 'GET', path), path, 200)
    .body;

/** A pod created in the API server (nothing runs it), with the namespace as the API server stores it. */
async function clientPod(
  namespace: string,
  labels: Record<string, string> = {},
): Promise<IngressSource> {
  const pod = expectStatus(
    await kubeRequest(
      live.testCluster,
      'POST',
      `/api/v1/namespaces/${namespace}/pods`,
      {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { generateName: 'client-', labels },
          spec: { containers: [{ name: 'client', image: 'busybox:1.36' }] },
        },
      },
    ),
    `create a pod in ${namespace}`,
    201,
  ).body;
  return { pod, namespace: await get(`/api/v1/namespaces/${namespace}`) };
}

beforeAll(async () => {
  live = await startLiveNamespace('redis-netpol');
  namespaces = {
    portal: await createNamespace(live.testCluster, 'portal'),
    client: await createNamespace(live.testCluster, 'client'),
    elsewhere: await createNamespace(live.testCluster, 'elsewhere'),
  };
  // As redis:apply does it: the order names no portal, so the portal's configuration fills it in.
  const order = withPortalAccess(
    {
      name: INSTANCE,
      flavour: {
        deploymentMode: 'sentinel',
        replica: { count: 1 },
        sentinel: { enabled: true },
        networkPolicy: {
          enabled: true,
          allowedNamespaces: [namespaces.client],
        },
      },
    },
    { namespace: namespaces.portal, podLabels: PORTAL_LABELS },
  );
  await applyOrder(live, orderIn(live, order));

  policies = (
    await get(
      `/apis/networking.k8s.io/v1/namespaces/${live.namespace}/networkpolicies`,
    )
  ).items;
  const reader = new KubernetesReader(
    clusterAccessFromKubeconfig({ path: live.testCluster.kubeconfigPath }),
    5000,
  );
  const snapshot = await reader.readInstance({
    cluster: live.cluster.name,
    namespace: live.namespace,
    name: INSTANCE,
  });
  const { plan } = summarizeKubernetes(snapshot, INSTANCE);
  const pods = await storedPods(live);
  probed = [...plan.dataNodes, ...plan.sentinels].map(target => ({
    pod: pods[target.pod],
    port: target.port,
  }));
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

/** Which probed pods the source may reach, by pod name. */
const reachable = (source: IngressSource) =>
  Object.fromEntries(
    probed.map(({ pod, port }) => [
      pod.metadata.name,
      ingressAllowed(policies, source, pod, port),
    ]),
  );
const everyProbedPod = (allowed: boolean) =>
  Object.fromEntries(probed.map(({ pod }) => [pod.metadata.name, allowed]));

describe('the network policy of a sentinel instance the portal applied', () => {
  it('is stored, and the probe connects to every Redis and Sentinel pod of the instance', () => {
    expect(policies.map(policy => policy.metadata.name)).toEqual([
      `${INSTANCE}-redis`,
    ]);
    expect(
      probed.map(({ pod, port }) => `${pod.metadata.name}:${port}`).sort(),
    ).toEqual([
      `${INSTANCE}-0:6379`,
      `${INSTANCE}-1:6379`,
      `${INSTANCE}-sentinel-0:26379`,
      `${INSTANCE}-sentinel-1:26379`,
      `${INSTANCE}-sentinel-2:26379`,
    ]);
  });

  it("lets the portal's pod reach every probed pod on the probed port", async () => {
    const portal = await clientPod(namespaces.portal, PORTAL_LABELS);
    expect(portal.namespace.metadata.labels).toMatchObject({
      'kubernetes.io/metadata.name': namespaces.portal,
    });
    expect(reachable(portal)).toEqual(everyProbedPod(true));
  });

  it("shuts out the portal's labels in another namespace, and other pods of the portal's namespace", async () => {
    expect(
      reachable(await clientPod(namespaces.elsewhere, PORTAL_LABELS)),
    ).toEqual(everyProbedPod(false));
    expect(
      reachable(
        await clientPod(namespaces.portal, {
          'app.kubernetes.io/name': 'backstage',
        }),
      ),
    ).toEqual(everyProbedPod(false));
  });

  it('still admits any pod of an allowed namespace', async () => {
    expect(reachable(await clientPod(namespaces.client))).toEqual(
      everyProbedPod(true),
    );
  });
});
