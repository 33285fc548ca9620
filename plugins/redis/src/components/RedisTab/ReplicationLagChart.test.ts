import type { LagSample } from '../../hooks/useReplicationLagHistory';
import { lagSeries, MAX_SERIES } from './ReplicationLagChart';

describe('lagSeries', () => {
  it('charts the replicas furthest behind now, with their history and peak', () => {
    const samples: LagSample[] = [
      { at: 0, lagBytes: { a: 10, b: 500 } },
      { at: 10, lagBytes: { a: 900, b: 20, c: 5 } },
    ];
    const { series, replicaCount } = lagSeries(samples);
    expect(replicaCount).toBe(3);
    expect(series.map(item => item.pod)).toEqual(['a', 'b', 'c']);
    expect(series[1]).toEqual({
      pod: 'b',
      points: [
        [0, 500],
        [10, 20],
      ],
      current: 20,
      max: 500,
    });
    // A replica that appeared later has a gap before it.
    expect(series[2].points[0]).toEqual([0, undefined]);
  });

  it('keeps the chart readable with many replicas', () => {
    const lagBytes = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`r${index}`, index]),
    );
    const { series, replicaCount } = lagSeries([{ at: 0, lagBytes }]);
    expect(replicaCount).toBe(20);
    expect(series).toHaveLength(MAX_SERIES);
    expect(series[0].pod).toBe('r19');
  });

  it('is empty without samples', () => {
    expect(lagSeries([])).toEqual({ series: [], replicaCount: 0 });
  });
});
