import type { ReactNode } from 'react';
import { Skeleton, Text } from '@backstage/ui';

/** Label–value pairs as a description list: read in order by screen readers, aligned on screen. */
export function Facts(props: { children: ReactNode; labelWidth?: string }) {
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: `${
          props.labelWidth ?? 'minmax(7rem, max-content)'
        } 1fr`,
        columnGap: 'var(--bui-space-4)',
        rowGap: 'var(--bui-space-2)',
        margin: 0,
      }}
    >
      {props.children}
    </dl>
  );
}

export function Fact(props: { label: ReactNode; children: ReactNode }) {
  return (
    <>
      <dt style={{ minHeight: '1.5rem' }}>
        <Text as="span" color="secondary">
          {props.label}
        </Text>
      </dt>
      <dd style={{ margin: 0, minHeight: '1.5rem', minWidth: 0 }}>
        {props.children}
      </dd>
    </>
  );
}

/** Facts still loading: the labels stand already, so the values replace the skeleton without a shift. */
export function SkeletonFacts(props: { labels: string[]; width: string }) {
  return (
    <Facts>
      {props.labels.map(label => (
        <Fact key={label} label={label}>
          <Skeleton width={props.width} height="1.25rem" />
        </Fact>
      ))}
    </Facts>
  );
}
