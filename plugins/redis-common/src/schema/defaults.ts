import { flavourSchema } from './flavourSchema';
import type { RedisInstanceConfig, ResolvedInstance } from './types';

type SchemaNode = {
  type?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh copy of a JSON default, so callers cannot mutate the schema. */
function copyDefault(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyDefault);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyDefault(value[key]);
  return copy;
}

// Validation fills defaults on every call: the property lists are read off the schema once.
const propertyEntries = new WeakMap<
  Record<string, SchemaNode>,
  [string, SchemaNode][]
>();
function entriesOf(
  properties: Record<string, SchemaNode>,
): [string, SchemaNode][] {
  let entries = propertyEntries.get(properties);
  if (!entries) {
    entries = Object.entries(properties);
    propertyEntries.set(properties, entries);
  }
  return entries;
}

function fill(schema: SchemaNode, value: unknown): unknown {
  const current = value === undefined ? copyDefault(schema.default) : value;
  if (current === undefined) return undefined;
  if (schema.properties && isPlainObject(current)) {
    const result: Record<string, unknown> = { ...current };
    for (const [key, child] of entriesOf(schema.properties)) {
      const filled = fill(child, result[key]);
      if (filled !== undefined) result[key] = filled;
    }
    return result;
  }
  if (schema.items && Array.isArray(current)) {
    const items = schema.items;
    return current.map(item => fill(items, item) ?? item);
  }
  return current;
}

/** Copies a valid deprecated `replicaCount` into `replica.count` unless that is set; the schema reports an invalid one where it was written. */
export function foldReplicaCount(doc: unknown): unknown {
  if (!isPlainObject(doc) || !isPlainObject(doc.flavour)) return doc;
  const { replicaCount, replica = {} } = doc.flavour;
  const usable =
    typeof replicaCount === 'number' &&
    Number.isInteger(replicaCount) &&
    replicaCount >= 0 &&
    replicaCount <= 5;
  if (!usable || !isPlainObject(replica) || replica.count !== undefined)
    return doc;
  return {
    ...doc,
    flavour: { ...doc.flavour, replica: { ...replica, count: replicaCount } },
  };
}

/**
 * Returns a copy of the document with every default of the flavour spec filled in.
 * Does not validate: pass the result to validateInstance, or validate first.
 *
 * @public
 */
export function applyDefaults(doc: RedisInstanceConfig): ResolvedInstance;
/** @public */
export function applyDefaults(doc: unknown): unknown;
/** @public */
export function applyDefaults(doc: unknown): unknown {
  return fill(flavourSchema as unknown as SchemaNode, foldReplicaCount(doc));
}
