// Prune and field-manager conflicts against the real kube-apiserver's server-side apply.
import { ConflictError } from '@backstage/errors';
import { REDIS_FIELD_MANAGER } from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  adminCluster,
  fullInstance,
  objectPath,
  readStored,
  type Placement,
  createNamespace,
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
  type TestCluster,
} from './testEnvironment';

jest.setTimeout(60_000);

const OTHER_MANAGER = 'kubectl-edit-by-hand';

let testCluster: TestCluster;
let cluster: KubernetesCluster;

async function uniquePlacement(): Promise<Placement> {
  return {
    namespace: await createNamespace(testCluster, 'redis'),
    monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
  };
}

beforeAll(async () => {
  ({ testCluster, cluster } = await adminCluster());
}, START_TIMEOUT_MS);

describe('prune', () => {
  it('deletes the NetworkPolicy once it is switched off, and a dry run only reports it', async () => {
    const placement = await uniquePlacement();
    const withPolicy = fullInstance('standalone', placement);
    const withoutPolicy = fullInstance('standalone', placement, {
      networkPolicy: { enabled: false },
    });
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'orders-cache-redis', namespace: placement.namespace },
    };
    await applyInstance({ cluster, config: withPolicy });
    expect(await readStored(testCluster, policy)).toBeDefined();

    const preview = await applyInstance({
      cluster,
      config: withoutPolicy,
      dryRun: true,
    });
    expect(preview.pruned).toEqual([
      `NetworkPolicy ${placement.namespace}/orders-cache-redis`,
    ]);
    expect(await readStored(testCluster, policy)).toBeDefined();

    const result = await applyInstance({ cluster, config: withoutPolicy });
    expect(result.pruned).toEqual([
      `NetworkPolicy ${placement.namespace}/orders-cache-redis`,
    ]);
    expect(await readStored(testCluster, policy)).toBeUndefined();
  });
});

describe('a second field manager', () => {
  let config: ReturnType<typeof fullInstance>;
  let replication: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string };
  };

  beforeAll(async () => {
    config = fullInstance('standalone with replicas', await uniquePlacement());
    await applyInstance({ cluster, config });
    replication = {
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'RedisReplication',
      metadata: { name: config.name, namespace: config.flavour.namespace },
    };
    // Someone scales the replication by hand with their own server-side apply, taking the field over.
    expectStatus(
      await kubeRequest(
        testCluster,
        'PATCH',
        `${objectPath(replication)}?fieldManager=${OTHER_MANAGER}&force=true`,
        {
          body: { ...replication, spec: { clusterSize: 5 } },
          contentType: 'application/apply-patch+yaml',
        },
      ),
      'apply clusterSize as a second field manager',
      200,
    );
  });

  it('makes the apply fail with a clear 409 naming the field and the other manager; nothing changes', async () => {
    const failure = applyInstance({ cluster, config });

    await expect(failure).rejects.toBeInstanceOf(ConflictError);
    await expect(failure).rejects.toThrow(
      `Conflict on RedisReplication "${config.name}" in namespace "${config.flavour.namespace}" on cluster "k8s-testenv"`,
    );
    await expect(failure).rejects.toThrow(/nothing was applied/);
    await expect(failure).rejects.toThrow(
      new RegExp(`conflict with "${OTHER_MANAGER}".*\\.spec\\.clusterSize`),
    );
    await expect(failure).rejects.toThrow(/re-run with force/);
    expect((await readStored(testCluster, replication))?.spec.clusterSize).toBe(
      5,
    );
  });

  it('is overridden with force, which takes the field back', async () => {
    await applyInstance({ cluster, config, force: true });

    const stored = await readStored(testCluster, replication);
    expect(stored?.spec.clusterSize).toBe(3);
    const owners = (stored?.metadata.managedFields ?? [])
      .filter((entry: any) =>
        JSON.stringify(entry.fieldsV1 ?? {}).includes('"f:clusterSize"'),
      )
      .map((entry: any) => entry.manager);
    expect(owners).toEqual([REDIS_FIELD_MANAGER]);
  });
});
