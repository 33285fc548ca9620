// The start every day-2 operation shares: an id, the instance's lock, and a recorder of the outcome.
import { isError } from '@backstage/errors';
import type { OperationOutcome } from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  newOperationId,
  recordOperation,
  type InvolvedObject,
} from './operationHistory';
import {
  acquireOperationLock,
  type OperationLock,
  type OperationTarget,
} from './operationLock';

export interface OperationRun {
  id: string;
  lock: OperationLock;
  /** Records the run's outcome in the history and as an Event, with `details` and the run's own. */
  record(
    outcome: OperationOutcome,
    message: string,
    details: Record<string, unknown>,
  ): Promise<void>;
}

/**
 * Takes the instance's lock for `operation` and returns the run; a lock another operation holds is
 * recorded as a refusal and rethrown (a ConflictError naming the holder).
 */
export async function startOperationRun(options: {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  involvedObject: InvolvedObject;
  operation: string;
  requester: string;
  timeoutMs: number;
  started: Date;
  /** Details every record of the run carries, e.g. its parameters. */
  details: Record<string, unknown>;
}): Promise<OperationRun> {
  const { cluster, instance, operation, requester, started } = options;
  const id = newOperationId();
  const record: OperationRun['record'] = (outcome, message, details) =>
    recordOperation(cluster, {
      instance,
      involvedObject: options.involvedObject,
      record: {
        id,
        operation,
        requester,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        outcome,
        message,
        details: { ...details, ...options.details },
      },
    });
  try {
    const lock = await acquireOperationLock(cluster, {
      instance,
      holder: requester,
      operation,
      timeoutMs: options.timeoutMs,
      now: () => started,
    });
    return { id, lock, record };
  } catch (error) {
    if (isError(error) && error.name === 'ConflictError')
      await record('refused', error.message, { precondition: 'lock' });
    throw error;
  }
}
