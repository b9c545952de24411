// scores.csv / .xlsx both ways for councils that work in spreadsheets: an import is checked row by row
// against each unit's framework and written all at once, or not at all. A row may do only what the
// per-leaf screens allow: an appraised score is set in the appraisal phase (its window open) and never on a
// leaf fed by data or surveys; a final score in the second review (its window open). A row equal to the
// stored score changes nothing and passes in any of those phases, so an export imports back unchanged.
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app-context';
import { flattenLeaves } from '../../domain/framework/tree';
import type { Framework, LeafItem } from '../../domain/framework/types';
import type { CsvRecord } from '../../formats/csv';
import { FileFormatError, type RowIssue } from '../../formats/file-format-error';
import { SCORE_COLUMNS, type ScoreRow, readScoreRecords, scoresToCsv } from '../../formats/scores.format';
import { parseTable } from '../../formats/xlsx';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, requireAccess } from '../identity/access';
import { Permission } from '../identity/permissions';
import { isFedLeaf, loadCycle } from './assessment-access';
import * as repo from './assessments.repository';
import { nowOf } from './clock';
import { phaseRefusal, requireNotLocked, STATE_LABELS } from './cycle-windows';
import { isDeclared } from './declarations';

/** The office imports appraised and final scores; self-scores belong to the units and come through their own screens. */
const IMPORT_STATES = new Set(['appraisal', 'explanation', 'second_review']);

export async function importScores(ctx: AppContext, actor: Actor | null, cycleId: number, buf: Buffer) {
  if (actor) requireAccess(actor, Permission.CyclesManage);
  if (buf.length === 0) throw new FileFormatError([{ row: 0, field: '', message: 'Tệp rỗng' }]);
  // A malformed file is refused as such whatever the cycle's state: its errors do not depend on it.
  const { rows: records } = await parseTable(buf, ['unit_code', 'item_code', 'stage']);
  const cycle = await loadCycle(ctx.db, cycleId);
  requireNotLocked(cycle);
  if (!IMPORT_STATES.has(cycle.state)) {
    throw new AppError('conflict', `Chỉ nhập điểm thẩm định trong giai đoạn thẩm định, giải trình hoặc thẩm định lại; kỳ đang ở "${STATE_LABELS[cycle.state]}"`);
  }
  const units = new Map((await repo.listCycleUnits(ctx.db, cycleId)).map((u) => [u.code, u]));
  const frameworks = new Map((await repo.cycleFrameworks(ctx.db, cycleId)).map((f) => [f.id, f.tree as Framework]));
  const leaves = new Map([...frameworks].map(([id, fw]) => [id, new Map(flattenLeaves(fw).map((l) => [l.leaf.code, l.leaf]))]));
  const issues: RowIssue[] = [];
  // Rows are checked per framework by the shared parser; row numbers are mapped back to the file's.
  const subsets = new Map<number, { records: CsvRecord[]; rows: number[] }>();
  records.forEach((rec, i) => {
    const row = i + 2;
    const unit = units.get(rec.unit_code ?? '');
    const before = issues.length;
    if (!unit) issues.push({ row, field: 'unit_code', message: `đơn vị "${rec.unit_code ?? ''}" không thuộc kỳ đánh giá ${cycle.name}` });
    else if (unit.status !== 'submitted') issues.push({ row, field: 'unit_code', message: `đơn vị "${unit.code}" chưa nộp hồ sơ tự đánh giá` });
    const stage = (rec.stage ?? '').toLowerCase();
    if (stage === 'self') issues.push({ row, field: 'stage', message: 'điểm tự chấm (self) do đơn vị tự nhập, không nhập qua tệp' });
    const leaf: LeafItem | undefined = unit ? leaves.get(unit.framework_id)?.get((rec.item_code ?? '').trim()) : undefined;
    // as on the appraisal screen: a leaf fed by data or surveys takes its points from them, not from an appraiser
    if (leaf && stage === 'appraised' && isFedLeaf(leaf)) {
      issues.push({ row, field: 'item_code', message: `tiêu chí "${leaf.code}" lấy điểm từ dữ liệu/khảo sát, không nhập điểm thẩm định qua tệp` });
    }
    if (!unit || issues.length > before) return;
    const s = subsets.get(unit.framework_id) ?? { records: [], rows: [] };
    s.records.push(rec);
    s.rows.push(row);
    subsets.set(unit.framework_id, s);
  });
  const parsed: ScoreRow[] = [];
  for (const [fwId, s] of subsets) {
    try {
      const out = readScoreRecords(s.records, frameworks.get(fwId)!, new Set(units.keys()));
      out.forEach((r) => {
        r.row = s.rows[(r.row ?? 2) - 2];
      });
      parsed.push(...out);
    } catch (err) {
      if (!(err instanceof FileFormatError)) throw err;
      for (const is of err.issues) {
        issues.push({ ...is, row: s.rows[is.row - 2] ?? is.row, message: is.message.replace(/dòng (\d+)/g, (_m, n) => `dòng ${s.rows[Number(n) - 2] ?? n}`) });
      }
    }
  }
  if (issues.length > 0) throw new FileFormatError(issues.sort((a, b) => a.row - b.row));
  return ctx.db.transaction().execute(async (trx) => {
    const fresh = await repo.findCycle(trx, cycleId);
    requireNotLocked(fresh!);
    const existing = new Map((await repo.listScores(trx, cycleId)).map((r) => [`${r.unit_id}\u0000${r.item_code}\u0000${r.stage}`, r]));
    const bulk: repo.BulkScore[] = parsed.map((r) => ({
      unit_id: units.get(r.unitCode)!.unit_id,
      item_code: r.itemCode,
      stage: r.stage === 'final' ? 'final' : 'appraised',
      value: r.value === undefined || r.value === null ? null : String(r.value),
      points: r.points ?? null,
      na: r.na === true,
      note: r.note ?? null,
    }));
    // A row that changes a score needs its stage's phase open, as the screens do; the reason is the phase's own message.
    const now = nowOf(ctx);
    const late: RowIssue[] = [];
    bulk.forEach((b, i) => {
      if (sameScore(existing.get(`${b.unit_id}\u0000${b.item_code}\u0000${b.stage}`), b)) return;
      const why = phaseRefusal(fresh!, b.stage === 'final' ? 'second_review' : 'appraisal', now);
      if (why) late.push({ row: parsed[i].row ?? 0, field: 'stage', message: `điểm ${b.stage === 'final' ? 'cuối cùng (final)' : 'thẩm định (appraised)'} của "${b.item_code}" không nhập được: ${why}` });
    });
    if (late.length > 0) throw new FileFormatError(late.sort((a, b) => a.row - b.row));
    await repo.bulkInsertScores(trx, cycleId, bulk, actor?.userId ?? null);
    await recordAudit(trx, actor, {
      action: 'assessment.scores.import',
      entity: 'cycle',
      entityId: cycleId,
      before: bulk.map((b) => {
        const e = existing.get(`${b.unit_id}\u0000${b.item_code}\u0000${b.stage}`);
        return e ? { unitId: b.unit_id, itemCode: b.item_code, stage: b.stage, value: e.value, points: e.points, na: e.na } : null;
      }),
      after: bulk,
    });
    return { rows: bulk.length };
  });
}

/** Whether a stored score already says what an imported row says (value, points, N/A and note). */
function sameScore(stored: { value: string | null; points: unknown; na: boolean; note: string | null } | undefined, b: repo.BulkScore): boolean {
  if (!stored) return false;
  const points = stored.points === null ? null : Number(stored.points);
  return stored.value === b.value && points === (b.points === null ? null : Number(b.points)) && stored.na === b.na && (stored.note ?? null) === b.note;
}

/** Every stored score in scores.csv stages (self of submitted units, appraised, final); explanations are on the scoring sheet. */
export async function exportScores(ctx: AppContext, actor: Actor, cycleId: number, format: 'csv' | 'xlsx') {
  requireAccess(actor, Permission.CyclesManage);
  const cycle = await loadCycle(ctx.db, cycleId);
  const units = await repo.listCycleUnits(ctx.db, cycleId);
  const byId = new Map(units.map((u) => [u.unit_id, u]));
  const rows: ScoreRow[] = (await repo.listScores(ctx.db, cycleId))
    // a row that declares nothing (an explanation saved alone) is no score: scores.csv would refuse it on the way back
    .filter((r) => r.stage !== 'explained' && isDeclared(r) && (r.stage !== 'self' || byId.get(r.unit_id)?.status === 'submitted'))
    .map((r) => ({
      unitCode: byId.get(r.unit_id)!.code,
      itemCode: r.item_code,
      stage: r.stage as ScoreRow['stage'],
      ...(r.value !== null ? { value: r.value } : {}),
      ...(r.points !== null ? { points: Number(r.points) } : {}),
      ...(r.na ? { na: true } : {}),
      ...(r.note ? { note: r.note } : {}),
    }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.itemCode.localeCompare(b.itemCode, 'vi', { numeric: true }) || a.stage.localeCompare(b.stage));
  const name = `scores-${cycle.year}-${cycle.id}`;
  if (format === 'csv') return { name: `${name}.csv`, mime: 'text/csv; charset=utf-8', body: Buffer.from(scoresToCsv(rows)) };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('scores');
  ws.addRow([...SCORE_COLUMNS]);
  for (const r of rows) ws.addRow([r.unitCode, r.itemCode, r.stage, r.value ?? '', r.points ?? '', r.na ? 1 : '', r.note ?? '']);
  ws.getColumn(2).numFmt = '@';
  return { name: `${name}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(await wb.xlsx.writeBuffer()) };
}
