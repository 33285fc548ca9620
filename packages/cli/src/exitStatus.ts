// Exit statuses of redis-flavour (listed in README.md) and the errors that map to them.

export const EXIT_OK = 0;
/** The order is invalid (or, in batch mode, at least one file is). */
export const EXIT_INVALID = 1;
/** Wrong arguments, or a file that cannot be read or parsed. */
export const EXIT_USAGE = 2;
/** A bug in redis-flavour or the engine. */
export const EXIT_INTERNAL = 3;

/** The command line is wrong; the message says how. */
export class UsageError extends Error {}

/** A file that cannot be read or parsed. Its message never quotes the file, which may hold secrets. */
export class UnreadableFileError extends Error {}
