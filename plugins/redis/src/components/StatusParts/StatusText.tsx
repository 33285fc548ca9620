import type { ReactNode } from 'react';
import { StatusIcon, type Tone } from './StatusIcon';

/**
 * A state in words with its shape beside it, never colour alone. Plain spans inheriting the
 * surrounding typography: it sits in table cells by the thousand.
 */
export function StatusText(props: {
  tone: Tone;
  children: ReactNode;
  weight?: 'regular' | 'bold';
}) {
  const { tone, children, weight } = props;
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 'var(--bui-space-1)',
      }}
    >
      <StatusIcon tone={tone} />
      <span
        style={
          weight === 'bold'
            ? { fontWeight: 'var(--bui-font-weight-bold)' as never }
            : undefined
        }
      >
        {children}
      </span>
    </span>
  );
}
