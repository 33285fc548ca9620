// The preflight of the objects an order names, and the FailedCreate diagnosis, against the real kube-apiserver.
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  authSecretRef,
  instanceLabels,
  renderManifests,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import { waitForReady } from '../apply/waitForReady';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  adminCluster,
  createNamespace,
  expectStatus,
  fullInstance,
  kubeRequest,
  readStored,
  START_TIMEOUT_MS,
  uniqueName,
  type Placement,
  type TestCluster,
} from './testEnvironment';

jest.setTimeout(60_000);

let testCluster: TestCluster;
let cluster: KubernetesCluster;
/** A StorageClass of this run, so the cases that are not about storage pass that check. */
let storageClassName: string;
/** Cluster-scoped objects this file created, deleted in afterAll: they outlive the test namespaces. */
const clusterScoped: string[] = [];

async function create(
  apiPath: string,
  object: Record<string, unknown> & {
    kind: string;
    metadata: { name: string; [field: string]: unknown };
  },
): Promise<Record<string, any>> {
  const response = expectStatus(
    await kubeRequest(testCluster, 'POST', apiPath, { body: object }),
    `create ${object.kind} ${object.metadata.name}`,
    201,
  );
  if (!apiPath.includes('/namespaces/'))
    clusterScoped.push(`${apiPath}/${object.metadata.name}`);
  return response.body;
}

const createPriorityClass = (name: string) =>
  create('/apis/scheduling.k8s.io/v1/priorityclasses', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value: 1_000_000,
  });

const createStorageClass = (name: string) =>
  create('/apis/storage.k8s.io/v1/storageclasses', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'ebs.csi.aws.com',
  });

const createServiceAccount = (namespace: string, name: string) =>
  create(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name },
  });

async function uniquePlacement(): Promise<Placement> {
  return {
    namespace: await createNamespace(testCluster, 'redis'),
    monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
  };
}

/** True when no object of the instance, the password Secret included, is stored. */
async function nothingStored(config: ResolvedInstance): Promise<boolean> {
  const secret = authSecretRef(config);
  const objects = [
    ...renderManifests(config),
    ...(secret
      ? [
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name: secret.name,
              namespace: config.flavour.namespace,
            },
          },
        ]
      : []),
  ];
  for (const object of objects) {
    if ((await readStored(testCluster, object)) !== undefined) return false;
  }
  return true;
}

beforeAll(async () => {
  ({ testCluster, cluster } = await adminCluster());
  storageClassName = uniqueName('gp3-encrypted');
  await createStorageClass(storageClassName);
}, START_TIMEOUT_MS);

afterAll(async () => {
  for (const apiPath of clusterScoped) {
    await kubeRequest(testCluster, 'DELETE', apiPath);
  }
});

describe('the preflight refuses an order naming an object the cluster lacks, in the dry run too, and writes nothing', () => {
  const cases = [
    {
      missing: 'PriorityClass',
      pointer: '/flavour/priorityClassName',
      order: (name: string) => ({
        priorityClassName: name,
        persistence: { enabled: true, storageClass: storageClassName },
      }),
      what: (name: string) =>
        `PriorityClass "${name}" does not exist on cluster "k8s-testenv", so the API server would refuse every pod of the instance; create the PriorityClass or remove the setting`,
      createIt: (name: string) => createPriorityClass(name),
    },
    {
      missing: 'StorageClass',
      pointer: '/flavour/persistence/storageClass',
      order: (name: string) => ({
        persistence: { enabled: true, storageClass: name },
      }),
      what: (name: string) =>
        `StorageClass "${name}" does not exist on cluster "k8s-testenv", so the volume claims would stay Pending and the pods unscheduled; create the StorageClass or name an existing one`,
      createIt: (name: string) => createStorageClass(name),
    },
    {
      missing: 'ServiceAccount',
      pointer: '/flavour/serviceAccount',
      order: (name: string) => ({
        serviceAccount: name,
        persistence: { enabled: true, storageClass: storageClassName },
      }),
      what: (name: string, namespace: string) =>
        `ServiceAccount "${name}" in namespace "${namespace}" does not exist on cluster "k8s-testenv", so the API server would refuse the Redis and backup pods (error looking up service account); create the ServiceAccount in that namespace or remove the setting`,
      createIt: (name: string, namespace: string) =>
        createServiceAccount(namespace, name),
    },
  ];

  it.each(cases)(
    'a missing $missing; once it exists the same apply succeeds',
    async ({ pointer, order, what, createIt }) => {
      const placement = await uniquePlacement();
      const name = uniqueName('redis-named');
      const config = fullInstance('sentinel', placement, order(name));

      for (const dryRun of [true, false]) {
        const attempt = applyInstance({ cluster, config, dryRun });
        await expect(attempt).rejects.toBeInstanceOf(InputError);
        await expect(attempt).rejects.toThrow(
          `The order names an object that cluster "k8s-testenv" does not have; nothing was applied:\n${pointer}: ${what(
            name,
            placement.namespace,
          )}`,
        );
      }
      expect(await nothingStored(config)).toBe(true);

      await createIt(name, placement.namespace);
      const result = await applyInstance({ cluster, config });

      expect(result.objects.every(o => o.action === 'create')).toBe(true);
      for (const object of renderManifests(config)) {
        expect(await readStored(testCluster, object)).toBeDefined();
      }
    },
  );

  it('reports every missing object at once, one line per setting', async () => {
    const placement = await uniquePlacement();
    const config = fullInstance('standalone', placement, {
      priorityClassName: uniqueName('redis-critical'),
      persistence: { enabled: true, storageClass: uniqueName('io2') },
      serviceAccount: 'redis-s3',
    });

    const error: Error = await applyInstance({
      cluster,
      config,
      dryRun: true,
    }).catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(
      error.message
        .split('\n')
        .slice(1)
        .map(line => line.split(':')[0]),
    ).toEqual([
      '/flavour/priorityClassName',
      '/flavour/persistence/storageClass',
      '/flavour/serviceAccount',
    ]);
    expect(await nothingStored(config)).toBe(true);
  });
});

describe('waiting on pods the API server refuses', () => {
  it('names the reason the statefulset controller reports in its FailedCreate events', async () => {
    const placement = await uniquePlacement();
    const { namespace } = placement;
    const config = fullInstance('standalone', placement, {
      persistence: { enabled: false },
    });
    const gone = uniqueName('redis-critical');
    // No operator or controllers run in the testenv: the StatefulSet is written as the operator
    // writes it (the custom resource's labels, a pod template naming a PriorityClass that is gone),
    // and the Event as the statefulset controller records it when the Priority admission plugin
    // refuses the pod.
    const statefulSet = await create(
      `/apis/apps/v1/namespaces/${namespace}/statefulsets`,
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: {
          name: config.name,
          labels: instanceLabels(config.name, namespace),
        },
        spec: {
          replicas: 1,
          serviceName: `${config.name}-headless`,
          selector: { matchLabels: { app: config.name } },
          template: {
            metadata: { labels: { app: config.name } },
            spec: {
              priorityClassName: gone,
              containers: [
                { name: config.name, image: 'quay.io/opstree/redis:v7.0.15' },
              ],
            },
          },
        },
      },
    );
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await create(`/api/v1/namespaces/${namespace}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${config.name}.${Date.now().toString(16)}` },
      involvedObject: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: config.name,
        namespace,
        uid: statefulSet.metadata.uid,
        resourceVersion: statefulSet.metadata.resourceVersion,
      },
      reason: 'FailedCreate',
      message: `create Pod ${config.name}-0 in StatefulSet ${config.name} failed error: pods "${config.name}-0" is forbidden: no PriorityClass with name ${gone} was found`,
      type: 'Warning',
      source: { component: 'statefulset-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 4,
    });

    const attempt = waitForReady(cluster, config, {
      timeoutMs: 1_000,
      pollIntervalMs: 200,
      operatorGraceMs: 60_000,
    });

    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow(
      `pods ready 0/1 (orders-cache 0/1). StatefulSet orders-cache cannot create its pods: pods "orders-cache-0" is forbidden: no PriorityClass with name ${gone} was found; create the PriorityClass (the controller retries on its own) or remove priorityClassName from the order and apply again`,
    );
  });
});
