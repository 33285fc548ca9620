import type { CSSProperties } from 'react';

/** A list without bullets or indent, for lines that carry their own status shape. */
export const plainList: CSSProperties = {
  margin: 0,
  paddingLeft: 0,
  listStyle: 'none',
};

/** A plain list whose items stand a little apart. */
export const spacedList: CSSProperties = {
  ...plainList,
  display: 'grid',
  gap: 'var(--bui-space-1)',
};
