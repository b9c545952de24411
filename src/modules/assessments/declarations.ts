// A declaration (value / points / N/A) checked by the one scoring engine before anything is stored, and the
// stored rows turned back into engine entries. Nothing here scores on its own: pointsForLeaf does.
import type { LeafItem } from '../../domain/framework/types';
import type { Stage } from '../../domain/scoring/declared';
import { pointsForLeaf } from '../../domain/scoring/points';
import type { ScoreEntry } from '../../domain/scoring/score-unit';
import { AppError } from '../../errors';
import type { ScoreRecord } from './assessments.repository';

export interface DeclarationInput {
  value?: string | number | boolean | null;
  points?: number | null;
  na?: boolean;
}

export interface StoredDeclaration {
  value: string | null;
  points: number | null;
  na: boolean;
}

/**
 * Refuses what the leaf's rule cannot take, with the engine's own message naming the leaf. Typed points are
 * accepted only for `manual` leaves unless `anyPoints` (appraisers may set points on any leaf).
 */
export function checkDeclaration(leaf: LeafItem, d: DeclarationInput, opts: { anyPoints: boolean }): StoredDeclaration {
  const bad = (message: string) => new AppError('validation', message);
  const hasValue = d.value !== undefined && d.value !== null && String(d.value).trim() !== '';
  const hasPoints = d.points !== undefined && d.points !== null;
  if (d.na) {
    if (hasValue || hasPoints) throw bad(`Tiêu chí "${leaf.code}": đã chọn "không áp dụng" thì không nhập giá trị hay điểm`);
    const r = pointsForLeaf(leaf, { na: true });
    if (r.error) throw bad(r.error);
    return { value: null, points: null, na: true };
  }
  if (hasValue && hasPoints) throw bad(`Tiêu chí "${leaf.code}": chỉ nhập số liệu (value) hoặc điểm (points), không nhập cả hai`);
  if (hasPoints) {
    if (!opts.anyPoints && leaf.rule.type !== 'manual') {
      throw bad(`Tiêu chí "${leaf.code}": điểm được tính từ số liệu theo quy tắc "${leaf.rule.type}"; chỉ tiêu chí chấm thủ công (manual) được nhập điểm trực tiếp`);
    }
    const r = pointsForLeaf(leaf, { points: d.points });
    if (r.error) throw bad(r.error);
    return { value: null, points: d.points as number, na: false };
  }
  if (hasValue) {
    const value = typeof d.value === 'boolean' ? (d.value ? 'yes' : 'no') : String(d.value).trim();
    const r = pointsForLeaf(leaf, { value });
    if (r.error) throw bad(r.error);
    return { value, points: null, na: false };
  }
  return { value: null, points: null, na: false };
}

export function isDeclared(r: Pick<ScoreRecord, 'value' | 'points' | 'na'> | undefined | null): boolean {
  return !!r && declares(r.value, r.points, r.na);
}

const declares = (value: string | null, points: number | null, na: boolean) => na || points !== null || (value !== null && value !== '');

function entryOf(itemCode: string, stage: Stage, value: string | null, points: number | null, na: boolean): ScoreEntry {
  const e: ScoreEntry = { itemCode, stage };
  if (na) e.na = true;
  else if (points !== null) e.points = Number(points);
  else if (value !== null) e.value = value;
  return e;
}

export function toEntry(r: Pick<ScoreRecord, 'item_code' | 'value' | 'points' | 'na' | 'note'>, stage: Stage): ScoreEntry {
  return entryOf(r.item_code, stage, r.value, r.points, r.na);
}

/** The stored stages of one item: slot 0 self, 1 appraised, 2 explained, 3 final (-1: none). */
const STAGE_SLOT: Record<ScoreRecord['stage'], number> = { self: 0, appraised: 1, explained: 2, final: 3 };

/**
 * An item's engine entries from its stored stages, `at(slot)` telling whether that stage declares something
 * and `entry(slot, stage)` making its entry. The explanation, when it declares a score, replaces the
 * appraised one (the unit may move it up or down); the second review's final row wins over both.
 */
function pushItemEntries(out: ScoreEntry[], declared: (slot: number) => boolean, entry: (slot: number, stage: Stage) => ScoreEntry, visible: { self: boolean; appraisal: boolean }) {
  if (visible.self && declared(0)) out.push(entry(0, 'self'));
  if (!visible.appraisal) return;
  const appraised = declared(2) ? 2 : 1;
  if (declared(appraised)) out.push(entry(appraised, 'appraised'));
  if (declared(3)) out.push(entry(3, 'final'));
}

/** Engine entries from one unit's stored rows (any order). */
export function entriesFor(rows: readonly ScoreRecord[], visible: { self: boolean; appraisal: boolean }): ScoreEntry[] {
  // one slot per stage per item, items in the order they first appear
  const byItem = new Map<string, (ScoreRecord | undefined)[]>();
  for (const r of rows) {
    let m = byItem.get(r.item_code);
    if (m === undefined) {
      m = [undefined, undefined, undefined, undefined];
      byItem.set(r.item_code, m);
    }
    m[STAGE_SLOT[r.stage]] = r;
  }
  const out: ScoreEntry[] = [];
  for (const m of byItem.values()) {
    pushItemEntries(out, (k) => isDeclared(m[k]), (k, stage) => toEntry(m[k]!, stage), visible);
  }
  return out;
}

/** Points of one stored row through the engine, or null when it declares nothing. */
export function pointsOf(leaf: LeafItem, r: Pick<ScoreRecord, 'item_code' | 'value' | 'points' | 'na' | 'note'> | undefined): number | null {
  if (!r || !isDeclared(r)) return null;
  return pointsForLeaf(leaf, toEntry(r, 'self')).points;
}
