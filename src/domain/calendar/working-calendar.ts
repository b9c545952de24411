// Working days of the Vietnamese civil service: weekends off, listed holidays off, listed Saturdays worked.
import { addDays, civilDateOfDay, dayNumberOf, isCivilDate, isWeekend, vietnamDayOf, yearOf } from './civil-date';

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarEntry {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** Longest run of consecutive days off we accept before suspecting a broken calendar (Tết is ~9). */
const MAX_SCAN_DAYS = 366;
const MAX_MEMO = 100_000;
/** The dense index spans these years (plus every calendar year outside them); beyond, the day-by-day scan. */
const INDEX_FROM_YEAR = 1990;
const INDEX_TO_YEAR = 2100;

/**
 * Day d (days since 1970-01-01, from `first`) → how many working days fall in [first, d]; and the list
 * of working days in order. Then "the n-th working day after d" is `workdays[count[d] + n - 1]`: O(1).
 */
interface WorkdayIndex {
  first: number;
  /** count[d - first] = working days in [first, d]. */
  count: Int32Array;
  workdays: Int32Array;
}

export class WorkingCalendar {
  private readonly entries = new Map<string, CalendarEntry>();
  private readonly years = new Set<number>();
  /** Due dates repeat across a million dossiers (same receipt day, same legal time): memoise them. */
  private readonly memo = new Map<string, string>();
  /** Built on the first due date asked; null when some run of days off exceeds MAX_SCAN_DAYS (the scan throws there). */
  private index: WorkdayIndex | null | undefined;
  private readonly dayOf = new Map<string, number>();

  constructor(entries: readonly CalendarEntry[]) {
    for (const e of entries) {
      if (!isCivilDate(e.date)) throw new RangeError(`Ngày không hợp lệ trong lịch: "${e.date}"`);
      if (this.entries.has(e.date)) throw new RangeError(`Ngày ${e.date} xuất hiện hai lần trong lịch`);
      this.entries.set(e.date, e);
      this.years.add(yearOf(e.date));
    }
  }

  /** Years that have at least one entry: outside them only weekends are known to be off. */
  get coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  covers(date: string): boolean {
    return this.years.has(yearOf(date));
  }

  entry(date: string): CalendarEntry | undefined {
    return this.entries.get(date);
  }

  isWorkingDay(date: string): boolean {
    const e = this.entries.get(date);
    if (e) return e.kind === 'workday';
    return !isWeekend(date);
  }

  /**
   * The n-th working day after `date` (which itself does not count). n = 0 gives `date` when it is a
   * working day, else the next working day — the deadline of a same-day procedure.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Số ngày làm việc phải là số nguyên không âm: ${n}`);
    let day = this.dayOf.get(date);
    if (day === undefined && isCivilDate(date)) {
      day = dayNumberOf(date);
      if (this.dayOf.size >= MAX_MEMO) this.dayOf.clear();
      this.dayOf.set(date, day);
    }
    const fast = day === undefined ? null : this.addWorkingDaysToDay(day, n);
    return fast === null ? this.addWorkingDaysByScan(date, n) : civilDateOfDay(fast);
  }

  /**
   * The same as addWorkingDays, one day at a time: the reference the dense index is tested against, and
   * the path for dates outside the index.
   */
  addWorkingDaysByScan(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Số ngày làm việc phải là số nguyên không âm: ${n}`);
    if (n === 0) return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
    const key = `${date}+${n}`;
    const known = this.memo.get(key);
    if (known) return known;
    let d = date;
    for (let left = n; left > 0; left--) d = this.nextWorkingDay(d);
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(key, d);
    return d;
  }

  /** addWorkingDays on day numbers through the dense index; null when outside it. */
  private addWorkingDaysToDay(day: number, n: number): number | null {
    if (this.index === undefined) this.index = this.buildIndex();
    const ix = this.index;
    if (ix === null) return null;
    const off = day - ix.first;
    if (!(off >= 0 && off < ix.count.length) || day < ix.workdays[0]) return null;
    const before = ix.count[off];
    // n = 0: the day itself when it works, else the next working day (= index `before`).
    const isWorking = before > 0 && ix.workdays[before - 1] === day;
    const k = n === 0 ? (isWorking ? before - 1 : before) : before + n - 1;
    return k < ix.workdays.length ? ix.workdays[k] : null;
  }

  private buildIndex(): WorkdayIndex | null {
    const years = this.coveredYears;
    const fromYear = Math.min(INDEX_FROM_YEAR, years[0] ?? INDEX_FROM_YEAR);
    const toYear = Math.max(INDEX_TO_YEAR, years[years.length - 1] ?? INDEX_TO_YEAR);
    const first = Date.UTC(fromYear, 0, 1) / 86_400_000;
    const last = Date.UTC(toYear, 11, 31) / 86_400_000;
    const off = new Map<number, boolean>();
    for (const e of this.entries.values()) off.set(dayNumberOf(e.date), e.kind === 'workday');
    const count = new Int32Array(last - first + 1);
    const workdays: number[] = [];
    let prev = first - 1;
    for (let d = first; d <= last; d++) {
      const listed = off.get(d);
      // 1970-01-01 was a Thursday: (d + 4) mod 7 is 0 on Sundays, 6 on Saturdays.
      const dow = (((d + 4) % 7) + 7) % 7;
      if (listed ?? (dow !== 0 && dow !== 6)) {
        if (d - prev > MAX_SCAN_DAYS) return null;
        workdays.push(d);
        prev = d;
      }
      count[d - first] = workdays.length;
    }
    return { first, count, workdays: Int32Array.from(workdays) };
  }

  nextWorkingDay(date: string): string {
    return this.scan(date, 1);
  }

  previousWorkingDay(date: string): string {
    return this.scan(date, -1);
  }

  /**
   * formats.md default rule: the due date is the `days`-th working day after the day of receipt (the
   * receipt day in Vietnam time does not count); each paused working day moves it one working day later.
   */
  dueDate(receivedAt: Date, days: number, pausedDays = 0): string {
    return this.dueDateOfDay(vietnamDayOf(receivedAt), days, pausedDays);
  }

  /** dueDate with the Vietnam day number of the receipt (days since 1970-01-01) instead of the instant. */
  dueDateOfDay(receivedDay: number, days: number, pausedDays = 0): string {
    return civilDateOfDay(this.dueDayOfDay(receivedDay, days, pausedDays));
  }

  /** dueDateOfDay as a day number (days since 1970-01-01): the import's fast path stores it without the text. */
  dueDayOfDay(receivedDay: number, days: number, pausedDays = 0): number {
    if (!Number.isInteger(pausedDays) || pausedDays < 0) throw new RangeError(`Số ngày tạm dừng không hợp lệ: ${pausedDays}`);
    const n = days + pausedDays;
    if (Number.isInteger(n) && n >= 0) {
      const fast = this.addWorkingDaysToDay(receivedDay, n);
      if (fast !== null) return fast;
    }
    return dayNumberOf(this.addWorkingDays(civilDateOfDay(receivedDay), n));
  }

  /** Working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  private scan(date: string, step: 1 | -1): string {
    let d = date;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) return d;
    }
    throw new RangeError(`Không tìm thấy ngày làm việc trong ${MAX_SCAN_DAYS} ngày kể từ ${date}`);
  }
}
