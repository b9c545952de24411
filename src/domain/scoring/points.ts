// pointsForLeaf: one leaf's score from what was declared, by the leaf's rule. Every score is capped to its max.
import type { LeafItem, Threshold } from '../framework/types';
import { normalizeLabel } from '../framework/validate';
import { type Declared, hasPoints, hasValue, readDeclaredNumber, readYesNo } from './declared';
import { roundPoints } from './round';

export interface LeafPoints {
  points: number;
  na?: boolean;
  /** Why the declaration could not be used as given (the points are then 0 or clamped into range). */
  error?: string;
}

/**
 * Explicit points must lie in 0..maxPoints, except for deduction leaves where they are the (non-positive)
 * amount taken off: −maxPoints..0. A declared value goes through the rule:
 * binary yes/no · tiered label · ratio/data percent · count/deduction occurrences ·
 * bonus occurrences (with pointsEach) or points · manual points · survey result percent (linear).
 */
export function pointsForLeaf(leaf: LeafItem, declared: Declared): LeafPoints {
  const max = leaf.maxPoints;
  const code = leaf.code;
  if (declared.na) {
    if (!leaf.allowNotApplicable) return { points: 0, error: `Tiêu chí "${code}" không cho phép "không áp dụng" (na)` };
    return { points: 0, na: true };
  }
  if (hasPoints(declared)) return explicitPoints(leaf, declared.points as number);
  if (!hasValue(declared)) return { points: 0, error: `Tiêu chí "${code}": chưa có giá trị (value) hoặc điểm (points)` };
  const value = declared.value as string | number | boolean;
  const fail = (what: string): LeafPoints => ({ points: 0, error: `Tiêu chí "${code}": ${what}` });
  const rule = leaf.rule;

  switch (rule.type) {
    case 'binary': {
      const yes = readYesNo(value);
      if (yes === null) return fail(`giá trị "${String(value)}" không đọc được, dùng yes/no (có/không, 1/0)`);
      return { points: yes ? max : 0 };
    }
    case 'tiered': {
      const key = normalizeLabel(String(value));
      const level = rule.levels.find((l) => normalizeLabel(l.label) === key);
      if (!level) return fail(`mức "${String(value)}" không có trong các mức: ${rule.levels.map((l) => l.label).join(', ')}`);
      return { points: cap(level.points, max) };
    }
    case 'ratio':
    case 'data':
    case 'survey': {
      const pct = readDeclaredNumber(value, true);
      if (pct === null || pct < 0) return fail(`tỷ lệ "${String(value)}" phải là số phần trăm không âm`);
      if (rule.type !== 'survey' && rule.thresholds) return { points: cap(byThreshold(rule.thresholds, pct), max) };
      // survey results are an index in percent, converted in proportion to the item's max
      return { points: cap((max * pct) / 100, max) };
    }
    case 'count':
    case 'deduction': {
      const n = readDeclaredNumber(value);
      if (n === null || n < 0 || !Number.isInteger(n)) return fail(`số lần "${String(value)}" phải là số nguyên không âm`);
      const amount = cap(n * rule.pointsEach, max);
      return { points: rule.type === 'deduction' ? roundPoints(-amount) || 0 : amount };
    }
    case 'bonus': {
      const n = readDeclaredNumber(value);
      if (rule.pointsEach !== undefined) {
        if (n === null || n < 0 || !Number.isInteger(n)) return fail(`số lần "${String(value)}" phải là số nguyên không âm`);
        return { points: cap(n * rule.pointsEach, max) };
      }
      if (n === null || n < 0) return fail(`điểm thưởng "${String(value)}" phải là số không âm`);
      return { points: cap(n, max) };
    }
    case 'manual': {
      const n = readDeclaredNumber(value);
      if (n === null) return fail(`điểm "${String(value)}" không phải là số`);
      return explicitPoints(leaf, n);
    }
  }
}

/** The allowed range of explicit points for a leaf. */
export function explicitRange(leaf: LeafItem): { min: number; max: number } {
  return leaf.rule.type === 'deduction' ? { min: -leaf.maxPoints, max: 0 } : { min: 0, max: leaf.maxPoints };
}

function explicitPoints(leaf: LeafItem, points: number): LeafPoints {
  const { min, max } = explicitRange(leaf);
  if (!Number.isFinite(points)) return { points: 0, error: `Tiêu chí "${leaf.code}": điểm không phải là số` };
  if (points < min || points > max) {
    return {
      points: roundPoints(Math.min(max, Math.max(min, points))),
      error: `Tiêu chí "${leaf.code}": điểm ${points} nằm ngoài khoảng ${min}..${max}`,
    };
  }
  return { points: roundPoints(points) || 0 };
}

/** The highest threshold whose minPercent the percentage reaches; below every threshold → 0. */
function byThreshold(thresholds: readonly Threshold[], pct: number): number {
  let best: Threshold | undefined;
  for (const t of thresholds) if (pct >= t.minPercent && (!best || t.minPercent > best.minPercent)) best = t;
  return best ? best.points : 0;
}

function cap(points: number, max: number): number {
  return roundPoints(Math.min(points, max));
}
