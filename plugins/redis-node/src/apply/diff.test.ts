import { diffObject } from './diff';

const desired = {
  apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
  kind: 'RedisReplication',
  metadata: {
    name: 'orders-cache',
    namespace: 'redis',
    labels: { 'app.kubernetes.io/instance': 'orders-cache' },
  },
  spec: {
    clusterSize: 3,
    kubernetesConfig: {
      image: 'quay.io/opstree/redis:v7.2.7',
      resources: { requests: { cpu: '1000m', memory: '2Gi' } },
    },
    tolerations: [{ key: 'redis', operator: 'Exists' }],
  },
};

/** What a server returns for `desired`: server metadata, defaults, status, normalised quantities. */
const live = {
  ...desired,
  metadata: {
    ...desired.metadata,
    labels: { ...desired.metadata.labels, 'added-by-someone': 'x' },
    uid: 'u',
    resourceVersion: '7',
    creationTimestamp: '2026-01-01T00:00:00Z',
    generation: 3,
    managedFields: [{ manager: 'odin-redis' }],
  },
  spec: {
    ...desired.spec,
    kubernetesConfig: {
      ...desired.spec.kubernetesConfig,
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '1', memory: '2048Mi' } },
    },
    tolerations: [{ key: 'redis', operator: 'Exists', effect: '' }],
  },
  status: { masterNode: 'orders-cache-0' },
};

describe('diffObject', () => {
  it('finds no change when only server-owned, defaulted and status fields differ', () => {
    expect(diffObject(desired, live)).toEqual([]);
  });

  it('names each changed field with its live and desired value', () => {
    const changed = {
      ...desired,
      metadata: { ...desired.metadata, annotations: { team: 'orders' } },
      spec: { ...desired.spec, clusterSize: 5, tolerations: [] },
    };
    expect(diffObject(changed, live)).toEqual([
      {
        path: '/metadata/annotations',
        live: undefined,
        desired: { team: 'orders' },
      },
      { path: '/spec/clusterSize', live: 3, desired: 5 },
      { path: '/spec/tolerations', live: live.spec.tolerations, desired: [] },
    ]);
  });

  it('compares quantities by value, not spelling', () => {
    const bigger = {
      ...desired,
      spec: {
        ...desired.spec,
        kubernetesConfig: {
          ...desired.spec.kubernetesConfig,
          resources: { requests: { cpu: '1500m', memory: '2Gi' } },
        },
      },
    };
    expect(diffObject(bigger, live)).toEqual([
      {
        path: '/spec/kubernetesConfig/resources/requests/cpu',
        live: '1',
        desired: '1500m',
      },
    ]);
  });

  it('does not treat different plain strings as equal quantities', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
      data: { schedule: '0 2 * * *' },
    };
    expect(
      diffObject(object, { ...object, data: { schedule: '0 3 * * *' } }),
    ).toHaveLength(1);
    expect(
      diffObject(
        { ...object, data: { x: 'e1' } },
        { ...object, data: { x: 'E1' } },
      ),
    ).toHaveLength(1);
  });
});
