// Calendar dates as `YYYY-MM-DD` strings: they compare correctly as strings and carry no time zone.

/** Vietnam has used UTC+7 without daylight saving since 1975, so a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) → `YYYY-MM-DD`: a million dossiers share a few thousand days. */
const DAY_TEXT = new Map<number, string>();
const MAX_DAY_TEXT = 200_000;

/** The calendar date of day number `day` (days since 1970-01-01). */
export function civilDateOfDay(day: number): string {
  let s = DAY_TEXT.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (DAY_TEXT.size >= MAX_DAY_TEXT) DAY_TEXT.clear();
    DAY_TEXT.set(day, s);
  }
  return s;
}

/** The Vietnam day number (days since 1970-01-01) of an instant. */
export function vietnamDayOf(instant: Date): number {
  return vietnamDayOfMs(instant.getTime());
}

/** vietnamDayOf of an instant given as epoch milliseconds (the import's fast path has no Date). */
export function vietnamDayOfMs(ms: number): number {
  return Math.floor((ms + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** The calendar date of an instant in Asia/Ho_Chi_Minh. */
export function vietnamDateOf(instant: Date): string {
  return civilDateOfDay(vietnamDayOf(instant));
}

/** The instant at which a Vietnam calendar date starts, plus `minutes` into that day. */
export function vietnamInstant(date: string, minutes = 0): Date {
  return new Date(toUtcMs(date) - VIETNAM_OFFSET_MS + minutes * 60_000);
}

/** Minutes since Vietnam midnight of an instant. */
export function vietnamMinuteOfDay(instant: Date): number {
  const ms = (instant.getTime() + VIETNAM_OFFSET_MS) % DAY_MS;
  return Math.floor((ms < 0 ? ms + DAY_MS : ms) / 60_000);
}

export function isCivilDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date; throws on an invalid one. */
export function dayNumberOf(date: string): number {
  return toUtcMs(date) / DAY_MS;
}

function toUtcMs(date: string): number {
  if (!isCivilDate(date)) throw new RangeError(`Ngày không hợp lệ: "${date}" (cần YYYY-MM-DD)`);
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
}
