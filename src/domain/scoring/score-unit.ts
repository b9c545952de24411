// scoreUnit: one unit's result from its declarations — totals, percent, band, per-area and per-item detail.
import { flattenLeaves } from '../framework/tree';
import { type Band, type Framework, type RuleType, countsInMax, isGroup, type FrameworkItem } from '../framework/types';
import { type Declared, STAGES, type Stage } from './declared';
import { pointsForLeaf } from './points';
import { percentOf, roundPoints } from './round';

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
  return unitScorer(framework).score(entries);
}

const stageSlot = (stage: string) => (stage === 'self' ? 0 : stage === 'appraised' ? 1 : stage === 'final' ? 2 : -1);
const ignoredReason = (itemCode: string) => `"${itemCode}" không phải tiêu chí lá của bộ chỉ số`;

export interface UnitScorer {
  /** scoreUnit(framework, entries). */
  score(entries: readonly ScoreEntry[]): UnitResult;
  /**
   * The result and the self-assessment's own result in one pass: `self` equals
   * scoreUnit(framework, entries.filter((e) => e.stage === 'self')); the self stage's records are shared.
   */
  scoreWithSelf(entries: readonly ScoreEntry[]): { result: UnitResult; self: UnitResult };
}

/** One result being summed up leaf by leaf, in document order (the order every sum of scoreUnit uses). */
class Tally {
  items: ItemResult[] = [];
  pending: ItemResult[] = [];
  areaPoints: number[];
  areaMax: number[];
  areaPending: number[];
  constructor(nAreas: number) {
    this.areaPoints = new Array<number>(nAreas).fill(0);
    this.areaMax = new Array<number>(nAreas).fill(0);
    this.areaPending = new Array<number>(nAreas).fill(0);
  }
}

/**
 * scoreUnit with the framework walked once: scoring many units against the same framework (a cycle's
 * results) reuses the leaf list and the area and group layout. The framework must not change meanwhile.
 * Every sum adds the same values in the same order as scoreUnit's `sumPoints` of a list, so results are identical.
 */
export function unitScorer(framework: Framework): UnitScorer {
  const leaves = flattenLeaves(framework);
  const leafIndex = new Map<string, number>();
  leaves.forEach((l, i) => {
    leafIndex.set(l.leaf.code, i);
  });
  // a code used twice (validation refuses it) gives its entries to every leaf of that code, as a lookup by code would
  const twins = new Map<number, number[]>();
  leaves.forEach((l, i) => {
    const last = leafIndex.get(l.leaf.code)!;
    if (last !== i) twins.set(last, [...(twins.get(last) ?? []), i]);
  });
  // the areas each leaf counts in (by code, as the areas are matched)
  const areaSlots = new Map<string, number[]>();
  framework.items.forEach((area, a) => {
    const list = areaSlots.get(area.code);
    if (list) list.push(a);
    else areaSlots.set(area.code, [a]);
  });
  const leafAreas = leaves.map((l) => areaSlots.get(l.areaCode) ?? []);
  const nAreas = framework.items.length;
  const nLeaves = leaves.length;

  const add = (t: Tally, li: number, stages: StageScore[], effective: StageScore | undefined) => {
    const { leaf, areaCode } = leaves[li];
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
    t.items.push(item);
    if (pending) t.pending.push(item);
    for (const a of leafAreas[li]) {
      t.areaPoints[a] += item.points;
      t.areaMax[a] += item.countedMax;
      if (pending) t.areaPending[a] += item.maxPoints;
    }
  };

  const finish = (t: Tally, ignored: UnitResult['ignored']): UnitResult => {
    const areas: AreaResult[] = new Array(nAreas);
    let pointsSum = 0;
    let maxSum = 0;
    for (let a = 0; a < nAreas; a++) {
      const area = framework.items[a];
      const maxPoints = roundPoints(t.areaMax[a]);
      // deductions cannot take an area below zero
      const points = Math.max(0, roundPoints(t.areaPoints[a]));
      areas[a] = { code: area.code, title: area.title, points, maxPoints, percent: percentOf(points, maxPoints), pendingPoints: roundPoints(t.areaPending[a]) };
      pointsSum += points;
      maxSum += maxPoints;
    }
    const points = roundPoints(pointsSum);
    const maxPoints = roundPoints(maxSum);
    const percent = percentOf(points, maxPoints);
    let pendingSum = 0;
    for (const i of t.pending) pendingSum += i.maxPoints;
    return {
      points,
      maxPoints,
      percent,
      band: bandFor(framework.bands, percent),
      areas,
      items: t.items,
      groups: groupTotals(framework.items, leafIndex, t.items),
      pendingPoints: roundPoints(pendingSum),
      pendingItems: t.pending.map((i) => i.code),
      ignored,
    };
  };

  const run = (entries: readonly ScoreEntry[], withSelf: boolean): { result: UnitResult; self: UnitResult | null } => {
    // per leaf: the entry of each stage (self, appraised, final); a later duplicate replaces the earlier one
    const slots: (ScoreEntry | undefined)[] = new Array(nLeaves * 3);
    let unknown: Map<string, Map<Stage, ScoreEntry>> | null = null;
    let unknownSelf: Set<string> | null = null;
    for (const e of entries) {
      const li = leafIndex.get(e.itemCode);
      if (li === undefined) {
        unknown ??= new Map();
        const stages = unknown.get(e.itemCode) ?? new Map<Stage, ScoreEntry>();
        unknown.set(e.itemCode, stages);
        stages.set(e.stage, e);
        if (withSelf && e.stage === 'self') {
          unknownSelf ??= new Set();
          unknownSelf.add(e.itemCode);
        }
        continue;
      }
      const slot = stageSlot(e.stage);
      if (slot < 0) continue;
      slots[li * 3 + slot] = e;
      const more = twins.get(li);
      if (more) for (const t of more) slots[t * 3 + slot] = e;
    }
    const ignored: UnitResult['ignored'] = [];
    if (unknown) {
      for (const [itemCode, stages] of unknown) for (const stage of stages.keys()) ignored.push({ itemCode, stage, reason: ignoredReason(itemCode) });
    }

    const all = new Tally(nAreas);
    const own = withSelf ? new Tally(nAreas) : null;
    for (let li = 0; li < nLeaves; li++) {
      const leaf = leaves[li].leaf;
      const survey = leaf.rule.type === 'survey';
      const stages: StageScore[] = [];
      let effective: StageScore | undefined;
      let selfRecord: StageScore | undefined;
      for (let k = 0; k < 3; k++) {
        const e = slots[li * 3 + k];
        if (!e) continue;
        const stage = STAGES[k];
        const r = pointsForLeaf(leaf, e);
        const record: StageScore = { stage, value: e.value, explicitPoints: e.points, na: r.na === true, points: r.points };
        if (e.note) record.note = e.note;
        if (r.error) record.error = r.error;
        // survey points come from the survey itself: a unit's own score for them is kept but never used
        if (survey && stage === 'self') record.error = `Tiêu chí "${leaf.code}" lấy điểm từ khảo sát, không tự chấm`;
        else effective = record;
        if (k === 0) selfRecord = record;
        stages.push(record);
      }
      add(all, li, stages, effective);
      if (own) add(own, li, selfRecord ? [selfRecord] : [], survey ? undefined : selfRecord);
    }
    const result = finish(all, ignored);
    if (!own) return { result, self: null };
    // self entries naming no leaf, in the order they first appear among the self entries
    const selfIgnored: UnitResult['ignored'] = [];
    if (unknownSelf) {
      const seen = new Set<string>();
      for (const e of entries) {
        if (e.stage !== 'self' || !unknownSelf.has(e.itemCode) || seen.has(e.itemCode)) continue;
        seen.add(e.itemCode);
        selfIgnored.push({ itemCode: e.itemCode, stage: 'self', reason: ignoredReason(e.itemCode) });
      }
    }
    return { result, self: finish(own, selfIgnored) };
  };

  return {
    score: (entries) => run(entries, false).result,
    scoreWithSelf: (entries) => {
      const r = run(entries, true);
      return { result: r.result, self: r.self! };
    },
  };
}

/** The first band (ordered high to low) whose minPercent ≤ percent; minPercent is inclusive. */
export function bandFor(bands: readonly Band[], percent: number | null): string | null {
  if (percent === null) return null;
  return bands.find((b) => b.minPercent <= percent)?.label ?? null;
}

function groupTotals(items: readonly FrameworkItem[], leafIndex: Map<string, number>, results: readonly ItemResult[]): GroupTotal[] {
  const out: GroupTotal[] = [];
  // returns the subtotal's points and max in out-parameters to keep the walk allocation-free
  let points = 0;
  let max = 0;
  const walk = (item: FrameworkItem): void => {
    if (!isGroup(item)) {
      const i = leafIndex.get(item.code);
      const r = i === undefined ? undefined : results[i];
      points = r?.points ?? 0;
      max = r?.countedMax ?? 0;
      return;
    }
    let p = 0;
    let m = 0;
    for (const child of item.children) {
      walk(child);
      p += points;
      m += max;
    }
    const total = { code: item.code, points: roundPoints(p), maxPoints: roundPoints(m) };
    out.push(total);
    points = total.points;
    max = total.maxPoints;
  };
  for (const item of items) walk(item);
  return out;
}
