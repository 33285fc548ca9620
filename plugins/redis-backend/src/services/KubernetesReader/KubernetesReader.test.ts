import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { instanceLabels } from '@odin/plugin-redis-common';
import { clusterAccessFromTokens } from '@odin/plugin-redis-node';
import { setupServer } from 'msw/node';
import {
  FakeKubernetesApi,
  KUBERNETES_URL,
  passwordSecret,
  podObject,
  statefulSet,
} from '../../__testUtils__/fakeKubernetesApi';
import { KubernetesReader } from './KubernetesReader';

const server = setupServer();
registerMswTestHooks(server);

const ref = { cluster: 'test', namespace: 'redis', name: 'orders-cache' };

function reader(timeoutMs = 5_000): KubernetesReader {
  const clusters = clusterAccessFromTokens([
    {
      name: 'test',
      server: KUBERNETES_URL,
      token: 'token',
      skipTLSVerify: true,
    },
  ]);
  return new KubernetesReader(clusters, timeoutMs);
}

describe('KubernetesReader', () => {
  it('reads only the objects labelled for this instance: those of other managers and of a namesake elsewhere are left out', async () => {
    const api = new FakeKubernetesApi()
      .add(
        'pods',
        podObject('redis', 'orders-cache', {
          name: 'orders-cache-0',
          ip: '10.0.0.1',
          labels: {},
        }),
      )
      .add(
        'pods',
        // Another tool's release of the same name in the same namespace.
        podObject('redis', 'orders-cache', {
          name: 'helm-orders-cache-0',
          ip: '10.0.0.2',
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        }),
      )
      .add(
        'statefulsets',
        statefulSet('redis', 'orders-cache', 'orders-cache', 1),
      )
      .add('statefulsets', {
        ...statefulSet('redis', 'orders-cache', 'orders-cache-copy', 1),
        // Labelled for the namesake instance of namespace shop.
        metadata: {
          name: 'orders-cache-copy',
          namespace: 'redis',
          labels: instanceLabels('orders-cache', 'shop'),
        },
      });
    server.use(...api.handlers());
    const snapshot = await reader().readInstance(ref);
    expect(snapshot.pods.map(pod => pod.metadata?.name)).toEqual([
      'orders-cache-0',
    ]);
    expect(snapshot.statefulSets.map(set => set.metadata?.name)).toEqual([
      'orders-cache',
    ]);
  });

  it('makes one LIST per kind and no discovery request', async () => {
    const api = new FakeKubernetesApi();
    server.use(...api.handlers());
    await reader().readInstance(ref);
    const kinds = [
      'redis',
      'redisreplications',
      'redissentinels',
      'redisclusters',
      'statefulsets',
      'pods',
    ];
    kinds.push('persistentvolumeclaims', 'events', 'nodes', 'cronjobs', 'jobs');
    expect(Object.fromEntries(api.requests)).toEqual(
      Object.fromEntries(kinds.map(kind => [kind, 1])),
    );
    expect(api.discoveryRequests).toBe(0);
  });

  it('rejects an unknown cluster with a NotFoundError naming the configured ones', async () => {
    await expect(
      reader().readInstance({ ...ref, cluster: 'eks-prod' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('contexts: test'),
    });
  });

  it('names the kind, namespace and cluster when a LIST fails or does not answer in time', async () => {
    const api = new FakeKubernetesApi();
    server.use(...api.handlers());
    api.faults.set('pods', 'error');
    await expect(reader().readInstance(ref)).rejects.toThrow(
      'Could not list Pod objects in namespace "redis" on cluster "test": HTTP 500: etcd is on fire (pods)',
    );
    api.faults.set('pods', 'hang');
    await expect(reader(200).readInstance(ref)).rejects.toThrow(
      'Listing Pod objects in namespace "redis" on cluster "test" timed out after 200 ms',
    );
  });

  it('reads one key of a Secret, and nothing for a missing Secret or key', async () => {
    const api = new FakeKubernetesApi().add(
      'secrets',
      passwordSecret('redis', 'orders-cache-auth', 's3cret'),
    );
    server.use(...api.handlers());
    const kubernetes = reader();
    await expect(
      kubernetes.readSecretValue(ref, 'orders-cache-auth', 'password'),
    ).resolves.toBe('s3cret');
    await expect(
      kubernetes.readSecretValue(ref, 'orders-cache-auth', 'other'),
    ).resolves.toBeUndefined();
    await expect(
      kubernetes.readSecretValue(ref, 'missing', 'password'),
    ).resolves.toBeUndefined();
  });
});
