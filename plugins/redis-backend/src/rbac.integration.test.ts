// The roles of docs/rbac against the real RBAC authorizer: the portal's real requests (apply, dry run, prune,
// wait, the status reader, the entity provider, the day-2 operations' lock and records) pass under them, and each fails without any one of their grants.
import { mockServices } from '@backstage/backend-test-utils';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { RedisInstanceEntityProvider } from '@odin/plugin-catalog-backend-module-redis';
import {
  OPERATOR_API_VERSION,
  REDIS_INSTANCE_ANNOTATION,
  authSecretRef,
  instanceLabels,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import {
  acquireOperationLock,
  applyInstance,
  clusterAccessFromTokens,
  expectedStatefulSets,
  newOperationId,
  operationLeaseName,
  readOperationHistory,
  recordOperation,
  waitForReady,
  type ClusterAccess,
  type KubernetesCluster,
} from '@odin/plugin-redis-node';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  createNamespace,
  expectStatus,
  kubeRequest,
  serviceAccountToken,
  startTestCluster,
  START_TIMEOUT_MS,
  uniqueName,
  waitUntilAllowed,
  type RoleGrant,
  type TestCluster,
} from './__testUtils__/realKubernetes';
import { KubernetesReader } from './services/KubernetesReader/KubernetesReader';
import { summarizeKubernetes } from './services/KubernetesReader/summarizeKubernetes';
import { MODES } from '@internal/redis-test-utils';

jest.setTimeout(60_000);

const RBAC_DIR = path.resolve(__dirname, '../../../docs/rbac');
const ZONE = 'eu-west-1a';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** A documented binding: a RoleBinding in a documented namespace (`redis`, `monitoring`), or cluster-wide. */
interface Binding {
  role: string;
  namespace?: string;
}

interface Manifest {
  roles: Map<string, Rule[]>;
  bindings: Binding[];
}

/** One verb on one resource, as one documented role grants it. */
interface Grant {
  role: string;
  apiGroup: string;
  resource: string;
  verb: string;
}

function readManifest(file: string): Manifest {
  const objects = parseAllDocuments(
    fs.readFileSync(path.join(RBAC_DIR, file), 'utf8'),
  ).map(document => document.toJS());
  return {
    roles: new Map(
      objects
        .filter(object => object.kind === 'ClusterRole')
        .map(object => [object.metadata.name, object.rules]),
    ),
    bindings: objects
      .filter(object => object.kind.endsWith('RoleBinding'))
      .map(object => ({
        role: object.roleRef.name,
        namespace: object.metadata.namespace,
      })),
  };
}

const PORTAL = readManifest('redis-portal-rbac.yaml');
const CREATING_NAMESPACES = readManifest('redis-portal-namespaces.yaml');
/** Bound cluster-wide, its `list` also covers the namespaced lists of the instance kinds. */
const DISCOVERY_ROLE = 'redis-portal-discovery';

function grantsOf(manifest: Manifest): Grant[] {
  return [...manifest.roles].flatMap(([role, rules]) =>
    rules.flatMap(rule =>
      rule.apiGroups.flatMap(apiGroup =>
        rule.resources.flatMap(resource =>
          rule.verbs.map(verb => ({ role, apiGroup, resource, verb })),
        ),
      ),
    ),
  );
}

/** The role's rules, one per resource, with `removed` taken out. */
function rulesWithout(role: string, rules: Rule[], removed?: Grant): Rule[] {
  return rules
    .flatMap(rule =>
      rule.apiGroups.flatMap(apiGroup =>
        rule.resources.map(resource => ({
          apiGroups: [apiGroup],
          resources: [resource],
          verbs: rule.verbs.filter(
            verb =>
              removed?.role !== role ||
              removed.apiGroup !== apiGroup ||
              removed.resource !== resource ||
              removed.verb !== verb,
          ),
        })),
      ),
    )
    .filter(rule => rule.verbs.length > 0);
}

let testCluster: TestCluster;
/** What every run shares: its namespaces, and what its orders name (created as the admin). */
let placement: {
  namespace: string;
  monitoringNamespace: string;
  portalNamespace: string;
  priorityClassName: string;
  storageClass: string;
  serviceAccount: string;
  node: string;
};
const clusterRoles: string[] = [];

async function createAsAdmin(apiPath: string, object: object): Promise<void> {
  expectStatus(
    await kubeRequest(testCluster, 'POST', apiPath, { body: object }),
    `POST ${apiPath}`,
    201,
  );
}

/**
 * The portal as a new service account bound as `manifests` bind their roles (the documented namespaces
 * `redis` and `monitoring` become the run's), with `removed` taken out of its role.
 */
async function portalAs(
  manifests: Manifest[],
  options: { removed?: Grant; discovery: boolean },
): Promise<ClusterAccess> {
  const namespaces: Record<string, string> = {
    redis: placement.namespace,
    monitoring: placement.monitoringNamespace,
  };
  const grants: (RoleGrant & { rules: Rule[] })[] = [];
  for (const manifest of manifests) {
    for (const binding of manifest.bindings) {
      if (binding.role === DISCOVERY_ROLE && !options.discovery) continue;
      // The optional file binds redis-portal-instances of the main one once more.
      const documented =
        manifest.roles.get(binding.role) ?? PORTAL.roles.get(binding.role);
      if (!documented) throw new Error(`no ClusterRole ${binding.role}`);
      const rules = rulesWithout(binding.role, documented, options.removed);
      // A name per run, so a reduced copy never changes the role of another.
      const roleName = uniqueName(binding.role);
      await createAsAdmin('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: roleName },
        rules,
      });
      clusterRoles.push(roleName);
      const namespace = binding.namespace && namespaces[binding.namespace];
      if (binding.namespace && !namespace)
        throw new Error(`no test namespace for ${binding.namespace}`);
      grants.push({ roleKind: 'ClusterRole', roleName, namespace, rules });
    }
  }
  const token = await serviceAccountToken(
    testCluster,
    { namespace: placement.portalNamespace, name: uniqueName('redis-portal') },
    grants,
  );
  // Each binding reaches the authorizer on its own: wait until each allows the first verb it grants.
  for (const { rules, namespace } of grants) {
    if (rules.length === 0) continue;
    await waitUntilAllowed(testCluster, token, {
      verb: rules[0].verbs[0],
      group: rules[0].apiGroups[0],
      resource: rules[0].resources[0],
      namespace,
    });
  }
  return clusterAccessFromTokens([
    {
      name: 'local',
      server: testCluster.server,
      token,
      caData: testCluster.caData,
    },
  ]);
}

function validated(document: Parameters<typeof validateInstance>[0]) {
  const result = validateInstance(document);
  if (!result.config)
    throw new Error(`invalid order: ${JSON.stringify(result.errors)}`);
  return result.config;
}

/** An order of the run's namespace in `mode` naming a PriorityClass, StorageClass and ServiceAccount. */
function order(
  name: string,
  mode: keyof typeof MODES,
  extra: Record<string, unknown> = {},
): ResolvedInstance {
  return validated({
    name,
    root: { clusterModeEnabled: mode === 'cluster' },
    flavour: {
      ...MODES[mode],
      namespace: placement.namespace,
      priorityClassName: placement.priorityClassName,
      persistence: { enabled: true, storageClass: placement.storageClass },
      serviceAccount: placement.serviceAccount,
      ...extra,
    },
  });
}

/** The instance's first StatefulSet as the operator makes it, and one pod of it, Pending on the run's Node. */
async function storeWorkload(config: ResolvedInstance): Promise<string> {
  const { namespace } = config.flavour;
  const labels = instanceLabels(config.name, namespace);
  const [statefulSet] = expectedStatefulSets(config);
  const pod = { containers: [{ name: 'redis', image: 'redis:7.2' }] };
  await createAsAdmin(`/apis/apps/v1/namespaces/${namespace}/statefulsets`, {
    metadata: { name: statefulSet.name, labels },
    spec: {
      replicas: statefulSet.replicas,
      serviceName: statefulSet.name,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: pod },
    },
  });
  const podName = `${statefulSet.name}-0`;
  await createAsAdmin(`/api/v1/namespaces/${namespace}/pods`, {
    metadata: { name: podName, labels },
    spec: { ...pod, nodeName: placement.node },
  });
  return podName;
}

/** Refreshes the real entity provider over `portal` once; throws with its warnings unless it registered `instance`. */
async function expectRegistered(
  portal: ClusterAccess,
  instance: string,
  namespaces?: string[],
): Promise<void> {
  const logger = mockServices.logger.mock();
  const mutations: EntityProviderMutation[] = [];
  const provider = new RedisInstanceEntityProvider({
    clusters: portal,
    taskRunner: { run: async () => {} },
    logger,
    defaultOwner: 'group:default/platform',
    namespaces,
  });
  await provider.connect({
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  });
  // Queued behind the refresh that connect starts.
  await provider.refresh();
  const last = mutations[mutations.length - 1];
  const registered =
    last?.type === 'full' &&
    last.entities.some(
      ({ entity }) =>
        entity.metadata.annotations?.[REDIS_INSTANCE_ANNOTATION] === instance,
    );
  if (!registered) {
    throw new Error(
      `The entity provider did not register ${instance}: ${logger.warn.mock.calls
        .map(([message]) => message)
        .join('; ')}`,
    );
  }
}

/**
 * The shared core of the day-2 operations on `name`: its lock taken over from a holder whose Lease expired
 * (planted as the admin), two runs recorded (Event and history ConfigMap), the history read, the lock released.
 */
async function operationRun(cluster: KubernetesCluster, name: string) {
  const { namespace } = placement;
  const longAgo = new Date(Date.now() - 3_600_000).toISOString();
  await createAsAdmin(
    `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`,
    {
      metadata: {
        name: operationLeaseName(name),
        annotations: { 'odin.dev/operation': 'resize' },
      },
      spec: {
        holderIdentity: 'user:default/gone',
        leaseDurationSeconds: 60,
        renewTime: longAgo.replace('Z', '000Z'),
      },
    },
  );
  const instance = { namespace, name };
  const lock = await acquireOperationLock(cluster, {
    instance,
    holder: 'user:default/alice',
    operation: 'test-failover',
    timeoutMs: 60_000,
  });
  for (const outcome of ['refused', 'succeeded'] as const) {
    const now = new Date().toISOString();
    await recordOperation(cluster, {
      instance,
      involvedObject: {
        apiVersion: OPERATOR_API_VERSION,
        kind: 'RedisReplication',
        name,
      },
      record: {
        id: newOperationId(),
        operation: 'test-failover',
        requester: 'user:default/alice',
        startedAt: now,
        finishedAt: now,
        outcome,
        message: 'recorded by the RBAC test',
      },
    });
  }
  const history = await readOperationHistory(cluster, instance);
  await lock.release();
  return { takenOver: lock.takenOver?.holder, history };
}

/**
 * The calls of the day-2 operations beyond the lock and the history: the PodDisruptionBudget a resize
 * requires, a pod read and deleted (rotation and resize restart pods), a Secret replaced (rotation's new
 * password) and deleted (delete takes the generated one), and a backup Job created and read (the final
 * backup). `pod` goes; the Secret is one of the test's own, so the order's password stays for the checks.
 */
async function dayTwoRun(
  cluster: KubernetesCluster,
  name: string,
  pod: string,
) {
  const { namespace } = placement;
  const fieldManager = 'redis-portal-rbac-test';
  const budget = await cluster.get({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { namespace, name: `${name}-replication` },
  });
  const podIdentity = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name: pod },
  };
  const storedPod = await cluster.get(podIdentity);
  if (!storedPod) throw new Error(`pod ${pod} was not found`);
  const podDeleted = await cluster.delete(podIdentity);
  const secretName = `${name}-rbac-scratch`;
  await createAsAdmin(`/api/v1/namespaces/${namespace}/secrets`, {
    metadata: { name: secretName },
    stringData: { password: 'scratch' },
  });
  const secretIdentity = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { namespace, name: secretName },
  };
  const secret = await cluster.get(secretIdentity);
  if (!secret) throw new Error(`Secret ${secretName} was not found`);
  await cluster.update(secret, { fieldManager });
  const secretDeleted = await cluster.delete(secretIdentity);
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { namespace, name: `${name}-final-rbac` },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'upload', image: 'amazon/aws-cli:2.31.0' }],
        },
      },
    },
  };
  await cluster.create(job, { fieldManager });
  const storedJob = await cluster.get(job);
  return {
    budget,
    podDeleted,
    secretDeleted,
    jobStored: storedJob !== undefined,
  };
}

/** Server dry run, then the apply, as the template's dry run and its run do. */
async function dryRunAndApply(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  force = false,
) {
  await applyInstance({ cluster, config, dryRun: true, force });
  return applyInstance({ cluster, config, force });
}

/**
 * Everything the portal does to and reads of an instance, as `portal`: a sentinel order with metrics,
 * backup and NetworkPolicy applied (and listed by the entity provider), re-applied, waited for and read
 * by the status backend (its lists, the password, the operation lock and history); then moved to
 * cluster mode without the optional objects, to standalone, and to standalone with replicas, so that
 * each move prunes an operator kind.
 */
async function portalRun(
  portal: ClusterAccess,
  options: { discovery: boolean },
) {
  const cluster = await portal.getCluster('local');
  const name = uniqueName('cache');
  const { namespace } = placement;
  const sentinel = order(name, 'sentinel', {
    metrics: {
      enabled: true,
      serviceMonitor: {
        enabled: true,
        namespace: placement.monitoringNamespace,
      },
    },
    backup: { enabled: true, s3Bucket: 'orders-backups', retention: 7 },
    networkPolicy: { enabled: true },
  });
  const pod = await storeWorkload(sentinel);

  const applied = await dryRunAndApply(cluster, sentinel);
  await expectRegistered(
    portal,
    `${namespace}/${name}`,
    options.discovery ? undefined : [namespace],
  );
  const reapplied = await dryRunAndApply(cluster, sentinel);
  const notReady = await waitForReady(cluster, sentinel, {
    timeoutMs: 0,
  }).then(
    () => new Error('an instance without running pods counted as ready'),
    (error: Error) => error,
  );
  if (!(notReady instanceof ServiceUnavailableError)) throw notReady;

  const reader = new KubernetesReader(portal, 10_000);
  const ref = { cluster: 'local', namespace, name };
  const summary = summarizeKubernetes(await reader.readInstance(ref), name);
  const zone = summary.state.pods[pod]?.zone;
  // The reader takes a refused Node list for a cluster without zones, so a missing grant shows here.
  if (!zone) throw new Error(`pod ${pod} has no zone in the status`);
  const secret = authSecretRef(sentinel)!;
  const password = await reader.readSecretValue(ref, secret.name, secret.key);
  const operations = await operationRun(cluster, name);
  // The status reads the lock and the history as the viewer, beside the lists.
  const statusOperations = await reader.readOperations(ref);
  const dayTwo = await dayTwoRun(cluster, name, pod);

  const pruned = [
    (await dryRunAndApply(cluster, order(name, 'cluster'), true)).pruned,
    (await dryRunAndApply(cluster, order(name, 'standalone'), true)).pruned,
    (
      await dryRunAndApply(
        cluster,
        order(name, 'standalone with replicas'),
        true,
      )
    ).pruned,
  ];
  return {
    name,
    applied,
    reapplied,
    notReady,
    zone,
    password,
    operations,
    statusOperations,
    dayTwo,
    pruned,
  };
}

/** An order into a namespace that does not exist yet, refused by the preflight: created, then deleted again. */
async function createNamespaceRun(portal: ClusterAccess) {
  const cluster = await portal.getCluster('local');
  const namespace = uniqueName('redis-new');
  const missingStorageClass = uniqueName('missing');
  const config = validated({
    name: 'cache',
    flavour: {
      deploymentMode: 'standalone',
      namespace,
      persistence: { enabled: true, storageClass: missingStorageClass },
    },
  });
  const refusal = await applyInstance({
    cluster,
    config,
    createNamespace: true,
  }).then(
    () => new Error('an order naming a missing StorageClass was applied'),
    (error: Error) => error,
  );
  if (!(refusal instanceof InputError)) throw refusal;
  return { namespace, missingStorageClass, refusal };
}

/** The 403 the run ends with without `grant`. */
function refusalOf(grant: Grant): string {
  if (grant.resource === 'nodes') return 'has no zone in the status';
  const resource = grant.apiGroup
    ? `${grant.resource}.${grant.apiGroup}`
    : grant.resource;
  return `Forbidden: the credentials used for cluster "local" may not ${grant.verb} ${resource} (`;
}

beforeAll(async () => {
  testCluster = await startTestCluster();
  const namespace = await createNamespace(testCluster, 'redis-rbac');
  placement = {
    namespace,
    monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
    portalNamespace: await createNamespace(testCluster, 'backstage'),
    priorityClassName: uniqueName('redis-critical'),
    storageClass: uniqueName('gp3-encrypted'),
    serviceAccount: 'redis-s3',
    node: uniqueName('node'),
  };
  await createAsAdmin('/apis/scheduling.k8s.io/v1/priorityclasses', {
    metadata: { name: placement.priorityClassName },
    value: 1_000_000,
  });
  await createAsAdmin('/apis/storage.k8s.io/v1/storageclasses', {
    metadata: { name: placement.storageClass },
    provisioner: 'ebs.csi.aws.com',
  });
  await createAsAdmin(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
    metadata: { name: placement.serviceAccount },
  });
  await createAsAdmin('/api/v1/nodes', {
    metadata: {
      name: placement.node,
      labels: { 'topology.kubernetes.io/zone': ZONE },
    },
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  if (!placement) return;
  // Cluster-scoped, so they would outlive the run; left behind, the bindings slow every later authorization.
  const bindings = expectStatus(
    await kubeRequest(
      testCluster,
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    ),
    'list ClusterRoleBindings',
    200,
  ).body.items as { metadata: { name: string }; roleRef: { name: string } }[];
  const paths = [
    ...bindings
      .filter(binding => clusterRoles.includes(binding.roleRef.name))
      .map(
        binding =>
          `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${binding.metadata.name}`,
      ),
    ...clusterRoles.map(
      role => `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`,
    ),
    `/apis/scheduling.k8s.io/v1/priorityclasses/${placement.priorityClassName}`,
    `/apis/storage.k8s.io/v1/storageclasses/${placement.storageClass}`,
    `/api/v1/nodes/${placement.node}`,
  ];
  for (const apiPath of paths)
    await kubeRequest(testCluster, 'DELETE', apiPath);
});

describe('the documented roles', () => {
  it.each([
    { discovery: false, listing: 'per namespace' },
    { discovery: true, listing: 'cluster-wide' },
  ])(
    'allow every request of apply, dry run, re-apply, prune, wait, status and the entity provider (listing $listing)',
    async ({ discovery }) => {
      const portal = await portalAs([PORTAL], { discovery });

      const run = await portalRun(portal, { discovery });

      const { name } = run;
      const { namespace, monitoringNamespace } = placement;
      expect(run.applied.objects).toEqual(
        [
          `ConfigMap ${namespace}/${name}-config`,
          `ConfigMap ${namespace}/${name}-backup-scripts`,
          `RedisReplication ${namespace}/${name}`,
          `RedisSentinel ${namespace}/${name}`,
          `NetworkPolicy ${namespace}/${name}-redis`,
          `ServiceMonitor ${monitoringNamespace}/${namespace}.${name}`,
          `PrometheusRule ${monitoringNamespace}/${namespace}.${name}`,
          `CronJob ${namespace}/${name}-backup`,
        ].map(ref => ({ ref, action: 'create', changes: [] })),
      );
      expect(run.applied.secret?.action).toBe('create');
      expect(
        run.reapplied.objects
          .map(({ action }) => action)
          .every(a => a === 'unchanged'),
      ).toBe(true);
      expect(run.notReady.message).toContain(`${name} was not ready after 0s`);
      expect(run.zone).toBe(ZONE);
      const secret = authSecretRef(order(name, 'sentinel'))!;
      const stored = expectStatus(
        await kubeRequest(
          testCluster,
          'GET',
          `/api/v1/namespaces/${namespace}/secrets/${secret.name}`,
        ),
        'GET the password Secret',
        200,
      ).body;
      expect(run.password).toBe(
        Buffer.from(stored.data[secret.key], 'base64').toString('utf8'),
      );
      expect(run.operations.takenOver).toBe('user:default/gone');
      expect(run.operations.history.map(entry => entry.outcome)).toEqual([
        'succeeded',
        'refused',
      ]);
      const lease = await kubeRequest(
        testCluster,
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}-operation`,
      );
      expect(lease.status).toBe(404);
      expect(run.statusOperations).toEqual({
        running: undefined,
        history: run.operations.history,
      });
      // No operator runs here, so the budget a resize requires is absent: read, not refused.
      expect(run.dayTwo).toEqual({
        budget: undefined,
        podDeleted: true,
        secretDeleted: true,
        jobStored: true,
      });
      expect(run.pruned.map(refs => [...refs].sort())).toEqual([
        [
          `ConfigMap ${namespace}/${name}-backup-scripts`,
          `CronJob ${namespace}/${name}-backup`,
          `NetworkPolicy ${namespace}/${name}-redis`,
          `PrometheusRule ${monitoringNamespace}/${namespace}.${name}`,
          `RedisReplication ${namespace}/${name}`,
          `RedisSentinel ${namespace}/${name}`,
          `ServiceMonitor ${monitoringNamespace}/${namespace}.${name}`,
        ],
        [`RedisCluster ${namespace}/${name}`],
        [`Redis ${namespace}/${name}`],
      ]);
    },
  );

  it("with the optional grant, allow apply to create the order's namespace and delete it again when the order is refused", async () => {
    const portal = await portalAs([PORTAL, CREATING_NAMESPACES], {
      discovery: false,
    });

    const run = await createNamespaceRun(portal);

    expect(run.refusal.message).toContain(
      `/flavour/persistence/storageClass: StorageClass "${run.missingStorageClass}" does not exist`,
    );
    expect(run.refusal.message).toContain(
      `Namespace ${run.namespace}, created for this apply, was deleted again.`,
    );
    const stored = expectStatus(
      await kubeRequest(
        testCluster,
        'GET',
        `/api/v1/namespaces/${run.namespace}`,
      ),
      `GET namespace ${run.namespace}`,
      200,
    ).body;
    // No namespace controller runs here, so a deleted namespace stays Terminating.
    expect(stored.metadata.deletionTimestamp).toBeDefined();
  });
});

describe('without one documented grant', () => {
  it.each(grantsOf(PORTAL))(
    '$role without $verb on $resource: the run stops, naming it',
    async removed => {
      // Only without the cluster-wide discovery grant do the namespaced lists of the instance kinds need their own.
      const discovery = removed.role === DISCOVERY_ROLE;
      const portal = await portalAs([PORTAL], { removed, discovery });

      await expect(portalRun(portal, { discovery })).rejects.toThrow(
        refusalOf(removed),
      );
    },
  );

  it('without get on priorityclasses, dry run and apply stop at the preflight, naming the setting, before anything is written', async () => {
    const portal = await portalAs([PORTAL], {
      removed: {
        role: 'redis-portal-preflight',
        apiGroup: 'scheduling.k8s.io',
        resource: 'priorityclasses',
        verb: 'get',
      },
      discovery: false,
    });
    const cluster = await portal.getCluster('local');
    const config = order(uniqueName('cache'), 'standalone');

    for (const dryRun of [true, false]) {
      await expect(applyInstance({ cluster, config, dryRun })).rejects.toThrow(
        `/flavour/priorityClassName: could not check that PriorityClass "${placement.priorityClassName}" exists on cluster "local"; nothing was applied. Forbidden: the credentials used for cluster "local" may not get priorityclasses.scheduling.k8s.io`,
      );
    }
    // The apply writes the password Secret first and the ApplySet parent next: neither exists.
    for (const written of [
      `secrets/${authSecretRef(config)!.name}`,
      `configmaps/${config.name}-applyset`,
    ]) {
      const { status } = await kubeRequest(
        testCluster,
        'GET',
        `/api/v1/namespaces/${placement.namespace}/${written}`,
      );
      expect(status).toBe(404);
    }
  });

  it.each(grantsOf(CREATING_NAMESPACES))(
    '$role without $verb on $resource: creating the namespace stops, naming it',
    async removed => {
      const portal = await portalAs([PORTAL, CREATING_NAMESPACES], {
        removed,
        discovery: false,
      });

      await expect(createNamespaceRun(portal)).rejects.toThrow(
        refusalOf(removed),
      );
    },
  );
});
