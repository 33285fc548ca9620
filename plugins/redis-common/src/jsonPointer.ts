// JSON pointers (RFC 6901), the way every error, warning and diff of the portal names a field.

/**
 * One key as a pointer segment: `~` becomes `~0`, `/` becomes `~1` (`a/b` is `a~1b`).
 *
 * @public
 */
export function escapePointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A pointer (`/flavour/service/annotations/a~1b`) as its unescaped keys; `''` is the whole document.
 *
 * @public
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
