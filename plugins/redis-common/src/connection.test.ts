import { observedOrders } from './__testUtils__/operatorReference';
import { connectionInfo } from './connection';
import { validateInstance } from './validate/validateInstance';

const config = (doc: unknown) => validateInstance(doc).config!;

describe('connectionInfo', () => {
  it('points standalone clients at the Redis Service', () => {
    const info = connectionInfo(
      config({ name: 'cache', flavour: { namespace: 'shop' } }),
    );
    expect(info).toMatchObject({
      mode: 'standalone',
      host: 'cache.shop.svc.cluster.local',
      port: 6379,
      readHost: undefined,
    });
    expect(info.env.map(e => e.name)).toEqual([
      'REDIS_HOST',
      'REDIS_PORT',
      'REDIS_PASSWORD',
    ]);
    expect(info.passwordSecret).toEqual({
      name: 'cache-auth',
      key: 'password',
      generated: true,
    });
  });

  it('splits writes and reads when standalone has replicas', () => {
    const info = connectionInfo(
      config({ name: 'cache', flavour: { replica: { count: 1 } } }),
      'corp.internal',
    );
    expect(info.host).toBe('cache-master.redis.svc.corp.internal');
    expect(info.readHost).toBe('cache-replica.redis.svc.corp.internal');
  });

  it('points sentinel clients at the sentinels with the master group name', () => {
    const info = connectionInfo(
      config({
        name: 'orders',
        flavour: {
          deploymentMode: 'sentinel',
          replica: { count: 1 },
          sentinel: { enabled: true },
        },
      }),
    );
    expect(info).toMatchObject({
      host: 'orders-sentinel.redis.svc.cluster.local',
      port: 26379,
      sentinelMasterName: 'mymaster',
    });
    expect(info.env.map(e => e.name)).toEqual([
      'REDIS_SENTINEL_HOST',
      'REDIS_SENTINEL_PORT',
      'REDIS_SENTINEL_MASTER',
      'REDIS_PASSWORD',
    ]);
    expect(info.snippets.node).toContain('sentinels:');
    expect(info.snippets.python).toContain('Sentinel(');
    expect(info.snippets.java).toContain('JedisSentinelPool');
    expect(info.snippets.go).toContain('NewFailoverClient');
  });

  it('points cluster clients at any leader with cluster-aware snippets', () => {
    const info = connectionInfo(
      config({
        name: 's',
        root: { clusterModeEnabled: true },
        flavour: { deploymentMode: 'cluster' },
      }),
    );
    expect(info).toMatchObject({
      host: 's-leader.redis.svc.cluster.local',
      port: 6379,
    });
    expect(info.env[0].name).toBe('REDIS_CLUSTER_HOST');
    expect(info.snippets.node).toContain('Redis.Cluster');
    expect(info.snippets.python).toContain('RedisCluster');
    expect(info.snippets.java).toContain('JedisCluster');
    expect(info.snippets.go).toContain('NewClusterClient');
  });

  it('has no password variable without authentication', () => {
    const info = connectionInfo(
      config({ name: 'c', root: { authentication: { enabled: false } } }),
    );
    expect(info.passwordSecret).toBeUndefined();
    expect(info.env.map(e => e.name)).not.toContain('REDIS_PASSWORD');
  });

  it('has no external endpoints with ClusterIP', () => {
    expect(connectionInfo(config({ name: 'c' })).external).toBeUndefined();
  });

  it.each(observedOrders().map(observed => [observed.name, observed]))(
    '%s: lists exactly the Services the operator made of service.type, by their real names and ports',
    (_, observed) => {
      const info = connectionInfo(config(observed.order));
      const external = observed.objects.filter(
        object =>
          object.kind === 'Service' &&
          ['LoadBalancer', 'NodePort'].includes(object.spec?.type),
      );
      expect(
        (info.external ?? []).map(e => [e.service, e.type, e.port]).sort(),
      ).toEqual(
        external
          .map(service => [
            service.metadata.name,
            service.spec.type,
            service.spec.ports[0].port,
          ])
          .sort(),
      );
    },
  );

  it('says which external endpoint takes writes', () => {
    const writable = (flavour: Record<string, unknown>, root = {}) =>
      Object.fromEntries(
        connectionInfo(
          config({
            name: 'c',
            root,
            flavour: { ...flavour, service: { type: 'LoadBalancer' } },
          }),
        ).external!.map(e => [e.service, e.writes]),
      );
    expect(writable({})).toEqual({ 'c-additional': true });
    expect(writable({ replica: { count: 2 } })).toEqual({
      'c-additional': false,
    });
    expect(
      writable({
        deploymentMode: 'sentinel',
        replica: { count: 2 },
        sentinel: { enabled: true },
      }),
    ).toEqual({ 'c-additional': false, 'c-sentinel-additional': true });
    expect(
      writable({ deploymentMode: 'cluster' }, { clusterModeEnabled: true }),
    ).toEqual({ 'c-leader-additional': true, 'c-follower-additional': false });
  });
});
