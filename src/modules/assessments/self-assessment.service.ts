// The unit's own work: autosave per leaf, submit, withdraw and resubmit before the deadline, progress.
import type { AppContext } from '../../app-context';
import type { Db } from '../../db/database';
import { flattenLeaves } from '../../domain/framework/tree';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit.repository';
import type { Actor } from '../identity/access';
import { Permission } from '../identity/permissions';
import {
  type UnitContext,
  canSeeAppraisal,
  canSeeSelf,
  isFedLeaf,
  isOwnUnit,
  isOffice,
  loadUnitContext,
  requireLeaf,
} from './assessment-access';
import * as repo from './assessments.repository';
import { nowOf } from './clock';
import { requirePhase } from './cycle-windows';
import { type DeclarationInput, checkDeclaration, isDeclared, pointsOf } from './declarations';

/** Leaves the unit declares itself (survey and data leaves are fed) and how many of them are declared. */
export function progressOf(c: Pick<UnitContext, 'framework'>, selfRows: readonly repo.ScoreRecord[]) {
  const declared = new Set(selfRows.filter((r) => r.stage === 'self' && isDeclared(r)).map((r) => r.item_code));
  const own = flattenLeaves(c.framework).filter((l) => !isFedLeaf(l.leaf));
  return { done: own.filter((l) => declared.has(l.leaf.code)).length, total: own.length };
}

export function scoreKey(cycleId: number, unitId: number, itemCode: string, stage: string) {
  return `${cycleId}:${unitId}:${itemCode}:${stage}`;
}

/** Where an actor may look at a unit's assessment: its own roles, or office roles (narrowed by status). */
function requireVisible(actor: Actor, c: UnitContext) {
  if (!isOwnUnit(actor, c.unit.unit_id) && !isOffice(actor)) throw new AppError('not_found', 'Không tìm thấy hồ sơ tự đánh giá');
}

/** The whole assessment of one unit as the actor may see it: drafts only for the unit, adjustments once released. */
export async function getAssessment(ctx: AppContext, actor: Actor, cycleId: number, unitId: number) {
  const c = await loadUnitContext(ctx.db, actor, cycleId, unitId, Permission.AssessmentRead);
  requireVisible(actor, c);
  const rows = await repo.listScores(ctx.db, cycleId, unitId);
  const files = await repo.listFiles(ctx.db, cycleId, unitId);
  const seeSelf = canSeeSelf(actor, c);
  const seeAppraisal = canSeeAppraisal(actor, c);
  const byLeaf = new Map<string, Partial<Record<repo.ScoreRecord['stage'], repo.ScoreRecord>>>();
  for (const r of rows) byLeaf.set(r.item_code, { ...(byLeaf.get(r.item_code) ?? {}), [r.stage]: r });
  const stageDto = (leafCode: string, r: repo.ScoreRecord | undefined) =>
    r ? { value: r.value, points: r.points === null ? null : Number(r.points), na: r.na, note: r.note, computedPoints: pointsOf(c.leaves.get(leafCode)!, r) } : null;
  const leaves = flattenLeaves(c.framework).map(({ leaf, areaCode, ancestors }) => {
    const m = byLeaf.get(leaf.code) ?? {};
    const selfPts = pointsOf(leaf, m.self);
    const apprPts = pointsOf(leaf, m.appraised);
    return {
      code: leaf.code,
      title: leaf.title,
      areaCode,
      ancestors,
      maxPoints: leaf.maxPoints,
      rule: leaf.rule as unknown as Record<string, unknown>,
      evidenceRequired: leaf.evidenceRequired === true,
      allowNotApplicable: leaf.allowNotApplicable === true,
      fed: isFedLeaf(leaf),
      self: seeSelf ? stageDto(leaf.code, m.self) : null,
      appraised: seeAppraisal ? stageDto(leaf.code, m.appraised) : null,
      explained: seeAppraisal ? stageDto(leaf.code, m.explained) : null,
      final: seeAppraisal ? stageDto(leaf.code, m.final) : null,
      adjusted: seeAppraisal && m.appraised !== undefined && (apprPts !== selfPts || m.appraised.na !== (m.self?.na ?? false)),
      files: files
        .filter((f) => f.item_code === leaf.code && ((f.stage === 'appraised' ? seeAppraisal : seeSelf) || (f.stage === 'explained' && seeAppraisal)))
        .map(presentFile),
    };
  });
  return {
    cycle: { id: c.cycle.id, name: c.cycle.name, year: c.cycle.year, state: c.cycle.state, released: c.cycle.released_at !== null, locked: c.cycle.locked_at !== null },
    unit: { id: c.unit.unit_id, code: c.unit.code, name: c.unit.name, group: c.unit.group_code },
    status: c.unit.status,
    submittedAt: c.unit.submitted_at ? new Date(c.unit.submitted_at).toISOString() : null,
    framework: { code: c.framework.code, name: c.framework.name, bands: c.framework.bands, areas: c.framework.items.map((a) => ({ code: a.code, title: a.title })) },
    contentVisible: seeSelf,
    progress: progressOf(c, rows),
    leaves,
  };
}

export function presentFile(f: { id: number; item_code: string; stage: string; original_name: string; mime: string; size_bytes: number; uploaded_at: Date | string }) {
  return { id: f.id, itemCode: f.item_code, stage: f.stage, name: f.original_name, mime: f.mime, size: Number(f.size_bytes), uploadedAt: new Date(f.uploaded_at).toISOString() };
}

function requireOwnEditor(actor: Actor, c: UnitContext) {
  if (!isOwnUnit(actor, c.unit.unit_id)) throw new AppError('forbidden', 'Chỉ cán bộ của chính đơn vị được sửa hồ sơ tự đánh giá');
}

/** Autosave of one leaf (PUT per leaf): value checked by the engine, explanation kept, audit before → after. */
export async function saveSelf(ctx: AppContext, actor: Actor, cycleId: number, unitId: number, itemCode: string, body: DeclarationInput & { explanation?: string | null }) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadUnitContext(trx, actor, cycleId, unitId, Permission.AssessmentEdit);
    requireOwnEditor(actor, c);
    requirePhase(c.cycle, 'self', nowOf(ctx));
    const leaf = requireLeaf(c, itemCode);
    if (c.unit.status === 'submitted') throw new AppError('conflict', 'Hồ sơ đã nộp; hãy rút lại hồ sơ trước khi sửa');
    if (isFedLeaf(leaf)) {
      throw new AppError('validation', `Tiêu chí "${leaf.code}" lấy điểm từ ${leaf.rule.type === 'survey' ? 'kết quả khảo sát' : 'dữ liệu một cửa'}, đơn vị không tự chấm`);
    }
    const decl = checkDeclaration(leaf, body, { anyPoints: false });
    const before = await repo.findScore(trx, cycleId, unitId, itemCode, 'self');
    const note = body.explanation === undefined ? (before?.note ?? null) : body.explanation?.trim() || null;
    await repo.upsertScore(trx, { cycleId, unitId, itemCode, stage: 'self', ...decl, note, by: actor.userId });
    await recordAudit(trx, actor, {
      action: 'assessment.self.save',
      entity: 'assessment_score',
      entityId: scoreKey(cycleId, unitId, itemCode, 'self'),
      unitId,
      before: before ? { value: before.value, points: before.points, na: before.na, note: before.note } : null,
      after: { ...decl, note },
    });
    return { itemCode, ...decl, note, computedPoints: pointsOf(leaf, { item_code: itemCode, ...decl, note }) };
  });
}

/** The head submits: every own leaf declared, every evidence-required leaf with a file or an explanation. */
export async function submit(ctx: AppContext, actor: Actor, cycleId: number, unitId: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadUnitContext(trx, actor, cycleId, unitId, Permission.AssessmentSubmit);
    requireOwnEditor(actor, c);
    const now = nowOf(ctx);
    requirePhase(c.cycle, 'self', now);
    if (c.unit.status === 'submitted') throw new AppError('conflict', 'Hồ sơ đã được nộp');
    const rows = (await repo.listScores(trx, cycleId, unitId)).filter((r) => r.stage === 'self');
    const files = await repo.listFiles(trx, cycleId, unitId);
    const byCode = new Map(rows.map((r) => [r.item_code, r]));
    const problems: { itemCode: string; message: string }[] = [];
    for (const { leaf } of flattenLeaves(c.framework)) {
      if (isFedLeaf(leaf)) continue;
      const r = byCode.get(leaf.code);
      if (!isDeclared(r)) {
        problems.push({ itemCode: leaf.code, message: `Tiêu chí "${leaf.code}" chưa khai báo số liệu hoặc không áp dụng` });
        continue;
      }
      const hasFile = files.some((f) => f.item_code === leaf.code && f.stage === 'self');
      if (leaf.evidenceRequired && !r!.na && !hasFile && !(r!.note ?? '').trim()) {
        problems.push({ itemCode: leaf.code, message: `Tiêu chí "${leaf.code}" cần tài liệu kiểm chứng hoặc giải trình bằng văn bản` });
      }
    }
    if (problems.length > 0) {
      const head = problems.slice(0, 5).map((p) => p.message).join('; ');
      throw new AppError('validation', `Chưa thể nộp hồ sơ: ${head}${problems.length > 5 ? ` … (${problems.length} tiêu chí)` : ''}`, problems);
    }
    await repo.setCycleUnitStatus(trx, cycleId, unitId, 'submitted', actor.userId, now);
    await recordAudit(trx, actor, { action: 'assessment.submit', entity: 'cycle_unit', entityId: `${cycleId}:${unitId}`, unitId, before: { status: 'draft' }, after: { status: 'submitted' } });
    return { status: 'submitted' as const, submittedAt: now.toISOString() };
  });
}

export async function withdraw(ctx: AppContext, actor: Actor, cycleId: number, unitId: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadUnitContext(trx, actor, cycleId, unitId, Permission.AssessmentSubmit);
    requireOwnEditor(actor, c);
    requirePhase(c.cycle, 'self', nowOf(ctx));
    if (c.unit.status !== 'submitted') throw new AppError('conflict', 'Hồ sơ chưa nộp nên không có gì để rút');
    await repo.setCycleUnitStatus(trx, cycleId, unitId, 'draft', null, null);
    await recordAudit(trx, actor, { action: 'assessment.withdraw', entity: 'cycle_unit', entityId: `${cycleId}:${unitId}`, unitId, before: { status: 'submitted' }, after: { status: 'draft' } });
    return { status: 'draft' as const, submittedAt: null };
  });
}

/** Progress of every unit the actor may see: office roles the whole cycle, a unit its own row. */
export async function progress(db: Db, actor: Actor, cycleId: number) {
  const office = isOffice(actor);
  const units = await repo.listCycleUnits(db, cycleId);
  const visible = units.filter((u) => office || isOwnUnit(actor, u.unit_id));
  const frameworks = new Map((await repo.cycleFrameworks(db, cycleId)).map((f) => [f.id, f.tree as UnitContext['framework']]));
  const rows = await repo.listScores(db, cycleId);
  const selfByUnit = new Map<number, repo.ScoreRecord[]>();
  for (const r of rows) {
    if (r.stage !== 'self') continue;
    const list = selfByUnit.get(r.unit_id);
    if (list) list.push(r);
    else selfByUnit.set(r.unit_id, [r]);
  }
  return visible.map((u) => ({
    unitId: u.unit_id,
    unitCode: u.code,
    unitName: u.name,
    group: u.group_code,
    status: u.status,
    submittedAt: u.submitted_at ? new Date(u.submitted_at).toISOString() : null,
    ...progressOf({ framework: frameworks.get(u.framework_id)! }, selfByUnit.get(u.unit_id) ?? []),
  }));
}
