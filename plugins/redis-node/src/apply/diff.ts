// What an apply would change in one object: the live object against the server's dry-run result.
import { escapePointerSegment } from '@odin/plugin-redis-common';

/**
 * One difference between the live object (`before`) and the object as the server would store it
 * (`after`).
 *
 * `path` is a JSON pointer (RFC 6901, `~` and `/` in keys escaped as `~0` and `~1`). It resolves
 * in `after` for `add` and `replace`, and in `before` for `remove`, so a list index is the item's
 * position in the object that holds it.
 *
 * @public
 */
export interface FieldChange {
  path: string;
  op: 'add' | 'remove' | 'replace';
  /** The live value; absent for `add`. */
  before?: unknown;
  /** The value the apply would store; absent for `remove`. */
  after?: unknown;
}

/** Metadata the server writes on every update; it differs between any two versions of an object. */
const SERVER_WRITTEN_METADATA = new Set([
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** Stands in for every value of a Secret, so no diff, log or preview ever holds one. */
const REDACTED = '(secret)';

/** kubectl's copy of the last object it applied: in a Secret, the Secret's values in plain text. */
const LAST_APPLIED =
  '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Equal as JSON: the same scalars, lists and keys, whatever the objects' prototypes or key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(key => Object.hasOwn(b, key) && sameJson(a[key], b[key]))
    );
  }
  return a === b;
}

/** Pairs of indices into `before` and `after`: both for an item in each, one for an item removed or added. */
type Pairing = Array<[number | undefined, number | undefined]>;

/** The items' names, when every item is an object with a distinct string `name` (containers, env, volumes, ...). */
function namesOf(items: unknown[]): string[] | undefined {
  const names = items.map(item =>
    isPlainObject(item) && typeof item.name === 'string'
      ? item.name
      : undefined,
  );
  if (names.some(name => name === undefined)) return undefined;
  return new Set(names).size === names.length ? (names as string[]) : undefined;
}

/** Items with the same name are the same item wherever they sit; the rest were removed or added. */
function pairByName(beforeNames: string[], afterNames: string[]): Pairing {
  const pairs: Pairing = beforeNames.map((name, index) => {
    const match = afterNames.indexOf(name);
    return [index, match === -1 ? undefined : match];
  });
  afterNames.forEach((name, index) => {
    if (!beforeNames.includes(name)) pairs.push([undefined, index]);
  });
  return pairs;
}

/**
 * Keeps the longest run of equal items in order; between two kept items, as many removed as added
 * are taken as the same items changed, otherwise as removed and added. So dropping one toleration
 * of three is one removal, not a change to each that follows it.
 */
function pairInOrder(before: unknown[], after: unknown[]): Pairing {
  // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: before.length + 1 }, () =>
    new Array<number>(after.length + 1).fill(0),
  );
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      common[i][j] = sameJson(before[i], after[j])
        ? common[i + 1][j + 1] + 1
        : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const pairs: Pairing = [];
  const removed: number[] = [];
  const added: number[] = [];
  const closeGap = () => {
    if (removed.length === added.length) {
      removed.forEach((index, n) => pairs.push([index, added[n]]));
    } else {
      removed.forEach(index => pairs.push([index, undefined]));
      added.forEach(index => pairs.push([undefined, index]));
    }
    removed.length = 0;
    added.length = 0;
  };
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (
      i < before.length &&
      j < after.length &&
      sameJson(before[i], after[j])
    ) {
      closeGap();
      pairs.push([i++, j++]);
    } else if (
      j === after.length ||
      (i < before.length && common[i + 1][j] >= common[i][j + 1])
    ) {
      removed.push(i++);
    } else {
      added.push(j++);
    }
  }
  closeGap();
  return pairs;
}

function compare(
  before: unknown,
  after: unknown,
  beforePath: string,
  afterPath: string,
  changes: FieldChange[],
): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const child = `/${escapePointerSegment(key)}`;
      if (!Object.hasOwn(after, key)) {
        changes.push({
          path: beforePath + child,
          op: 'remove',
          before: before[key],
        });
      } else if (!Object.hasOwn(before, key)) {
        changes.push({ path: afterPath + child, op: 'add', after: after[key] });
      } else {
        compare(
          before[key],
          after[key],
          beforePath + child,
          afterPath + child,
          changes,
        );
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNames = namesOf(before);
    const afterNames = namesOf(after);
    const pairs =
      beforeNames && afterNames
        ? pairByName(beforeNames, afterNames)
        : pairInOrder(before, after);
    for (const [b, a] of pairs) {
      if (b !== undefined && a !== undefined) {
        compare(
          before[b],
          after[a],
          `${beforePath}/${b}`,
          `${afterPath}/${a}`,
          changes,
        );
      } else if (b !== undefined) {
        changes.push({
          path: `${beforePath}/${b}`,
          op: 'remove',
          before: before[b],
        });
      } else if (a !== undefined) {
        changes.push({ path: `${afterPath}/${a}`, op: 'add', after: after[a] });
      }
    }
    return;
  }
  // Both sides come from the server, which writes each quantity one way (1000m as 1): plain equality.
  if (before !== after) {
    changes.push({ path: afterPath, op: 'replace', before, after });
  }
}

/** Everything but status and the metadata the server writes on every update, keys in their order. */
function comparable(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key]) => key !== 'status')
      .map(([key, value]) =>
        key === 'metadata' && isPlainObject(value)
          ? [
              key,
              Object.fromEntries(
                Object.entries(value).filter(
                  ([field]) => !SERVER_WRITTEN_METADATA.has(field),
                ),
              ),
            ]
          : [key, value],
      ),
  );
}

/** `value`, found at `path` in a Secret, with every Secret value in it replaced by REDACTED. */
function redact(path: string, value: unknown): unknown {
  if (
    path.startsWith('/data/') ||
    path.startsWith('/stringData/') ||
    path === LAST_APPLIED
  ) {
    return REDACTED;
  }
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      redact(`${path}/${escapePointerSegment(key)}`, child),
    ]),
  );
}

/**
 * The changes an apply would make to one object: `before` is the live object, `after` the
 * server's answer to the same apply with dryRun=All, which has dropped the fields our field
 * manager no longer sends and kept those of other managers and the server's defaults.
 *
 * Both sides are compared in full, so removed fields show as well as added and changed ones.
 * `status` and server-written metadata (managedFields, resourceVersion, uid, ...) are ignored.
 * Lists of objects with distinct `name`s (containers, env, volumes, ports) are matched by name,
 * and reordering them is not a change; other lists (tolerations) keep their equal items in order
 * and report the rest as changed in place, removed or added. Quantities and other scalars are
 * compared as they are: the server writes both sides, each value in one spelling. Changes come in
 * the order of `before`'s keys, then the keys only `after` has. In a Secret, every value
 * under /data and /stringData, and kubectl's last-applied annotation, reads "(secret)".
 *
 * @public
 */
export function diffObject(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  compare(comparable(before), comparable(after), '', '', changes);
  if (before.kind !== 'Secret' && after.kind !== 'Secret') return changes;
  return changes.map(change => ({
    ...change,
    ...('before' in change && { before: redact(change.path, change.before) }),
    ...('after' in change && { after: redact(change.path, change.after) }),
  }));
}
