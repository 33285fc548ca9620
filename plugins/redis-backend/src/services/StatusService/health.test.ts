import type { RedisStatus } from '@odin/plugin-redis-common';
import { healthReasons, overallHealth } from './health';

const healthy: Omit<RedisStatus, 'health'> = {
  instance: { cluster: 'local', namespace: 'shop', name: 'orders' },
  mode: 'replication',
  generatedAt: '2026-01-01T00:00:00.000Z',
  kubernetes: {
    status: 'ok',
    data: {
      customResources: [
        { kind: 'RedisReplication', name: 'orders', operatorStatus: {} },
      ],
      statefulSets: [
        { name: 'orders', desiredReplicas: 2, readyReplicas: 2, updated: true },
      ],
      pods: {},
      volumeClaims: [],
      events: [],
    },
  },
  redis: {
    status: 'ok',
    data: {
      masterPod: 'orders-0',
      port: 6379,
      common: { version: '7.0.15', lastBgsaveStatus: 'ok' },
      nodes: {
        'orders-0': { role: 'master', replicationOffset: 100 },
        'orders-1': {
          role: 'replica',
          master: 'orders-0',
          masterLinkUp: true,
          replication: { state: 'online', lagBytes: 0, secondsSinceAck: 0 },
        },
      },
    },
  },
  backups: {
    status: 'ok',
    data: {
      configured: false,
      stale: false,
      records: [],
      storage: {
        status: 'ok',
        data: {
          bucket: '',
          prefix: 'shop/orders/',
          objectCount: 0,
          totalBytes: 0,
        },
      },
    },
  },
};

const assess = (status: Omit<RedisStatus, 'health'>) => {
  const reasons = healthReasons(status);
  return {
    overall: overallHealth(reasons),
    messages: reasons.map(reason => reason.message),
  };
};

describe('health', () => {
  it('is healthy when nothing is wrong', () => {
    expect(assess(healthy)).toEqual({ overall: 'healthy', messages: [] });
  });

  it('is unknown when Kubernetes cannot be read', () => {
    expect(
      assess({
        ...healthy,
        kubernetes: { status: 'error', message: 'HTTP 500' },
      }).overall,
    ).toBe('unknown');
  });

  it('is degraded when a replica lags or does not answer', () => {
    const redis =
      healthy.redis.status === 'ok' ? healthy.redis.data : undefined;
    const lagging = structuredClone(redis!);
    lagging.nodes['orders-1'].replication!.lagBytes = 5 * 1024 * 1024;
    expect(
      assess({ ...healthy, redis: { status: 'ok', data: lagging } }),
    ).toEqual({
      overall: 'degraded',
      messages: ['orders-1 is 5242880 bytes behind, last ack 0 s ago'],
    });
    const silent = structuredClone(redis!);
    silent.nodes['orders-1'] = { error: 'connect ECONNREFUSED' };
    expect(
      assess({ ...healthy, redis: { status: 'ok', data: silent } }).overall,
    ).toBe('degraded');
  });

  it('is failing without a master, with two masters, or with a broken cluster', () => {
    const redis =
      healthy.redis.status === 'ok' ? healthy.redis.data : undefined;
    const twoMasters = structuredClone(redis!);
    twoMasters.nodes['orders-1'].role = 'master';
    expect(
      assess({ ...healthy, redis: { status: 'ok', data: twoMasters } })
        .messages,
    ).toContain('more than one master: orders-0, orders-1');
    const cluster = {
      state: 'fail',
      slotsAssigned: 16000,
      slotsOk: 16000,
      slotsPfail: 0,
      slotsFail: 0,
      knownNodes: 6,
      size: 3,
      currentEpoch: 1,
      observedFrom: 'x',
      shards: [],
      unassigned: [],
      nodeFlags: {},
    };
    expect(
      assess({
        ...healthy,
        mode: 'cluster',
        cluster: { status: 'ok', data: cluster },
      }),
    ).toEqual({
      overall: 'failing',
      messages: ['cluster state is fail', '384 slots are not assigned'],
    });
  });

  it('is degraded when backups are stale or the last one failed', () => {
    const backups = {
      status: 'ok' as const,
      data: {
        configured: true,
        schedule: '0 2 * * *',
        lastSuccessAt: '2025-12-01T02:01:00.000Z',
        stale: true,
        records: [
          {
            outcome: 'failed' as const,
            message: 'BackoffLimitExceeded',
            objects: [],
          },
        ],
        storage: {
          status: 'ok' as const,
          data: {
            bucket: 'b',
            prefix: 'shop/orders/',
            objectCount: 0,
            totalBytes: 0,
          },
        },
      },
    };
    expect(assess({ ...healthy, backups }).messages).toEqual([
      'the last successful backup (2025-12-01T02:01:00.000Z) is older than the schedule 0 2 * * * allows',
      'the last backup failed: BackoffLimitExceeded',
    ]);
  });
});
