import { ServiceUnavailableError } from '@backstage/errors';

/**
 * Rejects with a ServiceUnavailableError when `work` has not settled within `timeoutMs`; the request itself is not aborted.
 *
 * @public
 */
export function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceUnavailableError(
            `${what} timed out after ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
