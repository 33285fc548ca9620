// Checks a CronJob schedule the way Kubernetes accepts it: five fields or an @-descriptor.

const DESCRIPTORS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];
const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

type Field = {
  name: string;
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
};

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

function parseValue(text: string, field: Field): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + (field.nameBase ?? 0) : undefined;
}

function checkPart(part: string, field: Field): string | undefined {
  const [range, step, extra] = part.split('/');
  if (extra !== undefined || range === '')
    return `"${part}" is not a valid ${field.name}`;
  if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) {
    return `step "/${step}" in the ${field.name} must be a positive number`;
  }
  if (range === '*' || range === '?') return undefined;
  const [from, to, more] = range.split('-');
  if (more !== undefined)
    return `"${range}" is not a valid ${field.name} range`;
  const low = parseValue(from, field);
  const high = to === undefined ? low : parseValue(to, field);
  if (low === undefined || high === undefined)
    return `"${range}" is not a valid ${field.name}`;
  if (low < field.min || high > field.max) {
    return `${field.name} must be between ${field.min} and ${field.max}, got "${range}"`;
  }
  if (low > high) return `${field.name} range "${range}" runs backwards`;
  return undefined;
}

/** Returns what is wrong with a cron schedule, or undefined when Kubernetes would accept it. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    return DESCRIPTORS.includes(trimmed.toLowerCase())
      ? undefined
      : `unknown shortcut "${trimmed}"; use one of ${DESCRIPTORS.join(', ')}`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) {
    return 'time zones are not allowed in the schedule; backups run in UTC';
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  }
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i].split(',')) {
      const problem = checkPart(part, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Approximate number of runs per day of a valid schedule, for the cost estimate. */
export function cronRunsPerDay(schedule: string): number {
  const trimmed = schedule.trim().toLowerCase();
  const shortcuts: Record<string, number> = {
    '@hourly': 24,
    '@daily': 1,
    '@midnight': 1,
    '@weekly': 1 / 7,
    '@monthly': 1 / 30,
    '@yearly': 1 / 365,
    '@annually': 1 / 365,
  };
  if (trimmed in shortcuts) return shortcuts[trimmed];
  const fields = trimmed.split(/\s+/);
  const count = (text: string, field: Field) => {
    const hits = new Set<number>();
    for (const part of text.split(',')) {
      const [range, step = '1'] = part.split('/');
      const [from, to] =
        range === '*' || range === '?'
          ? [String(field.min), String(field.max)]
          : range.split('-');
      const low = parseValue(from, field) ?? field.min;
      // "5/15" means from 5 to the end of the field in steps of 15.
      const openEnd = part.includes('/') ? field.max : low;
      const high = to === undefined ? openEnd : parseValue(to, field) ?? low;
      for (let v = low; v <= high; v += Number(step))
        hits.add(v === 7 && field.max === 7 ? 0 : v);
    }
    return hits.size;
  };
  const perDay = count(fields[0], FIELDS[0]) * count(fields[1], FIELDS[1]);
  const dayFraction =
    (count(fields[2], FIELDS[2]) / 31) *
    (count(fields[3], FIELDS[3]) / 12) *
    (fields[4] === '*' || fields[4] === '?'
      ? 1
      : count(fields[4], FIELDS[4]) / 7);
  return perDay * dayFraction;
}
