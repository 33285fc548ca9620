import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { toError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import type { RedisStatus } from '@odin/plugin-redis-common';
import { redisApiRef } from '../api';
import { useDocumentVisible } from './useDocumentVisible';

/** How often the card and the tab ask for a fresh status unless told otherwise. */
export const DEFAULT_REFRESH_INTERVAL_MS = 10_000;
/** A smaller interval would keep the backend busy for nothing: it caches the status briefly. */
const MIN_REFRESH_INTERVAL_MS = 1_000;

export interface RedisStatusState {
  /** The last status that arrived; it stays after a failed refresh. */
  value?: RedisStatus;
  /** When `value` arrived (the browser's clock). */
  updatedAt?: Date;
  /** True until the first answer or error. */
  loading: boolean;
  /** The last refresh's error, cleared by the next success. */
  error?: Error;
  /** Asks again now, keeping what is shown until the answer arrives. */
  retry(): void;
}

type LoadState = Omit<RedisStatusState, 'retry'> & { entityKey: string };

/**
 * The entity's Redis status, refreshed every `refreshIntervalMs` while the browser tab is visible.
 * A refresh starts only after the previous one finished, so a slow backend is never asked twice;
 * coming back to a hidden tab asks at once only when the last answer is older than the interval.
 * `cluster` is the entity's `odin.dev/redis-cluster`, for the user's token where that cluster needs it.
 */
export function useRedisStatus(
  entity: CompoundEntityRef,
  refreshIntervalMs: number = DEFAULT_REFRESH_INTERVAL_MS,
  cluster?: string,
): RedisStatusState {
  const redisApi = useApi(redisApiRef);
  const visible = useDocumentVisible();
  const { kind, namespace, name } = entity;
  const entityKey = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
  const interval = Math.max(
    Number.isFinite(refreshIntervalMs)
      ? refreshIntervalMs
      : DEFAULT_REFRESH_INTERVAL_MS,
    MIN_REFRESH_INTERVAL_MS,
  );
  const [state, setState] = useState<LoadState>({ entityKey, loading: true });
  const [attempt, setAttempt] = useState(0);
  // When the last request of this entity settled; a retry clears it to ask at once.
  const settledAt = useRef<{ entityKey: string; at: number }>();

  useEffect(() => {
    if (!visible) return undefined;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const value = await redisApi.getStatus(
          { kind, namespace, name },
          { signal: controller.signal, cluster },
        );
        if (controller.signal.aborted) return;
        setState({ entityKey, value, updatedAt: new Date(), loading: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState(previous => ({
          ...(previous.entityKey === entityKey ? previous : {}),
          entityKey,
          loading: false,
          // Duck-typed: a fetch failure may come from another realm's TypeError.
          error: toError(error) as Error,
        }));
      }
      settledAt.current = { entityKey, at: Date.now() };
      timer = setTimeout(load, interval);
    };
    const last = settledAt.current;
    const elapsed =
      last?.entityKey === entityKey ? Date.now() - last.at : Infinity;
    if (elapsed >= interval) load();
    else timer = setTimeout(load, interval - elapsed);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [
    redisApi,
    kind,
    namespace,
    name,
    cluster,
    entityKey,
    interval,
    visible,
    attempt,
  ]);

  const retry = useCallback(() => {
    settledAt.current = undefined;
    setAttempt(value => value + 1);
  }, []);

  // What is kept belongs to the entity it was loaded for; another entity starts afresh.
  const current: Omit<RedisStatusState, 'retry'> =
    state.entityKey === entityKey ? state : { loading: true };
  return {
    value: current.value,
    updatedAt: current.updatedAt,
    loading: current.loading,
    error: current.error,
    retry,
  };
}
