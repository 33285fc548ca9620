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

  it('reads the operation holding the lock and the recorded runs: two GETs by name, none when missing', async () => {
    const record = {
      id: 'a1',
      operation: 'test-failover',
      requester: 'user:default/alice',
      startedAt: '2026-12-01T14:00:00.000Z',
      finishedAt: '2026-12-01T14:00:09.000Z',
      outcome: 'succeeded',
      message: 'orders-cache-1 is the new master',
    };
    const since = new Date(Date.now() - 60_000).toISOString();
    const api = new FakeKubernetesApi()
      .add('leases', {
        metadata: {
          name: 'orders-cache-operation',
          namespace: 'redis',
          annotations: {
            'odin.dev/operation': 'test-failover',
            'odin.dev/operation-started-at': since,
          },
        },
        spec: {
          holderIdentity: 'user:default/alice',
          leaseDurationSeconds: 600,
          renewTime: since,
        },
      })
      .add('configmaps', {
        metadata: { name: 'orders-cache-operations', namespace: 'redis' },
        data: { 'history.json': JSON.stringify([record]) },
      });
    server.use(...api.handlers());

    await expect(reader().readOperations(ref)).resolves.toEqual({
      running: {
        holder: 'user:default/alice',
        operation: 'test-failover',
        since,
        expiresAt: new Date(Date.parse(since) + 600_000).toISOString(),
      },
      history: [record],
    });
    expect(Object.fromEntries(api.requests)).toEqual({
      leases: 1,
      configmaps: 1,
    });
    await expect(
      reader().readOperations({ ...ref, name: 'never-operated' }),
    ).resolves.toEqual({ running: undefined, history: [] });
  });

  it('names the Lease, the ConfigMap or both when their reads fail', async () => {
    const api = new FakeKubernetesApi();
    server.use(...api.handlers());
    api.faults.set('leases', 'error');
    await expect(reader().readOperations(ref)).rejects.toThrow(
      /^Could not get Lease "orders-cache-operation" in namespace "redis" on cluster "test": HTTP 500: etcd is on fire \(leases\)$/,
    );
    api.faults.delete('leases');
    api.faults.set('configmaps', 'hang');
    await expect(reader(200).readOperations(ref)).rejects.toThrow(
      /^Reading ConfigMap "orders-cache-operations" in namespace "redis" on cluster "test" timed out after 200 ms$/,
    );
    api.faults.set('leases', 'hang');
    await expect(reader(200).readOperations(ref)).rejects.toThrow(
      'Reading Lease "orders-cache-operation" in namespace "redis" on cluster "test" timed out after 200 ms; Reading ConfigMap "orders-cache-operations"',
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
