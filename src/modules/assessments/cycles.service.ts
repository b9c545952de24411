// Cycles: the year's frameworks per unit group, the units assessed, the timeline, and the state machine
// draft → self_assessment → appraisal → explanation → second_review → finalized (locked) → published.
// An office transition never cuts a unit's open window short: self-assessment and explanation end at their deadline.
import type { AppContext } from '../../app-context';
import type { Db } from '../../db/database';
import { flattenLeaves } from '../../domain/framework/tree';
import type { Framework } from '../../domain/framework/types';
import { AppError } from '../../errors';
import { loadLineage } from '../units/units.service';
import { isValidOn } from '../../domain/units/lineage';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, requireAccess, unitScope } from '../identity/access';
import { Permission } from '../identity/permissions';
import { isFedLeaf, isOffice, isOwnUnit, loadCycle } from './assessment-access';
import * as repo from './assessments.repository';
import type { CycleState } from './assessments.tables';
import { nowOf } from './clock';
import { STATE_LABELS, formatVnTime, requireNotLocked } from './cycle-windows';
import { isDeclared } from './declarations';
import { feedValues } from './leaf-feed-values';

export interface CycleInput {
  name: string;
  year: number;
  allowNewEvidenceInExplanation: boolean;
  frameworks: { unitGroup: string; frameworkId: number }[];
  unitCodes?: string[];
  timeline: repo.Timeline;
}

function checkTimeline(t: repo.Timeline) {
  const order: [keyof repo.Timeline, string][] = [
    ['selfOpensAt', 'mở tự đánh giá'],
    ['selfClosesAt', 'hạn tự đánh giá'],
    ['appraisalClosesAt', 'hạn thẩm định'],
    ['explanationOpensAt', 'mở giải trình'],
    ['explanationClosesAt', 'hạn giải trình'],
    ['secondReviewClosesAt', 'hạn thẩm định lại'],
    ['publicationAt', 'công bố'],
  ];
  for (let i = 1; i < order.length; i++) {
    const [a, la] = order[i - 1];
    const [b, lb] = order[i];
    const strict = a === 'selfOpensAt' || a === 'explanationOpensAt';
    if (strict ? t[b] <= t[a] : t[b] < t[a]) throw new AppError('validation', `Mốc thời gian "${lb}" phải sau "${la}"`);
  }
}

/** Creates a draft cycle; without unit codes it takes every unit of the groups that exists at the end of the year. */
export async function createCycle(ctx: AppContext, actor: Actor | null, input: CycleInput, opts: { isDemo?: boolean } = {}) {
  if (actor) requireAccess(actor, Permission.CyclesManage);
  checkTimeline(input.timeline);
  if (input.frameworks.length === 0) throw new AppError('validation', 'Kỳ đánh giá cần ít nhất một bộ chỉ số');
  return ctx.db.transaction().execute(async (trx) => {
    const byGroup = new Map<string, number>();
    for (const f of input.frameworks) {
      const fw = await trx.selectFrom('frameworks').select(['id', 'code', 'year', 'unit_group']).where('id', '=', f.frameworkId).executeTakeFirst();
      if (!fw) throw new AppError('validation', `Không tìm thấy bộ chỉ số #${f.frameworkId}`);
      if (fw.unit_group !== f.unitGroup) throw new AppError('validation', `Bộ chỉ số ${fw.code} dành cho nhóm "${fw.unit_group}", không phải "${f.unitGroup}"`);
      if (fw.year !== input.year) throw new AppError('validation', `Bộ chỉ số ${fw.code} là của năm ${fw.year}, không phải năm ${input.year}`);
      if (byGroup.has(f.unitGroup)) throw new AppError('validation', `Nhóm đơn vị "${f.unitGroup}" được gán hai bộ chỉ số`);
      byGroup.set(f.unitGroup, fw.id);
    }
    const { graph, byCode } = await loadLineage(trx);
    const yearEnd = `${input.year}-12-31`;
    let units: { id: number; code: string; group_code: string }[];
    if (input.unitCodes && input.unitCodes.length > 0) {
      units = input.unitCodes.map((code) => {
        const u = byCode.get(code);
        if (!u) throw new AppError('validation', `Đơn vị "${code}" không có trong danh mục đơn vị`);
        if (!byGroup.has(u.group_code)) throw new AppError('validation', `Đơn vị "${code}" thuộc nhóm "${u.group_code}" nhưng kỳ đánh giá không có bộ chỉ số cho nhóm này`);
        return u;
      });
    } else {
      units = [...byCode.values()].filter((u) => byGroup.has(u.group_code) && isValidOn(graph.units.get(u.code)!, yearEnd));
    }
    const id = await repo.insertCycle(trx, { name: input.name, year: input.year, allowNewEvidence: input.allowNewEvidenceInExplanation, timeline: input.timeline, isDemo: opts.isDemo });
    await repo.insertCycleFrameworks(trx, id, [...byGroup].map(([unitGroup, frameworkId]) => ({ unitGroup, frameworkId })));
    await repo.insertCycleUnits(trx, id, [...new Map(units.map((u) => [u.id, u])).values()].map((u) => ({ unitId: u.id, frameworkId: byGroup.get(u.group_code)! })));
    await recordAudit(trx, actor, { action: 'cycles.create', entity: 'cycle', entityId: id, after: { name: input.name, year: input.year, units: units.length, frameworks: input.frameworks } });
    return id;
  });
}

/** Name, evidence rule and timeline may change until the lock (deadlines are extended in practice); audited. */
export async function updateCycle(ctx: AppContext, actor: Actor, id: number, input: { name?: string; allowNewEvidenceInExplanation?: boolean; timeline?: repo.Timeline }) {
  requireAccess(actor, Permission.CyclesManage);
  if (input.name === undefined && input.allowNewEvidenceInExplanation === undefined && input.timeline === undefined) {
    throw new AppError('validation', 'Không có gì để sửa: gửi ít nhất một trong name, allowNewEvidenceInExplanation, timeline');
  }
  if (input.timeline) checkTimeline(input.timeline);
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await repo.lockCycleRow(trx, id);
    if (!cycle) throw new AppError('not_found', 'Không tìm thấy kỳ đánh giá');
    requireNotLocked(cycle);
    await repo.updateCycle(trx, id, { name: input.name, allowNewEvidence: input.allowNewEvidenceInExplanation, timeline: input.timeline });
    await recordAudit(trx, actor, { action: 'cycles.update', entity: 'cycle', entityId: id, before: presentCycleRow(cycle), after: input });
  });
}

const NEXT: Partial<Record<CycleState, CycleState>> = {
  draft: 'self_assessment',
  self_assessment: 'appraisal',
  appraisal: 'explanation',
  explanation: 'second_review',
  finalized: 'published',
};

/** Moves the cycle one step (finalizing is the council's: see finalize). */
export async function advance(ctx: AppContext, actor: Actor, id: number, to: CycleState) {
  requireAccess(actor, Permission.CyclesManage);
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await repo.lockCycleRow(trx, id);
    if (!cycle) throw new AppError('not_found', 'Không tìm thấy kỳ đánh giá');
    if (to === 'finalized') throw new AppError('conflict', 'Chốt kết quả do Hội đồng thẩm định thực hiện (POST /api/cycles/:id/finalize)');
    if (NEXT[cycle.state] !== to) {
      throw new AppError('conflict', `Không thể chuyển từ "${STATE_LABELS[cycle.state]}" sang "${STATE_LABELS[to] ?? to}"`);
    }
    if (to !== 'published') requireNotLocked(cycle);
    const extra: { releasedAt?: Date; publishedAt?: Date } = {};
    if (to === 'self_assessment') {
      const fws = await repo.cycleFrameworks(trx, id);
      const draft = fws.find((f) => f.status !== 'published');
      if (draft) throw new AppError('conflict', `Bộ chỉ số ${draft.code} chưa ban hành`);
    }
    if (to === 'appraisal') {
      const units = await repo.listCycleUnits(trx, id);
      const closes = new Date(cycle.self_closes_at);
      if (now <= closes && units.some((u) => u.status !== 'submitted')) {
        throw new AppError('conflict', `Còn đơn vị chưa nộp và hạn tự đánh giá (${formatVnTime(closes)}) chưa hết`);
      }
    }
    if (to === 'explanation') extra.releasedAt = now;
    if (to === 'second_review' && now <= new Date(cycle.explanation_closes_at)) {
      throw new AppError('conflict', `Hạn giải trình (${formatVnTime(new Date(cycle.explanation_closes_at))}) chưa hết`);
    }
    if (to === 'published') {
      if (now < new Date(cycle.publication_at)) throw new AppError('conflict', `Chưa đến ngày công bố (${formatVnTime(new Date(cycle.publication_at))})`);
      extra.publishedAt = now;
    }
    await repo.setCycleState(trx, id, to, extra);
    await recordAudit(trx, actor, { action: `cycles.${to}`, entity: 'cycle', entityId: id, before: { state: cycle.state }, after: { state: to } });
  });
}

/**
 * The council finalizes: each leaf of each submitted unit gets its final row (the second review's, else the
 * explanation's, else the appraisal's, else the self-score; data/survey leaves from their feed with its
 * provenance), then the cycle is locked — from here the database itself refuses changes.
 */
export async function finalize(ctx: AppContext, actor: Actor, id: number) {
  requireAccess(actor, Permission.AssessmentFinalize);
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const cycle = await repo.lockCycleRow(trx, id);
    if (!cycle) throw new AppError('not_found', 'Không tìm thấy kỳ đánh giá');
    requireNotLocked(cycle);
    if (cycle.state !== 'second_review') throw new AppError('conflict', `Chỉ chốt kết quả sau thẩm định lại; kỳ đang ở "${STATE_LABELS[cycle.state]}"`);
    const added = await materializeFinal(trx, cycle, actor.userId);
    await repo.setCycleState(trx, id, 'finalized', { lockedAt: now });
    await recordAudit(trx, actor, { action: 'cycles.finalize', entity: 'cycle', entityId: id, before: { state: cycle.state, locked: false }, after: { state: 'finalized', locked: true, finalRowsAdded: added } });
  });
}

async function materializeFinal(db: Db, cycle: repo.CycleRow, by: number | null): Promise<number> {
  const units = (await repo.listCycleUnits(db, cycle.id)).filter((u) => u.status === 'submitted');
  const frameworks = new Map((await repo.cycleFrameworks(db, cycle.id)).map((f) => [f.id, f.tree as Framework]));
  const rows = await repo.listScores(db, cycle.id);
  const byUnit = new Map<number, Map<string, Partial<Record<repo.ScoreRecord['stage'], repo.ScoreRecord>>>>();
  for (const r of rows) {
    const u = byUnit.get(r.unit_id) ?? new Map();
    byUnit.set(r.unit_id, u);
    u.set(r.item_code, { ...(u.get(r.item_code) ?? {}), [r.stage]: r });
  }
  const out: repo.BulkScore[] = [];
  for (const [fwId, framework] of frameworks) {
    const mine = units.filter((u) => u.framework_id === fwId);
    const feeds = await feedValues(db, cycle.year, framework, mine.map((u) => u.code));
    for (const u of mine) {
      for (const { leaf } of flattenLeaves(framework)) {
        const m = byUnit.get(u.unit_id)?.get(leaf.code) ?? {};
        if (isDeclared(m.final)) continue;
        if (isFedLeaf(leaf)) {
          const fed = feeds.get(u.code)?.get(leaf.code);
          const stored = [m.explained, m.appraised].find(isDeclared);
          if (stored) out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'final', value: stored.value, points: stored.points, na: stored.na, note: stored.note });
          else if (fed) out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'final', value: String(fed.value), points: null, na: false, note: fed.provenance });
          continue;
        }
        const src = [m.explained, m.appraised, m.self].find(isDeclared);
        if (src) out.push({ unit_id: u.unit_id, item_code: leaf.code, stage: 'final', value: src.value, points: src.points, na: src.na, note: null });
      }
    }
  }
  await repo.bulkInsertScores(db, cycle.id, out, by);
  return out.length;
}

export function presentCycleRow(c: repo.CycleRow) {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: c.id,
    name: c.name,
    year: c.year,
    state: c.state,
    stateLabel: STATE_LABELS[c.state],
    allowNewEvidenceInExplanation: c.allow_new_evidence,
    timeline: {
      selfOpensAt: iso(c.self_opens_at)!,
      selfClosesAt: iso(c.self_closes_at)!,
      appraisalClosesAt: iso(c.appraisal_closes_at)!,
      explanationOpensAt: iso(c.explanation_opens_at)!,
      explanationClosesAt: iso(c.explanation_closes_at)!,
      secondReviewClosesAt: iso(c.second_review_closes_at)!,
      publicationAt: iso(c.publication_at)!,
    },
    releasedAt: iso(c.released_at),
    lockedAt: iso(c.locked_at),
    publishedAt: iso(c.published_at),
    locked: c.locked_at !== null,
    isDemo: c.is_demo,
  };
}

/** Cycles are listed to anyone who reads results somewhere; a unit sees only cycles it is assessed in. */
export async function listCycles(db: Db, actor: Actor) {
  const scope = unitScope(actor, Permission.ResultsRead);
  const cycles = await repo.listCycles(db);
  if (scope === 'all' || isOffice(actor)) return cycles;
  const mine = await db.selectFrom('cycle_units').select('cycle_id').where('unit_id', 'in', scope.size ? [...scope] : [-1]).distinct().execute();
  const ids = new Set(mine.map((m) => m.cycle_id));
  return cycles.filter((c) => ids.has(c.id));
}

export async function getCycle(db: Db, actor: Actor, id: number) {
  const scope = unitScope(actor, Permission.ResultsRead);
  const cycle = await loadCycle(db, id);
  const units = await repo.listCycleUnits(db, id);
  if (scope !== 'all' && !isOffice(actor) && !units.some((u) => isOwnUnit(actor, u.unit_id) || scope.has(u.unit_id))) {
    throw new AppError('not_found', 'Không tìm thấy kỳ đánh giá');
  }
  const frameworks = await repo.cycleFrameworks(db, id);
  return {
    ...presentCycleRow(cycle),
    frameworks: frameworks.map((f) => ({ unitGroup: f.unit_group, frameworkId: f.id, code: f.code, leafCount: flattenLeaves(f.tree as Framework).length })),
    unitCount: units.length,
    submittedCount: units.filter((u) => u.status === 'submitted').length,
  };
}
