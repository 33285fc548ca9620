// What you order is what runs: the operator's Update of its custom resources must not take over our fields.
import {
  OPERATOR_API_VERSION,
  REDIS_FIELD_MANAGER,
  canonicalQuantity,
  renderManifests,
} from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  MODES,
  START_TIMEOUT_MS,
  adminCluster,
  createNamespace,
  expectStatus,
  fullInstance,
  kubeRequest,
  objectPath,
  readStored,
  type ModeName,
  type TestCluster,
} from './testEnvironment';

jest.setTimeout(120_000);

/** The field manager the Opstree operator's Update writes under. */
const OPERATOR_MANAGER = 'operator';

let testCluster: TestCluster;
let cluster: KubernetesCluster;
let scratchNamespace: string;

beforeAll(async () => {
  ({ testCluster, cluster } = await adminCluster());
  scratchNamespace = await createNamespace(testCluster, 'quantities');
}, START_TIMEOUT_MS);

/**
 * The API server's own canonical text of each quantity: a dry-run PodTemplate whose containers carry
 * them as CPU limits comes back with every quantity as apimachinery's resource.Quantity writes it.
 * Core resources are also rounded up to millis there, which custom resources are not, so callers
 * pass quantities of milli precision or coarser.
 */
async function serverCanonical(quantities: string[]): Promise<string[]> {
  const response = expectStatus(
    await kubeRequest(
      testCluster,
      'POST',
      `/api/v1/namespaces/${scratchNamespace}/podtemplates?dryRun=All`,
      {
        body: {
          apiVersion: 'v1',
          kind: 'PodTemplate',
          metadata: { name: 'quantities' },
          template: {
            spec: {
              containers: quantities.map((quantity, index) => ({
                name: `c${index}`,
                image: 'redis',
                resources: { limits: { cpu: quantity } },
              })),
            },
          },
        },
      },
    ),
    'dry-run PodTemplate',
    201,
  );
  return response.body.template.spec.containers.map(
    (container: any) => container.resources.limits.cpu,
  );
}

/** Rewrites every resource quantity under `node` to the server's canonical form, as the operator's decode and encode does. */
async function canonicalizeLikeTheOperator(node: any): Promise<void> {
  const slots: { holder: Record<string, string>; key: string }[] = [];
  const visit = (value: any, key?: string) => {
    if (typeof value !== 'object' || value === null) return;
    if (key === 'requests' || key === 'limits') {
      for (const name of Object.keys(value))
        slots.push({ holder: value, key: name });
      return;
    }
    for (const [childKey, child] of Object.entries(value))
      visit(child, childKey);
  };
  visit(node);
  const canonical = await serverCanonical(
    slots.map(({ holder, key }) => String(holder[key])),
  );
  slots.forEach(({ holder, key }, index) => {
    holder[key] = canonical[index];
  });
}

/** The operator's first reconcile: a full Update adding its finalizer, with the quantities re-encoded. */
async function operatorUpdate(resource: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
}): Promise<void> {
  const stored = await readStored(testCluster, resource);
  if (!stored)
    throw new Error(`${resource.kind} ${resource.metadata.name} is missing`);
  delete stored.metadata.managedFields;
  stored.metadata.finalizers = [`${resource.kind.toLowerCase()}Finalizer`];
  // The operator's Go types also write out the empty objects they hold.
  if (stored.spec.storage) {
    stored.spec.storage.volumeClaimTemplate.metadata = {};
    stored.spec.storage.volumeClaimTemplate.status = {};
    stored.spec.storage.volumeMount = {};
  }
  await canonicalizeLikeTheOperator(stored.spec);
  expectStatus(
    await kubeRequest(
      testCluster,
      'PUT',
      `${objectPath(resource)}?fieldManager=${OPERATOR_MANAGER}`,
      { body: stored },
    ),
    `Update of ${resource.kind} as the operator`,
    200,
  );
}

/** The order's resources written as people do: millicores and MiB where the API server writes cores and GiB. */
const UNCANONICAL_RESOURCES = {
  requests: { cpu: '1000m', memory: '1024Mi' },
  limits: { cpu: '2000m', memory: '2048Mi' },
};

function uncanonicalOrder(mode: ModeName, namespace: string) {
  const sentinel = 'sentinel' in MODES[mode];
  return fullInstance(
    mode,
    { namespace, monitoringNamespace: namespace },
    {
      master: { resources: UNCANONICAL_RESOURCES },
      replica: {
        ...(mode === 'cluster' ? {} : { count: 2 }),
        resources: UNCANONICAL_RESOURCES,
      },
      ...(sentinel
        ? {
            sentinel: {
              enabled: true,
              resources: {
                requests: { cpu: '0.1', memory: '0.125Gi' },
                limits: { cpu: '0.2', memory: '0.25Gi' },
              },
            },
          }
        : {}),
      persistence: { enabled: true, size: '10240Mi' },
    },
  );
}

describe('the canonical quantity', () => {
  it('is the text the real API server stores, for quantities in every notation', async () => {
    const notations = [
      (n: number) => `${n}m`,
      (n: number) => `${n / 1000}`,
      (n: number) => `${n}e-3`,
      (n: number) => `${n}Mi`,
      (n: number) => `${n / 4}Gi`,
      (n: number) => `${n * 3}Ki`,
      (n: number) => `${n * 1000}`,
      (n: number) => `${n}k`,
      (n: number) => `${n}M`,
      (n: number) => `${n}e3`,
      (n: number) => `${n}.25`,
      (n: number) => `${n * 1_000_000}n`,
    ];
    // A fixed pseudo-random sequence, so a failure reproduces.
    let seed = 20261201;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const edgeCases = [
      ...['0', '05', '.125', '0.5', '1.25', '1.500', '5.601', '5.601k'],
      ...['1000', '1024', '1e3', '10e3', '1.5e3', '1000m', '2000m'],
      ...['0.5Ki', '3Ki', '0005Ki', '2048Ki', '1024Mi', '1.5Gi', '1.1Gi'],
    ];
    const quantities = [
      ...edgeCases,
      ...Array.from({ length: 400 }, (_, index) => {
        const magnitude = [1, 10, 100, 1000, 1024, 4096][next() % 6];
        const amount = 1 + (next() % 64) * magnitude;
        return notations[index % notations.length](amount);
      }),
    ];
    const expected = await serverCanonical(quantities);

    expect(quantities.map(q => [q, canonicalQuantity(q)])).toEqual(
      quantities.map((q, index) => [q, expected[index]]),
    );
  });
});

describe.each(Object.keys(MODES) as ModeName[])(
  'a re-apply after the operator has reconciled %s',
  mode => {
    it('succeeds without force and finds everything unchanged', async () => {
      const namespace = await createNamespace(testCluster, 'redis');
      const config = uncanonicalOrder(mode, namespace);
      await applyInstance({ cluster, config });
      const resources = renderManifests(config).filter(
        object => object.apiVersion === OPERATOR_API_VERSION,
      );
      for (const resource of resources) await operatorUpdate(resource);

      const result = await applyInstance({ cluster, config });

      expect(result.objects.map(o => [o.ref, o.action, o.changes])).toEqual(
        result.objects.map(o => [o.ref, 'unchanged', []]),
      );
      for (const resource of resources) {
        const stored = await readStored(testCluster, resource);
        // The Update took no field from us: the operator owns its finalizer and the empty objects it added.
        const operatorFields = JSON.stringify(
          stored?.metadata.managedFields.find(
            (entry: any) => entry.manager === OPERATOR_MANAGER,
          )?.fieldsV1,
        );
        expect(operatorFields).toContain('"f:finalizers"');
        expect(operatorFields).not.toContain('"f:resources"');
        expect(
          stored?.metadata.managedFields.some(
            (entry: any) => entry.manager === REDIS_FIELD_MANAGER,
          ),
        ).toBe(true);
      }
    });
  },
);

describe('the same re-apply with the quantities as ordered (what was rendered before)', () => {
  it('is refused with a conflict on the quantities the operator rewrote', async () => {
    const namespace = await createNamespace(testCluster, 'redis');
    const config = uncanonicalOrder('standalone', namespace);
    const [resource] = renderManifests(config).filter(
      object => object.apiVersion === OPERATOR_API_VERSION,
    );
    const asOrdered = {
      ...resource,
      spec: {
        ...(resource.spec as Record<string, unknown>),
        kubernetesConfig: {
          ...((resource.spec as any).kubernetesConfig as object),
          resources: UNCANONICAL_RESOURCES,
        },
      },
    };
    const applyAsOrdered = () =>
      kubeRequest(
        testCluster,
        'PATCH',
        `${objectPath(resource)}?fieldManager=${REDIS_FIELD_MANAGER}`,
        { body: asOrdered, contentType: 'application/apply-patch+yaml' },
      );
    expectStatus(await applyAsOrdered(), 'first apply', 201, 200);
    await operatorUpdate(resource);

    const reapply = await applyAsOrdered();

    expect(reapply.status).toBe(409);
    expect(reapply.body.message).toMatch(
      new RegExp(`conflicts? with "${OPERATOR_MANAGER}"`),
    );
    expect(reapply.body.message).toContain(
      '.spec.kubernetesConfig.resources.limits.cpu',
    );
  });
});
