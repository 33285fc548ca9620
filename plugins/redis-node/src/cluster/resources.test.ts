import { InputError } from '@backstage/errors';
import { renderManifests } from '@odin/plugin-redis-common';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../__testUtils__/instances';
import { RESOURCE_TYPES, resourcePath } from './resources';

describe('RESOURCE_TYPES', () => {
  it('holds every kind renderManifests produces, so each can be applied and pruned without discovery', () => {
    const everything = [
      resolvedInstance({
        namespace: 'redis',
        networkPolicy: { enabled: true, allowedNamespaces: ['shop'] },
      }),
      resolvedInstance(productionSentinelFlavour),
      resolvedInstance({
        namespace: 'redis',
        deploymentMode: 'cluster',
        metrics: { enabled: true, serviceMonitor: { enabled: true } },
      }),
    ];
    const rendered = new Set(
      everything.flatMap(config =>
        renderManifests(config).map(o => `${o.apiVersion} ${o.kind}`),
      ),
    );
    const known = new Set(
      RESOURCE_TYPES.map(type => `${type.apiVersion} ${type.kind}`),
    );
    expect([...rendered].filter(kind => !known.has(kind))).toEqual([]);
  });
});

describe('resourcePath', () => {
  it('builds the paths of core, grouped, namespaced and cluster-scoped kinds', () => {
    expect(
      resourcePath({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'redis',
        name: 'orders-cache-config',
      }),
    ).toBe('/api/v1/namespaces/redis/configmaps/orders-cache-config');
    expect(
      resourcePath({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        namespace: 'redis',
      }),
    ).toBe('/apis/apps/v1/namespaces/redis/statefulsets');
    // A cluster-scoped kind ignores a namespace; a namespaced kind without one lists all namespaces.
    expect(
      resourcePath({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        namespace: 'redis',
        name: 'gp3',
      }),
    ).toBe('/apis/storage.k8s.io/v1/storageclasses/gp3');
    expect(
      resourcePath({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        namespace: 'redis',
        name: 'orders-cache-operation',
      }),
    ).toBe(
      '/apis/coordination.k8s.io/v1/namespaces/redis/leases/orders-cache-operation',
    );
    expect(resourcePath({ apiVersion: 'v1', kind: 'Pod' })).toBe(
      '/api/v1/pods',
    );
  });

  it('refuses a kind it does not know before any request', () => {
    expect(() =>
      resourcePath({ apiVersion: 'apps/v1', kind: 'Deployment' }),
    ).toThrow(InputError);
    expect(() =>
      resourcePath({ apiVersion: 'apps/v1', kind: 'Deployment' }),
    ).toThrow(
      'Deployment (apps/v1) is not a kind the Redis portal reads or writes',
    );
  });
});
