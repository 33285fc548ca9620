import type { Key, ReactElement, ReactNode } from 'react';
import { Column, TableBody, TableHeader, TableRoot } from '@backstage/ui';

/** A column of a panel's table; the row header column names each row for screen readers. */
export interface PanelColumn {
  id: string;
  title: string;
  isRowHeader?: boolean;
  /** A CSS width; the table's fixed layout shares what is left among the columns without one. */
  width?: string;
}

/** A table of the Redis tab, scrolling sideways by itself where the panel is narrower than its columns. */
export function PanelTable<T extends { id: Key }>(props: {
  label: string;
  columns: PanelColumn[];
  items: T[];
  renderEmptyState?: () => ReactNode;
  children: (item: T) => ReactElement;
}) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <TableRoot aria-label={props.label}>
        <TableHeader>
          {props.columns.map(column => (
            <Column
              key={column.id}
              id={column.id}
              isRowHeader={column.isRowHeader}
              style={column.width ? { width: column.width } : undefined}
            >
              {column.title}
            </Column>
          ))}
        </TableHeader>
        <TableBody
          items={props.items}
          renderEmptyState={props.renderEmptyState}
        >
          {props.children}
        </TableBody>
      </TableRoot>
    </div>
  );
}
