import {
  clusterStatus,
  replicationStatus,
  sentinelStatus,
} from '../__fixtures__/statuses';
import { masterRow, nodeRows, redisVersions, replicasByLag } from './nodes';

describe('nodeRows', () => {
  it('joins pods with what Redis says about them, common fields filled in', () => {
    const rows = nodeRows(replicationStatus());
    expect(rows.map(row => row.id)).toEqual(['orders-0', 'orders-1']);
    expect(rows[1]).toMatchObject({
      pod: 'orders-1',
      role: 'replica',
      labelRole: 'replica',
      labelDisagrees: false,
      answered: true,
      ready: true,
      restarts: 1,
      zone: 'eu-west-1b',
      ageSeconds: 86_400,
      version: '7.2.4',
      maxMemoryBytes: 1024 ** 3,
      lagBytes: 120,
      lagSeconds: 1,
      // The master's offset minus the replica's lag.
      offset: 5_000_000 - 120,
      master: 'orders-0',
      masterLinkUp: true,
    });
    expect(rows[0].offset).toBe(5_000_000);
  });

  it('marks nodes that do not answer and label roles Redis contradicts', () => {
    const status = replicationStatus();
    if (status.redis.status === 'ok') {
      status.redis.data.nodes['orders-0'] = { error: 'connect ECONNREFUSED' };
      status.redis.data.nodes['orders-1'].role = 'master';
    }
    const [first, second] = nodeRows(status);
    expect(first).toMatchObject({
      answered: false,
      processError: 'connect ECONNREFUSED',
      labelDisagrees: false,
    });
    expect(first.role).toBeUndefined();
    expect(second).toMatchObject({ role: 'master', labelDisagrees: true });
  });

  it('gives sentinel pods the sentinel role when they answer', () => {
    const status = sentinelStatus();
    if (status.sentinel?.status === 'ok') {
      status.sentinel.data.sentinels[1] = {
        ...status.sentinel.data.sentinels[1],
        reachable: false,
        error: 'timeout',
      };
    }
    const rows = nodeRows(status);
    expect(rows.find(row => row.pod === 'cache-sentinel-0')?.role).toBe(
      'sentinel',
    );
    const silent = rows.find(row => row.pod === 'cache-sentinel-1')!;
    expect(silent).toMatchObject({ answered: false, processError: 'timeout' });
    expect(silent.role).toBeUndefined();
  });

  it('has no rows without Kubernetes, and no Redis fields without Redis', () => {
    const status = replicationStatus();
    status.redis = { status: 'error', message: 'x' };
    const [row] = nodeRows(status);
    expect(row.answered).toBeUndefined();
    expect(row.role).toBeUndefined();
    expect(row.ready).toBe(true);
    status.kubernetes = { status: 'error', message: 'y' };
    expect(nodeRows(status)).toEqual([]);
  });
});

describe('replicasByLag', () => {
  it('puts the replicas furthest behind first', () => {
    const rows = nodeRows(sentinelStatus());
    expect(replicasByLag(rows).map(row => row.pod)).toEqual([
      'cache-2',
      'cache-1',
    ]);
  });
});

describe('masterRow', () => {
  it('is the master Redis names; none in cluster mode', () => {
    const status = replicationStatus();
    expect(masterRow(status, nodeRows(status))?.pod).toBe('orders-0');
    const cluster = clusterStatus();
    expect(masterRow(cluster, nodeRows(cluster))).toBeUndefined();
  });

  it('falls back to the pod label while Redis cannot be probed', () => {
    const status = replicationStatus();
    status.redis = { status: 'error', message: 'x' };
    expect(masterRow(status, nodeRows(status))?.pod).toBe('orders-0');
  });
});

describe('redisVersions', () => {
  it('lists every version when nodes differ (mid-upgrade)', () => {
    const status = replicationStatus();
    expect(redisVersions(nodeRows(status))).toEqual(['7.2.4']);
    if (status.redis.status === 'ok')
      status.redis.data.nodes['orders-1'].version = '7.4.1';
    expect(redisVersions(nodeRows(status))).toEqual(['7.2.4', '7.4.1']);
  });
});
