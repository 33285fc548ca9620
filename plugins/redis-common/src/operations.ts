// What the portal knows of day-2 operations on an instance: the one running now and the history of runs.

/** @public */
export type OperationOutcome = 'succeeded' | 'failed' | 'refused';

/**
 * One run of a day-2 operation, as the instance's history ConfigMap keeps it. Never holds a secret.
 *
 * @public
 */
export interface OperationRecord {
  id: string;
  /** e.g. `test-failover`. */
  operation: string;
  requester: string;
  startedAt: string;
  finishedAt: string;
  outcome: OperationOutcome;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Who holds an instance's operation lock, for what, since when, and until when it counts.
 *
 * @public
 */
export interface OperationLockHolder {
  holder: string;
  operation: string;
  /** ISO time the operation started. */
  since: string;
  /** ISO time after which the lock may be taken over: the start plus the operation's timeout. */
  expiresAt: string;
}

/**
 * The `operations` section of a status: the operation running now, if any, and the recorded runs,
 * newest first.
 *
 * @public
 */
export interface OperationsState {
  running?: OperationLockHolder;
  history: OperationRecord[];
}

/**
 * The operation `redis:test-failover` runs, and the name of its template, which the Redis tab opens
 * prefilled with the instance's entity.
 *
 * @public
 */
export const TEST_FAILOVER_OPERATION = 'test-failover';

/** @public */
export const TEST_FAILOVER_TEMPLATE = 'template:default/redis-test-failover';

/**
 * The operation `redis:scale` runs, and its template.
 *
 * @public
 */
export const SCALE_OPERATION = 'scale';

/** @public */
export const SCALE_TEMPLATE = 'template:default/redis-scale';

/**
 * The operation `redis:resize` runs (CPU and memory with a restart of one pod at a time, or storage),
 * and its template.
 *
 * @public
 */
export const RESIZE_OPERATION = 'resize';

/** @public */
export const RESIZE_TEMPLATE = 'template:default/redis-resize';

/**
 * The operation `redis:delete` runs (a final backup, then the instance's objects), and its template.
 *
 * @public
 */
export const DELETE_OPERATION = 'delete';

/** @public */
export const DELETE_TEMPLATE = 'template:default/redis-delete';

/**
 * The operation `redis:restore` runs (a backup into a new instance), and its template.
 *
 * @public
 */
export const RESTORE_OPERATION = 'restore';

/** @public */
export const RESTORE_TEMPLATE = 'template:default/redis-restore';

/**
 * The operation `redis:rotate-password` runs (a new password beside the old, the Secret, rolling
 * restarts, then the old one removed after a grace period), and its template.
 *
 * @public
 */
export const ROTATE_PASSWORD_OPERATION = 'rotate-password';

/** @public */
export const ROTATE_PASSWORD_TEMPLATE =
  'template:default/redis-rotate-password';

/**
 * What a day-2 operation would change, as its server dry run answers and its form shows before the
 * user confirms: each object with its changed fields, and one line that sums it up.
 *
 * @public
 */
export interface OperationDryRun {
  summary: string;
  changes: { ref: string; action: string; paths: string[] }[];
}
