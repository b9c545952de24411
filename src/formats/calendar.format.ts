// calendar.csv (formats.md "Working-day calendar"): `date,kind,name`, one row per exception to the
// Saturday/Sunday rule. The shipped files live in methodology/calendars/.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type CalendarEntry, WorkingCalendar } from '../domain/calendar/working-calendar';
import { isWeekend } from '../domain/calendar/civil-date';
import type { CsvRecord } from './csv';
import { FileFormatError, type RowIssue } from './file-format-error';
import { readDate } from './values';
import { parseTable } from './xlsx';

export const CALENDAR_COLUMNS = ['date', 'kind', 'name'] as const;

/** Where `chiso` finds the official calendars when no --calendar is given. */
export const SHIPPED_CALENDAR_DIR = fileURLToPath(new URL('../../methodology/calendars/', import.meta.url));

/**
 * Row checks: a `workday` on a weekday is refused (it would mean nothing); a `holiday` on a weekend is
 * accepted because it is harmless (the day is off anyway). `seen` spans several files of one calendar.
 */
export function parseCalendarRows(rows: readonly CsvRecord[], seen = new Map<string, number>()): { entries: CalendarEntry[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const entries: CalendarEntry[] = [];
  rows.forEach((rec, i) => {
    const row = i + 2;
    const before = issues.length;
    const date = readDate(rec.date ?? '', row, 'date', issues);
    if (date === null && issues.length === before) issues.push({ row, field: 'date', message: 'thiếu ngày' });
    const kind = (rec.kind ?? '').trim();
    if (kind !== 'holiday' && kind !== 'workday') {
      issues.push({ row, field: 'kind', message: `"${kind}" không hợp lệ (holiday hoặc workday)` });
    }
    if (date && kind === 'workday' && !isWeekend(date)) {
      issues.push({ row, field: 'kind', message: `ngày ${date} là ngày thường, không thể khai là ngày làm bù (workday)` });
    }
    if (date && seen.has(date)) {
      issues.push({ row, field: 'date', message: `ngày ${date} đã khai ở dòng ${seen.get(date)}` });
    } else if (date) seen.set(date, row);
    if (issues.length === before && date) entries.push({ date, kind: kind as CalendarEntry['kind'], name: rec.name ?? '' });
  });
  return { entries, issues };
}

/** Parses one calendar file (CSV or XLSX); throws FileFormatError with every row-numbered issue. */
export async function parseCalendarFile(buf: Buffer): Promise<CalendarEntry[]> {
  const { rows } = await parseTable(buf, ['date', 'kind']);
  const { entries, issues } = parseCalendarRows(rows);
  if (issues.length > 0) throw new FileFormatError(issues);
  return entries;
}

/** A calendar file's issues, with the file named so a run over several years says which one is wrong. */
export class CalendarFileError extends FileFormatError {
  constructor(
    readonly path: string,
    issues: RowIssue[],
  ) {
    super(issues);
    this.message = `Tệp lịch ${path}:\n${this.message}`;
  }
}

/** Reads one calendar from several files (one per year); a date listed in two files is an error. */
export async function loadCalendarFiles(paths: readonly string[]): Promise<WorkingCalendar> {
  const all: CalendarEntry[] = [];
  const firstFile = new Map<string, string>();
  for (const path of paths) {
    let entries: CalendarEntry[];
    try {
      entries = await parseCalendarFile(await readFile(path));
    } catch (err) {
      if (err instanceof FileFormatError) throw new CalendarFileError(path, err.issues);
      throw err;
    }
    for (const e of entries) {
      const other = firstFile.get(e.date);
      if (other) throw new CalendarFileError(path, [{ row: 0, field: 'date', message: `ngày ${e.date} đã có trong ${other}` }]);
      firstFile.set(e.date, path);
      all.push(e);
    }
  }
  return new WorkingCalendar(all);
}

/** All shipped `vn-*.csv` files, in year order. */
export async function shippedCalendarPaths(dir = SHIPPED_CALENDAR_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => /^vn-\d{4}\.csv$/.test(n)).sort();
  return names.map((n) => `${dir.replace(/\/$/, '')}/${n}`);
}

/** The calendar from the given files, or from every shipped year when none is given. */
export async function loadCalendar(paths: readonly string[] = []): Promise<WorkingCalendar> {
  return loadCalendarFiles(paths.length > 0 ? paths : await shippedCalendarPaths());
}
