import {
  clusterStatus,
  replicationStatus,
  sentinelStatus,
} from '../__fixtures__/statuses';
import { instanceConnection } from './connection';

describe('instanceConnection', () => {
  it('uses the master Service in replication mode, with a read Service', () => {
    const connection = instanceConnection(replicationStatus())!;
    expect(connection.host).toBe('orders-master.shop.svc.cluster.local');
    expect(connection.port).toBe(6379);
    expect(connection.readHost).toBe('orders-replica.shop.svc.cluster.local');
    expect(connection.snippets.node).toContain('process.env.REDIS_HOST');
  });

  it('uses the instance Service in standalone mode', () => {
    const status = replicationStatus();
    status.mode = 'standalone';
    const connection = instanceConnection(status)!;
    expect(connection.host).toBe('orders.shop.svc.cluster.local');
    expect(connection.readHost).toBeUndefined();
  });

  it('points sentinel clients at the sentinels and names the master group', () => {
    const connection = instanceConnection(sentinelStatus())!;
    expect(connection.host).toBe('cache-sentinel.shop.svc.cluster.local');
    expect(connection.port).toBe(26379);
    expect(connection.sentinelMasterName).toBeDefined();
    expect(connection.snippets.python).toContain('Sentinel');
  });

  it('seeds cluster clients through the leader Service', () => {
    const connection = instanceConnection(clusterStatus())!;
    expect(connection.host).toBe('ledger-leader.payments.svc.cluster.local');
    expect(connection.snippets.go).toContain('NewClusterClient');
  });

  it('is unknown while the mode is', () => {
    const status = replicationStatus();
    status.mode = undefined;
    expect(instanceConnection(status)).toBeUndefined();
  });
});
