// dossiers.csv (formats.md "Dossiers"). One row at a time (`parseDossierRow`) so the server can stream a
// million-row export; `parseDossiersFile` is the all-or-nothing helper for the command line.
import type { DossierChannel, Dossier, Procedure } from '../domain/onestop/types';
import type { CsvRecord } from './csv';
import { FileFormatError, type RowIssue } from './file-format-error';
import { readBool, readInstant, readNumber } from './values';
import { parseTable } from './xlsx';

export const DOSSIER_COLUMNS = [
  'dossier_code',
  'procedure_code',
  'unit_code',
  'channel',
  'received_at',
  'due_at',
  'resolved_at',
  'returned_at',
  'status',
  'paused_days',
  'apology_at',
  'new_due_at',
  'paid_online',
  'digitized',
  'e_result',
  'rating',
] as const;

/** Columns without which no indicator can be computed; the others read as empty when absent. */
export const REQUIRED_DOSSIER_COLUMNS = ['dossier_code', 'procedure_code', 'unit_code', 'channel', 'received_at', 'due_at', 'resolved_at', 'status'] as const;

const CHANNELS: readonly DossierChannel[] = ['online', 'direct', 'postal'];
const MIN_STATUS = 1;
const MAX_STATUS = 10;
const MIN_RATING = 1;
const MAX_RATING = 5;

export interface DossierParseContext {
  /** Procedure catalogue: unknown codes are refused, and empty due_at needs the procedure's time. */
  procedures?: ReadonlyMap<string, Procedure>;
  units?: ReadonlySet<string>;
  /** Statuses that mean "not received" (onestop.json); such rows need no due date. */
  notReceivedStatuses?: ReadonlySet<number>;
  /** Dossier codes already seen in this file, with their row: filled by parseDossierRow. */
  seen: Map<string, number>;
}

export function createDossierParseContext(options: Omit<DossierParseContext, 'seen'> = {}): DossierParseContext {
  return { ...options, seen: new Map() };
}

// Module-level helpers, not closures: a million rows would create (and name) four closures each.
const cell = (rec: CsvRecord, c: string) => (rec[c] ?? '').trim();

function instant(rec: CsvRecord, c: string, row: number, issues: RowIssue[]): Date | null {
  const v = cell(rec, c);
  if (v === '') return null;
  return quickInstant(v) ?? readInstant(v, row, c, issues);
}

function bool(rec: CsvRecord, c: string, row: number, issues: RowIssue[]): boolean {
  const v = cell(rec, c);
  return v === '1' ? true : v === '0' || v === '' ? false : (readBool(v, row, c, issues) ?? false);
}

/** Parses one record (row 1 = header). Returns the dossier, or null with the row's issues. */
export function parseDossierRow(rec: CsvRecord, row: number, ctx: DossierParseContext): { dossier: Dossier | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];

  const dossierCode = cell(rec, 'dossier_code');
  if (dossierCode === '') issues.push({ row, field: 'dossier_code', message: 'thiếu mã hồ sơ' });
  else if (ctx.seen.has(dossierCode)) {
    issues.push({ row, field: 'dossier_code', message: `mã hồ sơ "${dossierCode}" trùng với dòng ${ctx.seen.get(dossierCode)}` });
  } else ctx.seen.set(dossierCode, row);

  const procedureCode = cell(rec, 'procedure_code');
  const procedure = ctx.procedures?.get(procedureCode);
  if (procedureCode === '') issues.push({ row, field: 'procedure_code', message: 'thiếu mã thủ tục' });
  else if (ctx.procedures && !procedure) issues.push({ row, field: 'procedure_code', message: `mã thủ tục "${procedureCode}" không có trong danh mục` });

  const unitCode = cell(rec, 'unit_code');
  if (unitCode === '') issues.push({ row, field: 'unit_code', message: 'thiếu mã đơn vị' });
  else if (ctx.units && !ctx.units.has(unitCode)) issues.push({ row, field: 'unit_code', message: `mã đơn vị "${unitCode}" không có trong danh mục` });

  const channel = cell(rec, 'channel');
  if (!CHANNELS.includes(channel as DossierChannel)) {
    issues.push({ row, field: 'channel', message: `"${channel}" không hợp lệ (online, direct hoặc postal)` });
  }

  const receivedAt = instant(rec, 'received_at', row, issues);
  const dueAt = instant(rec, 'due_at', row, issues);
  const resolvedAt = instant(rec, 'resolved_at', row, issues);
  const returnedAt = instant(rec, 'returned_at', row, issues);
  const apologyAt = instant(rec, 'apology_at', row, issues);
  const newDueAt = instant(rec, 'new_due_at', row, issues);
  if (receivedAt && resolvedAt && resolvedAt < receivedAt) {
    issues.push({ row, field: 'resolved_at', message: `thời điểm giải quyết ${cell(rec, 'resolved_at')} trước thời điểm tiếp nhận ${cell(rec, 'received_at')}` });
  }

  const status = readInteger(cell(rec, 'status'), row, 'status', MIN_STATUS, MAX_STATUS, issues);
  const pausedDays = readInteger(cell(rec, 'paused_days'), row, 'paused_days', 0, Number.MAX_SAFE_INTEGER, issues) ?? 0;
  const rating = readInteger(cell(rec, 'rating'), row, 'rating', MIN_RATING, MAX_RATING, issues);
  const paidOnline = bool(rec, 'paid_online', row, issues);
  const digitized = bool(rec, 'digitized', row, issues);
  const eResult = bool(rec, 'e_result', row, issues);

  const received = receivedAt !== null && !(status !== null && ctx.notReceivedStatuses?.has(status));
  if (received && !dueAt && cell(rec, 'due_at') === '') {
    if (!ctx.procedures) issues.push({ row, field: 'due_at', message: 'trống: cần danh mục thủ tục (processing_days) để tính hạn' });
    else if (procedure && procedure.processingDays === null && procedure.processingHours === null) {
      issues.push({ row, field: 'due_at', message: `trống và thủ tục "${procedureCode}" không có thời hạn giải quyết` });
    }
  }

  if (issues.length > 0) return { dossier: null, issues };
  return {
    dossier: {
      dossierCode,
      procedureCode,
      unitCode,
      channel: channel as DossierChannel,
      receivedAt,
      dueAt,
      resolvedAt,
      returnedAt,
      status,
      pausedDays,
      apologyAt,
      newDueAt,
      paidOnline,
      digitized,
      eResult,
      rating,
    },
    issues,
  };
}

/** Whole-file helper: every row parsed, all issues collected, nothing returned if any row is bad. */
export function parseDossierRows(rows: readonly CsvRecord[], ctx: DossierParseContext): { dossiers: Dossier[]; issues: RowIssue[] } {
  const dossiers: Dossier[] = [];
  const issues: RowIssue[] = [];
  rows.forEach((rec, i) => {
    const r = parseDossierRow(rec, i + 2, ctx);
    if (r.dossier) dossiers.push(r.dossier);
    issues.push(...r.issues);
  });
  return { dossiers, issues };
}

export async function parseDossiersFile(buf: Buffer, ctx: DossierParseContext): Promise<Dossier[]> {
  const { rows } = await parseTable(buf, REQUIRED_DOSSIER_COLUMNS);
  const { dossiers, issues } = parseDossierRows(rows, ctx);
  if (issues.length > 0) throw new FileFormatError(issues);
  return dossiers;
}

/** Days in each month of a common year. */
export const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * parseInstant for the shapes one-stop exports write — `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]`, optionally
 * with `Z` or `+HH:MM` — without a regular expression or a Date to validate; `undefined` for any other
 * shape or an invalid value (the caller then asks parseInstant itself, which words the refusal). Same results: a value without offset is Vietnam time.
 */
export function quickInstant(v: string): Date | undefined {
  const ms = quickInstantMs(v);
  return ms === undefined ? undefined : new Date(ms);
}

/** quickInstant as epoch milliseconds (no Date made): for the import's fast path. */
export function quickInstantMs(v: string): number | undefined {
  const len = v.length;
  if (len < 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined;
  const y = digit(v, 0) * 1000 + digit(v, 1) * 100 + two(v, 2);
  const mo = two(v, 5);
  const d = two(v, 8);
  let h = 0;
  let mi = 0;
  let sec = 0;
  let end = 10;
  if (len >= 16) {
    const t = v.charCodeAt(10);
    if ((t !== 84 && t !== 32) || v.charCodeAt(13) !== 58) return undefined;
    h = two(v, 11);
    mi = two(v, 14);
    end = 16;
    if (len >= 19 && v.charCodeAt(16) === 58) {
      sec = two(v, 17);
      end = 19;
    }
  }
  let offsetMinutes = 420;
  if (end === len) {
    if (len !== 10 && len !== 16 && len !== 19) return undefined;
  } else if (end >= 16 && len === end + 1 && v.charCodeAt(end) === 90) offsetMinutes = 0;
  else if (end >= 16 && len === end + 6 && (v.charCodeAt(end) === 43 || v.charCodeAt(end) === 45) && v.charCodeAt(end + 3) === 58) {
    const m = two(v, end + 1) * 60 + two(v, end + 4);
    if (Number.isNaN(m)) return undefined;
    offsetMinutes = v.charCodeAt(end) === 45 ? -m : m;
  } else return undefined;
  // NaN (a non-digit) or a year Date.UTC would read as 19xx: leave it to parseInstant.
  if (!(y >= 1000) || Number.isNaN(mo + d + h + mi + sec)) return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]) || h > 23 || mi > 59 || sec > 59) return undefined;
  return (daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - offsetMinutes) * 60_000 + sec * 1000;
}

/**
 * Days since 1970-01-01 of a valid proleptic Gregorian date — Date.UTC(y, mo - 1, d) / 86,400,000 in
 * integer arithmetic, without the call (H. Hinnant's days_from_civil).
 */
export function daysFromCivil(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Plain digits (the usual status, paused_days, rating): their value; else undefined. */
export function quickDigits(raw: string): number | undefined {
  const len = raw.length;
  if (len === 0 || len > 9) return undefined;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}

function readInteger(raw: string, row: number, field: string, min: number, max: number, issues: RowIssue[]): number | null {
  const q = quickDigits(raw);
  if (q !== undefined && q >= min && q <= max) return q;
  const n = readNumber(raw, row, field, issues);
  if (n === null) return null;
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push({ row, field, message: max === Number.MAX_SAFE_INTEGER ? `"${raw}" phải là số nguyên ≥ ${min}` : `"${raw}" phải là số nguyên từ ${min} đến ${max}` });
    return null;
  }
  return n;
}
