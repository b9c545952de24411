// procedures.csv (formats.md "Procedures"): `code,name,sector,level,processing_days,online_level,fee_vnd,cut_percent`
// plus two optional columns: `processing_hours` (procedures timed in hours) and `unit_code`.
import type { OnlineLevel, Procedure } from '../domain/onestop/types';
import type { CsvRecord } from './csv';
import { FileFormatError, type RowIssue } from './file-format-error';
import { readNumber } from './values';
import { parseTable } from './xlsx';

export const PROCEDURE_COLUMNS = ['code', 'name', 'sector', 'level', 'processing_days', 'online_level', 'fee_vnd', 'cut_percent'] as const;
const REQUIRED = ['code'] as const;

export interface ProcedureParseContext {
  /** Older exports give online levels 1–4; their meaning comes from onestop.json. */
  legacyOnlineLevels?: Readonly<Record<string, OnlineLevel>>;
  /** Known unit codes, to check the optional `unit_code` column. */
  units?: ReadonlySet<string>;
}

export function parseProcedureRows(rows: readonly CsvRecord[], ctx: ProcedureParseContext = {}): { procedures: Procedure[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const procedures: Procedure[] = [];
  const seen = new Map<string, number>();
  rows.forEach((rec, i) => {
    const row = i + 2;
    const before = issues.length;
    const get = (c: string) => (rec[c] ?? '').trim();
    const code = get('code');
    if (code === '') issues.push({ row, field: 'code', message: 'thiếu mã thủ tục' });
    else if (seen.has(code)) issues.push({ row, field: 'code', message: `mã thủ tục "${code}" trùng với dòng ${seen.get(code)}` });
    else seen.set(code, row);

    const processingDays = readWhole(get('processing_days'), row, 'processing_days', issues);
    const processingHours = readNumber(get('processing_hours'), row, 'processing_hours', issues);
    if (processingHours !== null && processingHours <= 0) issues.push({ row, field: 'processing_hours', message: 'số giờ phải lớn hơn 0' });
    const onlineLevel = readOnlineLevel(get('online_level'), row, issues, ctx.legacyOnlineLevels);
    const feeVnd = readNumber(get('fee_vnd'), row, 'fee_vnd', issues);
    if (feeVnd !== null && feeVnd < 0) issues.push({ row, field: 'fee_vnd', message: 'phí, lệ phí không được âm' });
    const cutPercent = readNumber(get('cut_percent'), row, 'cut_percent', issues);
    if (cutPercent !== null && (cutPercent < 0 || cutPercent > 100)) {
      issues.push({ row, field: 'cut_percent', message: `tỷ lệ cắt giảm ${cutPercent} phải trong khoảng 0–100` });
    }
    const unitCode = get('unit_code') || null;
    if (unitCode && ctx.units && !ctx.units.has(unitCode)) issues.push({ row, field: 'unit_code', message: `mã đơn vị "${unitCode}" không có trong danh mục` });

    if (issues.length > before) return;
    procedures.push({
      code,
      name: get('name'),
      sector: get('sector'),
      level: get('level'),
      processingDays,
      processingHours,
      onlineLevel,
      feeVnd,
      cutPercent,
      unitCode,
    });
  });
  return { procedures, issues };
}

/** Parses a whole procedures file (CSV or XLSX); throws FileFormatError listing every bad row. */
export async function parseProceduresFile(buf: Buffer, ctx: ProcedureParseContext = {}): Promise<Procedure[]> {
  const { rows } = await parseTable(buf, REQUIRED);
  const { procedures, issues } = parseProcedureRows(rows, ctx);
  if (issues.length > 0) throw new FileFormatError(issues);
  return procedures;
}

export function procedureCatalogue(procedures: Iterable<Procedure>): Map<string, Procedure> {
  return new Map([...procedures].map((p) => [p.code, p]));
}

/** Working days are whole: a half-day procedure is declared in `processing_hours`. */
function readWhole(raw: string, row: number, field: string, issues: RowIssue[]): number | null {
  const n = readNumber(raw, row, field, issues);
  if (n !== null && (!Number.isInteger(n) || n < 0)) {
    issues.push({ row, field, message: `"${raw}" phải là số nguyên không âm (nửa ngày: khai processing_hours)` });
    return null;
  }
  return n;
}

function readOnlineLevel(raw: string, row: number, issues: RowIssue[], legacy?: Readonly<Record<string, OnlineLevel>>): OnlineLevel | null {
  if (raw === '') return null;
  if (raw === 'full' || raw === 'partial' || raw === 'none') return raw;
  if (legacy && raw in legacy) return legacy[raw];
  issues.push({ row, field: 'online_level', message: `"${raw}" không hợp lệ (full, partial hoặc none)` });
  return null;
}
