import { crdViolations } from '../__testUtils__/crdSchemas';
import { configOf, objectProblems } from '../__testUtils__/objectProblems';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { flavourSchema } from '../schema/flavourSchema';
import { validateInstance } from '../validate/validateInstance';
import {
  INSTANCE_NAMESPACE_LABEL,
  REDIS_FIELD_MANAGER,
  instanceLabelSelector,
  type KubernetesObject,
} from './conventions';
import { renderManifests } from './renderManifests';

const sentinelOrder = {
  name: 'orders',
  flavour: {
    namespace: 'shop',
    deploymentMode: 'sentinel',
    replica: { count: 2 },
    sentinel: { enabled: true, replicas: 5, quorum: 3 },
    metrics: { enabled: true, serviceMonitor: { enabled: true } },
    networkPolicy: { enabled: true, allowedNamespaces: ['web'] },
    backup: { enabled: true, s3Bucket: 'shop-backups' },
  },
};
const clusterOrder = {
  name: 'sessions',
  root: { clusterModeEnabled: true, version: '8.2' },
  flavour: {
    deploymentMode: 'cluster',
    cluster: { numShards: 4, replicasPerShard: 2 },
    podDisruptionBudget: { minAvailable: 8 },
    persistence: { size: '20Gi' },
    metrics: { enabled: true },
    networkPolicy: { enabled: true },
    backup: { enabled: true, s3Bucket: 'session-backups' },
    antiAffinity: 'required',
  },
};
const byKind = (objects: KubernetesObject[], kind: string) =>
  objects.find(o => o.kind === kind) as any;

describe('renderManifests', () => {
  const flavourKeys = Object.keys(flavourSchema.properties.flavour.properties);
  const examples = flavourExamples(flavourKeys);

  it('finds the spec examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(
    examples.map(
      example => [`${example.title} (line ${example.line})`, example] as const,
    ),
  )('spec example %s', (_, example) => {
    const result = validateInstance(orderFor(example.flavour));
    // The TLS snippet configures TLS through additionalConfig, which would break the operator: refused on purpose.
    const refusedOnPurpose = Object.keys(
      example.flavour.additionalConfig ?? {},
    ).includes('tls-port');

    it('validates unless it is the TLS snippet, which is refused on purpose', () => {
      expect(result.valid).toBe(!refusedOnPurpose);
    });

    if (!refusedOnPurpose) {
      it('renders objects that conform to their schemas', () => {
        const objects = renderManifests(result.config!);
        expect(objects.length).toBeGreaterThan(1);
        expect(objects.flatMap(objectProblems)).toEqual([]);
      });
    }
  });

  it('renders a single Redis for the default standalone instance', () => {
    const objects = renderManifests(configOf({ name: 'cache' }));
    expect(objects.map(o => o.kind)).toEqual(['ConfigMap', 'Redis']);
    const redis = byKind(objects, 'Redis');
    expect(redis.spec.kubernetesConfig.image).toBe(
      'quay.io/opstree/redis:v7.0.15',
    );
    expect(redis.spec.redisConfig).toEqual({
      additionalRedisConfig: 'cache-config',
    });
    expect(redis.spec.storage.volumeClaimTemplate.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'gp3',
      resources: { requests: { storage: '10Gi' } },
    });
    expect(redis.spec.pdb).toBeUndefined();
    expect(redis.spec.topologySpreadConstraints).toBeUndefined();
    expect(redis.spec.kubernetesConfig.redisSecret).toEqual({
      name: 'cache-auth',
      key: 'password',
    });
  });

  it('renders a RedisReplication without sentinel for standalone with replicas', () => {
    const objects = renderManifests(
      configOf({ name: 'cache', flavour: { replica: { count: 2 } } }),
    );
    expect(objects.map(o => o.kind)).toEqual(['ConfigMap', 'RedisReplication']);
    const replication = byKind(objects, 'RedisReplication');
    expect(replication.spec.clusterSize).toBe(3);
    expect(replication.spec.sentinel).toBeUndefined();
    expect(replication.spec.pdb).toEqual({ enabled: true, minAvailable: 1 });
  });

  it('renders a RedisReplication and a RedisSentinel in sentinel mode', () => {
    const objects = renderManifests(configOf(sentinelOrder));
    expect(objects.map(o => o.kind)).toEqual([
      'ConfigMap',
      'ConfigMap',
      'RedisReplication',
      'RedisSentinel',
      'NetworkPolicy',
      'ServiceMonitor',
      'PrometheusRule',
      'CronJob',
    ]);
    const replication = byKind(objects, 'RedisReplication');
    const sentinel = byKind(objects, 'RedisSentinel');
    expect(replication.spec.clusterSize).toBe(3);
    expect(sentinel.spec.clusterSize).toBe(5);
    expect(sentinel.spec.redisSentinelConfig).toEqual({
      redisReplicationName: 'orders',
      redisReplicationPassword: {
        secretKeyRef: { name: 'orders-auth', key: 'password' },
      },
      masterGroupName: 'mymaster',
      redisPort: '6379',
      quorum: '3',
    });
    expect(sentinel.spec.pdb).toEqual({ enabled: true, minAvailable: 3 });
    expect(sentinel.spec.kubernetesConfig.image).toBe(
      'quay.io/opstree/redis-sentinel:v7.0.15',
    );
    expect(sentinel.spec.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(
      sentinel.spec.affinity.podAntiAffinity
        .preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm
        .labelSelector,
    ).toEqual({
      matchLabels: { app: 'orders-sentinel' },
    });
  });

  it('renders a RedisCluster with shards as leaders and shards × replicas as followers', () => {
    const objects = renderManifests(configOf(clusterOrder));
    const cluster = byKind(objects, 'RedisCluster');
    expect(cluster.spec).toMatchObject({
      clusterSize: 4,
      clusterVersion: 'v8',
      persistenceEnabled: true,
      port: 6379,
    });
    expect(cluster.spec.kubernetesConfig.image).toBe(
      'quay.io/opstree/redis:v8.2.5',
    );
    expect(cluster.spec.redisLeader).toMatchObject({
      replicas: 4,
      pdb: { enabled: true, minAvailable: 3 },
    });
    expect(cluster.spec.redisFollower).toMatchObject({
      replicas: 8,
      pdb: { enabled: true, minAvailable: 6 },
    });
    expect(cluster.spec.redisLeader.redisConfig).toEqual({
      additionalRedisConfig: 'sessions-config',
    });
    expect(cluster.spec.redisFollower.redisConfig).toEqual({
      additionalRedisConfig: 'sessions-config',
    });
    expect(cluster.spec.redisConfig).toBeUndefined();
    expect(cluster.spec.storage.nodeConfVolume).toBe(true);
    expect(
      cluster.spec.redisLeader.affinity.podAntiAffinity
        .requiredDuringSchedulingIgnoredDuringExecution[0],
    ).toEqual({
      labelSelector: {
        matchExpressions: [
          {
            key: 'app',
            operator: 'In',
            values: ['sessions-leader', 'sessions-follower'],
          },
        ],
      },
      topologyKey: 'kubernetes.io/hostname',
    });
    expect(cluster.spec.redisExporter).toMatchObject({
      enabled: true,
      port: 9121,
    });
    const policy = byKind(objects, 'NetworkPolicy');
    expect(
      policy.spec.ingress.flatMap((rule: any) =>
        rule.ports.map((p: any) => p.port),
      ),
    ).toEqual([6379, 16379, 9121]);
    const cronJob = byKind(objects, 'CronJob');
    const dump = cronJob.spec.jobTemplate.spec.template.spec.initContainers[0];
    expect(dump.env).toEqual(
      expect.arrayContaining([
        { name: 'REDIS_MODE', value: 'cluster' },
        { name: 'REDIS_HOST', value: 'sessions-leader.redis.svc' },
      ]),
    );
  });

  it('writes persistence settings into the redis.conf ConfigMap the operator includes', () => {
    const conf = (flavour: Record<string, unknown>) =>
      (renderManifests(configOf({ name: 'c', flavour }))[0] as any).data[
        'redis-additional.conf'
      ];
    expect(conf({})).toBe(
      'save ""\nsave 900 1\nsave 300 10\nsave 60 10000\nappendonly no\nappendfsync everysec\nmaxmemory 1575mb\n',
    );
    expect(
      conf({
        persistence: {
          aof: { enabled: true, fsyncPolicy: 'always' },
          rdb: { enabled: false },
        },
      }),
    ).toBe('save ""\nappendonly yes\nappendfsync always\nmaxmemory 1575mb\n');
    expect(
      conf({
        persistence: { rdb: { saveInterval: '' } },
        additionalConfig: { timeout: '0', 'maxmemory-policy': 'allkeys-lru' },
      }),
    ).toBe(
      'save ""\nappendonly no\nappendfsync everysec\nmaxmemory 1575mb\nmaxmemory-policy allkeys-lru\ntimeout 0\n',
    );
  });

  it('sets maxmemory to the memory limit ÷ 1.3, the smaller limit of leaders and followers in cluster mode', () => {
    const conf = (order: Record<string, any>) =>
      (renderManifests(configOf(order))[0] as any).data[
        'redis-additional.conf'
      ];
    const resources = (memory: string) => ({
      requests: { cpu: '500m', memory },
      limits: { cpu: '1', memory },
    });
    expect(
      conf({ name: 'c', flavour: { master: { resources: resources('1Gi') } } }),
    ).toContain('\nmaxmemory 787mb\n');
    expect(
      conf({
        ...sentinelOrder,
        flavour: {
          ...sentinelOrder.flavour,
          master: { resources: resources('4Gi') },
        },
      }),
    ).toContain('\nmaxmemory 3150mb\n');
    expect(
      conf({
        ...clusterOrder,
        flavour: {
          ...clusterOrder.flavour,
          master: { resources: resources('4Gi') },
          replica: { resources: resources('2Gi') },
        },
      }),
    ).toContain('\nmaxmemory 1575mb\n');
  });

  it('writes an explicit maxmemory instead of the derived one', () => {
    const text = (
      renderManifests(
        configOf({
          name: 'c',
          flavour: { additionalConfig: { maxmemory: '1gb' } },
        }),
      )[0] as any
    ).data['redis-additional.conf'];
    expect(text.match(/^maxmemory .*$/gm)).toEqual(['maxmemory 1gb']);
  });

  it('labels every object for Backstage and prune', () => {
    for (const order of [{ name: 'cache' }, sentinelOrder, clusterOrder]) {
      for (const object of renderManifests(configOf(order))) {
        expect(object.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': 'redis',
          'app.kubernetes.io/instance': order.name,
          'app.kubernetes.io/managed-by': REDIS_FIELD_MANAGER,
          'backstage.io/kubernetes-id': order.name,
          [INSTANCE_NAMESPACE_LABEL]: configOf(order).flavour.namespace,
        });
      }
    }
  });

  it('selects with instanceLabelSelector exactly the objects of one instance, namesakes in other namespaces aside', () => {
    const matches = (selector: string, labels: Record<string, string>) =>
      selector
        .split(',')
        .every(term => labels[term.split('=')[0]] === term.split('=')[1]);
    const shop = renderManifests(configOf(sentinelOrder));
    const web = renderManifests(
      configOf({
        ...sentinelOrder,
        flavour: { ...sentinelOrder.flavour, namespace: 'web' },
      }),
    );
    const selector = instanceLabelSelector({
      name: 'orders',
      namespace: 'shop',
    });
    expect(
      shop.every(object => matches(selector, object.metadata.labels)),
    ).toBe(true);
    expect(web.some(object => matches(selector, object.metadata.labels))).toBe(
      false,
    );
  });

  it('names the monitoring objects, which share the Prometheus namespace, after namespace and instance', () => {
    const names = (namespace: string, name: string) =>
      renderManifests(
        configOf({
          ...sentinelOrder,
          name,
          flavour: { ...sentinelOrder.flavour, namespace },
        }),
      )
        .filter(object => object.metadata.namespace === 'monitoring')
        .map(object => `${object.kind} ${object.metadata.name}`);
    expect(names('shop', 'orders')).toEqual([
      'ServiceMonitor shop.orders',
      'PrometheusRule shop.orders',
    ]);
    // With a dash both would be "shop-eu-cache".
    expect(names('shop-eu', 'cache')).not.toEqual(names('shop', 'eu-cache'));
    const longest = names('n'.repeat(63), 'i'.repeat(42));
    for (const ref of longest)
      expect(ref.split(' ')[1]).toMatch(
        /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
      );
  });

  it('is deterministic', () => {
    expect(JSON.stringify(renderManifests(configOf(sentinelOrder)))).toBe(
      JSON.stringify(renderManifests(configOf(sentinelOrder))),
    );
  });

  it('references an existing Secret, or none without authentication', () => {
    const existing = renderManifests(
      configOf({
        ...sentinelOrder,
        root: {
          authentication: {
            existingSecret: { name: 'vault-redis', key: 'pw' },
          },
        },
      }),
    );
    expect(
      byKind(existing, 'RedisReplication').spec.kubernetesConfig.redisSecret,
    ).toEqual({ name: 'vault-redis', key: 'pw' });
    const env = byKind(existing, 'CronJob').spec.jobTemplate.spec.template.spec
      .initContainers[0].env;
    expect(env).toContainEqual({
      name: 'REDISCLI_AUTH',
      valueFrom: { secretKeyRef: { name: 'vault-redis', key: 'pw' } },
    });
    const open = renderManifests(
      configOf({
        ...sentinelOrder,
        root: { authentication: { enabled: false } },
      }),
    );
    expect(
      byKind(open, 'RedisReplication').spec.kubernetesConfig.redisSecret,
    ).toBeUndefined();
    expect(
      byKind(open, 'RedisSentinel').spec.redisSentinelConfig
        .redisReplicationPassword,
    ).toBeUndefined();
  });

  it('renders the five alerts of the spec for this instance only', () => {
    const rule = byKind(
      renderManifests(configOf(sentinelOrder)),
      'PrometheusRule',
    );
    const rules = rule.spec.groups[0].rules;
    expect(rules.map((r: any) => [r.alert, r.for, r.labels.severity])).toEqual([
      ['RedisDown', '1m', 'critical'],
      ['RedisHighMemoryUsage', '5m', 'warning'],
      ['RedisReplicationLag', '2m', 'warning'],
      ['RedisLowHitRatio', '10m', 'info'],
      ['RedisHighConnections', '5m', 'warning'],
    ]);
    for (const r of rules)
      expect(r.expr).toContain(
        // Exactly the exporter Services of this instance's data StatefulSets.
        'namespace="shop",service=~"orders-metrics"',
      );
    expect(rule.metadata.namespace).toBe('monitoring');
  });

  it('schedules backups with the bucket layout of the design', () => {
    const cronJob = byKind(renderManifests(configOf(sentinelOrder)), 'CronJob');
    expect(cronJob.spec.schedule).toBe('0 2 * * *');
    const upload = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
    expect(upload.env).toEqual(
      expect.arrayContaining([
        { name: 'S3_BUCKET', value: 'shop-backups' },
        { name: 'S3_PREFIX', value: 'shop/orders' },
        { name: 'RETENTION_DAYS', value: '7' },
      ]),
    );
    const dump = cronJob.spec.jobTemplate.spec.template.spec.initContainers[0];
    expect(dump.env).toContainEqual({
      name: 'REDIS_HOST',
      value: 'orders-replica.shop.svc',
    });
  });

  it('applies placement, service and update settings to every role', () => {
    const placement = {
      nodeSelector: { 'eks.amazonaws.com/capacityType': 'ON_DEMAND' },
      tolerations: [{ key: 'redis', operator: 'Exists', effect: 'NoSchedule' }],
      priorityClassName: 'critical',
      serviceAccount: 'redis-sa',
      service: {
        type: 'LoadBalancer',
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
        },
      },
      updateStrategy: { type: 'OnDelete' },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
        },
      ],
    };
    const objects = renderManifests(
      configOf({
        ...sentinelOrder,
        flavour: { ...sentinelOrder.flavour, ...placement },
      }),
    );
    for (const kind of ['RedisReplication', 'RedisSentinel']) {
      const { spec } = byKind(objects, kind);
      expect(spec).toMatchObject({
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
        priorityClassName: 'critical',
        serviceAccountName: 'redis-sa',
      });
      expect(spec.kubernetesConfig.service).toEqual({
        serviceType: 'LoadBalancer',
        annotations: placement.service.annotations,
      });
      expect(spec.kubernetesConfig.updateStrategy).toEqual({
        type: 'OnDelete',
      });
      expect(spec.topologySpreadConstraints[0].labelSelector).toBeDefined();
      expect(spec.podSecurityContext).toEqual({
        fsGroup: 1000,
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
    }
    expect(objects.flatMap(objectProblems)).toEqual([]);
  });

  it('counts a field the CRD lacks as a conformance error', () => {
    const [, redis] = renderManifests(configOf({ name: 'cache' }));
    const planted = {
      ...redis,
      spec: { ...(redis.spec as object), topologySpreadConstraints: [] },
    };
    expect(crdViolations(planted).join()).toMatch(
      /must NOT have additional properties/,
    );
    const nested = JSON.parse(JSON.stringify(redis));
    nested.spec.kubernetesConfig.service.bogus = true;
    expect(crdViolations(nested)).not.toEqual([]);
  });

  it('reports core objects that break the Kubernetes schemas', () => {
    const objects = renderManifests(configOf(sentinelOrder));
    const configMap = JSON.parse(JSON.stringify(byKind(objects, 'ConfigMap')));
    configMap.data['redis-additional.conf'] = 42;
    expect(objectProblems(configMap)).not.toEqual([]);
    const cronJob = JSON.parse(JSON.stringify(byKind(objects, 'CronJob')));
    cronJob.spec.jobTemplate.spec.template.spec.containers[0].ports = [
      { containerPort: 'http' },
    ];
    expect(objectProblems(cronJob)).not.toEqual([]);
    const policy = JSON.parse(JSON.stringify(byKind(objects, 'NetworkPolicy')));
    delete policy.spec.podSelector;
    expect(objectProblems(policy)).not.toEqual([]);
  });

  // Its render time is measured by the bench (bench/run.mjs), not asserted here.
  it('renders the largest cluster the schema allows, a 500-shard × 5-replica cluster', () => {
    const config = configOf({
      name: 'big',
      root: { clusterModeEnabled: true },
      flavour: {
        deploymentMode: 'cluster',
        cluster: { numShards: 500, replicasPerShard: 5 },
      },
    });
    const objects = renderManifests(config);
    expect(byKind(objects, 'RedisCluster').spec.redisFollower.replicas).toBe(
      2500,
    );
    expect(objects.flatMap(objectProblems)).toEqual([]);
  });
});
