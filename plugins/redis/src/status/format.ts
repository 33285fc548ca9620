// Compact, unit-suffixed numbers as operators read them (kubectl ages, binary byte sizes).

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${sign}${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** `45s`, `3m 12s`, `2h 5m`, `4d 3h`: the two largest units, as kubectl shows ages. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return '–';
  const seconds = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return rest > 0 ? `${minutes}m ${rest}s` : `${minutes}m`;
  return `${rest}s`;
}

/** Seconds from `from` to `to`; undefined when `from` is missing or no date. */
export function secondsBetween(
  from: string | Date | undefined,
  to: string | Date,
): number | undefined {
  if (from === undefined) return undefined;
  const start = new Date(from).getTime();
  const end = new Date(to).getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, (end - start) / 1000);
}

/** Digit grouping in the reader's locale (replication offsets run into the billions). */
export function formatNumber(value: number): string {
  return value.toLocaleString();
}

/** Hours and minutes in the reader's locale, e.g. `12:03`: when a running operation started or ends. */
export function formatClockTime(at: string | Date): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '–';
  return date.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}
