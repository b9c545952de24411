// units.csv / .xlsx (formats.md): code,name,group,parent_code,valid_from,valid_to,successors.
import type { CsvRecord } from './csv';
import { FileFormatError, type RowIssue } from './file-format-error';
import { readDate } from './values';

export const UNIT_COLUMNS = ['code', 'name', 'group', 'parent_code', 'valid_from', 'valid_to', 'successors'] as const;

export interface UnitRow {
  row: number;
  code: string;
  name: string;
  group: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  successors: string[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Validates a whole units file against itself and the codes already stored (`existing`: code → parent code).
 * Every problem is reported with its row; nothing is returned unless all rows are good.
 */
export function parseUnitRows(records: CsvRecord[], existing: ReadonlyMap<string, string | null> = new Map()): UnitRow[] {
  const issues: RowIssue[] = [];
  const rows: UnitRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const row = i + 2;
    const code = r.code ?? '';
    if (!code) issues.push({ row, field: 'code', message: 'thiếu mã đơn vị' });
    else if (!CODE.test(code)) issues.push({ row, field: 'code', message: `mã "${code}" chỉ được gồm chữ, số, dấu chấm, gạch ngang` });
    else if (seen.has(code)) issues.push({ row, field: 'code', message: `mã "${code}" trùng với dòng ${seen.get(code)}` });
    else seen.set(code, row);
    if (!r.name) issues.push({ row, field: 'name', message: 'thiếu tên đơn vị' });
    if (!r.group) issues.push({ row, field: 'group', message: 'thiếu nhóm đơn vị' });
    else if (!/^[a-z][a-z0-9_]{0,31}$/.test(r.group)) issues.push({ row, field: 'group', message: `nhóm "${r.group}" không hợp lệ` });
    const validFrom = readDate(r.valid_from ?? '', row, 'valid_from', issues);
    const validTo = readDate(r.valid_to ?? '', row, 'valid_to', issues);
    if (validFrom && validTo && validTo < validFrom) issues.push({ row, field: 'valid_to', message: 'ngày kết thúc trước ngày bắt đầu' });
    const successors = (r.successors ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (successors.includes(code)) issues.push({ row, field: 'successors', message: 'đơn vị không thể kế thừa chính nó' });
    rows.push({ row, code, name: r.name ?? '', group: r.group ?? '', parentCode: r.parent_code || null, validFrom, validTo, successors });
  });
  const known = (c: string) => seen.has(c) || existing.has(c);
  for (const u of rows) {
    if (u.parentCode && !known(u.parentCode)) issues.push({ row: u.row, field: 'parent_code', message: `đơn vị cấp trên "${u.parentCode}" không tồn tại` });
    if (u.parentCode === u.code) issues.push({ row: u.row, field: 'parent_code', message: 'đơn vị không thể là cấp trên của chính nó' });
    for (const s of u.successors) {
      if (!known(s)) issues.push({ row: u.row, field: 'successors', message: `đơn vị kế thừa "${s}" không tồn tại` });
    }
  }
  // Parent cycles, checked over the file merged onto what is stored.
  const parentOf = new Map(existing);
  for (const u of rows) if (u.code) parentOf.set(u.code, u.parentCode);
  for (const u of rows) {
    const path = new Set<string>();
    let c: string | null | undefined = u.code;
    while (c) {
      if (path.has(c)) {
        issues.push({ row: u.row, field: 'parent_code', message: `vòng lặp cấp trên: ${[...path, c].join(' → ')}` });
        break;
      }
      path.add(c);
      c = parentOf.get(c);
    }
  }
  if (issues.length > 0) throw new FileFormatError(issues.sort((a, b) => a.row - b.row));
  return rows;
}
