import { renderHook } from '@testing-library/react';
import { replicationStatus } from '../__fixtures__/statuses';
import { useReplicationLagHistory } from './useReplicationLagHistory';

function statusAt(generatedAt: string, lagBytes: number) {
  const status = replicationStatus();
  status.generatedAt = generatedAt;
  if (status.redis.status === 'ok')
    status.redis.data.nodes['orders-1'].replication!.lagBytes = lagBytes;
  return status;
}

describe('useReplicationLagHistory', () => {
  it('adds a sample per new status, skips repeats, and keeps the newest few', () => {
    const { result, rerender } = renderHook(
      props => useReplicationLagHistory(props.status, 3),
      { initialProps: { status: statusAt('2026-03-02T10:00:00.000Z', 10) } },
    );
    expect(result.current).toEqual([
      {
        at: Date.parse('2026-03-02T10:00:00.000Z'),
        lagBytes: { 'orders-1': 10 },
      },
    ]);
    // The backend's cache answers the same document again: nothing new.
    rerender({ status: statusAt('2026-03-02T10:00:00.000Z', 10) });
    expect(result.current).toHaveLength(1);

    for (const [second, lag] of [
      [10, 20],
      [20, 30],
      [30, 40],
    ])
      rerender({
        status: statusAt(`2026-03-02T10:00:${second}.000Z`, lag),
      });
    expect(result.current.map(sample => sample.lagBytes['orders-1'])).toEqual([
      20, 30, 40,
    ]);
  });

  it('starts over for another instance', () => {
    const { result, rerender } = renderHook(
      props => useReplicationLagHistory(props.status),
      { initialProps: { status: statusAt('2026-03-02T10:00:00.000Z', 10) } },
    );
    const other = statusAt('2026-03-02T10:00:10.000Z', 5);
    other.instance = { ...other.instance, name: 'cache' };
    rerender({ status: other });
    expect(result.current).toEqual([
      {
        at: Date.parse('2026-03-02T10:00:10.000Z'),
        lagBytes: { 'orders-1': 5 },
      },
    ]);
  });
});
