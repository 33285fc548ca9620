import { ConfigReader } from '@backstage/config';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  OPERATOR_API_VERSION as OPERATOR,
  REDIS_FIELD_MANAGER,
  renderManifests,
} from '@odin/plugin-redis-common';
import { setupServer } from 'msw/node';
import { clusterAccessFromConfig } from '../cluster/clusterAccess';
import {
  SERVED_RESOURCES,
  createFakeKubernetesApi,
  fakeClusterConfig,
  type FakeKubernetesApi,
} from '../__testUtils__/fakeKubernetesApi';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../__testUtils__/instances';
import { applyInstance, PRUNABLE_KINDS } from './applyInstance';

const server = setupServer();
registerMswTestHooks(server);

const production = resolvedInstance(productionSentinelFlavour);

function setUp(served = SERVED_RESOURCES): {
  api: FakeKubernetesApi;
  cluster: ReturnType<typeof newCluster>;
} {
  const api = createFakeKubernetesApi({ served });
  server.use(api.handler);
  api.addNamespace('redis-prod');
  api.addNamespace('redis');
  api.addNamespace('monitoring');
  // The StorageClasses the test flavours name (the schema default and the production example's).
  api.put(storageClass('gp3'));
  api.put(storageClass('gp3-encrypted'));
  return { api, cluster: newCluster() };
}

function storageClass(name: string) {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
  };
}

function newCluster() {
  return clusterAccessFromConfig(
    new ConfigReader(fakeClusterConfig),
  ).getCluster('test');
}

const applies = (api: FakeKubernetesApi) =>
  api.requests.filter(r => r.method === 'PATCH');

describe('applyInstance', () => {
  it('dry-runs the whole set, then applies it in render order with one field manager', async () => {
    const { api, cluster } = setUp();
    const progress: string[] = [];

    const result = await applyInstance({
      cluster,
      config: production,
      onProgress: m => progress.push(m),
    });

    const rendered = renderManifests(production);
    const patches = applies(api);
    expect(patches).toHaveLength(rendered.length * 2);
    for (const patch of patches) {
      expect(patch.contentType).toBe('application/apply-patch+yaml');
      expect(patch.query.get('fieldManager')).toBe(REDIS_FIELD_MANAGER);
      expect(patch.query.has('force')).toBe(false);
    }
    const dryRuns = patches.slice(0, rendered.length);
    const writes = patches.slice(rendered.length);
    expect(dryRuns.every(p => p.query.get('dryRun') === 'All')).toBe(true);
    expect(writes.every(p => !p.query.has('dryRun'))).toBe(true);
    expect(writes.map(p => `${p.body.kind}/${p.body.metadata.name}`)).toEqual(
      rendered.map(o => `${o.kind}/${o.metadata.name}`),
    );
    expect(
      api.get(OPERATOR, 'RedisReplication', 'redis-prod', 'orders-cache'),
    ).toBeDefined();
    expect(result.objects.every(o => o.action === 'create')).toBe(true);
    expect(result.pruned).toEqual([]);
    expect(progress).toContain(
      'Applied RedisReplication redis-prod/orders-cache (created)',
    );
  });

  it('creates the password Secret once, first, and never returns or reports the password', async () => {
    const { api, cluster } = setUp();
    const progress: string[] = [];
    const result = await applyInstance({
      cluster,
      config: production,
      onProgress: m => progress.push(m),
    });

    const secret = api.get('v1', 'Secret', 'redis-prod', 'orders-cache-auth')!;
    const password = (secret.stringData as Record<string, string>).password;
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.secret).toEqual({
      name: 'orders-cache-auth',
      key: 'password',
      action: 'create',
    });
    const writes = api.requests.filter(
      r => !r.query.has('dryRun') && r.method !== 'GET',
    );
    expect(writes[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/namespaces/redis-prod/secrets',
    });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(progress.join('\n')).not.toContain(password);

    const again = await applyInstance({ cluster, config: production });
    expect(again.secret?.action).toBe('keep');
    expect(
      (
        api.get('v1', 'Secret', 'redis-prod', 'orders-cache-auth')!
          .stringData as any
      ).password,
    ).toBe(password);
  });

  it('is idempotent: a second apply changes nothing and prunes nothing', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const before = JSON.stringify(
      api
        .all()
        .map(o => o.metadata.name)
        .sort(),
    );
    const result = await applyInstance({ cluster, config: production });
    expect(result.objects.map(o => o.action)).toEqual(
      result.objects.map(() => 'unchanged'),
    );
    expect(result.pruned).toEqual([]);
    expect(api.requests.filter(r => r.method === 'DELETE')).toEqual([]);
    expect(
      JSON.stringify(
        api
          .all()
          .map(o => o.metadata.name)
          .sort(),
      ),
    ).toBe(before);
  });

  it('sends the NetworkPolicy exactly as rendered, `from` rules included, and re-applies it as unchanged', async () => {
    const { api, cluster } = setUp();
    const config = resolvedInstance({
      namespace: 'redis',
      networkPolicy: { enabled: true, allowedNamespaces: ['shop'] },
    });
    const policy = renderManifests(config).find(
      o => o.kind === 'NetworkPolicy',
    )!;

    await applyInstance({ cluster, config });

    const sent = applies(api).filter(p => p.body.kind === 'NetworkPolicy');
    expect(sent.map(p => p.body)).toEqual([policy, policy]);
    expect(
      api.get(
        'networking.k8s.io/v1',
        'NetworkPolicy',
        'redis',
        policy.metadata.name,
      )?.spec,
    ).toEqual(policy.spec);
    const again = await applyInstance({ cluster, config });
    expect(again.objects.filter(o => o.action !== 'unchanged')).toEqual([]);
  });

  it('counts the API requests of one apply of the production sentinel example', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const objects = renderManifests(production).length + 1; // + the generated password Secret
    const discovery = api.requests.length - api.objectRequests().length;
    const reads = api.objectRequests().filter(r => r.method === 'GET');
    // 7 rendered objects + Secret: 2 requests each, one LIST per prunable kind, one GET of the StorageClass.
    expect(objects).toBe(8);
    expect(reads).toHaveLength(PRUNABLE_KINDS.length + 1);
    expect(api.objectRequests()).toHaveLength(
      2 * objects + PRUNABLE_KINDS.length + 1,
    );
    // Discovery is one GET per apiVersion, cached for the life of the cluster client.
    expect(discovery).toBe(6);
    const warm = api.requests.length;
    await applyInstance({ cluster, config: production });
    expect(api.requests.length - warm).toBe(
      2 * (objects - 1) + 1 + PRUNABLE_KINDS.length + 1,
    );
  });

  it('prunes objects of the instance the new render no longer contains', async () => {
    const { api, cluster } = setUp();
    const withPolicy = resolvedInstance({
      namespace: 'redis',
      networkPolicy: { enabled: true, allowedNamespaces: ['shop'] },
    });
    await applyInstance({ cluster, config: withPolicy });
    expect(api.all().some(o => o.kind === 'NetworkPolicy')).toBe(true);
    // Someone else's NetworkPolicy in the namespace is not ours to delete.
    api.put({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'theirs', namespace: 'redis', labels: {} },
    });

    const result = await applyInstance({
      cluster,
      config: resolvedInstance({ namespace: 'redis' }),
    });

    expect(result.pruned).toEqual(['NetworkPolicy redis/orders-cache-redis']);
    const deletes = api.requests.filter(r => r.method === 'DELETE');
    expect(deletes.map(d => d.path)).toEqual([
      '/apis/networking.k8s.io/v1/namespaces/redis/networkpolicies/orders-cache-redis',
    ]);
    expect(
      api.get('networking.k8s.io/v1', 'NetworkPolicy', 'redis', 'theirs'),
    ).toBeDefined();
    expect(api.get('v1', 'Secret', 'redis', 'orders-cache-auth')).toBeDefined();
  });

  it('leaves the monitoring objects of a namesake in another namespace alone', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const namesake = resolvedInstance({
      ...productionSentinelFlavour,
      namespace: 'redis',
    });
    await applyInstance({ cluster, config: namesake });
    const monitoring = () =>
      api
        .all()
        .filter(o => o.metadata.namespace === 'monitoring')
        .map(o => `${o.kind} ${o.metadata.name}`)
        .sort();
    expect(monitoring()).toEqual([
      'PrometheusRule redis-prod.orders-cache',
      'PrometheusRule redis.orders-cache',
      'ServiceMonitor redis-prod.orders-cache',
      'ServiceMonitor redis.orders-cache',
    ]);

    const result = await applyInstance({
      cluster,
      config: resolvedInstance({
        ...productionSentinelFlavour,
        namespace: 'redis',
        metrics: { enabled: false },
      }),
    });

    expect(result.pruned).toEqual([
      'PrometheusRule monitoring/redis.orders-cache',
      'ServiceMonitor monitoring/redis.orders-cache',
    ]);
    expect(monitoring()).toEqual([
      'PrometheusRule redis-prod.orders-cache',
      'ServiceMonitor redis-prod.orders-cache',
    ]);
  });

  it('stamps the annotations onto the data custom resource only, and diffs them like any desired field', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const owner = { 'odin.dev/owner': 'group:default/payments' };

    const preview = await applyInstance({
      cluster,
      config: production,
      annotations: owner,
      dryRun: true,
    });
    expect(preview.objects.filter(o => o.action !== 'unchanged')).toEqual([
      {
        ref: 'RedisReplication redis-prod/orders-cache',
        action: 'update',
        changes: [
          {
            path: '/metadata/annotations',
            live: undefined,
            desired: owner,
          },
        ],
      },
    ]);
    await applyInstance({ cluster, config: production, annotations: owner });

    const annotated = api
      .all()
      .filter(o => (o.metadata.annotations as object | undefined) !== undefined)
      .map(o => `${o.kind} ${o.metadata.name}`);
    expect(annotated).toEqual([
      'Secret orders-cache-auth',
      'RedisReplication orders-cache',
    ]);
    expect(
      api.get(OPERATOR, 'RedisReplication', 'redis-prod', 'orders-cache')
        ?.metadata.annotations,
    ).toEqual(owner);
  });

  it('in a dry run reports the diff and what it would prune, and writes nothing', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const before = JSON.stringify(api.all());
    const firstRequest = api.requests.length;
    const bigger = resolvedInstance({
      ...productionSentinelFlavour,
      replicaCount: 4,
      metrics: { enabled: false },
    });

    const result = await applyInstance({
      cluster,
      config: bigger,
      dryRun: true,
    });

    expect(JSON.stringify(api.all())).toBe(before);
    const writes = api.requests
      .slice(firstRequest)
      .filter(r => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every(r => r.query.get('dryRun') === 'All')).toBe(true);
    const replication = result.objects.find(
      o => o.ref === 'RedisReplication redis-prod/orders-cache',
    )!;
    expect(replication.action).toBe('update');
    expect(replication.changes).toContainEqual({
      path: '/spec/clusterSize',
      live: 3,
      desired: 5,
    });
    expect(result.pruned).toEqual([
      'PrometheusRule monitoring/redis-prod.orders-cache',
      'ServiceMonitor monitoring/redis-prod.orders-cache',
    ]);
  });

  it('refuses to change the deploymentMode of a live instance unless forced', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const cluster3 = resolvedInstance({
      namespace: 'redis-prod',
      deploymentMode: 'cluster',
    });
    const patchesBefore = applies(api).length;

    const refusal = applyInstance({ cluster, config: cluster3 });
    await expect(refusal).rejects.toThrow(ConflictError);
    await expect(refusal).rejects.toThrow(
      /runs as sentinel \(RedisReplication\).*needs cluster \(RedisCluster\).*data is not migrated.*force/s,
    );
    expect(applies(api)).toHaveLength(patchesBefore);

    const forced = await applyInstance({
      cluster,
      config: cluster3,
      force: true,
    });
    expect(
      applies(api)
        .slice(patchesBefore)
        .every(p => p.query.get('force') === 'true'),
    ).toBe(true);
    expect(forced.pruned).toEqual(
      expect.arrayContaining([
        'RedisReplication redis-prod/orders-cache',
        'RedisSentinel redis-prod/orders-cache',
      ]),
    );
    expect(
      api.get(OPERATOR, 'RedisCluster', 'redis-prod', 'orders-cache'),
    ).toBeDefined();
    expect(
      api.get(OPERATOR, 'RedisReplication', 'redis-prod', 'orders-cache'),
    ).toBeUndefined();
  });

  it('writes nothing when one object fails the dry run, and names it', async () => {
    const { api, cluster } = setUp();
    api.fail({
      method: 'PATCH',
      path: /redissentinels/,
      status: 422,
      only: 'dryRun',
      body: {
        kind: 'Status',
        code: 422,
        reason: 'Invalid',
        message: 'RedisSentinel.redis "orders-cache" is invalid',
        details: {
          causes: [{ field: 'spec.clusterSize', message: 'must be odd' }],
        },
      },
    });
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /rejected 1 of 7 objects in the dry run; nothing was applied:\n- RedisSentinel redis-prod\/orders-cache: .*spec.clusterSize: must be odd/s,
    );
    expect(
      api.requests.filter(r => r.method !== 'GET' && !r.query.has('dryRun')),
    ).toEqual([]);
    expect(api.all().filter(o => o.metadata.namespace)).toEqual([]);
  });

  it('rejects a field of the wrong type (HTTP 500 from the typed merge) as an input error naming the object and field', async () => {
    const { api, cluster } = setUp();
    api.fail({
      method: 'PATCH',
      path: /redisreplications/,
      status: 500,
      only: 'dryRun',
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: 500,
        message:
          'failed to create typed patch object (redis-prod/orders-cache; redis.redis.opstreelabs.in/v1beta2, Kind=RedisReplication): errors:\n' +
          '  .spec.kubernetesConfig.image: expected string, got &value.valueUnstructured{Value:42}\n' +
          '  .spec.clusterSize: expected numeric (int or float), got &value.valueUnstructured{Value:three}',
      },
    });
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      'rejected 1 of 7 objects in the dry run; nothing was applied:\n' +
        '- RedisReplication redis-prod/orders-cache: The API server rejected RedisReplication "orders-cache" in namespace "redis-prod" on cluster "test": it does not match the RedisReplication schema\n' +
        '.spec.kubernetesConfig.image: expected string, got 42\n' +
        '.spec.clusterSize: expected numeric (int or float), got three',
    );
    expect(
      api.requests.filter(r => r.method !== 'GET' && !r.query.has('dryRun')),
    ).toEqual([]);
  });

  it('reports a conflict with another field manager and writes nothing', async () => {
    const { api, cluster } = setUp();
    api.fail({
      method: 'PATCH',
      path: /redissentinels/,
      status: 409,
      times: 1,
      body: {
        kind: 'Status',
        code: 409,
        reason: 'Conflict',
        message:
          'Apply failed with 1 conflict: conflict with "kubectl-edit": .spec.clusterSize',
        details: {
          causes: [
            {
              field: '.spec.clusterSize',
              message: 'conflict with "kubectl-edit"',
            },
          ],
        },
      },
    });
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(
      /conflict with "kubectl-edit".*re-run with force/s,
    );
    expect(
      api.requests.filter(r => r.method !== 'GET' && !r.query.has('dryRun')),
    ).toEqual([]);
  });

  it('stops at the object whose write fails and names what was applied and what was not', async () => {
    const { api, cluster } = setUp();
    api.fail({
      method: 'PATCH',
      path: /redissentinels/,
      status: 500,
      only: 'write',
      body: {
        kind: 'Status',
        code: 500,
        message: 'etcdserver: request timed out',
      },
    });
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(
      'Applying orders-cache stopped at RedisSentinel redis-prod/orders-cache: Could not patch RedisSentinel "orders-cache" in namespace "redis-prod" on cluster "test": HTTP 500: etcdserver: request timed out\n' +
        'Applied: ConfigMap redis-prod/orders-cache-config, ConfigMap redis-prod/orders-cache-backup-scripts, RedisReplication redis-prod/orders-cache\n' +
        'Not applied: RedisSentinel redis-prod/orders-cache, ServiceMonitor monitoring/redis-prod.orders-cache, PrometheusRule monitoring/redis-prod.orders-cache, CronJob redis-prod/orders-cache-backup\n' +
        'Nothing was pruned. Re-running the apply is safe.',
    );
    expect(
      api.get(OPERATOR, 'RedisReplication', 'redis-prod', 'orders-cache'),
    ).toBeDefined();
    expect(
      api.get('batch/v1', 'CronJob', 'redis-prod', 'orders-cache-backup'),
    ).toBeUndefined();
  });

  it('reports a missing operator CRD as "install the Opstree Redis Operator" before writing', async () => {
    const { [OPERATOR]: _operator, ...withoutOperator } = SERVED_RESOURCES;
    const { api, cluster } = setUp(withoutOperator);
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(NotFoundError);
    await expect(attempt).rejects.toThrow(
      /does not serve RedisReplication \(redis.redis.opstreelabs.in\/v1beta2\); install the Opstree Redis Operator/,
    );
    expect(api.requests.filter(r => r.method !== 'GET')).toEqual([]);
  });

  it('names the verb and resource the credentials may not use (403)', async () => {
    const { api, cluster } = setUp();
    api.fail({
      method: 'PATCH',
      path: /redisreplications/,
      status: 403,
      body: {
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message:
          'redisreplications.redis.redis.opstreelabs.in "orders-cache" is forbidden',
        details: {
          name: 'orders-cache',
          group: 'redis.redis.opstreelabs.in',
          kind: 'redisreplications',
        },
      },
    });
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(NotAllowedError);
    await expect(attempt).rejects.toThrow(
      /^The API server rejected 1 of 7 objects in the dry run; nothing was applied:\n- RedisReplication redis-prod\/orders-cache: Forbidden: the credentials used for cluster "test" may not patch redisreplications.redis.redis.opstreelabs.in \(RedisReplication "orders-cache" in namespace "redis-prod"\)/,
    );
  });

  it('names a missing namespace', async () => {
    const { cluster } = setUp();
    const attempt = applyInstance({
      cluster,
      config: resolvedInstance({ namespace: 'nowhere' }),
    });
    await expect(attempt).rejects.toThrow(
      /Namespace "nowhere" does not exist on cluster "test"; create it first/,
    );
  });

  it('requires a named existing Secret to exist, and never creates one then', async () => {
    const { api, cluster } = setUp();
    const config = resolvedInstance(
      { namespace: 'redis' },
      {
        authentication: {
          enabled: true,
          existingSecret: { name: 'shop-redis', key: 'pw' },
        },
      },
    );
    await expect(applyInstance({ cluster, config })).rejects.toThrow(
      '/root/authentication/existingSecret/name: Secret "shop-redis" does not exist in namespace "redis"',
    );
    api.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-redis', namespace: 'redis' },
      data: { pw: 'eA==' },
    });
    const result = await applyInstance({ cluster, config });
    expect(result.secret).toEqual({
      name: 'shop-redis',
      key: 'pw',
      action: 'keep',
    });
    expect(api.requests.filter(r => r.method === 'POST')).toEqual([]);
  });

  describe('preflight of the objects the order names', () => {
    const naming = resolvedInstance({
      ...productionSentinelFlavour,
      priorityClassName: 'redis-critical',
      persistence: { enabled: true, storageClass: 'io2' },
      serviceAccount: 'redis-s3',
    });
    const writes = (api: FakeKubernetesApi) =>
      api.requests.filter(r => r.method !== 'GET' && !r.query.has('dryRun'));

    it('refuses, in one InputError with a pointer per setting, every named object the cluster lacks; nothing is written, also in a dry run', async () => {
      const { api, cluster } = setUp();
      for (const dryRun of [true, false]) {
        const attempt = applyInstance({ cluster, config: naming, dryRun });
        await expect(attempt).rejects.toThrow(InputError);
        await expect(attempt).rejects.toThrow(
          'The order names 3 objects that cluster "test" does not have; nothing was applied:\n' +
            '/flavour/priorityClassName: PriorityClass "redis-critical" does not exist on cluster "test", so the API server would refuse every pod of the instance; create the PriorityClass or remove the setting\n' +
            '/flavour/persistence/storageClass: StorageClass "io2" does not exist on cluster "test", so the volume claims would stay Pending and the pods unscheduled; create the StorageClass or name an existing one (kubectl get storageclass)\n' +
            '/flavour/serviceAccount: ServiceAccount "redis-s3" in namespace "redis-prod" does not exist on cluster "test", so the API server would refuse the Redis and backup pods (error looking up service account); create the ServiceAccount in that namespace or remove the setting',
        );
      }
      expect(writes(api)).toEqual([]);
      expect(api.all().filter(o => o.metadata.namespace)).toEqual([]);
    });

    it('applies once the named objects exist, and reports that it found them', async () => {
      const { api, cluster } = setUp();
      api.put({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'redis-critical' },
      });
      api.put(storageClass('io2'));
      api.put({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'redis-s3', namespace: 'redis-prod' },
      });
      const progress: string[] = [];
      await applyInstance({
        cluster,
        config: naming,
        onProgress: m => progress.push(m),
      });
      expect(progress).toContain(
        'Found what the order names on cluster test: PriorityClass "redis-critical", StorageClass "io2", ServiceAccount "redis-s3" in namespace "redis-prod"',
      );
      expect(
        api.get(OPERATOR, 'RedisReplication', 'redis-prod', 'orders-cache'),
      ).toBeDefined();
      expect(
        api.requests
          .filter(r => r.method === 'GET')
          .map(r => r.path)
          .filter(path =>
            /priorityclasses|storageclasses|serviceaccounts/.test(path),
          )
          .sort(),
      ).toEqual([
        '/api/v1/namespaces/redis-prod/serviceaccounts/redis-s3',
        '/apis/scheduling.k8s.io/v1/priorityclasses/redis-critical',
        '/apis/storage.k8s.io/v1/storageclasses/io2',
      ]);
    });

    it('reads neither the StorageClass of a disabled persistence nor the default ServiceAccount', async () => {
      const { api, cluster } = setUp();
      await applyInstance({
        cluster,
        config: resolvedInstance({
          namespace: 'redis',
          persistence: { enabled: false, storageClass: 'io2' },
        }),
      });
      expect(
        api.requests.filter(r =>
          /storageclasses|serviceaccounts|priorityclasses/.test(r.path),
        ),
      ).toEqual([]);
    });

    it('names the grant a forbidden read lacks instead of skipping the check, and writes nothing', async () => {
      const { api, cluster } = setUp();
      api.fail({
        method: 'GET',
        path: /priorityclasses/,
        status: 403,
        body: {
          kind: 'Status',
          code: 403,
          reason: 'Forbidden',
          message:
            'priorityclasses.scheduling.k8s.io "redis-critical" is forbidden: User "system:serviceaccount:backstage:redis-portal" cannot get resource "priorityclasses" in API group "scheduling.k8s.io" at the cluster scope',
          details: {
            name: 'redis-critical',
            group: 'scheduling.k8s.io',
            kind: 'priorityclasses',
          },
        },
      });
      const attempt = applyInstance({ cluster, config: naming, dryRun: true });
      await expect(attempt).rejects.toThrow(NotAllowedError);
      await expect(attempt).rejects.toThrow(
        /^\/flavour\/priorityClassName: could not check that PriorityClass "redis-critical" exists on cluster "test"; nothing was applied\. Forbidden: the credentials used for cluster "test" may not get priorityclasses\.scheduling\.k8s\.io \(PriorityClass "redis-critical"\); grant it as in docs\/rbac\/redis-portal-rbac\.yaml/,
      );
      expect(writes(api)).toEqual([]);
    });
  });

  it('creates no Secret when authentication is off', async () => {
    const { api, cluster } = setUp();
    const result = await applyInstance({
      cluster,
      config: resolvedInstance(
        { namespace: 'redis' },
        { authentication: { enabled: false } },
      ),
    });
    expect(result.secret).toBeUndefined();
    expect(api.all().some(o => o.kind === 'Secret')).toBe(false);
  });
});
