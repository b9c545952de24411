// Working days of the Vietnamese civil service: weekends off, listed holidays off, listed Saturdays worked.
import { addDays, isCivilDate, isWeekend, vietnamDateOf, yearOf } from './civil-date';

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarEntry {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** Longest run of consecutive days off we accept before suspecting a broken calendar (Tết is ~9). */
const MAX_SCAN_DAYS = 366;
const MAX_MEMO = 100_000;

export class WorkingCalendar {
  private readonly entries = new Map<string, CalendarEntry>();
  private readonly years = new Set<number>();
  /** Due dates repeat across a million dossiers (same receipt day, same legal time): memoise them. */
  private readonly memo = new Map<string, string>();

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
    if (!Number.isInteger(pausedDays) || pausedDays < 0) throw new RangeError(`Số ngày tạm dừng không hợp lệ: ${pausedDays}`);
    return this.addWorkingDays(vietnamDateOf(receivedAt), days + pausedDays);
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
