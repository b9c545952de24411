// scoreUnit: one unit's result from its declarations — totals, percent, band, per-area and per-item detail.
import { flattenLeaves } from '../framework/tree';
import { type Band, type Framework, type RuleType, countsInMax, isGroup, type FrameworkItem } from '../framework/types';
import { type Declared, STAGES, type Stage } from './declared';
import { pointsForLeaf } from './points';
import { percentOf, sumPoints } from './round';

export interface ScoreEntry extends Declared {
  itemCode: string;
  stage: Stage;
  note?: string;
}

/** One stage's declaration of a leaf and the points it gives, kept for audit. */
export interface StageScore {
  stage: Stage;
  value?: string | number | boolean | null;
  explicitPoints?: number | null;
  na: boolean;
  points: number;
  note?: string;
  error?: string;
}

export interface ItemResult {
  code: string;
  title: string;
  areaCode: string;
  ruleType: RuleType;
  maxPoints: number;
  /** What the leaf adds to the unit's maximum: 0 when N/A and for bonus/deduction leaves. */
  countedMax: number;
  points: number;
  scored: boolean;
  na: boolean;
  /** The stage the points come from (final > appraised > self), null when unscored. */
  stage: Stage | null;
  /** A survey or data leaf still waiting for its result. */
  pending: boolean;
  evidenceRequired: boolean;
  stages: StageScore[];
  error?: string;
}

export interface AreaResult {
  code: string;
  title: string;
  points: number;
  maxPoints: number;
  percent: number | null;
  pendingPoints: number;
}

export interface GroupTotal {
  code: string;
  points: number;
  maxPoints: number;
}

export interface UnitResult {
  points: number;
  maxPoints: number;
  /** points ÷ maxPoints × 100 rounded to 2 decimals; null when every leaf is N/A. */
  percent: number | null;
  band: string | null;
  areas: AreaResult[];
  items: ItemResult[];
  /** Subtotals of every group (areas included), for showing the tree. */
  groups: GroupTotal[];
  /** Max points of survey/data leaves not yet scored: the result may still rise by this much. */
  pendingPoints: number;
  pendingItems: string[];
  /** Entries that name no leaf of the framework. */
  ignored: { itemCode: string; stage: Stage; reason: string }[];
}

export function scoreUnit(framework: Framework, entries: readonly ScoreEntry[]): UnitResult {
  const byItem = new Map<string, Map<Stage, ScoreEntry>>();
  for (const e of entries) {
    const stages = byItem.get(e.itemCode) ?? new Map<Stage, ScoreEntry>();
    byItem.set(e.itemCode, stages);
    stages.set(e.stage, e); // a later duplicate of the same stage replaces the earlier one
  }

  const leaves = flattenLeaves(framework);
  const leafCodes = new Set(leaves.map((l) => l.leaf.code));
  const ignored: UnitResult['ignored'] = [];
  for (const [itemCode, stages] of byItem) {
    if (!leafCodes.has(itemCode)) {
      for (const stage of stages.keys()) ignored.push({ itemCode, stage, reason: `"${itemCode}" không phải tiêu chí lá của bộ chỉ số` });
    }
  }

  const items: ItemResult[] = leaves.map(({ leaf, areaCode }) => {
    const stages: StageScore[] = [];
    for (const stage of STAGES) {
      const e = byItem.get(leaf.code)?.get(stage);
      if (!e) continue;
      const r = pointsForLeaf(leaf, e);
      const record: StageScore = { stage, value: e.value, explicitPoints: e.points, na: r.na === true, points: r.points };
      if (e.note) record.note = e.note;
      if (r.error) record.error = r.error;
      // survey points come from the survey itself: a unit's own score for them is kept but never used
      if (leaf.rule.type === 'survey' && stage === 'self') record.error = `Tiêu chí "${leaf.code}" lấy điểm từ khảo sát, không tự chấm`;
      stages.push(record);
    }
    const usable = stages.filter((s) => !(leaf.rule.type === 'survey' && s.stage === 'self'));
    const effective = usable[usable.length - 1];
    const na = effective?.na === true;
    const scored = effective !== undefined;
    const pending = !scored && (leaf.rule.type === 'survey' || leaf.rule.type === 'data');
    const item: ItemResult = {
      code: leaf.code,
      title: leaf.title,
      areaCode,
      ruleType: leaf.rule.type,
      maxPoints: leaf.maxPoints,
      countedMax: na || !countsInMax(leaf) ? 0 : leaf.maxPoints,
      points: effective?.points ?? 0,
      scored,
      na,
      stage: effective?.stage ?? null,
      pending,
      evidenceRequired: leaf.evidenceRequired === true,
      stages,
    };
    if (effective?.error) item.error = effective.error;
    return item;
  });

  const areas: AreaResult[] = framework.items.map((area) => {
    const mine = items.filter((i) => i.areaCode === area.code);
    const maxPoints = sumPoints(mine.map((i) => i.countedMax));
    // deductions cannot take an area below zero
    const points = Math.max(0, sumPoints(mine.map((i) => i.points)));
    return {
      code: area.code,
      title: area.title,
      points,
      maxPoints,
      percent: percentOf(points, maxPoints),
      pendingPoints: sumPoints(mine.filter((i) => i.pending).map((i) => i.maxPoints)),
    };
  });

  const points = sumPoints(areas.map((a) => a.points));
  const maxPoints = sumPoints(areas.map((a) => a.maxPoints));
  const percent = percentOf(points, maxPoints);
  const pendingItems = items.filter((i) => i.pending);
  return {
    points,
    maxPoints,
    percent,
    band: bandFor(framework.bands, percent),
    areas,
    items,
    groups: groupTotals(framework.items, new Map(items.map((i) => [i.code, i]))),
    pendingPoints: sumPoints(pendingItems.map((i) => i.maxPoints)),
    pendingItems: pendingItems.map((i) => i.code),
    ignored,
  };
}

/** The first band (ordered high to low) whose minPercent ≤ percent; minPercent is inclusive. */
export function bandFor(bands: readonly Band[], percent: number | null): string | null {
  if (percent === null) return null;
  return bands.find((b) => b.minPercent <= percent)?.label ?? null;
}

function groupTotals(items: readonly FrameworkItem[], results: Map<string, ItemResult>): GroupTotal[] {
  const out: GroupTotal[] = [];
  const walk = (item: FrameworkItem): { points: number; max: number } => {
    if (!isGroup(item)) {
      const r = results.get(item.code);
      return { points: r?.points ?? 0, max: r?.countedMax ?? 0 };
    }
    const parts = item.children.map(walk);
    const total = { code: item.code, points: sumPoints(parts.map((p) => p.points)), maxPoints: sumPoints(parts.map((p) => p.max)) };
    out.push(total);
    return { points: total.points, max: total.maxPoints };
  };
  items.forEach(walk);
  return out;
}

