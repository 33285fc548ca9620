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

function structuredCopy(value: object): unknown {
  // Most object defaults are `{}`; skip the JSON round trip for them.
  return Object.keys(value).length === 0 && !Array.isArray(value) ? {} : JSON.parse(JSON.stringify(value));
}

function fill(schema: SchemaNode, value: unknown): unknown {
  let current = value;
  if (current === undefined) {
    if (schema.default === undefined) return undefined;
    // Copy object defaults so callers cannot mutate the schema; primitives need no copy.
    current =
      typeof schema.default === 'object' && schema.default !== null
        ? structuredCopy(schema.default)
        : schema.default;
  }
  if (schema.properties && isPlainObject(current)) {
    const result: Record<string, unknown> = { ...current };
    for (const key of Object.keys(schema.properties)) {
      const filled = fill(schema.properties[key], result[key]);
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
  if (!usable || !isPlainObject(replica) || replica.count !== undefined) return doc;
  return {
    ...doc,
    flavour: { ...doc.flavour, replica: { ...replica, count: replicaCount } },
  };
}

/**
 * Returns a copy of the document with every default of the flavour spec filled in.
 * Does not validate: pass the result to validateInstance, or validate first.
 */
export function applyDefaults(doc: RedisInstanceConfig): ResolvedInstance;
export function applyDefaults(doc: unknown): unknown;
export function applyDefaults(doc: unknown): unknown {
  return fill(flavourSchema as unknown as SchemaNode, foldReplicaCount(doc));
}
