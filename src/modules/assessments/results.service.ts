// Results of a cycle through the one engine (scoreUnit, rankUnits): per unit and per area, ranks within the
// unit group, year-over-year through lineage, weakest areas, self-vs-final gaps, pending survey/data points.
//
// Year-over-year for a merged unit: its predecessors' results in the previous cycle are averaged (mean of
// points, of percent, and of each area's percent) and the previous rank is the competition rank that mean
// percent would have taken among the previous cycle's units of the group. A unit with a single
// predecessor (or itself) keeps that unit's exact result and rank. `of` tells how many units were ranked.
import type { AppContext } from '../../app-context';
import type { Db } from '../../db/database';
import type { Framework } from '../../domain/framework/types';
import { rankUnits } from '../../domain/scoring/rank';
import { percentOf, round2, roundPoints } from '../../domain/scoring/round';
import { type ScoreEntry, type UnitResult, type UnitScorer, unitScorer } from '../../domain/scoring/score-unit';
import { compareVi } from '../../domain/scoring/collate';
import { gapToTarget, whatIf, type WhatIfChange } from '../../domain/scoring/what-if';
import { mapUnitToDate } from '../../domain/units/lineage';
import { AppError } from '../../errors';
import { type Actor, unitScope } from '../identity/access';
import { Permission } from '../identity/permissions';
import { loadLineage } from '../units/units.service';
import { isOffice, isOwnUnit, loadCycle } from './assessment-access';
import * as repo from './assessments.repository';
import { entriesFor, pointsOf } from './declarations';
import type { FeedValue } from './leaf-feeds';
import { feedValues } from './leaf-feed-values';

export interface ScoredUnit {
  unitId: number;
  unitCode: string;
  unitName: string;
  group: string;
  submitted: boolean;
  framework: Framework;
  frameworkId: number;
  rows: repo.ScoreRecord[];
  /** What was scored: the stored stages plus the feeds' values for data/survey leaves (what-if starts from these). */
  entries: ScoreEntry[];
  result: UnitResult;
  self: UnitResult;
  rank: number | null;
  areaRanks: Record<string, number | null>;
  of: number;
  provenance: Map<string, string>;
}

/**
 * Scores every unit of a cycle. Self-scores count only once submitted; data/survey leaves without a stored
 * score ask the feeds while the cycle is open (a locked cycle keeps what was materialized at the lock).
 */
export async function scoreCycle(db: Db, cycle: repo.CycleRow): Promise<ScoredUnit[]> {
  // A locked cycle cannot change (the database refuses it), so its scoring is kept per database and lock.
  if (cycle.locked_at === null) return scoreCycleNow(db, cycle);
  const perDb = lockedScores.get(db) ?? new Map<number, { lockedAt: number; scored: Promise<ScoredUnit[]> }>();
  lockedScores.set(db, perDb);
  const lockedAt = new Date(cycle.locked_at).getTime();
  const hit = perDb.get(cycle.id);
  if (hit && hit.lockedAt === lockedAt) return hit.scored;
  const scored = scoreCycleNow(db, cycle);
  perDb.set(cycle.id, { lockedAt, scored });
  scored.catch(() => perDb.delete(cycle.id));
  return scored;
}

const lockedScores = new WeakMap<Db, Map<number, { lockedAt: number; scored: Promise<ScoredUnit[]> }>>();

type UnscoredRank = Omit<ScoredUnit, 'rank' | 'areaRanks' | 'of'>;

/**
 * What one unit's scoring depended on, and what it gave. Its pack is the unit's whole score state, so equal
 * inputs give an equal result and the unit is not scored again: a results page reloaded while appraisers work
 * rescores only the units they touched. Ranks are cross-unit and always computed afresh.
 */
interface MemoEntry {
  packed: string;
  status: string;
  framework: string;
  fed: string;
  unit: UnscoredRank;
}

/** Per database, the memo of the last cycles scored (a few: each holds one result per unit). */
const unitMemos = new WeakMap<Db, Map<number, Map<number, MemoEntry>>>();
const MEMO_CYCLES = 8;

function memoFor(db: Db, cycleId: number): Map<number, MemoEntry> {
  const perDb = unitMemos.get(db) ?? new Map<number, Map<number, MemoEntry>>();
  unitMemos.set(db, perDb);
  const memo = perDb.get(cycleId) ?? new Map<number, MemoEntry>();
  // most recently used last; the oldest cycle goes first
  perDb.delete(cycleId);
  perDb.set(cycleId, memo);
  if (perDb.size > MEMO_CYCLES) perDb.delete(perDb.keys().next().value!);
  return memo;
}

async function scoreCycleNow(db: Db, cycle: repo.CycleRow): Promise<ScoredUnit[]> {
  const [units, fws, packs] = await Promise.all([repo.listCycleUnits(db, cycle.id), repo.cycleFrameworks(db, cycle.id), repo.listScorePacks(db, cycle.id)]);
  const frameworks = new Map(fws.map((f) => [f.id, f.tree as Framework]));
  const frameworkStamps = new Map(fws.map((f) => [f.id, `${f.id}@${new Date(f.updated_at).getTime()}`]));
  const scorers = new Map<number, UnitScorer>();
  const feeds = new Map<number, Map<string, Map<string, FeedValue>>>();
  if (cycle.locked_at === null) {
    for (const [id, fw] of frameworks) {
      feeds.set(id, await feedValues(db, cycle.year, fw, units.filter((u) => u.framework_id === id && u.status === 'submitted').map((u) => u.code)));
    }
  }
  const memo = memoFor(db, cycle.id);
  const scored: UnscoredRank[] = [];
  for (const u of units) {
    const packed = packs.get(u.unit_id) ?? '[]';
    const fed = feeds.get(u.framework_id)?.get(u.code);
    const key = { packed, status: u.status, framework: frameworkStamps.get(u.framework_id)!, fed: fed ? JSON.stringify([...fed]) : '' };
    const hit = memo.get(u.unit_id);
    if (
      hit &&
      hit.packed === key.packed &&
      hit.status === key.status &&
      hit.framework === key.framework &&
      hit.fed === key.fed &&
      hit.unit.unitCode === u.code &&
      hit.unit.unitName === u.name &&
      hit.unit.group === u.group_code
    ) {
      scored.push(hit.unit);
      continue;
    }
    const framework = frameworks.get(u.framework_id)!;
    let score = scorers.get(u.framework_id);
    if (!score) {
      score = unitScorer(framework);
      scorers.set(u.framework_id, score);
    }
    // a pack JSON cannot carry (a NaN numeric) is read plainly
    const flat = repo.parsePackValues(packed);
    const mine = flat ? repo.packRecords(u.unit_id, flat) : await repo.listScores(db, cycle.id, u.unit_id);
    const submitted = u.status === 'submitted';
    const entries: ScoreEntry[] = submitted ? entriesFor(mine, { self: true, appraisal: true }) : [];
    const provenance = new Map<string, string>();
    if (fed) {
      const declared = new Set(entries.filter((e) => e.stage !== 'self').map((e) => e.itemCode));
      for (const [item, v] of fed) {
        if (declared.has(item)) continue;
        entries.push({ itemCode: item, stage: 'final', value: v.value });
        provenance.set(item, v.provenance);
      }
    }
    for (const r of mine) if (r.stage === 'final' && r.note && !provenance.has(r.item_code)) provenance.set(r.item_code, r.note);
    const unit: UnscoredRank = {
      unitId: u.unit_id,
      unitCode: u.code,
      unitName: u.name,
      group: u.group_code,
      submitted,
      framework,
      frameworkId: u.framework_id,
      rows: mine,
      entries,
      ...score.scoreWithSelf(entries),
      provenance,
    };
    memo.set(u.unit_id, { ...key, unit });
    scored.push(unit);
  }
  // While the cycle is open, a unit that has not submitted has no result yet and takes no place in the
  // ranking; once locked, every assessed unit is ranked (one that never submitted ranks on 0 points).
  const rankable = cycle.locked_at !== null ? scored : scored.filter((s) => s.submitted);
  const ranks = new Map(
    rankUnits(rankable.map((s) => ({ unitCode: s.unitCode, group: s.group, result: s.result }))).map((r, i) => [rankable[i].unitCode, r]),
  );
  return scored.map((s) => {
    const r = ranks.get(s.unitCode);
    return { ...s, rank: r?.rank ?? null, areaRanks: r?.areaRanks ?? {}, of: r?.of ?? rankable.filter((x) => x.group === s.group).length };
  });
}

/** Office roles see provisional results of an open cycle; everyone else once the council has locked it. */
async function requireResults(db: Db, actor: Actor, cycleId: number) {
  unitScope(actor, Permission.ResultsRead);
  const cycle = await loadCycle(db, cycleId);
  const office = isOffice(actor);
  if (!office && cycle.state !== 'finalized' && cycle.state !== 'published') {
    // Not a permission matter: the results exist but are not out yet, so the caller may retry later (409).
    throw new AppError('conflict', 'Kết quả kỳ đánh giá chưa được Hội đồng chốt');
  }
  return cycle;
}

interface Previous {
  cycleId: number;
  year: number;
  unitCodes: string[];
  points: number;
  percent: number | null;
  rank: number | null;
  of: number;
  areaRanks: Record<string, number | null>;
}

/** competition rank a percent would take among others (1 + strictly higher); null percent is unranked. */
function rankAmong(p: number | null, others: readonly (number | null)[]): number | null {
  if (p === null) return null;
  const r = round2(p);
  return 1 + others.filter((q) => q !== null && round2(q) > r).length;
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

async function previousResults(db: Db, cycle: repo.CycleRow, current: ScoredUnit[]): Promise<Map<number, Previous>> {
  const out = new Map<number, Previous>();
  const groups = [...new Set(current.map((c) => c.group))];
  let lineage: Awaited<ReturnType<typeof loadLineage>> | null = null;
  for (const group of groups) {
    const prev = await repo.previousCycle(db, cycle.year, group);
    if (!prev) continue;
    const prevCycle = (await repo.findCycle(db, prev.id))!;
    const prevUnits = (await scoreCycle(db, prevCycle)).filter((u) => u.group === group && u.submitted);
    const byCode = new Map(prevUnits.map((u) => [u.unitCode, u]));
    lineage ??= await loadLineage(db);
    const date = `${prev.year}-12-31`;
    for (const u of current.filter((c) => c.group === group)) {
      const preds = mapUnitToDate(lineage.graph, u.unitCode, date).map((c) => byCode.get(c)).filter((p): p is ScoredUnit => p !== undefined);
      if (preds.length === 0) continue;
      if (preds.length === 1) {
        const p = preds[0];
        out.set(u.unitId, { cycleId: prev.id, year: prev.year, unitCodes: [p.unitCode], points: p.result.points, percent: p.result.percent, rank: p.rank, of: p.of, areaRanks: p.areaRanks });
        continue;
      }
      const percents = preds.map((p) => p.result.percent).filter((p): p is number => p !== null);
      const percent = percents.length ? round2(mean(percents)!) : null;
      const others = prevUnits.filter((p) => !preds.includes(p));
      const areaRanks: Record<string, number | null> = {};
      for (const area of u.framework.items) {
        const ap = preds.map((p) => p.result.areas.find((a) => a.code === area.code)?.percent).filter((x): x is number => x !== null && x !== undefined);
        areaRanks[area.code] = rankAmong(ap.length ? round2(mean(ap)!) : null, others.map((o) => o.result.areas.find((a) => a.code === area.code)?.percent ?? null));
      }
      out.set(u.unitId, {
        cycleId: prev.id,
        year: prev.year,
        unitCodes: preds.map((p) => p.unitCode).sort(),
        points: roundPoints(mean(preds.map((p) => p.result.points))!),
        percent,
        rank: rankAmong(percent, others.map((o) => o.result.percent)),
        // ranked among the others plus this merged whole, so that many, not the old group's size
        of: others.length + 1,
        areaRanks,
      });
    }
  }
  return out;
}

/**
 * Weakest areas: the three lowest percents of their maximum (areas without a maximum are left out). Points
 * still pending (survey/data leaves without a result) are no weakness: they leave the area's maximum here.
 */
// the same order as `a.localeCompare(b, 'vi', { numeric: true })`, without building a collator per comparison
const areaCodeOrder = new Intl.Collator('vi', { numeric: true });

function weakest(result: UnitResult): string[] {
  return result.areas
    .map((a) => ({ code: a.code, percent: a.pendingPoints > 0 ? percentOf(a.points, roundPoints(a.maxPoints - a.pendingPoints)) : a.percent }))
    .filter((a): a is { code: string; percent: number } => a.percent !== null)
    .sort((a, b) => a.percent - b.percent || areaCodeOrder.compare(a.code, b.code))
    .slice(0, 3)
    .map((a) => a.code);
}

/**
 * The appraisal's net change to what the unit claimed: final − self over the leaves the unit scored itself
 * (survey and data leaves are never self-scored, so they are not a gap).
 */
function selfFinalGap(u: ScoredUnit): number {
  const selfItems = new Map(u.self.items.map((i) => [i.code, i]));
  let gap = 0;
  for (const i of u.result.items) {
    const mine = selfItems.get(i.code);
    if (i.ruleType === 'survey' || i.ruleType === 'data' || !i.scored || !mine?.scored) continue;
    gap += i.points - mine.points;
  }
  return roundPoints(gap);
}

function presentUnit(u: ScoredUnit, prev: Previous | undefined) {
  const r = u.result;
  const areas = r.areas.map((a) => ({
    code: a.code,
    title: a.title,
    points: a.points,
    maxPoints: a.maxPoints,
    percent: a.percent,
    rank: u.areaRanks[a.code] ?? null,
    previousRank: prev?.areaRanks[a.code] ?? null,
    pendingPoints: a.pendingPoints,
  }));
  return {
    unitId: u.unitId,
    unitCode: u.unitCode,
    unitName: u.unitName,
    group: u.group,
    submitted: u.submitted,
    points: r.points,
    maxPoints: r.maxPoints,
    percent: r.percent,
    // an unsubmitted unit of an open cycle has no result to band (it is not ranked either)
    band: u.rank === null && !u.submitted ? null : r.band,
    rank: u.rank,
    of: u.of,
    pendingPoints: r.pendingPoints,
    pendingItems: r.pendingItems,
    selfPoints: u.self.points,
    selfPercent: u.self.percent,
    gapPoints: selfFinalGap(u),
    areas,
    previous: prev ? { cycleId: prev.cycleId, year: prev.year, unitCodes: prev.unitCodes, points: prev.points, percent: prev.percent, rank: prev.rank, of: prev.of } : null,
    change: prev
      ? {
          points: roundPoints(r.points - prev.points),
          percent: r.percent !== null && prev.percent !== null ? round2(r.percent - prev.percent) : null,
          /** positive = moved up the table */
          rank: u.rank !== null && prev.rank !== null ? prev.rank - u.rank : null,
        }
      : null,
    weakestAreas: weakest(r),
    areasLostRank: areas.filter((a) => a.rank !== null && a.previousRank !== null && a.rank > a.previousRank).map((a) => a.code),
  };
}

export type UnitResultDto = ReturnType<typeof presentUnit>;

export async function cycleResults(ctx: AppContext, actor: Actor, cycleId: number, opts: { yearOverYear?: boolean } = {}) {
  return cycleResultsOf(ctx, await requireResults(ctx.db, actor, cycleId), opts);
}

/** The results of a cycle the caller has already been allowed to see (cycleResults, the public page). */
export async function cycleResultsOf(ctx: AppContext, cycle: repo.CycleRow, opts: { yearOverYear?: boolean } = {}) {
  const scored = await scoreCycle(ctx.db, cycle);
  const prev = opts.yearOverYear === false ? new Map<number, Previous>() : await previousResults(ctx.db, cycle, scored);
  const groups = new Map<string, ScoredUnit[]>();
  for (const s of scored) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return {
    cycle: { id: cycle.id, name: cycle.name, year: cycle.year, state: cycle.state, locked: cycle.locked_at !== null, provisional: cycle.locked_at === null },
    groups: [...groups].map(([group, units]) => {
      const fw = units[0].framework;
      const sorted = [...units].sort(tableOrder);
      return {
        unitGroup: group,
        framework: { id: units[0].frameworkId, code: fw.code, name: fw.name, bands: fw.bands, areas: fw.items.map((a) => ({ code: a.code, title: a.title })) },
        pendingPoints: roundPoints(units.reduce((s, u) => s + u.result.pendingPoints, 0)),
        units: sorted.map((u) => presentUnit(u, prev.get(u.unitId))),
      };
    }),
  };
}

const rankKey = (r: number | null) => (r === null ? Number.POSITIVE_INFINITY : r);
/** The results table's order: rank, then Vietnamese name (unranked last). */
const tableOrder = (a: ScoredUnit, b: ScoredUnit) => rankKey(a.rank) - rankKey(b.rank) || compareVi(a.unitName, b.unitName) || compareVi(a.unitCode, b.unitCode);

/** One unit group of a cycle as `chiso results` prints it (results.csv), in the results table's order. */
export async function groupResultsForCsv(ctx: AppContext, actor: Actor, cycleId: number, group: string) {
  const cycle = await requireResults(ctx.db, actor, cycleId);
  const scored = (await scoreCycle(ctx.db, cycle)).filter((s) => s.group === group).sort(tableOrder);
  if (scored.length === 0) throw new AppError('not_found', `Kỳ đánh giá không có nhóm đơn vị "${group}"`);
  return {
    year: cycle.year,
    framework: scored[0].framework,
    rows: scored.map((s) => ({ unitCode: s.unitCode, unitName: s.unitName, group: s.group, result: s.result, rank: s.rank, areaRanks: s.areaRanks })),
  };
}

/** One unit with every leaf: points per stage, the gap between self and final, provenance of fed leaves. */
export async function unitResult(ctx: AppContext, actor: Actor, cycleId: number, unitId: number) {
  const cycle = await requireResults(ctx.db, actor, cycleId);
  if (!isOffice(actor) && !isOwnUnit(actor, unitId) && cycle.state !== 'published') throw new AppError('not_found', 'Không tìm thấy kết quả của đơn vị');
  const scored = await scoreCycle(ctx.db, cycle);
  const u = scored.find((s) => s.unitId === unitId);
  if (!u) throw new AppError('not_found', 'Đơn vị không thuộc kỳ đánh giá này');
  const prev = await previousResults(ctx.db, cycle, [u]);
  const leaves = new Map(u.result.items.map((i) => [i.code, i]));
  const stageRows = new Map<string, Partial<Record<repo.ScoreRecord['stage'], repo.ScoreRecord>>>();
  if (u.submitted) for (const r of u.rows) stageRows.set(r.item_code, { ...(stageRows.get(r.item_code) ?? {}), [r.stage]: r });
  const { flattenLeaves } = await import('../../domain/framework/tree');
  const items = flattenLeaves(u.framework).map(({ leaf }) => {
    const i = leaves.get(leaf.code)!;
    const m = stageRows.get(leaf.code) ?? {};
    const self = pointsOf(leaf, m.self);
    const final = i.scored ? i.points : null;
    return {
      code: i.code,
      title: i.title,
      areaCode: i.areaCode,
      ruleType: i.ruleType,
      maxPoints: i.maxPoints,
      countedMax: i.countedMax,
      points: i.points,
      na: i.na,
      pending: i.pending,
      stage: i.stage,
      self,
      appraised: pointsOf(leaf, m.appraised),
      explained: pointsOf(leaf, m.explained),
      final: pointsOf(leaf, m.final),
      gap: self !== null && final !== null ? roundPoints(final - self) : null,
      provenance: u.provenance.get(leaf.code) ?? null,
    };
  });
  return { ...presentUnit(u, prev.get(u.unitId)), items };
}

async function unitEntries(ctx: AppContext, actor: Actor, cycleId: number, unitId: number) {
  const cycle = await requireResults(ctx.db, actor, cycleId);
  if (!isOffice(actor) && !isOwnUnit(actor, unitId)) throw new AppError('not_found', 'Không tìm thấy kết quả của đơn vị');
  const scored = await scoreCycle(ctx.db, cycle);
  const u = scored.find((s) => s.unitId === unitId);
  if (!u) throw new AppError('not_found', 'Đơn vị không thuộc kỳ đánh giá này');
  // the entries the results were scored from, feeds included: rebuilding them from the stored rows alone
  // would drop every data/survey leaf's points from the what-if's starting point
  const entries = u.entries;
  const peers = scored.filter((s) => s.group === u.group && s.unitId !== u.unitId).map((s) => s.result.percent);
  return { u, entries, peers };
}

export async function simulate(ctx: AppContext, actor: Actor, cycleId: number, unitId: number, changes: WhatIfChange[]) {
  const { u, entries, peers } = await unitEntries(ctx, actor, cycleId, unitId);
  const known = new Set(u.result.items.map((i) => i.code));
  const unknown = changes.find((c) => !known.has(c.itemCode));
  if (unknown) throw new AppError('validation', `Tiêu chí "${unknown.itemCode}" không có trong bộ chỉ số ${u.framework.code}`);
  const r = whatIf(u.framework, entries, changes, peers);
  return {
    before: { points: r.before.points, maxPoints: r.before.maxPoints, percent: r.before.percent, band: r.before.band },
    after: { points: r.after.points, maxPoints: r.after.maxPoints, percent: r.after.percent, band: r.after.band },
    deltaPoints: r.deltaPoints,
    deltaPercent: r.deltaPercent,
    rankBefore: r.rankBefore,
    rankAfter: r.rankAfter,
    errors: r.after.items.filter((i) => i.error).map((i) => i.error as string),
  };
}

export async function gapTo(ctx: AppContext, actor: Actor, cycleId: number, unitId: number, targetPercent: number) {
  const { u } = await unitEntries(ctx, actor, cycleId, unitId);
  return gapToTarget(u.result, targetPercent);
}
