// Every day-2 run, recorded twice: a Kubernetes Event on the custom resource, and an entry in the
// instance's history ConfigMap `<instance>-operations`, which no order renders, so no prune deletes it.
import { randomUUID } from 'node:crypto';
import { isError } from '@backstage/errors';
import {
  REDIS_FIELD_MANAGER,
  instanceLabels,
  type OperationRecord,
} from '@odin/plugin-redis-common';
import type {
  ApiObject,
  KubernetesCluster,
  ObjectIdentity,
} from '../cluster/clusterAccess';
import type { OperationTarget } from './operationLock';

/** @public */
export const OPERATION_HISTORY_LIMIT = 50;
/** The ConfigMap key that holds the history, as JSON, newest first. */
export const HISTORY_KEY = 'history.json';
const EVENT_SOURCE = 'odin-redis-portal';
/** The API server caps an Event's message; longer ones are cut. */
const MAX_EVENT_MESSAGE = 1024;
const WRITE_ATTEMPTS = 5;

/**
 * The custom resource the Event of a run is about.
 *
 * @public
 */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
}

/** @public */
export function operationHistoryName(instance: string): string {
  return `${instance}-operations`;
}

/** @public */
export function newOperationId(): string {
  return randomUUID();
}

function historyIdentity(instance: OperationTarget): ObjectIdentity {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: operationHistoryName(instance.name),
      namespace: instance.namespace,
    },
  };
}

function isRecord(value: unknown): value is OperationRecord {
  const record = value as OperationRecord;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.id === 'string' &&
    typeof record.operation === 'string' &&
    typeof record.startedAt === 'string' &&
    ['succeeded', 'failed', 'refused'].includes(record.outcome)
  );
}

/** The entries of a history ConfigMap, newest first; an unreadable one counts as empty. */
export function parseOperationHistory(
  configMap: ApiObject | undefined,
): OperationRecord[] {
  const text = (configMap?.data as Record<string, string> | undefined)?.[
    HISTORY_KEY
  ];
  if (!text) return [];
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
  } catch {
    return [];
  }
}

/** The history with `record` in front (replacing an entry of the same id), at most `limit` entries. */
export function withRecord(
  history: OperationRecord[],
  record: OperationRecord,
  limit = OPERATION_HISTORY_LIMIT,
): OperationRecord[] {
  return [record, ...history.filter(entry => entry.id !== record.id)].slice(
    0,
    limit,
  );
}

/** `test-failover` -> `RedisTestFailover`: the Event's reason. */
export function operationEventReason(operation: string): string {
  return `Redis${operation
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('')}`;
}

/** Who ran what, and how it ended, in one line. */
export function operationEventMessage(record: OperationRecord): string {
  const message = `${record.requester} ran ${record.operation}: ${record.outcome}. ${record.message}`;
  return message.length > MAX_EVENT_MESSAGE
    ? `${message.slice(0, MAX_EVENT_MESSAGE - 1)}…`
    : message;
}

/**
 * The runs recorded for an instance, newest first; empty when none was ever recorded.
 *
 * @public
 */
export async function readOperationHistory(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<OperationRecord[]> {
  return parseOperationHistory(await cluster.get(historyIdentity(instance)));
}

async function writeHistory(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  record: OperationRecord,
): Promise<void> {
  const identity = historyIdentity(instance);
  const writeOptions = { fieldManager: REDIS_FIELD_MANAGER };
  for (let attempt = 1; ; attempt++) {
    const existing = await cluster.get(identity);
    const configMap: ApiObject = {
      ...identity,
      metadata: {
        ...identity.metadata,
        labels: instanceLabels(instance.name, instance.namespace),
        // A compare-and-swap: a run recorded meanwhile (a refusal beside a running operation) is kept.
        ...(existing && {
          resourceVersion: existing.metadata?.resourceVersion,
        }),
      },
      data: {
        [HISTORY_KEY]: JSON.stringify(
          withRecord(parseOperationHistory(existing), record),
        ),
      },
    };
    try {
      // The first write creates (a 409 when another won the race); later ones are applies that take
      // the ConfigMap's fields over from that create, guarded by the resourceVersion they read.
      await (existing
        ? cluster.apply(configMap, { ...writeOptions, force: true })
        : cluster.create(configMap, writeOptions));
      return;
    } catch (error) {
      const conflict = isError(error) && error.name === 'ConflictError';
      if (!conflict || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

async function writeEvent(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  involvedObject: InvolvedObject,
  record: OperationRecord,
): Promise<void> {
  const suffix = record.id.replace(/[^a-z0-9]/g, '').slice(0, 16);
  await cluster.create(
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${involvedObject.name}.${suffix}`,
        namespace: instance.namespace,
      },
      involvedObject: { ...involvedObject, namespace: instance.namespace },
      reason: operationEventReason(record.operation),
      message: operationEventMessage(record),
      type: record.outcome === 'succeeded' ? 'Normal' : 'Warning',
      source: { component: EVENT_SOURCE },
      firstTimestamp: record.startedAt,
      lastTimestamp: record.finishedAt,
      count: 1,
    },
    { fieldManager: REDIS_FIELD_MANAGER },
  );
}

/**
 * Records one run: an Event on `involvedObject` (Normal when it succeeded, Warning otherwise) and an
 * entry in the instance's history ConfigMap, newest first and at most {@link OPERATION_HISTORY_LIMIT}.
 *
 * @public
 */
export async function recordOperation(
  cluster: KubernetesCluster,
  options: {
    instance: OperationTarget;
    involvedObject: InvolvedObject;
    record: OperationRecord;
  },
): Promise<void> {
  const { instance, involvedObject, record } = options;
  await writeHistory(cluster, instance, record);
  await writeEvent(cluster, instance, involvedObject, record);
}
