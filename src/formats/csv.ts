// CSV per formats.md: UTF-8 (BOM accepted), comma, header row, RFC 4180 quoting.
import { parse } from 'csv-parse/sync';
import { FileFormatError } from './file-format-error';

export type CsvRecord = Record<string, string>;

/** Parses CSV text into header-keyed records; `rowNumber` in errors counts the header as row 1. */
export function parseCsv(text: string, requiredColumns: readonly string[] = []): { header: string[]; rows: CsvRecord[] } {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let matrix: string[][];
  try {
    matrix = parse(clean, { relax_column_count: false, skip_empty_lines: true, trim: false });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new FileFormatError([{ row: line ?? 0, field: '', message: `CSV không hợp lệ: ${(err as Error).message}` }]);
  }
  if (matrix.length === 0) throw new FileFormatError([{ row: 1, field: '', message: 'Tệp rỗng: thiếu dòng tiêu đề' }]);
  const header = matrix[0].map((h) => h.trim());
  assertColumns(header, requiredColumns);
  const rows = matrix.slice(1).map((cells) => toRecord(header, cells));
  return { header, rows };
}

export function assertColumns(header: readonly string[], required: readonly string[]): void {
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new FileFormatError(missing.map((c) => ({ row: 1, field: c, message: `Thiếu cột "${c}"` })));
  }
}

export function toRecord(header: readonly string[], cells: readonly string[]): CsvRecord {
  const rec: CsvRecord = {};
  header.forEach((h, i) => {
    rec[h] = (cells[i] ?? '').trim();
  });
  return rec;
}

/** RFC 4180 quoting for one field. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n')}\n`;
}
