import {
  formatBytes,
  formatClockTime,
  formatDuration,
  secondsBetween,
} from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [160 * 1024 * 1024, '160 MiB'],
    [1024 ** 3, '1.0 GiB'],
    [-2048, '-2.0 KiB'],
  ])('%d is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [60, '1m'],
    [192, '3m 12s'],
    [7_500, '2h 5m'],
    [86_400, '1d'],
    [356_400, '4d 3h'],
    [-5, '0s'],
  ])('%d s is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('secondsBetween', () => {
  it('measures from a time to another, never negative', () => {
    expect(secondsBetween('2026-03-02T10:00:00Z', '2026-03-02T10:01:30Z')).toBe(
      90,
    );
    expect(secondsBetween('2026-03-02T10:01:30Z', '2026-03-02T10:00:00Z')).toBe(
      0,
    );
    expect(secondsBetween(undefined, new Date())).toBeUndefined();
    expect(secondsBetween('not a date', new Date())).toBeUndefined();
  });
});

describe('formatClockTime', () => {
  it('shows hours and minutes of a time in the reader’s zone', () => {
    const at = new Date(2026, 2, 2, 12, 3, 45);
    expect(formatClockTime(at.toISOString())).toMatch(/^12[:.]03/);
  });

  it('shows a dash for no time', () => {
    expect(formatClockTime('soon')).toBe('–');
  });
});
