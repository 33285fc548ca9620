import { replicationStatus, waitingStatus } from '../__fixtures__/statuses';
import { waitingForPods } from './waiting';

describe('waitingForPods', () => {
  it('is nothing once a pod is ready', () => {
    expect(waitingForPods(replicationStatus())).toBeUndefined();
  });

  it('reports pods that exist but are not ready, with the telling events', () => {
    const waiting = waitingForPods(waitingStatus());
    expect(waiting).toMatchObject({
      reason: 'podsStarting',
      statefulSets: [{ name: 'orders', readyReplicas: 0, desiredReplicas: 2 }],
      events: [{ reason: 'FailedScheduling' }],
    });
  });

  it('reports an order the operator has not turned into pods yet', () => {
    const status = waitingStatus();
    if (status.kubernetes.status === 'ok') status.kubernetes.data.pods = {};
    expect(waitingForPods(status)?.reason).toBe('noPods');
    if (status.kubernetes.status === 'ok')
      status.kubernetes.data.customResources = [];
    expect(waitingForPods(status)?.reason).toBe('noResources');
  });

  it('prefers warnings and keeps only a few events', () => {
    const status = waitingStatus();
    if (status.kubernetes.status === 'ok') {
      const normal = {
        type: 'Normal',
        reason: 'Scheduled',
        message: 'm',
        object: 'Pod/orders-0',
        count: 1,
      };
      status.kubernetes.data.events = [
        normal,
        ...Array.from({ length: 5 }, (_, index) => ({
          ...normal,
          type: 'Warning',
          reason: `Warning${index}`,
        })),
      ];
    }
    const events = waitingForPods(status)!.events;
    expect(events.map(event => event.reason)).toEqual([
      'Warning0',
      'Warning1',
      'Warning2',
    ]);
  });

  it('says nothing while Kubernetes cannot be read', () => {
    const status = replicationStatus();
    status.kubernetes = { status: 'error', message: 'HTTP 500' };
    expect(waitingForPods(status)).toBeUndefined();
  });
});
