// One day-2 operation per instance at a time: a coordination.k8s.io Lease `<instance>-operation` in its namespace.
import { ConflictError, isError } from '@backstage/errors';
import {
  REDIS_FIELD_MANAGER,
  instanceLabels,
  type OperationLockHolder,
} from '@odin/plugin-redis-common';
import type {
  ApiObject,
  KubernetesCluster,
  ObjectIdentity,
} from '../cluster/clusterAccess';

/** The operation a Lease locks the instance for, and when it started. */
export const OPERATION_ANNOTATION = 'odin.dev/operation';
export const OPERATION_STARTED_ANNOTATION = 'odin.dev/operation-started-at';

/**
 * The instance an operation works on: its namespace and name on one cluster.
 *
 * @public
 */
export interface OperationTarget {
  namespace: string;
  name: string;
}

/**
 * A held lock, renewed every third of its duration until `release`, which deletes the Lease unless another
 * operation has taken it over since.
 *
 * @public
 */
export interface OperationLock extends OperationLockHolder {
  /** True when the lock had expired and was taken over from `previous`. */
  takenOver?: OperationLockHolder;
  release(): Promise<void>;
}

/** @public */
export interface AcquireOperationLockOptions {
  instance: OperationTarget;
  /** Who runs the operation, e.g. a user entity ref. */
  holder: string;
  /** The operation's name, e.g. `test-failover`. */
  operation: string;
  /** The operation's timeout: the Lease's leaseDurationSeconds, rounded up. */
  timeoutMs: number;
  now?: () => Date;
}

interface LeaseObject extends ApiObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
  };
}

/** @public */
export function operationLeaseName(instance: string): string {
  return `${instance}-operation`;
}

function leaseIdentity(instance: OperationTarget): ObjectIdentity {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: operationLeaseName(instance.name),
      namespace: instance.namespace,
    },
  };
}

/** A Lease's MicroTime: RFC 3339 with exactly six fractional digits, as the API server parses it. */
export function microTime(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Who holds the lock a Lease stands for; undefined for a Lease without a holder. */
export function leaseHolder(
  lease: LeaseObject,
): OperationLockHolder | undefined {
  const holder = lease.spec?.holderIdentity;
  if (!holder) return undefined;
  const started =
    lease.metadata?.annotations?.[OPERATION_STARTED_ANNOTATION] ??
    lease.spec?.acquireTime ??
    lease.metadata?.creationTimestamp;
  const since = started ? new Date(started) : new Date(0);
  const renewed = new Date(lease.spec?.renewTime ?? since.toISOString());
  const durationMs = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
  return {
    holder,
    operation: lease.metadata?.annotations?.[OPERATION_ANNOTATION] ?? 'unknown',
    since: since.toISOString(),
    expiresAt: new Date(renewed.getTime() + durationMs).toISOString(),
  };
}

/** Whether the lock a Lease stands for no longer counts at `now`: no holder, or past its duration. */
export function isLockExpired(lease: LeaseObject, now: Date): boolean {
  const held = leaseHolder(lease);
  return !held || new Date(held.expiresAt).getTime() <= now.getTime();
}

function lockedError(
  instance: OperationTarget,
  operation: string,
  held: OperationLockHolder | undefined,
): ConflictError {
  const by = held
    ? `${held.operation} by ${held.holder} since ${held.since} (its lock expires at ${held.expiresAt})`
    : 'another operation';
  return new ConflictError(
    `Cannot start ${operation} on ${instance.namespace}/${
      instance.name
    }: one operation runs at a time, and ${by} holds Lease ${operationLeaseName(
      instance.name,
    )}`,
  );
}

/**
 * The operation lock currently held on the instance, for a tab to show; undefined when there is none or it expired.
 *
 * @public
 */
export async function readOperationLock(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  now: Date = new Date(),
): Promise<OperationLockHolder | undefined> {
  const lease = await cluster.get<LeaseObject>(leaseIdentity(instance));
  return lease && !isLockExpired(lease, now) ? leaseHolder(lease) : undefined;
}

/**
 * Takes the instance's operation lock: creates its Lease, or takes over one that expired (an update
 * guarded by its resourceVersion). A lock another operation holds is a ConflictError naming the holder,
 * the operation and since when. The Lease lasts `timeoutMs` from its last renewal; the holder renews it
 * while it runs (a run may outlast its timeout by its last wait), so only a run that died loses its lock.
 *
 * @public
 */
export async function acquireOperationLock(
  cluster: KubernetesCluster,
  options: AcquireOperationLockOptions,
): Promise<OperationLock> {
  const { instance, holder, operation } = options;
  const now = (options.now ?? (() => new Date()))();
  const durationSeconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
  const identity = leaseIdentity(instance);
  const desired: LeaseObject = {
    ...identity,
    metadata: {
      ...identity.metadata,
      labels: instanceLabels(instance.name, instance.namespace),
      annotations: {
        [OPERATION_ANNOTATION]: operation,
        [OPERATION_STARTED_ANNOTATION]: now.toISOString(),
      },
    },
    spec: {
      holderIdentity: holder,
      leaseDurationSeconds: durationSeconds,
      acquireTime: microTime(now),
      renewTime: microTime(now),
    },
  };
  const writeOptions = { fieldManager: REDIS_FIELD_MANAGER };
  let takenOver: OperationLockHolder | undefined;
  let written: ApiObject;
  try {
    written = await cluster.create(desired, writeOptions);
  } catch (error) {
    if (!(isError(error) && error.name === 'ConflictError')) throw error;
    const existing = await cluster.get<LeaseObject>(identity);
    // Released between the create and the read: the lock is free, but another start may race for it.
    if (!existing) throw lockedError(instance, operation, undefined);
    if (!isLockExpired(existing, now))
      throw lockedError(instance, operation, leaseHolder(existing));
    takenOver = leaseHolder(existing);
    try {
      written = await cluster.update(
        {
          ...desired,
          metadata: {
            ...desired.metadata,
            resourceVersion: existing.metadata?.resourceVersion,
          },
        },
        writeOptions,
      );
    } catch (updateError) {
      if (!(isError(updateError) && updateError.name === 'ConflictError'))
        throw updateError;
      // Another operation took the expired lock over first.
      const winner = await cluster.get<LeaseObject>(identity);
      throw lockedError(instance, operation, winner && leaseHolder(winner));
    }
  }
  const held = leaseHolder(written as LeaseObject)!;
  // A live run renews its Lease, so a run slower than its timeout keeps its lock; a dead one's expires.
  let renewed = written as LeaseObject;
  let renewal: Promise<void> | undefined;
  let lost = false;
  const renew = async () => {
    try {
      renewed = (await cluster.update(
        {
          ...renewed,
          spec: { ...renewed.spec, renewTime: microTime(new Date()) },
        },
        writeOptions,
      )) as LeaseObject;
    } catch (error) {
      // Gone, or taken over: this run no longer holds the lock. Anything else is tried again next time.
      lost =
        isError(error) &&
        (error.name === 'ConflictError' || error.name === 'NotFoundError');
    }
  };
  const timer = setInterval(() => {
    if (lost) clearInterval(timer);
    else
      renewal ??= renew().finally(() => {
        renewal = undefined;
      });
  }, Math.max(1_000, (durationSeconds * 1000) / 3));
  timer.unref();
  return {
    ...held,
    takenOver,
    async release() {
      clearInterval(timer);
      await renewal;
      const current = await cluster.get<LeaseObject>(identity);
      const still = current && leaseHolder(current);
      // Past its timeout the lock may have gone to another operation: leave theirs alone.
      if (!still || still.holder !== held.holder || still.since !== held.since)
        return;
      await cluster.delete(identity);
    },
  };
}

/**
 * Runs `run` holding the instance's operation lock, and releases it afterwards, whatever the outcome.
 *
 * @public
 */
export async function withOperationLock<T>(
  cluster: KubernetesCluster,
  options: AcquireOperationLockOptions,
  run: (lock: OperationLock) => Promise<T>,
): Promise<T> {
  const lock = await acquireOperationLock(cluster, options);
  try {
    return await run(lock);
  } finally {
    await lock.release();
  }
}
