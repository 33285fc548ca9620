// An order's maxmemory in a real redis-server: the sandbox runs the pod with the applied ConfigMap's
// redis-additional.conf included last, as the operator mounts it, so maxmemory-policy really decides.
import {
  renderManifests,
  type KubernetesObject,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type Redis from 'ioredis';
import {
  applyOrder,
  orderIn,
  podClient,
  startLiveNamespace,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  expectStatus,
  kubeRequest,
  START_TIMEOUT_MS,
} from './__testUtils__/realKubernetes';

const PASSWORD = 'maxmemory-test-password';
const POLICIES = { 'cache-lru': 'allkeys-lru', 'cache-noevict': 'noeviction' };
let live: LiveNamespace;
const orders: Record<string, ResolvedInstance> = {};

jest.setTimeout(60_000);

/** A 32Mi limit: small enough to fill in a moment, so maxmemory is 32Mi ÷ 1.3 = 24mb. */
function cacheOrder(name: string, policy: string): ResolvedInstance {
  return orderIn(live, {
    name,
    flavour: {
      master: {
        // Requests below the limits (QoS Burstable): the sandbox's kubelet cannot yet report a Guaranteed pod.
        resources: {
          requests: { cpu: '50m', memory: '16Mi' },
          limits: { cpu: '100m', memory: '32Mi' },
        },
      },
      additionalConfig: { 'maxmemory-policy': policy },
    },
  });
}

function renderedConf(config: ResolvedInstance): string {
  const configMap = renderManifests(config).find(
    (object: KubernetesObject) => object.kind === 'ConfigMap',
  ) as KubernetesObject & { data: Record<string, string> };
  return configMap.data['redis-additional.conf'];
}

beforeAll(async () => {
  live = await startLiveNamespace('redis-maxmemory');
  for (const [name, policy] of Object.entries(POLICIES)) {
    orders[name] = cacheOrder(name, policy);
    await applyOrder(live, orders[name], PASSWORD);
  }
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

/** The instance's pod, once the ConfigMap the apply stored is the rendered one. */
async function serverOf(name: string): Promise<Redis> {
  const stored = expectStatus(
    await kubeRequest(
      live.testCluster,
      'GET',
      `/api/v1/namespaces/${live.namespace}/configmaps/${name}-config`,
    ),
    `GET ConfigMap ${name}-config`,
    200,
  ).body;
  expect(stored.data['redis-additional.conf']).toBe(renderedConf(orders[name]));
  return podClient(live, `${name}-0`, PASSWORD);
}

/** Writes `count` values of 64 KiB, about twice the 24mb, and tells which writes failed. */
async function fill(client: Redis, count = 800): Promise<(Error | null)[]> {
  const value = 'x'.repeat(64 * 1024);
  const pipeline = client.pipeline();
  for (let i = 0; i < count; i++) pipeline.set(`key:${i}`, value);
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error]) => error);
}

describe('the rendered maxmemory in a real redis-server', () => {
  it('is set from the memory limit, and allkeys-lru evicts once it is reached', async () => {
    const client = await serverOf('cache-lru');
    expect(renderedConf(orders['cache-lru'])).toContain('\nmaxmemory 24mb\n');
    expect(await client.config('GET', 'maxmemory')).toEqual([
      'maxmemory',
      String(24 * 2 ** 20),
    ]);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual([
      'maxmemory-policy',
      'allkeys-lru',
    ]);

    const errors = await fill(client);

    expect(errors.filter(Boolean)).toEqual([]);
    const stats = await client.info('stats');
    expect(Number(/evicted_keys:(\d+)/.exec(stats)?.[1])).toBeGreaterThan(0);
    expect(await client.dbsize()).toBeLessThan(800);
    client.disconnect();
  });

  it('refuses writes past it under noeviction, keeping every key it took', async () => {
    const client = await serverOf('cache-noevict');

    const errors = await fill(client);

    const refused = errors.filter(Boolean);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.message).toMatch(
      /^OOM command not allowed when used memory > 'maxmemory'/,
    );
    expect(await client.dbsize()).toBe(errors.length - refused.length);
    const stats = await client.info('stats');
    expect(/evicted_keys:(\d+)/.exec(stats)?.[1]).toBe('0');
    client.disconnect();
  });
});
