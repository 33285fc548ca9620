import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { redisApiRef, type RedisApi } from '../api';
import { replicationStatus } from '../__fixtures__/statuses';
import { useRedisStatus } from './useRedisStatus';

const orders = { kind: 'Resource', namespace: 'default', name: 'orders' };

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', {
    configurable: true,
    get: () => hidden,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Lets the mocked API's promises settle under fake timers. */
async function flush() {
  await act(async () => {
    await Promise.resolve();
  });
}

async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
  await flush();
}

function renderStatusHook(
  getStatus: jest.Mock<Promise<RedisStatus>>,
  entity = orders,
  interval = 10_000,
) {
  const api: RedisApi = { getStatus, dryRunOperation: jest.fn() };
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[redisApiRef, api]]}>{children}</TestApiProvider>
  );
  return renderHook(
    (props: { entity: typeof orders; interval: number }) =>
      useRedisStatus(props.entity, props.interval),
    { wrapper, initialProps: { entity, interval } },
  );
}

describe('useRedisStatus', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setHidden(false);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('loads at once, then again every interval', async () => {
    const getStatus = jest.fn().mockResolvedValue(replicationStatus());
    const { result } = renderStatusHook(getStatus);
    expect(result.current.loading).toBe(true);
    await flush();
    expect(result.current.loading).toBe(false);
    expect(result.current.value?.instance.name).toBe('orders');
    expect(result.current.updatedAt).toBeInstanceOf(Date);
    expect(getStatus).toHaveBeenCalledTimes(1);
    expect(getStatus).toHaveBeenCalledWith(orders, {
      signal: expect.any(AbortSignal),
    });

    await advance(9_999);
    expect(getStatus).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(getStatus).toHaveBeenCalledTimes(2);
  });

  it('pauses while the browser tab is hidden', async () => {
    const getStatus = jest.fn().mockResolvedValue(replicationStatus());
    renderStatusHook(getStatus);
    await flush();
    expect(getStatus).toHaveBeenCalledTimes(1);

    act(() => setHidden(true));
    await advance(60_000);
    expect(getStatus).toHaveBeenCalledTimes(1);

    // The last answer is older than the interval: ask at once.
    act(() => setHidden(false));
    await flush();
    expect(getStatus).toHaveBeenCalledTimes(2);
  });

  it('does not ask early when the tab comes back within the interval', async () => {
    const getStatus = jest.fn().mockResolvedValue(replicationStatus());
    renderStatusHook(getStatus);
    await flush();
    await advance(3_000);
    act(() => setHidden(true));
    await advance(2_000);
    act(() => setHidden(false));
    await flush();
    expect(getStatus).toHaveBeenCalledTimes(1);
    await advance(5_000);
    expect(getStatus).toHaveBeenCalledTimes(2);
  });

  it('keeps the last good value when a refresh fails, and clears the error on the next success', async () => {
    const good = replicationStatus();
    const getStatus = jest
      .fn()
      .mockResolvedValueOnce(good)
      .mockRejectedValueOnce(new Error('upstream timeout'))
      .mockResolvedValue(good);
    const { result } = renderStatusHook(getStatus);
    await flush();
    const firstUpdate = result.current.updatedAt;

    await advance(10_000);
    expect(result.current.error?.message).toBe('upstream timeout');
    expect(result.current.value).toBe(good);
    expect(result.current.updatedAt).toBe(firstUpdate);
    expect(result.current.loading).toBe(false);

    await advance(10_000);
    expect(result.current.error).toBeUndefined();
    expect(result.current.value).toBe(good);
  });

  it('retries at once on request', async () => {
    const getStatus = jest
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue(replicationStatus());
    const { result } = renderStatusHook(getStatus);
    await flush();
    expect(result.current.error?.name).toBe('TypeError');
    expect(result.current.value).toBeUndefined();

    act(() => result.current.retry());
    await flush();
    expect(getStatus).toHaveBeenCalledTimes(2);
    expect(result.current.error).toBeUndefined();
    expect(result.current.value).toBeDefined();
  });

  it('starts afresh for another entity', async () => {
    const getStatus = jest.fn().mockResolvedValue(replicationStatus());
    const { result, rerender } = renderStatusHook(getStatus);
    await flush();
    expect(result.current.value).toBeDefined();

    const pending = new Promise<RedisStatus>(() => {});
    getStatus.mockReturnValueOnce(pending);
    const cache = { kind: 'Resource', namespace: 'default', name: 'cache' };
    rerender({ entity: cache, interval: 10_000 });
    expect(result.current.loading).toBe(true);
    expect(result.current.value).toBeUndefined();
    await flush();
    expect(getStatus).toHaveBeenLastCalledWith(cache, expect.anything());
  });

  it('never asks more often than once a second', async () => {
    const getStatus = jest.fn().mockResolvedValue(replicationStatus());
    renderStatusHook(getStatus, orders, 0);
    await flush();
    await advance(999);
    expect(getStatus).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(getStatus).toHaveBeenCalledTimes(2);
  });

  it('stops asking when unmounted', async () => {
    const getStatus = jest.fn().mockResolvedValue(replicationStatus());
    const { unmount } = renderStatusHook(getStatus);
    await flush();
    unmount();
    await advance(30_000);
    expect(getStatus).toHaveBeenCalledTimes(1);
  });
});
