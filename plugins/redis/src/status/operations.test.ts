import type { OperationLockHolder } from '@odin/plugin-redis-common';
import {
  lockExpired,
  prefilledTemplateHref,
  runningOperation,
  testFailoverTemplate,
} from './operations';

const running: OperationLockHolder = {
  holder: 'user:default/alice',
  operation: 'test-failover',
  since: '2026-03-02T10:00:00.000Z',
  expiresAt: '2026-03-02T10:02:00.000Z',
};

describe('operations', () => {
  it('names the test failover template by its route parameters', () => {
    expect(testFailoverTemplate).toEqual({
      namespace: 'default',
      templateName: 'redis-test-failover',
    });
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
