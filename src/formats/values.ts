// Cell-level parsing shared by every file format (formats.md: booleans 1/0/true/false, ISO dates, '.' decimals).
import type { RowIssue } from './file-format-error';

/** Returns `true/false`, `null` for empty, or pushes an issue and returns null. */
export function readBool(raw: string, row: number, field: string, issues: RowIssue[]): boolean | null {
  const v = raw.trim().toLowerCase();
  if (v === '') return null;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  issues.push({ row, field, message: `giá trị "${raw}" không phải 1/0/true/false` });
  return null;
}

export function readNumber(raw: string, row: number, field: string, issues: RowIssue[]): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || !/^-?\d+(\.\d+)?$/.test(raw.trim())) {
    issues.push({ row, field, message: `"${raw}" không phải là số (dùng dấu chấm thập phân)` });
    return null;
  }
  return n;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a calendar date `YYYY-MM-DD` (rejects 2025-02-30). */
export function readDate(raw: string, row: number, field: string, issues: RowIssue[]): string | null {
  const v = raw.trim();
  if (v === '') return null;
  const m = ISO_DATE.exec(v);
  if (!m || !isRealDate(+m[1], +m[2], +m[3])) {
    issues.push({ row, field, message: `ngày "${raw}" không hợp lệ (định dạng YYYY-MM-DD)` });
    return null;
  }
  return v;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO date or date-time to a UTC instant. A value without offset is Vietnam time (UTC+7),
 * as formats.md says; a bare date is midnight Vietnam time.
 */
export function parseInstant(raw: string): Date | null {
  const m = ISO_DATETIME.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', off] = m;
  if (!isRealDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return null;
  let offsetMinutes = 7 * 60;
  if (off === 'Z') offsetMinutes = 0;
  else if (off) {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000;
  return new Date(utc);
}

export function readInstant(raw: string, row: number, field: string, issues: RowIssue[]): Date | null {
  if (raw.trim() === '') return null;
  const v = parseInstant(raw);
  if (!v) issues.push({ row, field, message: `thời điểm "${raw}" không hợp lệ (ISO 8601)` });
  return v;
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
