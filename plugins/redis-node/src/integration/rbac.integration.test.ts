// The least-privilege role of docs/rbac/ against the real RBAC authorizer, as a service-account token.
import { NotAllowedError } from '@backstage/errors';
import { loadAllYaml, type V1ClusterRole } from '@kubernetes/client-node';
import {
  authSecretRef,
  instanceLabelSelector,
  renderManifests,
} from '@odin/plugin-redis-common';
import fs from 'fs';
import path from 'path';
import { applyInstance } from '../apply/applyInstance';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import { clusterAccessFromTokens } from '../cluster/kubeconfigAccess';
import {
  adminCluster,
  fullInstance,
  readStored,
  type Placement,
  createNamespace,
  expectStatus,
  kubeRequest,
  serviceAccountToken,
  START_TIMEOUT_MS,
  uniqueName,
  waitUntilAllowed,
  type TestCluster,
} from './testEnvironment';

jest.setTimeout(60_000);

const RBAC_MANIFEST = path.resolve(
  __dirname,
  '../../../../docs/rbac/redis-portal-rbac.yaml',
);
const OPERATOR_GROUP = 'redis.redis.opstreelabs.in';

let testCluster: TestCluster;

/** The manifest's ClusterRole `name`, with `without` (resource → verb) taken out of its rules. */
function documentedRole(
  name: string,
  without?: { resource: string; verb: string },
): V1ClusterRole {
  const role = (
    loadAllYaml(fs.readFileSync(RBAC_MANIFEST, 'utf8')) as V1ClusterRole[]
  ).find(
    object => object.kind === 'ClusterRole' && object.metadata?.name === name,
  );
  if (!role) throw new Error(`${RBAC_MANIFEST} has no ClusterRole ${name}`);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    // A name per test run, so runs (and a reduced copy) never share a cluster-wide role.
    metadata: { name: uniqueName(name) },
    rules: (role.rules ?? [])
      .map(rule => ({
        apiGroups: rule.apiGroups,
        resources: rule.resources,
        verbs: rule.resources?.includes(without?.resource ?? '')
          ? rule.verbs.filter(verb => verb !== without?.verb)
          : rule.verbs,
      }))
      // A rule needs at least one verb; one left without any is dropped.
      .filter(rule => rule.verbs.length > 0),
  };
}

/** Creates a cluster-scoped or namespaced object as the admin; returns its name. */
async function createAsAdmin(
  apiPath: string,
  object: { kind: string; metadata: { name: string } },
): Promise<string> {
  expectStatus(
    await kubeRequest(testCluster, 'POST', apiPath, { body: object }),
    `create ${object.kind} ${object.metadata.name}`,
    201,
  );
  return object.metadata.name;
}

/** What the order names, for the preflight: a PriorityClass and StorageClass of this run. */
let named: { priorityClassName: string; storageClass: string };

/** Overrides naming the run's PriorityClass and StorageClass and a ServiceAccount of the namespace (created here). */
async function namingOverrides(placement: Placement) {
  await createAsAdmin(
    `/api/v1/namespaces/${placement.namespace}/serviceaccounts`,
    { kind: 'ServiceAccount', metadata: { name: 'redis-s3' } },
  );
  return {
    priorityClassName: named.priorityClassName,
    persistence: { enabled: true, storageClass: named.storageClass },
    serviceAccount: 'redis-s3',
  };
}

async function createClusterRole(role: V1ClusterRole): Promise<string> {
  expectStatus(
    await kubeRequest(
      testCluster,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      { body: role },
    ),
    `create ClusterRole ${role.metadata?.name}`,
    201,
  );
  return role.metadata!.name!;
}

/**
 * A client for a new service account bound, as docs/rbac says, to the two namespaced roles in the
 * two namespaces and to the preflight role cluster-wide.
 */
async function portalAs(
  placement: Placement,
  instancesRole: V1ClusterRole,
  preflightRole: V1ClusterRole = documentedRole('redis-portal-preflight'),
): Promise<KubernetesCluster> {
  const portalNamespace = await createNamespace(testCluster, 'backstage');
  const monitoringRole = documentedRole('redis-portal-monitoring');
  const token = await serviceAccountToken(
    testCluster,
    { namespace: portalNamespace, name: 'redis-portal' },
    [
      {
        roleKind: 'ClusterRole',
        roleName: await createClusterRole(instancesRole),
        namespace: placement.namespace,
      },
      {
        roleKind: 'ClusterRole',
        roleName: await createClusterRole(monitoringRole),
        namespace: placement.monitoringNamespace,
      },
      {
        roleKind: 'ClusterRole',
        roleName: await createClusterRole(preflightRole),
      },
    ],
    {
      verb: 'get',
      resource: 'configmaps',
      namespace: placement.namespace,
    },
  );
  await waitUntilAllowed(testCluster, token, {
    verb: 'list',
    group: 'monitoring.coreos.com',
    resource: 'servicemonitors',
    namespace: placement.monitoringNamespace,
  });
  // Every documented preflight role keeps this grant, so it shows the ClusterRoleBinding in force.
  await waitUntilAllowed(testCluster, token, {
    verb: 'get',
    group: 'storage.k8s.io',
    resource: 'storageclasses',
  });
  return clusterAccessFromTokens([
    {
      name: 'local',
      server: testCluster.server,
      token,
      caData: testCluster.caData,
    },
  ]).getCluster('local');
}

async function uniquePlacement(): Promise<Placement> {
  return {
    namespace: await createNamespace(testCluster, 'redis'),
    monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
  };
}

beforeAll(async () => {
  ({ testCluster } = await adminCluster());
  named = {
    priorityClassName: await createAsAdmin(
      '/apis/scheduling.k8s.io/v1/priorityclasses',
      {
        kind: 'PriorityClass',
        metadata: { name: uniqueName('redis-critical') },
        value: 1_000_000,
      } as { kind: string; metadata: { name: string } },
    ),
    storageClass: await createAsAdmin(
      '/apis/storage.k8s.io/v1/storageclasses',
      {
        kind: 'StorageClass',
        metadata: { name: uniqueName('gp3-encrypted') },
        provisioner: 'ebs.csi.aws.com',
      } as { kind: string; metadata: { name: string } },
    ),
  };
}, START_TIMEOUT_MS);

afterAll(async () => {
  // Cluster-scoped, so they outlive the test namespaces unless deleted.
  if (!named) return;
  await kubeRequest(
    testCluster,
    'DELETE',
    `/apis/scheduling.k8s.io/v1/priorityclasses/${named.priorityClassName}`,
  );
  await kubeRequest(
    testCluster,
    'DELETE',
    `/apis/storage.k8s.io/v1/storageclasses/${named.storageClass}`,
  );
});

describe('the documented least-privilege role', () => {
  let placement: Placement;
  let portal: KubernetesCluster;
  let naming: Record<string, unknown>;

  beforeAll(async () => {
    placement = await uniquePlacement();
    naming = await namingOverrides(placement);
    portal = await portalAs(
      placement,
      documentedRole('redis-portal-instances'),
    );
  });

  it('is enough to dry-run and apply every object of a sentinel instance, the preflight reads included', async () => {
    const config = fullInstance('sentinel', placement, naming);
    const progress: string[] = [];

    await applyInstance({
      cluster: portal,
      config,
      dryRun: true,
      onProgress: m => progress.push(m),
    });
    await applyInstance({ cluster: portal, config });

    expect(progress).toContain(
      `Found what the order names on cluster local: PriorityClass "${named.priorityClassName}", StorageClass "${named.storageClass}", ServiceAccount "redis-s3" in namespace "${placement.namespace}"`,
    );
    for (const object of renderManifests(config)) {
      expect(await readStored(testCluster, object)).toBeDefined();
    }
  });

  it('is enough to prune', async () => {
    const config = fullInstance('sentinel', placement, {
      ...naming,
      networkPolicy: { enabled: false },
      metrics: {
        enabled: true,
        serviceMonitor: {
          enabled: false,
          namespace: placement.monitoringNamespace,
        },
      },
    });

    const result = await applyInstance({ cluster: portal, config });

    expect(result.pruned.sort()).toEqual(
      [
        `NetworkPolicy ${placement.namespace}/orders-cache-redis`,
        `PrometheusRule ${placement.monitoringNamespace}/${placement.namespace}.orders-cache`,
        `ServiceMonitor ${placement.monitoringNamespace}/${placement.namespace}.orders-cache`,
      ].sort(),
    );
  });

  it('is enough for the status reads', async () => {
    const namespace = placement.namespace;
    const kinds = [
      { apiVersion: `${OPERATOR_GROUP}/v1beta2`, kind: 'RedisReplication' },
      { apiVersion: `${OPERATOR_GROUP}/v1beta2`, kind: 'RedisSentinel' },
      { apiVersion: `${OPERATOR_GROUP}/v1beta2`, kind: 'RedisCluster' },
      { apiVersion: `${OPERATOR_GROUP}/v1beta2`, kind: 'Redis' },
      { apiVersion: 'apps/v1', kind: 'StatefulSet' },
      { apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'v1', kind: 'Service' },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
      { apiVersion: 'v1', kind: 'Event' },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
      { apiVersion: 'batch/v1', kind: 'CronJob' },
      { apiVersion: 'batch/v1', kind: 'Job' },
    ];
    const found = await Promise.all(
      kinds.map(async ({ apiVersion, kind }) => ({
        kind,
        count: (
          await portal.list({
            apiVersion,
            kind,
            namespace,
            labelSelector: instanceLabelSelector({
              name: 'orders-cache',
              namespace,
            }),
          })
        ).length,
      })),
    );
    expect(
      found
        .filter(({ count }) => count > 0)
        .map(({ kind }) => kind)
        .sort(),
    ).toEqual(['CronJob', 'RedisReplication', 'RedisSentinel']);
    // The wait's read of the statefulset controller's refusals.
    expect(
      await portal.list({
        apiVersion: 'v1',
        kind: 'Event',
        namespace,
        fieldSelector: 'involvedObject.kind=StatefulSet,reason=FailedCreate',
      }),
    ).toEqual([]);
    const secret = authSecretRef(fullInstance('sentinel', placement))!;
    const stored = await portal.get({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret.name, namespace },
    });
    expect(stored?.metadata?.name).toBe(secret.name);
  });
});

describe('a role missing one verb', () => {
  it('fails the prune with a 403 naming the verb and the resource', async () => {
    const placement = await uniquePlacement();
    const portal = await portalAs(
      placement,
      documentedRole('redis-portal-instances', {
        resource: 'networkpolicies',
        verb: 'delete',
      }),
    );
    const storage = {
      persistence: { enabled: true, storageClass: named.storageClass },
    };
    await applyInstance({
      cluster: portal,
      config: fullInstance('standalone', placement, storage),
    });

    const failure = applyInstance({
      cluster: portal,
      config: fullInstance('standalone', placement, {
        ...storage,
        networkPolicy: { enabled: false },
      }),
    });

    await expect(failure).rejects.toBeInstanceOf(NotAllowedError);
    await expect(failure).rejects.toThrow(
      `Forbidden: the credentials used for cluster "local" may not delete networkpolicies.networking.k8s.io (NetworkPolicy "orders-cache-redis" in namespace "${placement.namespace}"); grant it as in docs/rbac/redis-portal-rbac.yaml`,
    );
    expect(
      await readStored(testCluster, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'orders-cache-redis',
          namespace: placement.namespace,
        },
      }),
    ).toBeDefined();
  });

  it('fails the dry run with a 403 naming the verb and the resource, and applies nothing', async () => {
    const placement = await uniquePlacement();
    const portal = await portalAs(
      placement,
      documentedRole('redis-portal-instances', {
        resource: 'redisreplications',
        verb: 'patch',
      }),
    );
    const config = fullInstance('standalone with replicas', placement, {
      persistence: { enabled: true, storageClass: named.storageClass },
    });

    const failure = applyInstance({ cluster: portal, config });

    await expect(failure).rejects.toBeInstanceOf(NotAllowedError);
    await expect(failure).rejects.toThrow(
      `Forbidden: the credentials used for cluster "local" may not patch redisreplications.${OPERATOR_GROUP} (RedisReplication "orders-cache" in namespace "${placement.namespace}")`,
    );
    for (const object of renderManifests(config)) {
      expect(await readStored(testCluster, object)).toBeUndefined();
    }
  });

  it.each([
    {
      role: 'redis-portal-preflight',
      without: { resource: 'priorityclasses', verb: 'get' },
      pointer: '/flavour/priorityClassName',
      denied: () =>
        `may not get priorityclasses.scheduling.k8s.io (PriorityClass "${named.priorityClassName}")`,
    },
    {
      role: 'redis-portal-instances',
      without: { resource: 'serviceaccounts', verb: 'get' },
      pointer: '/flavour/serviceAccount',
      denied: (placement: Placement) =>
        `may not get serviceaccounts (ServiceAccount "redis-s3" in namespace "${placement.namespace}")`,
    },
  ])(
    'fails the preflight of dry run and apply without $without.verb on $without.resource, naming the grant, and applies nothing',
    async ({ role, without, pointer, denied }) => {
      const placement = await uniquePlacement();
      const naming = await namingOverrides(placement);
      const portal = await portalAs(
        placement,
        documentedRole(
          'redis-portal-instances',
          role === 'redis-portal-instances' ? without : undefined,
        ),
        documentedRole(
          'redis-portal-preflight',
          role === 'redis-portal-preflight' ? without : undefined,
        ),
      );
      const config = fullInstance('standalone', placement, naming);

      for (const dryRun of [true, false]) {
        const failure = applyInstance({ cluster: portal, config, dryRun });
        await expect(failure).rejects.toBeInstanceOf(NotAllowedError);
        await expect(failure).rejects.toThrow(
          `${pointer}: could not check that`,
        );
        await expect(failure).rejects.toThrow(
          `Forbidden: the credentials used for cluster "local" ${denied(
            placement,
          )}; grant it as in docs/rbac/redis-portal-rbac.yaml`,
        );
      }
      for (const object of renderManifests(config)) {
        expect(await readStored(testCluster, object)).toBeUndefined();
      }
      const secret = authSecretRef(config)!;
      expect(
        await readStored(testCluster, {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: secret.name, namespace: placement.namespace },
        }),
      ).toBeUndefined();
    },
  );
});
