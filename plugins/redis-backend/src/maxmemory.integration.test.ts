// The rendered redis.conf in a real redis-server: maxmemory is set, so maxmemory-policy really decides.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  renderManifests,
  validateInstance,
  type KubernetesObject,
} from '@odin/plugin-redis-common';
import type Redis from 'ioredis';
import { RedisFleet, loopbackBlock } from './__testUtils__/redisProcesses';

const PASSWORD = 'maxmemory-test-password';
const address = loopbackBlock();
const fleet = new RedisFleet(PASSWORD);
let port = 6400;

afterAll(() => fleet.stopAll());

/** A 32Mi pod: small enough to fill in a moment, so maxmemory is 32Mi ÷ 1.3 = 24mb. */
function renderedConf(policy: string): string {
  const result = validateInstance({
    name: 'cache',
    flavour: {
      master: {
        resources: {
          requests: { cpu: '100m', memory: '32Mi' },
          limits: { cpu: '100m', memory: '32Mi' },
        },
      },
      additionalConfig: { 'maxmemory-policy': policy },
    },
  });
  if (!result.config) throw new Error(JSON.stringify(result.errors));
  const configMap = renderManifests(result.config).find(
    (object: KubernetesObject) => object.kind === 'ConfigMap',
  ) as KubernetesObject & { data: Record<string, string> };
  return configMap.data['redis-additional.conf'];
}

/** redis-server with the rendered file as the operator mounts it: included last. */
async function serverWith(policy: string): Promise<Redis> {
  const file = join(fleet.dir, `redis-additional-${policy}.conf`);
  writeFileSync(file, renderedConf(policy));
  const server = await fleet.startServer(address(port - 6399), port, [
    '--include',
    file,
  ]);
  port += 1;
  const client = fleet.client(server);
  await client.connect();
  return client;
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
    const client = await serverWith('allkeys-lru');
    expect(renderedConf('allkeys-lru')).toContain('\nmaxmemory 24mb\n');
    expect(await client.config('GET', 'maxmemory')).toEqual([
      'maxmemory',
      String(24 * 2 ** 20),
    ]);

    const errors = await fill(client);

    expect(errors.filter(Boolean)).toEqual([]);
    const stats = await client.info('stats');
    expect(Number(/evicted_keys:(\d+)/.exec(stats)?.[1])).toBeGreaterThan(0);
    expect(await client.dbsize()).toBeLessThan(800);
    client.disconnect();
  });

  it('refuses writes past it under noeviction, keeping every key it took', async () => {
    const client = await serverWith('noeviction');

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
