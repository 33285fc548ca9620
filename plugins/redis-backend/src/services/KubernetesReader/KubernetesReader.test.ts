import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { instanceLabels } from '@odin/plugin-redis-common';
import { setupServer } from 'msw/node';
import { FakeKubernetesApi, KUBERNETES_URL, podObject, statefulSet } from '../../__testUtils__/fakeKubernetesApi';
import { ConfiguredClusterAccess } from './clusterAccess';
import { KubernetesReader } from './KubernetesReader';

const server = setupServer();
registerMswTestHooks(server);

function reader(): KubernetesReader {
  const access = new ConfiguredClusterAccess([new ConfigReader({ name: 'test', url: KUBERNETES_URL, skipTLSVerify: true })]);
  return new KubernetesReader(access, 5_000);
}

describe('KubernetesReader', () => {
  it('reads only the objects labelled for this instance: those of other managers and of a namesake elsewhere are left out', async () => {
    const api = new FakeKubernetesApi()
      .add('pods', podObject('redis', 'orders-cache', { name: 'orders-cache-0', ip: '10.0.0.1', labels: {} }))
      .add(
        'pods',
        // Another tool's release of the same name in the same namespace.
        podObject('redis', 'orders-cache', {
          name: 'helm-orders-cache-0',
          ip: '10.0.0.2',
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        }),
      )
      .add('statefulsets', statefulSet('redis', 'orders-cache', 'orders-cache', 1))
      .add('statefulsets', {
        ...statefulSet('redis', 'orders-cache', 'orders-cache-copy', 1),
        // Labelled for the namesake instance of namespace shop.
        metadata: { name: 'orders-cache-copy', namespace: 'redis', labels: instanceLabels('orders-cache', 'shop') },
      });
    server.use(...api.handlers());
    const snapshot = await reader().readInstance({ cluster: 'test', namespace: 'redis', name: 'orders-cache' });
    expect(snapshot.pods.map(pod => pod.metadata?.name)).toEqual(['orders-cache-0']);
    expect(snapshot.statefulSets.map(set => set.metadata?.name)).toEqual(['orders-cache']);
  });
});
