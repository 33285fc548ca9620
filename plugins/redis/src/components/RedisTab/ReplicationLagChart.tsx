import { useId, useMemo } from 'react';
import { line } from 'd3-shape';
import { Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { LagSample } from '../../hooks/useReplicationLagHistory';
import { formatBytes, formatDuration } from '../../status/format';
import { redisTranslationRef } from '../../translation';
import { spacedList } from '../StatusParts/listStyles';

/** More lines than this are unreadable; the ones furthest behind are the ones to watch. */
export const MAX_SERIES = 5;
const WIDTH = 600;
const HEIGHT = 160;
const MARGIN = { top: 8, right: 8, bottom: 20, left: 64 };
/** Lines differ in dash pattern as well as colour. */
const STYLES = [
  { color: 'var(--bui-fg-announcement)', dash: undefined },
  { color: 'var(--bui-fg-warning)', dash: '6 3' },
  { color: 'var(--bui-fg-positive)', dash: '2 3' },
  { color: 'var(--bui-fg-primary)', dash: '8 3 2 3' },
  { color: 'var(--bui-fg-secondary)', dash: '1 5' },
];

export interface LagSeries {
  pod: string;
  points: [number, number | undefined][];
  current: number;
  max: number;
}

/** The replicas of the newest sample, furthest behind first, with their history. */
export function lagSeries(samples: LagSample[]): {
  series: LagSeries[];
  replicaCount: number;
} {
  const latest = samples[samples.length - 1];
  if (!latest) return { series: [], replicaCount: 0 };
  const pods = Object.entries(latest.lagBytes)
    .sort(([a, lagA], [b, lagB]) => lagB - lagA || a.localeCompare(b))
    .map(([pod]) => pod);
  const series = pods.slice(0, MAX_SERIES).map(pod => {
    const points = samples.map(
      sample =>
        [sample.at, sample.lagBytes[pod]] as [number, number | undefined],
    );
    const values = points.flatMap(([, value]) =>
      value === undefined ? [] : [value],
    );
    return {
      pod,
      points,
      current: latest.lagBytes[pod],
      max: Math.max(...values),
    };
  });
  return { series, replicaCount: pods.length };
}

export function ReplicationLagChart(props: {
  samples: LagSample[];
  /** Replicas in the current status: none means there is nothing to chart, not nothing yet. */
  replicas: number;
}) {
  const { t } = useTranslationRef(redisTranslationRef);
  const titleId = useId();
  const { samples } = props;
  const { series, replicaCount } = useMemo(() => lagSeries(samples), [samples]);

  if (props.replicas === 0)
    return (
      <Text as="p" color="secondary">
        {t('tab.lag.noReplicas')}
      </Text>
    );
  if (samples.length < 2 || replicaCount === 0)
    return (
      <Text as="p" color="secondary">
        {t('tab.lag.collecting')}
      </Text>
    );

  const first = samples[0].at;
  const last = samples[samples.length - 1].at;
  const top = Math.max(1, ...series.map(item => item.max));
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (at: number) =>
    MARGIN.left +
    (last === first ? 0 : ((at - first) / (last - first)) * innerWidth);
  const y = (bytes: number) =>
    MARGIN.top + innerHeight - (bytes / top) * innerHeight;
  const path = line<[number, number | undefined]>()
    .defined(([, value]) => value !== undefined)
    .x(([at]) => x(at))
    .y(([, value]) => y(value ?? 0));
  const span = formatDuration((last - first) / 1000);

  return (
    <Flex direction="column" gap="2">
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxHeight: `${HEIGHT * 1.5}px`, overflow: 'visible' }}
      >
        <title id={titleId}>
          {t('tab.lag.chartLabel', { duration: span })}
        </title>
        <g aria-hidden="true" fontSize="11" fill="var(--bui-fg-secondary)">
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={y(0)}
            y2={y(0)}
            stroke="var(--bui-border-2)"
          />
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={y(top)}
            y2={y(top)}
            stroke="var(--bui-border-1)"
            strokeDasharray="2 4"
          />
          <text x={MARGIN.left - 6} y={y(top) + 4} textAnchor="end">
            {formatBytes(top)}
          </text>
          <text x={MARGIN.left - 6} y={y(0) + 4} textAnchor="end">
            {formatBytes(0)}
          </text>
          <text x={MARGIN.left} y={HEIGHT - 4}>
            {`-${span}`}
          </text>
          <text x={WIDTH - MARGIN.right} y={HEIGHT - 4} textAnchor="end">
            0s
          </text>
        </g>
        {series.map((item, index) => (
          <path
            key={item.pod}
            data-pod={item.pod}
            d={path(item.points) ?? undefined}
            fill="none"
            stroke={STYLES[index].color}
            strokeWidth={2}
            strokeDasharray={STYLES[index].dash}
          />
        ))}
      </svg>
      <ul aria-label={t('tab.lag.title')} style={spacedList}>
        {series.map((item, index) => (
          <li
            key={item.pod}
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 'var(--bui-space-2)',
            }}
          >
            <svg width="24" height="8" aria-hidden="true" focusable="false">
              <line
                x1="0"
                x2="24"
                y1="4"
                y2="4"
                stroke={STYLES[index].color}
                strokeWidth={2}
                strokeDasharray={STYLES[index].dash}
              />
            </svg>
            <Text as="span">
              {t('tab.lag.current', {
                pod: item.pod,
                bytes: formatBytes(item.current),
                max: formatBytes(item.max),
              })}
            </Text>
          </li>
        ))}
      </ul>
      {replicaCount > series.length && (
        <Text as="p" variant="body-small" color="secondary">
          {t('tab.lag.furthest', {
            shown: String(series.length),
            total: String(replicaCount),
          })}
        </Text>
      )}
    </Flex>
  );
}
