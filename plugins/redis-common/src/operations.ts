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
 * The operation `redis:scale` runs.
 *
 * @public
 */
export const SCALE_OPERATION = 'scale';
