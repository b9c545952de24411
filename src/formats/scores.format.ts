// scores.csv / .xlsx (formats.md "Scores"): read against a framework and the known units, all or nothing.
// Explicit points are 0..maxPoints, except on deduction leaves where they are the amount taken off, written
// as a non-positive number in −maxPoints..0 (the sign says which way the points go).
import type { Framework, LeafItem } from '../domain/framework/types';
import { isGroup } from '../domain/framework/types';
import { indexItems } from '../domain/framework/tree';
import { STAGES, type Stage } from '../domain/scoring/declared';
import { pointsForLeaf } from '../domain/scoring/points';
import type { ScoreEntry } from '../domain/scoring/score-unit';
import { type CsvRecord, toCsv } from './csv';
import { FileFormatError, type RowIssue } from './file-format-error';
import { readBool, readNumber } from './values';
import { parseTable } from './xlsx';

export const SCORE_COLUMNS = ['unit_code', 'item_code', 'stage', 'value', 'points', 'na', 'note'] as const;
/** value, points, na and note may be left out of a file (a points-only sheet is common); these cannot. */
const REQUIRED = ['unit_code', 'item_code', 'stage'] as const;

export interface ScoreRow extends ScoreEntry {
  unitCode: string;
  /** Row in the file (header = 1), for messages. */
  row?: number;
}

/** Reads CSV or XLSX bytes. `knownUnits` undefined = any unit code is accepted. */
export async function parseScores(buf: Buffer, framework: Framework, knownUnits?: ReadonlySet<string>): Promise<ScoreRow[]> {
  const { rows } = await parseTable(buf, REQUIRED);
  return readScoreRecords(rows, framework, knownUnits);
}

export function readScoreRecords(records: readonly CsvRecord[], framework: Framework, knownUnits?: ReadonlySet<string>): ScoreRow[] {
  const items = indexItems(framework);
  const issues: RowIssue[] = [];
  const out: ScoreRow[] = [];
  const firstRow = new Map<string, number>();

  records.forEach((rec, i) => {
    const row = i + 2;
    const bad = (field: string, message: string) => issues.push({ row, field, message });
    const unitCode = rec.unit_code ?? '';
    const itemCode = rec.item_code ?? '';
    const stage = (rec.stage ?? '').toLowerCase();
    const value = rec.value ?? '';
    const note = rec.note ?? '';
    const start = issues.length;

    if (unitCode === '') bad('unit_code', 'thiếu mã đơn vị');
    else if (knownUnits && !knownUnits.has(unitCode)) bad('unit_code', `đơn vị "${unitCode}" không có trong danh mục đơn vị`);

    let leaf: LeafItem | undefined;
    const item = itemCode === '' ? undefined : items.get(itemCode);
    if (itemCode === '') bad('item_code', 'thiếu mã tiêu chí');
    else if (!item) bad('item_code', `tiêu chí "${itemCode}" không có trong bộ chỉ số ${framework.code}`);
    else if (isGroup(item)) bad('item_code', `"${itemCode}" là nhóm tiêu chí; chỉ chấm điểm tiêu chí lá`);
    else leaf = item;

    if (!(STAGES as readonly string[]).includes(stage)) bad('stage', `giai đoạn "${rec.stage ?? ''}" phải là self, appraised hoặc final`);
    else if (leaf?.rule.type === 'survey' && stage === 'self') {
      bad('stage', `tiêu chí "${leaf.code}" lấy điểm từ khảo sát, không nhận điểm tự chấm (self)`);
    }

    const points = readNumber(rec.points ?? '', row, 'points', issues);
    const na = readBool(rec.na ?? '', row, 'na', issues) === true;

    if (leaf) {
      if (na) {
        const r = pointsForLeaf(leaf, { na: true });
        if (r.error) bad('na', r.error);
      } else if (points === null && value === '' && (rec.points ?? '') === '') {
        bad('value', 'cần giá trị (value) hoặc điểm (points), hoặc na = 1');
      }
      if (points !== null) {
        const r = pointsForLeaf(leaf, { points });
        if (r.error) bad('points', r.error);
      }
      if (value !== '') {
        const r = pointsForLeaf(leaf, { value });
        if (r.error) bad('value', r.error);
      }
    }

    const key = `${unitCode}\u0000${itemCode}\u0000${stage}`;
    const dup = firstRow.get(key);
    if (dup !== undefined) bad('item_code', `trùng đơn vị, tiêu chí và giai đoạn với dòng ${dup}`);
    else firstRow.set(key, row);

    if (issues.length > start) return;
    const entry: ScoreRow = { unitCode, itemCode, stage: stage as Stage, row };
    if (value !== '') entry.value = value;
    if (points !== null) entry.points = points;
    if (na) entry.na = true;
    if (note !== '') entry.note = note;
    out.push(entry);
  });

  if (issues.length > 0) throw new FileFormatError(issues);
  return out;
}

/** Groups rows by unit, keeping file order. */
export function scoresByUnit(rows: readonly ScoreRow[]): Map<string, ScoreEntry[]> {
  const map = new Map<string, ScoreEntry[]>();
  for (const r of rows) {
    const list = map.get(r.unitCode) ?? [];
    const { unitCode: _unit, row: _row, ...entry } = r;
    list.push(entry);
    map.set(r.unitCode, list);
  }
  return map;
}

export function scoresToCsv(rows: readonly ScoreRow[]): string {
  return toCsv(
    SCORE_COLUMNS,
    rows.map((r) => [
      r.unitCode,
      r.itemCode,
      r.stage,
      r.value === undefined || r.value === null ? '' : String(r.value),
      r.points ?? '',
      r.na ? 1 : '',
      r.note ?? '',
    ]),
  );
}
