// A timeout for each request to a Kubernetes API server, and retries of those that failed on the way.
import { ServiceUnavailableError } from '@backstage/errors';
import { setTimeout as wait } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** The wait before the first retry; it doubles before each next one. */
  baseDelayMs: number;
  /** The longest wait between two attempts, a server's Retry-After included. */
  maxDelayMs: number;
  /** How long one attempt may take before it is aborted and counts as failed. */
  timeoutMs: number;
}

/**
 * 4 attempts, 0.1-0.2 s, 0.2-0.4 s and 0.4-0.8 s apart; an attempt is given 30 s, as long as the
 * slowest admission webhook may take. At worst a request gives up after about 2 minutes.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  timeoutMs: 30_000,
};

/** Headers as fetch gives them, or as node:http does (names in any case). */
export type ResponseHeaders =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

export interface SendWithRetriesOptions {
  /**
   * Whether sending the request twice does what sending it once does, so that a request that may
   * or may not have reached the server can be sent again. True for GET and LIST, server-side
   * apply and DELETE (a repeated delete answers 404, which callers already take as done); false
   * for POST and other PATCHes.
   */
  idempotent: boolean;
  /** Overrides of DEFAULT_RETRY_POLICY; undefined ones keep the default. */
  policy?: Partial<RetryPolicy>;
  /** Aborts the attempt under way and every retry. */
  signal?: AbortSignal;
  /** Waits between attempts; tests pass one that records the waits. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Answers a server gives when it is overloaded or restarting, or a proxy when it cannot reach it. */
const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Node and undici codes of a connection that failed or was cut before the answer came. */
const RETRIED_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

type Attempt<T> =
  | { response: T }
  | { error: unknown; timedOut: boolean; code?: string };

/** The code of a failed connection, looked for in `error` and its causes (fetch wraps it in "fetch failed"). */
function connectionErrorCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && RETRIED_ERROR_CODES.has(code)) return code;
    current = cause;
  }
  return undefined;
}

async function attempt<T>(
  send: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Attempt<T>> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const combined = signal
    ? AbortSignal.any([signal, timeout.signal])
    : timeout.signal;
  // Settles at the timeout even when `send` does not heed its signal.
  let rejectAborted: (reason: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    rejectAborted = reject;
  });
  const onAbort = () => rejectAborted(combined.reason);
  combined.addEventListener('abort', onAbort, { once: true });
  const sent = send(combined);
  // When the timeout wins the race, a later rejection of `sent` is no unhandled rejection.
  sent.catch(() => {});
  try {
    return { response: await Promise.race([sent, aborted]) };
  } catch (error) {
    const timedOut = timeout.signal.aborted && !signal?.aborted;
    return { error, timedOut, code: connectionErrorCode(error) };
  } finally {
    clearTimeout(timer);
    combined.removeEventListener('abort', onAbort);
  }
}

/** DEFAULT_RETRY_POLICY with `overrides`; one left undefined (an unset config value) keeps its default. */
function resolvePolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    attempts: overrides.attempts ?? DEFAULT_RETRY_POLICY.attempts,
    baseDelayMs: overrides.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: overrides.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    timeoutMs: overrides.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs,
  };
}

function isFetchHeaders(
  headers: ResponseHeaders,
): headers is { get(name: string): string | null } {
  return typeof headers.get === 'function';
}

function headerValue(
  headers: ResponseHeaders,
  name: string,
): string | undefined {
  if (isFetchHeaders(headers)) return headers.get(name) ?? undefined;
  const entry = Object.entries(headers).find(
    ([key]) => key.toLowerCase() === name,
  );
  const value = entry?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in ms, from seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(headers: ResponseHeaders): number | undefined {
  const value = headerValue(headers, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The wait before retry number `retry`: doubling from the base, half of it random so clients spread out. */
function backoffMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (retry - 1),
  );
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Sends a request to a Kubernetes API server with `send`, each attempt aborted through the signal
 * it is given after `timeoutMs`, and sends it again while it fails in a way a later attempt may not.
 *
 * Retried, when `idempotent`: the answers 429, 500, 502, 503 and 504, connections refused, reset
 * or cut (ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, UND_ERR_SOCKET, UND_ERR_CONNECT_TIMEOUT),
 * and timeouts. When not, only what the server cannot have acted on: a 429 (refused unread, as
 * API Priority and Fairness does) and a refused connection. Waits double from `baseDelayMs` up to
 * `maxDelayMs`, half of each random; a Retry-After (seconds or an HTTP date) sets the wait
 * instead, up to `maxDelayMs`.
 *
 * Resolves with the first response not retried, or the last one, even if it is an error status:
 * the caller makes that an error. Rejects with the last failure; a timeout as a
 * ServiceUnavailableError "request timed out after <timeoutMs> ms"; an abort of `signal` with what
 * `send` or the wait rejected with, at once.
 *
 * `send` should read the body before it resolves, so that the timeout covers the whole exchange,
 * a connection cut while the body comes in is retried, and a response that is retried does not
 * hold its connection.
 */
export async function sendWithRetries<
  T extends { status: number; headers: ResponseHeaders },
>(
  send: (signal: AbortSignal) => Promise<T>,
  options: SendWithRetriesOptions,
): Promise<T> {
  const policy = resolvePolicy(options.policy);
  const { idempotent, signal } = options;
  const sleep =
    options.sleep ??
    ((ms: number, sleepSignal?: AbortSignal) =>
      wait(ms, undefined, { signal: sleepSignal }));
  for (let attemptNumber = 1; ; attemptNumber++) {
    signal?.throwIfAborted();
    const result = await attempt(send, policy.timeoutMs, signal);
    const last = attemptNumber >= policy.attempts;
    if ('response' in result) {
      const { status, headers } = result.response;
      const retried =
        status === 429 || (idempotent && RETRIED_STATUSES.has(status));
      if (last || !retried) return result.response;
      const asked = retryAfterMs(headers);
      await sleep(
        asked === undefined
          ? backoffMs(policy, attemptNumber)
          : Math.min(asked, policy.maxDelayMs),
        signal,
      );
      continue;
    }
    const error = result.timedOut
      ? new ServiceUnavailableError(
          `request timed out after ${policy.timeoutMs} ms`,
        )
      : result.error;
    const retried =
      result.code === 'ECONNREFUSED' ||
      (idempotent && (result.timedOut || result.code !== undefined));
    if (last || !retried || signal?.aborted) throw error;
    await sleep(backoffMs(policy, attemptNumber), signal);
  }
}
