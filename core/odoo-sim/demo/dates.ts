/** Dates as whole UTC day numbers (days since 1970-01-01): cheap arithmetic, no time zones, no clock. */
export type Day = number;

const MS_PER_DAY = 86_400_000;

export function parseDay(ymd: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new Error(`bad date ${ymd}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

// formatting dominates generation time at size L without this; the value is a pure function of the day
const dayCache = new Map<Day, string>();

export function fmtDay(day: Day): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    dayCache.set(day, s);
  }
  return s;
}

/** 'YYYY-MM-DD HH:MM:SS' at a given second of the day, the Odoo datetime wire form. */
export function fmtDateTime(day: Day, secondOfDay: number): string {
  return new Date(day * MS_PER_DAY + secondOfDay * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function monthOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(day: Day): number {
  return (day + 4) % 7;
}

/** Moves weekend days to the next Monday (banks book on business days). */
export function businessDay(day: Day): Day {
  const wd = weekday(day);
  return wd === 6 ? day + 2 : wd === 0 ? day + 1 : day;
}

export function firstOfMonth(day: Day): Day {
  const d = new Date(day * MS_PER_DAY);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY);
}

export function addMonths(day: Day, months: number): Day {
  const d = new Date(day * MS_PER_DAY);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / MS_PER_DAY);
}

export function endOfMonth(day: Day): Day {
  return addMonths(firstOfMonth(day), 1) - 1;
}
