import {
  OPERATION_ANNOTATION,
  OPERATION_STARTED_ANNOTATION,
  isLockExpired,
  leaseHolder,
  microTime,
  operationLeaseName,
} from './operationLock';

const lease = (spec: Record<string, unknown>, annotations = {}) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: {
    name: operationLeaseName('orders'),
    namespace: 'redis',
    annotations: {
      [OPERATION_ANNOTATION]: 'test-failover',
      [OPERATION_STARTED_ANNOTATION]: '2026-03-01T10:00:00.000Z',
      ...annotations,
    },
  },
  spec,
});

describe('the operation lock', () => {
  it('is a Lease named after the instance', () => {
    expect(operationLeaseName('orders')).toBe('orders-operation');
  });

  it('writes MicroTime with six fractional digits', () => {
    expect(microTime(new Date('2026-03-01T10:00:00.123Z'))).toBe(
      '2026-03-01T10:00:00.123000Z',
    );
  });

  it('names the holder, the operation, since when and until when the lock counts', () => {
    expect(
      leaseHolder(
        lease({
          holderIdentity: 'user:default/alice',
          leaseDurationSeconds: 120,
          acquireTime: '2026-03-01T10:00:00.000000Z',
          renewTime: '2026-03-01T10:00:00.000000Z',
        }),
      ),
    ).toEqual({
      holder: 'user:default/alice',
      operation: 'test-failover',
      since: '2026-03-01T10:00:00.000Z',
      expiresAt: '2026-03-01T10:02:00.000Z',
    });
  });

  it('expires after its duration, and counts as free without a holder', () => {
    const held = lease({
      holderIdentity: 'user:default/alice',
      leaseDurationSeconds: 120,
      renewTime: '2026-03-01T10:00:00.000000Z',
    });
    expect(isLockExpired(held, new Date('2026-03-01T10:01:59Z'))).toBe(false);
    expect(isLockExpired(held, new Date('2026-03-01T10:02:00Z'))).toBe(true);
    expect(isLockExpired(lease({}), new Date('2026-03-01T10:00:00Z'))).toBe(
      true,
    );
  });
});
