// Why the status could not be loaded at all, so each case gets its own message.

export type LoadErrorKind = 'forbidden' | 'notFound' | 'unreachable' | 'failed';

function statusCodeOf(error: Error): number | undefined {
  const candidate = error as Error & {
    statusCode?: unknown;
    response?: { status?: unknown };
  };
  if (typeof candidate.statusCode === 'number') return candidate.statusCode;
  if (typeof candidate.response?.status === 'number')
    return candidate.response.status;
  return undefined;
}

/** Browsers reject fetch with a TypeError whose message differs per engine; polyfills name theirs. */
const NETWORK_FAILURE =
  /failed to fetch|networkerror|fetch failed|load failed|network request failed|econnrefused/i;

function isNetworkFailure(error: Error): boolean {
  return (
    error.name === 'TypeError' ||
    error.name === 'FetchError' ||
    NETWORK_FAILURE.test(error.message)
  );
}

export function loadErrorKind(error: Error): LoadErrorKind {
  const status = statusCodeOf(error);
  if (status === 403 || error.name === 'NotAllowedError') return 'forbidden';
  if (status === 404 || error.name === 'NotFoundError') return 'notFound';
  // A gateway that cannot reach the backend, or fetch failing before any response.
  if (status === 502 || status === 503 || status === 504) return 'unreachable';
  if (status === undefined && isNetworkFailure(error)) return 'unreachable';
  return 'failed';
}
