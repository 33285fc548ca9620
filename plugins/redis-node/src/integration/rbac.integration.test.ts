// The least-privilege role of docs/rbac/ against the real RBAC authorizer, as a service-account token.
import { ConfigReader } from '@backstage/config';
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
import {
  clusterAccessFromConfig,
  type KubernetesCluster,
} from '../cluster/clusterAccess';
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
    rules: (role.rules ?? []).map(rule => ({
      apiGroups: rule.apiGroups,
      resources: rule.resources,
      verbs: rule.resources?.includes(without?.resource ?? '')
        ? rule.verbs.filter(verb => verb !== without?.verb)
        : rule.verbs,
    })),
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

/** A client for a new service account bound, as docs/rbac says, to the two roles in the two namespaces. */
async function portalAs(
  placement: Placement,
  instancesRole: V1ClusterRole,
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
  // The same config block make start's sandbox fragment uses.
  return clusterAccessFromConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: testCluster.server,
                authProvider: 'serviceAccount',
                serviceAccountToken: token,
                caData: testCluster.caData,
              },
            ],
          },
        ],
      },
    }),
  ).getCluster('local');
}

async function uniquePlacement(): Promise<Placement> {
  return {
    namespace: await createNamespace(testCluster, 'redis'),
    monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
  };
}

beforeAll(async () => {
  ({ testCluster } = await adminCluster());
}, START_TIMEOUT_MS);

describe('the documented least-privilege role', () => {
  let placement: Placement;
  let portal: KubernetesCluster;

  beforeAll(async () => {
    placement = await uniquePlacement();
    portal = await portalAs(
      placement,
      documentedRole('redis-portal-instances'),
    );
  });

  it('is enough to dry-run and apply every object of a sentinel instance', async () => {
    const config = fullInstance('sentinel', placement);

    await applyInstance({ cluster: portal, config, dryRun: true });
    await applyInstance({ cluster: portal, config });

    for (const object of renderManifests(config)) {
      expect(await readStored(testCluster, object)).toBeDefined();
    }
  });

  it('is enough to prune', async () => {
    const config = fullInstance('sentinel', placement, {
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
    const secret = authSecretRef(fullInstance('sentinel', placement))!;
    const stored = await portal.objects.read({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret.name, namespace },
    });
    expect(stored.metadata?.name).toBe(secret.name);
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
    await applyInstance({
      cluster: portal,
      config: fullInstance('standalone', placement),
    });

    const failure = applyInstance({
      cluster: portal,
      config: fullInstance('standalone', placement, {
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
    const config = fullInstance('standalone with replicas', placement);

    const failure = applyInstance({ cluster: portal, config });

    await expect(failure).rejects.toBeInstanceOf(NotAllowedError);
    await expect(failure).rejects.toThrow(
      `Forbidden: the credentials used for cluster "local" may not patch redisreplications.${OPERATOR_GROUP} (RedisReplication "orders-cache" in namespace "${placement.namespace}")`,
    );
    for (const object of renderManifests(config)) {
      expect(await readStored(testCluster, object)).toBeUndefined();
    }
  });
});
