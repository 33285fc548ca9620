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
  instanceLabels,
  renderManifests,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { setupServer } from 'msw/node';
import {
  SERVED_RESOURCES,
  createFakeKubernetesApi,
  type FakeKubernetesApi,
  type RecordedRequest,
} from '@internal/redis-test-utils/fakeKubernetesApi';
import { fakeCluster } from '../__testUtils__/fakeCluster';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../__testUtils__/instances';
import {
  applyInstance,
  NAMESPACE_CREATED_BY_LABEL,
  objectRef,
} from './applyInstance';
import {
  APPLYSET_PART_OF_LABEL,
  MEMBERS_ANNOTATION,
  applySetId,
  memberKey,
} from './applySet';

const server = setupServer();
registerMswTestHooks(server);

const production = resolvedInstance(productionSentinelFlavour);

function setUp(served = SERVED_RESOURCES) {
  const api = createFakeKubernetesApi({ served });
  server.use(api.handler);
  api.addNamespace('redis-prod');
  api.addNamespace('redis');
  api.addNamespace('monitoring');
  // The StorageClasses the test flavours name (the schema default and the production example's).
  api.put(storageClass('gp3'));
  api.put(storageClass('gp3-encrypted'));
  return { api, cluster: fakeCluster() };
}

function storageClass(name: string) {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
  };
}

const applies = (api: FakeKubernetesApi) =>
  api.requests.filter(r => r.method === 'PATCH');

/** The ApplySet parent ConfigMap of `config`, as the fake stores it. */
const parentOf = (api: FakeKubernetesApi, config: ResolvedInstance) =>
  api.get(
    'v1',
    'ConfigMap',
    config.flavour.namespace,
    `${config.name}-applyset`,
  );

/** The members the parent of `config` records, as `apiVersion|kind|namespace|name`. */
function recorded(api: FakeKubernetesApi, config: ResolvedInstance): string[] {
  const annotations = parentOf(api, config)?.metadata.annotations as
    | Record<string, string>
    | undefined;
  return JSON.parse(annotations?.[MEMBERS_ANNOTATION] ?? '[]');
}

/** The rendered objects as members, in render (apply) order: a prune deletes in reverse of it. */
const membersOf = (config: ResolvedInstance) =>
  renderManifests(config).map(object => memberKey(object));

/** Requests by method, a dry run apart: `PATCH dryRun`, `GET`, ... */
function tally(requests: RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const key = `${request.method}${
      request.query.get('dryRun') === 'All' ? ' dryRun' : ''
    }`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

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
    // A dry run and an apply per object, and the ApplySet parent written once, before its members.
    expect(patches).toHaveLength(rendered.length * 2 + 1);
    for (const patch of patches) {
      expect(patch.contentType).toBe('application/apply-patch+yaml');
      expect(patch.query.get('fieldManager')).toBe(REDIS_FIELD_MANAGER);
      expect(patch.query.has('force')).toBe(false);
    }
    const dryRuns = patches.slice(0, rendered.length);
    const writes = patches.slice(rendered.length);
    expect(dryRuns.every(p => p.query.get('dryRun') === 'All')).toBe(true);
    expect(writes.every(p => !p.query.has('dryRun'))).toBe(true);
    expect(writes.map(p => `${p.body.kind}/${p.body.metadata.name}`)).toEqual([
      'ConfigMap/orders-cache-applyset',
      ...rendered.map(o => `${o.kind}/${o.metadata.name}`),
    ]);
    // Every member carries the ApplySet's id, and the parent records each of them.
    const id = applySetId(production);
    expect(
      writes.slice(1).map(p => p.body.metadata.labels[APPLYSET_PART_OF_LABEL]),
    ).toEqual(rendered.map(() => id));
    expect(recorded(api, production)).toEqual(membersOf(production));
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
    const firstRequest = api.requests.length;
    const result = await applyInstance({ cluster, config: production });
    expect(result.objects.map(o => o.action)).toEqual(
      result.objects.map(() => 'unchanged'),
    );
    expect(result.pruned).toEqual([]);
    expect(api.requests.filter(r => r.method === 'DELETE')).toEqual([]);
    // The parent already records every member, so it is not written again.
    expect(
      api.requests
        .slice(firstRequest)
        .filter(r => r.path.endsWith('/configmaps/orders-cache-applyset'))
        .map(r => r.method),
    ).toEqual(['GET']);
    expect(
      JSON.stringify(
        api
          .all()
          .map(o => o.metadata.name)
          .sort(),
      ),
    ).toBe(before);
  });

  it('sends the NetworkPolicy as rendered, `from` rules included, with only the ApplySet label added, and re-applies it as unchanged', async () => {
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
    const member = {
      ...policy,
      metadata: {
        ...policy.metadata,
        labels: {
          ...policy.metadata.labels,
          [APPLYSET_PART_OF_LABEL]: applySetId(config),
        },
      },
    };
    expect(sent.map(p => p.body)).toEqual([member, member]);
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

  it('counts the API requests of the production sentinel example: 19 for a first apply, 17 for a re-apply, 17 for a dry run', async () => {
    const { api, cluster } = setUp();
    expect(renderManifests(production)).toHaveLength(7);

    await applyInstance({ cluster, config: production });
    // GETs of the ApplySet parent and of the StorageClass the order names; a dry-run create of the
    // Secret and a dry-run apply of the 7 objects; then the Secret, the parent and the 7 objects.
    // No discovery, no LIST, no GET of an object the apply writes.
    expect(tally(api.requests)).toEqual({
      GET: 2,
      'POST dryRun': 1,
      'PATCH dryRun': 7,
      POST: 1,
      PATCH: 8,
    });
    expect(api.requests).toHaveLength(19);

    const reapply = api.requests.length;
    await applyInstance({ cluster, config: production });
    // The Secret exists (the dry-run create answers 409) and the parent records every member already.
    expect(tally(api.requests.slice(reapply))).toEqual({
      GET: 2,
      'POST dryRun': 1,
      'PATCH dryRun': 7,
      PATCH: 7,
    });
    expect(api.requests.length - reapply).toBe(17);

    const dryRun = api.requests.length;
    await applyInstance({ cluster, config: production, dryRun: true });
    // A dry run reads each of the 7 live objects to diff the server's dry-run answer against.
    expect(tally(api.requests.slice(dryRun))).toEqual({
      GET: 9,
      'POST dryRun': 1,
      'PATCH dryRun': 7,
    });
    expect(api.requests.length - dryRun).toBe(17);
  });

  it('reports update only for the objects whose resourceVersion the apply changed, without reading any', async () => {
    const { api, cluster } = setUp();
    await applyInstance({ cluster, config: production });
    const firstRequest = api.requests.length;

    const result = await applyInstance({
      cluster,
      config: resolvedInstance({
        ...productionSentinelFlavour,
        replicaCount: 4,
      }),
    });

    expect(
      result.objects.filter(o => o.action !== 'unchanged').map(o => o.ref),
    ).toEqual(['RedisReplication redis-prod/orders-cache']);
    expect(result.objects.every(o => o.changes.length === 0)).toBe(true);
    expect(
      api.requests
        .slice(firstRequest)
        .filter(r => r.method === 'GET')
        .map(r => r.path),
    ).toEqual([
      '/api/v1/namespaces/redis-prod/configmaps/orders-cache-applyset',
      '/apis/storage.k8s.io/v1/storageclasses/gp3-encrypted',
    ]);
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

  it('prunes by the ApplySet record, never by listing: an object labelled as ours that no apply recorded stays', async () => {
    const { api, cluster } = setUp();
    const withPolicy = resolvedInstance({
      namespace: 'redis',
      networkPolicy: { enabled: true, allowedNamespaces: ['shop'] },
    });
    const withoutPolicy = resolvedInstance({ namespace: 'redis' });
    await applyInstance({ cluster, config: withPolicy });
    expect(recorded(api, withPolicy)).toContain(
      'networking.k8s.io/v1|NetworkPolicy|redis|orders-cache-redis',
    );
    // Carries the instance's and the ApplySet's labels: a prune by label selector would delete it.
    api.put({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'labelled-alike',
        namespace: 'redis',
        labels: {
          ...instanceLabels('orders-cache', 'redis'),
          [APPLYSET_PART_OF_LABEL]: applySetId(withPolicy),
        },
      },
    });

    const result = await applyInstance({ cluster, config: withoutPolicy });

    expect(result.pruned).toEqual(['NetworkPolicy redis/orders-cache-redis']);
    expect(
      api.get(
        'networking.k8s.io/v1',
        'NetworkPolicy',
        'redis',
        'orders-cache-redis',
      ),
    ).toBeUndefined();
    expect(
      api.get(
        'networking.k8s.io/v1',
        'NetworkPolicy',
        'redis',
        'labelled-alike',
      ),
    ).toBeDefined();
    expect(
      api.requests.filter(
        r => r.method === 'GET' && r.query.has('labelSelector'),
      ),
    ).toEqual([]);
    // Once pruned, the NetworkPolicy is no longer recorded.
    expect(recorded(api, withoutPolicy)).toEqual(membersOf(withoutPolicy));
  });

  it('prunes the ServiceMonitor and PrometheusRule from the old namespace when metrics.serviceMonitor.namespace moves', async () => {
    const { api, cluster } = setUp();
    api.addNamespace('observability');
    await applyInstance({ cluster, config: production });
    const moved = resolvedInstance({
      ...productionSentinelFlavour,
      metrics: {
        enabled: true,
        serviceMonitor: {
          enabled: true,
          interval: '30s',
          namespace: 'observability',
        },
      },
    });

    const result = await applyInstance({ cluster, config: moved });

    expect(result.pruned.sort()).toEqual([
      'PrometheusRule monitoring/redis-prod.orders-cache',
      'ServiceMonitor monitoring/redis-prod.orders-cache',
    ]);
    expect(
      api
        .all()
        .filter(o => o.apiVersion === 'monitoring.coreos.com/v1')
        .map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)
        .sort(),
    ).toEqual([
      'PrometheusRule observability/redis-prod.orders-cache',
      'ServiceMonitor observability/redis-prod.orders-cache',
    ]);
    expect(recorded(api, moved)).toEqual(membersOf(moved));
    expect(
      (parentOf(api, moved)?.metadata.annotations as Record<string, string>)[
        'applyset.kubernetes.io/additional-namespaces'
      ],
    ).toBe('observability');
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

    expect(result.pruned.sort()).toEqual([
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
        changes: [{ path: '/metadata/annotations', op: 'add', after: owner }],
      },
    ]);
    await applyInstance({ cluster, config: production, annotations: owner });

    const annotated = api
      .all()
      .filter(o => (o.metadata.annotations as object | undefined) !== undefined)
      .map(o => `${o.kind} ${o.metadata.name}`);
    expect(annotated).toEqual([
      'Secret orders-cache-auth',
      'ConfigMap orders-cache-applyset',
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
      op: 'replace',
      before: 3,
      after: 5,
    });
    expect(result.pruned.sort()).toEqual([
      'PrometheusRule monitoring/redis-prod.orders-cache',
      'ServiceMonitor monitoring/redis-prod.orders-cache',
    ]);
  });

  it('in a dry run shows a field the new order drops as a removal', async () => {
    const { cluster } = setUp();
    const toleration = {
      key: 'dedicated',
      operator: 'Equal',
      value: 'redis',
      effect: 'NoSchedule',
    };
    await applyInstance({
      cluster,
      config: resolvedInstance({
        ...productionSentinelFlavour,
        tolerations: [toleration],
      }),
    });

    const result = await applyInstance({
      cluster,
      config: production,
      dryRun: true,
    });

    expect(
      result.objects.find(
        o => o.ref === 'RedisReplication redis-prod/orders-cache',
      ),
    ).toEqual({
      ref: 'RedisReplication redis-prod/orders-cache',
      action: 'update',
      changes: [
        { path: '/spec/tolerations', op: 'remove', before: [toleration] },
      ],
    });
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
    // Recorded before the first member was written, so a later apply can prune what this one wrote.
    expect(recorded(api, production)).toEqual(membersOf(production));
  });

  it('reports a missing operator CRD as "install the Opstree Redis Operator" before writing', async () => {
    const { [OPERATOR]: _operator, ...withoutOperator } = SERVED_RESOURCES;
    const { api, cluster } = setUp(withoutOperator);
    const attempt = applyInstance({ cluster, config: production });
    await expect(attempt).rejects.toThrow(NotFoundError);
    await expect(attempt).rejects.toThrow(
      /does not serve RedisReplication \(redis.redis.opstreelabs.in\/v1beta2\); install the Opstree Redis Operator/,
    );
    expect(
      api.requests.filter(r => r.method !== 'GET' && !r.query.has('dryRun')),
    ).toEqual([]);
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

  describe('createNamespace', () => {
    const newTeam = resolvedInstance({ namespace: 'team-new' });
    const namespaceOf = (api: FakeKubernetesApi, name: string) =>
      api.get('v1', 'Namespace', undefined, name);

    it("creates the missing namespace labelled as the portal's, applies into it, and keeps it the next time", async () => {
      const { api, cluster } = setUp();

      const result = await applyInstance({
        cluster,
        config: newTeam,
        createNamespace: true,
      });

      expect(result.namespace).toEqual({ name: 'team-new', action: 'create' });
      expect(namespaceOf(api, 'team-new')?.metadata.labels).toEqual({
        [NAMESPACE_CREATED_BY_LABEL]: REDIS_FIELD_MANAGER,
      });
      expect(result.objects.map(o => o.action)).toEqual(
        renderManifests(newTeam).map(() => 'create'),
      );
      expect(
        api.get('v1', 'Secret', 'team-new', 'orders-cache-auth'),
      ).toBeDefined();

      const again = await applyInstance({
        cluster,
        config: newTeam,
        createNamespace: true,
      });
      expect(again.namespace).toEqual({ name: 'team-new', action: 'keep' });
      expect(
        api.requests
          .filter(r => r.path === '/api/v1/namespaces/team-new')
          .map(r => `${r.method}${r.query.has('dryRun') ? ' dryRun' : ''}`),
      ).toEqual(['PATCH dryRun', 'PATCH', 'PATCH dryRun']);
    });

    it('deletes the namespace it created again when the dry run of the objects then fails', async () => {
      const { api, cluster } = setUp();
      api.fail({
        method: 'PATCH',
        path: /\/redis\//,
        status: 422,
        only: 'dryRun',
        body: {
          kind: 'Status',
          code: 422,
          reason: 'Invalid',
          message: 'spec.kubernetesConfig.image: Required value',
        },
      });

      await expect(
        applyInstance({ cluster, config: newTeam, createNamespace: true }),
      ).rejects.toThrow(
        /nothing was applied[\s\S]*Namespace team-new, created for this apply, was deleted again\./,
      );
      expect(namespaceOf(api, 'team-new')).toBeUndefined();
      expect(
        api.requests
          .filter(r => r.path === '/api/v1/namespaces/team-new')
          .map(r => `${r.method}${r.query.has('dryRun') ? ' dryRun' : ''}`),
      ).toEqual(['PATCH dryRun', 'PATCH', 'DELETE']);
    });

    it('leaves an existing namespace and its labels alone', async () => {
      const { api, cluster } = setUp();
      api.put({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'shop', labels: { team: 'shop' } },
      });

      const result = await applyInstance({
        cluster,
        config: resolvedInstance({ namespace: 'shop' }),
        createNamespace: true,
      });

      expect(result.namespace).toEqual({ name: 'shop', action: 'keep' });
      expect(namespaceOf(api, 'shop')?.metadata.labels).toEqual({
        team: 'shop',
      });
    });

    it('in a dry run reports a namespace to create and checks the objects against the schema only, without server dry runs', async () => {
      const { api, cluster } = setUp();
      const progress: string[] = [];

      const result = await applyInstance({
        cluster,
        config: newTeam,
        createNamespace: true,
        dryRun: true,
        onProgress: m => progress.push(m),
      });

      expect(result).toEqual({
        dryRun: true,
        namespace: { name: 'team-new', action: 'create' },
        objects: renderManifests(newTeam).map(o => ({
          ref: objectRef(o),
          action: 'create',
          changes: [],
        })),
        pruned: [],
        secret: {
          name: 'orders-cache-auth',
          key: 'password',
          action: 'create',
        },
      });
      expect(progress).toContain(
        `Namespace team-new does not exist yet: the ${
          renderManifests(newTeam).length
        } objects were checked against the schema only, not by a server dry run`,
      );
      // No object is sent to the server: the dry-run apply of the Namespace, then the read of
      // the StorageClass the order names, which must exist before any apply can succeed.
      expect(
        api.requests.map(
          r => `${r.method} ${r.path} dryRun=${r.query.get('dryRun')}`,
        ),
      ).toEqual([
        'PATCH /api/v1/namespaces/team-new dryRun=All',
        'GET /apis/storage.k8s.io/v1/storageclasses/gp3 dryRun=null',
      ]);
      expect(namespaceOf(api, 'team-new')).toBeUndefined();
    });
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
