import {
  REDIS_FIELD_MANAGER,
  renderManifests,
  type KubernetesObject,
} from '@odin/plugin-redis-common';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../__testUtils__/instances';
import { diffObject } from './diff';

function rendered(flavour: Record<string, unknown>, kind: string) {
  const object = renderManifests(resolvedInstance(flavour)).find(
    candidate => candidate.kind === kind,
  );
  if (!object) throw new Error(`the render holds no ${kind}`);
  return object;
}

/**
 * `object` as the API server returns it, at `version`: JSON (no undefined values), with the
 * metadata the server writes, the operator's finalizer and a label another controller added, and a
 * status.
 */
function stored(object: KubernetesObject, version: number) {
  const json = JSON.parse(JSON.stringify(object));
  return {
    ...json,
    metadata: {
      ...json.metadata,
      labels: { ...json.metadata.labels, 'team.example.com/cost-centre': 'c7' },
      finalizers: ['redisReplicationFinalizer'],
      uid: '6a1e0f9c-2b7d-4a53-9d1e-3f0c2b8e4a11',
      resourceVersion: String(1000 + version),
      generation: version,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [
        {
          manager: REDIS_FIELD_MANAGER,
          operation: 'Apply',
          time: `2026-01-0${version}T00:00:00Z`,
        },
      ],
    },
    status: { masterNode: `orders-cache-${version % 3}` },
  };
}

const sentinel = productionSentinelFlavour;
const replication = rendered(sentinel, 'RedisReplication');

describe('diffObject', () => {
  it('finds no change when only status and the metadata the server writes differ', () => {
    expect(diffObject(stored(replication, 1), stored(replication, 2))).toEqual(
      [],
    );
  });

  it('reports the exporter the server drops once metrics are turned off', () => {
    const withoutMetrics = rendered(
      { ...sentinel, metrics: { enabled: false } },
      'RedisReplication',
    );
    const live = stored(replication, 1);

    expect(diffObject(live, stored(withoutMetrics, 2))).toEqual([
      {
        path: '/spec/redisExporter',
        op: 'remove',
        before: live.spec.redisExporter,
      },
    ]);
  });

  it('reports the exporter it would add once metrics are turned on', () => {
    const withoutMetrics = rendered(
      { ...sentinel, metrics: { enabled: false } },
      'RedisReplication',
    );
    const after = stored(replication, 2);

    expect(diffObject(stored(withoutMetrics, 1), after)).toEqual([
      {
        path: '/spec/redisExporter',
        op: 'add',
        after: after.spec.redisExporter,
      },
    ]);
  });

  it('reports a removed toleration by its index, not as a change to those after it', () => {
    const [dedicated, spot, arm] = [
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'redis',
        effect: 'NoSchedule',
      },
      { key: 'spot', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
    ];
    const tolerating = (tolerations: object[]) =>
      stored(
        rendered({ ...sentinel, tolerations }, 'RedisReplication'),
        tolerations.length,
      );

    expect(
      diffObject(
        tolerating([dedicated, spot, arm]),
        tolerating([dedicated, arm]),
      ),
    ).toEqual([{ path: '/spec/tolerations/1', op: 'remove', before: spot }]);
    expect(diffObject(tolerating([dedicated]), stored(replication, 2))).toEqual(
      [{ path: '/spec/tolerations', op: 'remove', before: [dedicated] }],
    );
  });

  it('reports a changed toleration as the fields that changed', () => {
    const tolerating = (effect: string) =>
      stored(
        rendered(
          {
            ...sentinel,
            tolerations: [{ key: 'dedicated', operator: 'Exists', effect }],
          },
          'RedisReplication',
        ),
        1,
      );

    expect(
      diffObject(tolerating('NoSchedule'), tolerating('NoExecute')),
    ).toEqual([
      {
        path: '/spec/tolerations/0/effect',
        op: 'replace',
        before: 'NoSchedule',
        after: 'NoExecute',
      },
    ]);
  });

  it('reports a removed resource limit', () => {
    const live = stored(replication, 1);
    const after = stored(replication, 2);
    delete after.spec.kubernetesConfig.resources.limits.memory;

    expect(diffObject(live, after)).toEqual([
      {
        path: '/spec/kubernetesConfig/resources/limits/memory',
        op: 'remove',
        before: '4Gi',
      },
    ]);
  });

  it('reports a changed scalar with both values', () => {
    const bigger = rendered(
      { ...sentinel, replicaCount: 4 },
      'RedisReplication',
    );

    expect(diffObject(stored(replication, 1), stored(bigger, 2))).toEqual([
      { path: '/spec/clusterSize', op: 'replace', before: 3, after: 5 },
    ]);
  });

  it('reports added annotations, and escapes the slash in a key of the path', () => {
    const after = stored(replication, 2);
    after.metadata.annotations = { 'odin.dev/owner': 'group:default/payments' };
    after.metadata.labels['app.kubernetes.io/instance'] = 'orders';

    expect(diffObject(stored(replication, 1), after)).toEqual([
      {
        path: '/metadata/labels/app.kubernetes.io~1instance',
        op: 'replace',
        before: 'orders-cache',
        after: 'orders',
      },
      {
        path: '/metadata/annotations',
        op: 'add',
        after: { 'odin.dev/owner': 'group:default/payments' },
      },
    ]);
  });

  describe('in lists of named items', () => {
    const cronJob = stored(rendered(sentinel, 'CronJob'), 1);
    const podSpec = (object: any) => object.spec.jobTemplate.spec.template.spec;
    const pod = '/spec/jobTemplate/spec/template/spec';

    it('matches items by name, giving removals their index before and the rest their index after', () => {
      const live = structuredClone(cronJob);
      const sidecar = { name: 'log-shipper', image: 'fluent/fluent-bit:3.0' };
      podSpec(live).containers.unshift(sidecar);
      const after = structuredClone(cronJob);
      podSpec(after).containers[0].image = 'amazon/aws-cli:2.23.0';

      expect(diffObject(live, after)).toEqual([
        { path: `${pod}/containers/0`, op: 'remove', before: sidecar },
        {
          path: `${pod}/containers/0/image`,
          op: 'replace',
          before: 'amazon/aws-cli:2.22.0',
          after: 'amazon/aws-cli:2.23.0',
        },
      ]);
    });

    it('reports a removed environment variable alone', () => {
      const after = structuredClone(cronJob);
      const env = podSpec(after).containers[0].env;
      const [retention] = env.splice(
        env.findIndex((v: { name: string }) => v.name === 'RETENTION_DAYS'),
        1,
      );

      expect(diffObject(cronJob, after)).toEqual([
        { path: `${pod}/containers/0/env/2`, op: 'remove', before: retention },
      ]);
    });

    it('does not count a new order as a change', () => {
      const after = structuredClone(cronJob);
      podSpec(after).volumes.reverse();

      expect(diffObject(cronJob, after)).toEqual([]);
    });
  });

  describe('of a Secret', () => {
    const secret = (data: Record<string, string>, lastApplied: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'orders-cache-auth',
        namespace: 'redis-prod',
        resourceVersion: '3',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': lastApplied,
        },
      },
      type: 'Opaque',
      data,
    });

    it('shows which values change but never a value', () => {
      const changes = diffObject(
        secret(
          { password: 'b2xkLXBhc3N3b3Jk' },
          '{"data":{"password":"b2xk"}}',
        ),
        secret(
          { password: 'bmV3LXBhc3N3b3Jk', username: 'ZGVmYXVsdA==' },
          '{"data":{"password":"bmV3"}}',
        ),
      );

      expect(changes).toEqual([
        {
          path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration',
          op: 'replace',
          before: '(secret)',
          after: '(secret)',
        },
        {
          path: '/data/password',
          op: 'replace',
          before: '(secret)',
          after: '(secret)',
        },
        { path: '/data/username', op: 'add', after: '(secret)' },
      ]);
    });

    it('redacts each value of a data or stringData added or removed whole', () => {
      const { data: _data, ...empty } = secret({}, '{}');
      const withValues = {
        ...empty,
        data: { password: 'b2xkLXBhc3N3b3Jk' },
        stringData: { username: 'default' },
      };

      expect(diffObject(empty, withValues)).toEqual([
        { path: '/data', op: 'add', after: { password: '(secret)' } },
        { path: '/stringData', op: 'add', after: { username: '(secret)' } },
      ]);
      expect(diffObject(withValues, empty)).toEqual([
        { path: '/data', op: 'remove', before: { password: '(secret)' } },
        { path: '/stringData', op: 'remove', before: { username: '(secret)' } },
      ]);
    });

    it('leaves the data of a ConfigMap readable', () => {
      const configMap = stored(rendered(sentinel, 'ConfigMap'), 1);
      const after = structuredClone(configMap);
      after.data['redis-additional.conf'] = 'appendonly no\n';

      expect(diffObject(configMap, after)).toEqual([
        {
          path: '/data/redis-additional.conf',
          op: 'replace',
          before: configMap.data['redis-additional.conf'],
          after: 'appendonly no\n',
        },
      ]);
    });
  });
});
