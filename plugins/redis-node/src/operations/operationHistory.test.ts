import type { OperationRecord } from '@odin/plugin-redis-common';
import {
  HISTORY_KEY,
  OPERATION_HISTORY_LIMIT,
  operationEventMessage,
  operationEventReason,
  operationHistoryName,
  parseOperationHistory,
  withRecord,
} from './operationHistory';

const entry = (id: string, extra: Partial<OperationRecord> = {}) => ({
  id,
  operation: 'test-failover',
  requester: 'user:default/alice',
  startedAt: '2026-03-01T10:00:00.000Z',
  finishedAt: '2026-03-01T10:00:05.000Z',
  outcome: 'succeeded' as const,
  message: 'The master moved from orders-0 to orders-1 in 4.2 s.',
  ...extra,
});

describe('the operation history', () => {
  it('lives in the ConfigMap <instance>-operations', () => {
    expect(operationHistoryName('orders')).toBe('orders-operations');
  });

  it('keeps the newest first, replaces an entry of the same id, and keeps at most 50', () => {
    const full = Array.from({ length: OPERATION_HISTORY_LIMIT }, (_, i) =>
      entry(`old-${i}`),
    );
    const next = withRecord(full, entry('new'));
    expect(next).toHaveLength(OPERATION_HISTORY_LIMIT);
    expect(next[0].id).toBe('new');
    expect(next[next.length - 1].id).toBe(`old-${OPERATION_HISTORY_LIMIT - 2}`);
    expect(
      withRecord([entry('a'), entry('b')], entry('b', { outcome: 'failed' })),
    ).toEqual([entry('b', { outcome: 'failed' }), entry('a')]);
  });

  it('reads what it wrote, and an unreadable or missing history as empty', () => {
    const history = [entry('a'), entry('b', { outcome: 'refused' })];
    expect(
      parseOperationHistory({
        data: { [HISTORY_KEY]: JSON.stringify(history) },
      }),
    ).toEqual(history);
    expect(parseOperationHistory(undefined)).toEqual([]);
    expect(
      parseOperationHistory({ data: { [HISTORY_KEY]: '{not json' } }),
    ).toEqual([]);
    expect(
      parseOperationHistory({
        data: { [HISTORY_KEY]: JSON.stringify([{ id: 'x' }, entry('a')]) },
      }),
    ).toEqual([entry('a')]);
  });

  it('words the Event: a reason per operation, and who ran what with the outcome', () => {
    expect(operationEventReason('test-failover')).toBe('RedisTestFailover');
    expect(operationEventReason('rotate-password')).toBe('RedisRotatePassword');
    expect(operationEventMessage(entry('a'))).toBe(
      'user:default/alice ran test-failover: succeeded. The master moved from orders-0 to orders-1 in 4.2 s.',
    );
    expect(
      operationEventMessage(entry('a', { message: 'x'.repeat(2000) })),
    ).toHaveLength(1024);
  });
});
