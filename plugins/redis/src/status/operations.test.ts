import type {
  OperationLockHolder,
  RedisStatus,
} from '@odin/plugin-redis-common';
import {
  clusterStatus,
  replicationStatus,
  sentinelStatus,
} from '../__fixtures__/statuses';
import {
  OPERATION_ACTIONS,
  lockExpired,
  prefilledTemplateHref,
  runningOperation,
  templateRouteParams,
} from './operations';

function backupsOfFixture(status: RedisStatus) {
  if (status.backups.status !== 'ok')
    throw new Error('fixture without backups');
  return status.backups.data;
}

const offered = (status: RedisStatus) =>
  OPERATION_ACTIONS.filter(action => action.offeredIn(status)).map(
    action => action.id,
  );

const running: OperationLockHolder = {
  holder: 'user:default/alice',
  operation: 'test-failover',
  since: '2026-03-02T10:00:00.000Z',
  expiresAt: '2026-03-02T10:02:00.000Z',
};

describe('operations', () => {
  it('opens the scale form on the fields of the mode', () => {
    const formOf = (id: string, status: RedisStatus) =>
      OPERATION_ACTIONS.find(action => action.id === id)!.formData?.(status);
    expect(formOf('scale', clusterStatus())).toEqual({ mode: 'cluster' });
    expect(formOf('scale', sentinelStatus())).toEqual({ mode: 'replicas' });
  });

  it('names a template page by its route parameters', () => {
    expect(templateRouteParams('template:default/redis-test-failover')).toEqual(
      { namespace: 'default', templateName: 'redis-test-failover' },
    );
  });

  it('offers the operations each mode has, restore only with backups configured', () => {
    expect(offered(sentinelStatus())).toEqual([
      'testFailover',
      'scale',
      'resize',
      'rotatePassword',
      'restore',
      'delete',
    ]);
    const replication = replicationStatus();
    expect(offered(replication)).toEqual([
      'scale',
      'resize',
      'rotatePassword',
      'restore',
      'delete',
    ]);
    expect(
      offered({
        ...replication,
        backups: {
          status: 'ok',
          data: { ...backupsOfFixture(replication), configured: false },
        },
      }),
    ).toEqual(['scale', 'resize', 'rotatePassword', 'delete']);
    expect(offered({ ...replication, mode: 'standalone' })).toEqual([
      'rotatePassword',
      'restore',
      'delete',
    ]);
    // The cluster fixture orders no backups.
    expect(offered(clusterStatus())).toEqual([
      'testFailover',
      'scale',
      'resize',
      'rotatePassword',
      'delete',
    ]);
  });

  it('prefills a template page through its formData parameter, encoded', () => {
    const href = prefilledTemplateHref(
      '/create/templates/default/redis-test-failover',
      { entityRef: 'resource:default/inventory-cache' },
    );
    expect(href).toBe(
      '/create/templates/default/redis-test-failover?formData=%7B%22entityRef%22%3A%22resource%3Adefault%2Finventory-cache%22%7D',
    );
    const formData = new URL(href, 'http://portal').searchParams.get(
      'formData',
    );
    expect(JSON.parse(formData!)).toEqual({
      entityRef: 'resource:default/inventory-cache',
    });
  });

  it('reads the lock holder only from a section that was read', () => {
    expect(runningOperation(undefined)).toBeUndefined();
    expect(
      runningOperation({ status: 'error', message: 'forbidden' }),
    ).toBeUndefined();
    expect(
      runningOperation({ status: 'ok', data: { running, history: [] } }),
    ).toBe(running);
  });

  it('counts a lock until it expires', () => {
    expect(lockExpired(running, '2026-03-02T10:01:59.000Z')).toBe(false);
    expect(lockExpired(running, '2026-03-02T10:02:00.000Z')).toBe(true);
    expect(lockExpired({ ...running, expiresAt: 'soon' }, running.since)).toBe(
      false,
    );
  });
});
