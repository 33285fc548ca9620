// Exit statuses of redis-flavour (listed in README.md) and the errors that map to them.

export const EXIT_OK = 0;
/** The order is invalid (or, in batch mode, at least one file is). */
export const EXIT_INVALID = 1;
/** `diff` only, as `kubectl diff`: the cluster differs from the order. */
export const EXIT_DIFFERENCES = 1;
/** Wrong arguments, or a file that cannot be read or parsed. */
export const EXIT_USAGE = 2;
/** A bug in redis-flavour or the engine. */
export const EXIT_INTERNAL = 3;
/** The Kubernetes API server or the portal refused the request, failed, or could not be reached. */
export const EXIT_REMOTE = 4;

// Named with string literals: main.ts tells them apart by name, because the lazily loaded cluster
// bundle has its own copies of these classes, and minifying renames the classes themselves.

/** The command line is wrong; the message says how. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file that cannot be read or parsed. Its message never quotes the file, which may hold secrets. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}

/** The Kubernetes API server or the portal refused or failed; the message says what and why. */
export class RemoteError extends Error {
  override name = 'RemoteError';
}

/** The exit status of each error above, by its name. */
export const EXIT_STATUS_BY_ERROR_NAME: ReadonlyMap<string, number> = new Map([
  ['UsageError', EXIT_USAGE],
  ['UnreadableFileError', EXIT_USAGE],
  ['RemoteError', EXIT_REMOTE],
]);
