// The office's side: the queue of submitted units, appraisal per leaf (confirm or adjust), the unit's
// explanation of each adjusted leaf, and the second review that sets the final score.
import type { AppContext } from '../../app-context';
import type { Db } from '../../db/database';
import { flattenLeaves } from '../../domain/framework/tree';
import type { Framework } from '../../domain/framework/types';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, requireAccess } from '../identity/access';
import { Permission } from '../identity/permissions';
import { type UnitContext, isFedLeaf, isOwnUnit, loadCycle, loadUnitContext, requireLeaf } from './assessment-access';
import * as repo from './assessments.repository';
import type { DbStage } from './assessments.tables';
import { nowOf } from './clock';
import { requirePhase } from './cycle-windows';
import { type DeclarationInput, type StoredDeclaration, checkDeclaration, isDeclared, pointsOf } from './declarations';
import { scoreKey } from './self-assessment.service';

export async function queue(db: Db, actor: Actor, cycleId: number) {
  requireAccess(actor, Permission.AssessmentAppraise);
  await loadCycle(db, cycleId);
  const units = (await repo.listCycleUnits(db, cycleId)).filter((u) => u.status === 'submitted');
  const frameworks = new Map((await repo.cycleFrameworks(db, cycleId)).map((f) => [f.id, f.tree as Framework]));
  const rows = await repo.listScores(db, cycleId);
  const reviewed = new Map<number, Set<string>>();
  for (const r of rows) {
    if (r.stage !== 'appraised') continue;
    const s = reviewed.get(r.unit_id) ?? new Set<string>();
    s.add(r.item_code);
    reviewed.set(r.unit_id, s);
  }
  return units
    .map((u) => ({
      unitId: u.unit_id,
      unitCode: u.code,
      unitName: u.name,
      group: u.group_code,
      submittedAt: u.submitted_at ? new Date(u.submitted_at).toISOString() : null,
      reviewed: reviewed.get(u.unit_id)?.size ?? 0,
      total: flattenLeaves(frameworks.get(u.framework_id)!).filter((l) => !isFedLeaf(l.leaf)).length,
    }))
    .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') || a.unitCode.localeCompare(b.unitCode));
}

async function writeStage(
  db: Db,
  actor: Actor,
  c: UnitContext,
  itemCode: string,
  stage: DbStage,
  decl: StoredDeclaration,
  note: string | null,
  action: string,
) {
  const before = await repo.findScore(db, c.cycle.id, c.unit.unit_id, itemCode, stage);
  await repo.upsertScore(db, { cycleId: c.cycle.id, unitId: c.unit.unit_id, itemCode, stage, ...decl, note, by: actor.userId });
  await recordAudit(db, actor, {
    action,
    entity: 'assessment_score',
    entityId: scoreKey(c.cycle.id, c.unit.unit_id, itemCode, stage),
    unitId: c.unit.unit_id,
    before: before ? { value: before.value, points: before.points, na: before.na, note: before.note } : null,
    after: { ...decl, note },
  });
  return { itemCode, stage, ...decl, note, computedPoints: pointsOf(c.leaves.get(itemCode)!, { item_code: itemCode, ...decl, note }) };
}

const declOf = (r: { value: string | null; points: number | null; na: boolean }): StoredDeclaration => ({
  value: r.value,
  points: r.points === null ? null : Number(r.points),
  na: r.na,
});

/** Appraisal of one leaf: confirm the self-score or adjust it (with a comment). Writes only the appraised stage. */
export async function appraise(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  unitId: number,
  itemCode: string,
  body: DeclarationInput & { action: 'confirm' | 'adjust'; comment?: string | null },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadUnitContext(trx, actor, cycleId, unitId, Permission.AssessmentAppraise);
    requirePhase(c.cycle, 'appraisal', nowOf(ctx));
    if (c.unit.status !== 'submitted') throw new AppError('conflict', 'Đơn vị chưa nộp hồ sơ tự đánh giá');
    const leaf = requireLeaf(c, itemCode);
    if (isFedLeaf(leaf)) throw new AppError('validation', `Tiêu chí "${leaf.code}" lấy điểm từ dữ liệu/khảo sát, không thẩm định thủ công`);
    const comment = body.comment?.trim() || null;
    let decl: StoredDeclaration;
    if (body.action === 'confirm') {
      const self = await repo.findScore(trx, cycleId, unitId, itemCode, 'self');
      if (!isDeclared(self)) throw new AppError('validation', `Tiêu chí "${leaf.code}": đơn vị chưa tự chấm, không có gì để xác nhận`);
      decl = declOf(self!);
    } else {
      if (!comment) throw new AppError('validation', `Tiêu chí "${leaf.code}": cần ghi nhận xét khi điều chỉnh điểm`);
      decl = checkDeclaration(leaf, body, { anyPoints: true });
      if (!decl.na && decl.value === null && decl.points === null) throw new AppError('validation', `Tiêu chí "${leaf.code}": cần số liệu hoặc điểm điều chỉnh`);
    }
    return writeStage(trx, actor, c, itemCode, 'appraised', decl, comment, `assessment.appraise.${body.action}`);
  });
}

/** The unit answers an adjusted leaf before the explanation deadline; it may propose a score up or down. */
export async function explain(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  unitId: number,
  itemCode: string,
  body: DeclarationInput & { text: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadUnitContext(trx, actor, cycleId, unitId, Permission.AssessmentExplain);
    if (!isOwnUnit(actor, unitId)) throw new AppError('forbidden', 'Chỉ chính đơn vị được giải trình');
    requirePhase(c.cycle, 'explanation', nowOf(ctx));
    const leaf = requireLeaf(c, itemCode);
    const appraised = await repo.findScore(trx, cycleId, unitId, itemCode, 'appraised');
    const self = await repo.findScore(trx, cycleId, unitId, itemCode, 'self');
    const adjusted = !!appraised && (pointsOf(leaf, { item_code: itemCode, ...declOf(appraised), note: null }) !== pointsOf(leaf, self ? { item_code: itemCode, ...declOf(self), note: null } : undefined) || appraised.na !== (self?.na ?? false));
    if (!adjusted) throw new AppError('conflict', `Tiêu chí "${leaf.code}" không bị điều chỉnh khi thẩm định nên không cần giải trình`);
    const text = body.text.trim();
    if (!text) throw new AppError('validation', `Tiêu chí "${leaf.code}": cần nội dung giải trình`);
    const decl = checkDeclaration(leaf, body, { anyPoints: false });
    return writeStage(trx, actor, c, itemCode, 'explained', decl, text, 'assessment.explain');
  });
}

/** Second review: accept the explanation, keep the appraisal, or set another score — the final stage. */
export async function review(
  ctx: AppContext,
  actor: Actor,
  cycleId: number,
  unitId: number,
  itemCode: string,
  body: DeclarationInput & { action: 'accept' | 'keep' | 'set'; comment?: string | null },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadUnitContext(trx, actor, cycleId, unitId, Permission.AssessmentAppraise);
    requirePhase(c.cycle, 'second_review', nowOf(ctx));
    if (c.unit.status !== 'submitted') throw new AppError('conflict', 'Đơn vị chưa nộp hồ sơ tự đánh giá');
    const leaf = requireLeaf(c, itemCode);
    const comment = body.comment?.trim() || null;
    let decl: StoredDeclaration;
    if (body.action === 'set') {
      if (!comment) throw new AppError('validation', `Tiêu chí "${leaf.code}": cần ghi nhận xét khi đặt điểm cuối cùng`);
      decl = checkDeclaration(leaf, body, { anyPoints: true });
      if (!decl.na && decl.value === null && decl.points === null) throw new AppError('validation', `Tiêu chí "${leaf.code}": cần số liệu hoặc điểm`);
    } else {
      const src = await repo.findScore(trx, cycleId, unitId, itemCode, body.action === 'accept' ? 'explained' : 'appraised');
      const usable = body.action === 'accept' && !isDeclared(src) ? await repo.findScore(trx, cycleId, unitId, itemCode, 'appraised') : src;
      if (!isDeclared(usable)) throw new AppError('validation', `Tiêu chí "${leaf.code}": không có điểm ${body.action === 'accept' ? 'giải trình' : 'thẩm định'} để giữ`);
      decl = declOf(usable!);
    }
    return writeStage(trx, actor, c, itemCode, 'final', decl, comment, `assessment.review.${body.action}`);
  });
}
