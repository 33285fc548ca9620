// Walking the flavour part of redis-common's one JSON Schema, and reading and writing the values it describes.
import { flavourSchema } from '@odin/plugin-redis-common';

/** The subset of JSON Schema the flavour schema uses. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  default?: unknown;
  enum?: readonly (string | number)[];
  properties?: Readonly<Record<string, SchemaNode>>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  required?: readonly string[];
  minimum?: number;
  maximum?: number;
}

/** A path inside the flavour object, e.g. `['sentinel', 'quorum']` or `['tolerations', '0', 'key']`. */
export type FlavourPath = readonly string[];

export type FlavourValue = Record<string, unknown>;

export const flavourNode = flavourSchema.properties
  .flavour as unknown as SchemaNode;

/** How a schema node is edited: one control per leaf, key/value rows, list rows, or a group of its properties. */
export type ControlKind =
  | 'group'
  | 'map'
  | 'list'
  | 'objectList'
  | 'enum'
  | 'boolean'
  | 'integer'
  | 'string';

export function controlKind(node: SchemaNode): ControlKind {
  if (node.enum) return 'enum';
  if (node.type === 'object') return node.properties ? 'group' : 'map';
  if (node.type === 'array')
    return node.items?.type === 'object' ? 'objectList' : 'list';
  if (node.type === 'boolean') return 'boolean';
  if (node.type === 'integer' || node.type === 'number') return 'integer';
  return 'string';
}

/** The schema node at a flavour path; numeric segments step into array items. */
export function nodeAt(path: FlavourPath): SchemaNode | undefined {
  let node: SchemaNode | undefined = flavourNode;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'array') node = node.items;
    else if (node.properties) node = node.properties[segment];
    else if (typeof node.additionalProperties === 'object')
      node = node.additionalProperties;
    else return undefined;
  }
  return node;
}

export const pathKey = (path: FlavourPath): string => path.join('/');

export function isPlainObject(value: unknown): value is FlavourValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getIn(value: unknown, path: FlavourPath): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isPlainObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A copy of `value` with `next` at `path`; `undefined` removes the property (or array item). */
export function setIn(value: unknown, path: FlavourPath, next: unknown): any {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const index = Number(head);
    const copy = [...value];
    const child = setIn(copy[index], rest, next);
    if (child === undefined) copy.splice(index, 1);
    else copy[index] = child;
    return copy;
  }
  const copy: FlavourValue = isPlainObject(value) ? { ...value } : {};
  const child = setIn(copy[head], rest, next);
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy;
}
