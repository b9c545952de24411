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

/** Parses one record (row 1 = header). Returns the dossier, or null with the row's issues. */
export function parseDossierRow(rec: CsvRecord, row: number, ctx: DossierParseContext): { dossier: Dossier | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const get = (c: string) => (rec[c] ?? '').trim();

  const dossierCode = get('dossier_code');
  if (dossierCode === '') issues.push({ row, field: 'dossier_code', message: 'thiếu mã hồ sơ' });
  else if (ctx.seen.has(dossierCode)) {
    issues.push({ row, field: 'dossier_code', message: `mã hồ sơ "${dossierCode}" trùng với dòng ${ctx.seen.get(dossierCode)}` });
  } else ctx.seen.set(dossierCode, row);

  const procedureCode = get('procedure_code');
  const procedure = ctx.procedures?.get(procedureCode);
  if (procedureCode === '') issues.push({ row, field: 'procedure_code', message: 'thiếu mã thủ tục' });
  else if (ctx.procedures && !procedure) issues.push({ row, field: 'procedure_code', message: `mã thủ tục "${procedureCode}" không có trong danh mục` });

  const unitCode = get('unit_code');
  if (unitCode === '') issues.push({ row, field: 'unit_code', message: 'thiếu mã đơn vị' });
  else if (ctx.units && !ctx.units.has(unitCode)) issues.push({ row, field: 'unit_code', message: `mã đơn vị "${unitCode}" không có trong danh mục` });

  const channel = get('channel');
  if (!CHANNELS.includes(channel as DossierChannel)) {
    issues.push({ row, field: 'channel', message: `"${channel}" không hợp lệ (online, direct hoặc postal)` });
  }

  const instant = (c: string) => readInstant(get(c), row, c, issues);
  const receivedAt = instant('received_at');
  const dueAt = instant('due_at');
  const resolvedAt = instant('resolved_at');
  const returnedAt = instant('returned_at');
  const apologyAt = instant('apology_at');
  const newDueAt = instant('new_due_at');
  if (receivedAt && resolvedAt && resolvedAt < receivedAt) {
    issues.push({ row, field: 'resolved_at', message: `thời điểm giải quyết ${get('resolved_at')} trước thời điểm tiếp nhận ${get('received_at')}` });
  }

  const status = readInteger(get('status'), row, 'status', MIN_STATUS, MAX_STATUS, issues);
  const pausedDays = readInteger(get('paused_days'), row, 'paused_days', 0, Number.MAX_SAFE_INTEGER, issues) ?? 0;
  const rating = readInteger(get('rating'), row, 'rating', MIN_RATING, MAX_RATING, issues);
  const bool = (c: string) => readBool(get(c), row, c, issues) ?? false;
  const paidOnline = bool('paid_online');
  const digitized = bool('digitized');
  const eResult = bool('e_result');

  const received = receivedAt !== null && !(status !== null && ctx.notReceivedStatuses?.has(status));
  if (received && !dueAt && get('due_at') === '') {
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

function readInteger(raw: string, row: number, field: string, min: number, max: number, issues: RowIssue[]): number | null {
  const n = readNumber(raw, row, field, issues);
  if (n === null) return null;
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push({ row, field, message: max === Number.MAX_SAFE_INTEGER ? `"${raw}" phải là số nguyên ≥ ${min}` : `"${raw}" phải là số nguyên từ ${min} đến ${max}` });
    return null;
  }
  return n;
}
