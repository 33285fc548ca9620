// Desired against live, per field: the fields we set and the server holds differently.
import { parseQuantity } from '@odin/plugin-redis-common';

export interface FieldChange {
  /** JSON pointer into the object, e.g. /spec/clusterSize. */
  path: string;
  live?: unknown;
  desired?: unknown;
}

/** Metadata the server writes; a desired object never sets them, so they are never compared. */
const SERVER_OWNED_METADATA = new Set([
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `1000m` and `1`, `1Gi` and `1024Mi` are the same quantity; the API server rewrites them. */
function sameScalar(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (
    typeof desired === 'string' &&
    (typeof live === 'string' || typeof live === 'number')
  ) {
    const a = parseQuantity(desired);
    const b = parseQuantity(live);
    return (
      a !== undefined && b !== undefined && /^[0-9.]/.test(desired) && a === b
    );
  }
  return false;
}

function compare(
  desired: unknown,
  live: unknown,
  path: string,
  changes: FieldChange[],
): void {
  if (isPlainObject(desired)) {
    if (!isPlainObject(live)) {
      changes.push({ path, live, desired });
      return;
    }
    for (const key of Object.keys(desired)) {
      // Fields the server defaults but we never set are not differences: we walk desired only.
      compare(desired[key], live[key], `${path}/${escape(key)}`, changes);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) {
      changes.push({ path, live, desired });
      return;
    }
    desired.forEach((item, index) =>
      compare(item, live[index], `${path}/${index}`, changes),
    );
    return;
  }
  if (desired === undefined) return;
  if (!sameScalar(desired, live)) changes.push({ path, live, desired });
}

/**
 * The fields of `desired` whose live value differs. Defaulted fields the server added, status and
 * server-owned metadata are ignored, as are labels and annotations others added.
 */
export function diffObject(
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const { metadata, status: _status, ...rest } = desired;
  if (isPlainObject(metadata)) {
    const ownMetadata = Object.fromEntries(
      Object.entries(metadata).filter(
        ([key]) => !SERVER_OWNED_METADATA.has(key),
      ),
    );
    compare(ownMetadata, live.metadata, '/metadata', changes);
  }
  compare(rest, live, '', changes);
  return changes;
}
