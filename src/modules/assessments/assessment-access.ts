// Who may see and change what in a cycle. A unit's unsubmitted work belongs to that unit alone: office roles
// see only its progress until the head submits; appraisal results reach the unit only once released.
import type { Db } from '../../db/database';
import type { Framework, LeafItem } from '../../domain/framework/types';
import { indexItems } from '../../domain/framework/tree';
import { isGroup } from '../../domain/framework/types';
import { AppError } from '../../errors';
import { type Actor, canAccess, requireAccess } from '../identity/access';
import { type Permission, Permission as P, UNIT_BOUND_ROLES } from '../identity/permissions';
import * as repo from './assessments.repository';

/** The actor holds a unit-bound role (focal point, head) on this very unit. */
export function isOwnUnit(actor: Actor, unitId: number): boolean {
  return actor.grants.some((g) => UNIT_BOUND_ROLES.includes(g.role) && g.unitIds?.has(unitId));
}

/** The actor reads assessments province-wide (reform office, appraisers, council). */
export function isOffice(actor: Actor): boolean {
  return canAccess(actor, P.AssessmentRead, null);
}

export interface UnitContext {
  cycle: repo.CycleRow;
  unit: repo.CycleUnitRow;
  framework: Framework;
  leaves: Map<string, LeafItem>;
}

export async function loadCycle(db: Db, cycleId: number) {
  const cycle = await repo.findCycle(db, cycleId);
  if (!cycle) throw new AppError('not_found', 'Không tìm thấy kỳ đánh giá');
  return cycle;
}

/**
 * Loads the cycle, the unit's place in it and its framework, after checking `permission` on the unit.
 * A unit not in the cycle, or one the actor may not see, answers 404 (existence is not revealed).
 */
export async function loadUnitContext(db: Db, actor: Actor, cycleId: number, unitId: number, permission: Permission): Promise<UnitContext> {
  requireAccess(actor, permission, unitId);
  const cycle = await loadCycle(db, cycleId);
  const unit = await repo.findCycleUnit(db, cycleId, unitId);
  if (!unit) throw new AppError('not_found', 'Đơn vị không thuộc kỳ đánh giá này');
  const fw = (await repo.cycleFrameworks(db, cycleId)).find((f) => f.id === unit.framework_id);
  if (!fw) throw new AppError('not_found', 'Không tìm thấy bộ chỉ số của đơn vị');
  const framework = fw.tree as Framework;
  const leaves = new Map<string, LeafItem>();
  for (const [code, item] of indexItems(framework)) if (!isGroup(item)) leaves.set(code, item);
  return { cycle, unit, framework, leaves };
}

/** Self-assessment content: the unit's own roles always, office roles once submitted, nobody else. */
export function canSeeSelf(actor: Actor, c: UnitContext): boolean {
  return isOwnUnit(actor, c.unit.unit_id) || (isOffice(actor) && c.unit.status === 'submitted');
}

/** Appraisal, explanation and final scores: office roles always, the unit once the round is released. */
export function canSeeAppraisal(actor: Actor, c: UnitContext): boolean {
  return isOffice(actor) || (isOwnUnit(actor, c.unit.unit_id) && c.cycle.released_at !== null);
}

export function requireLeaf(c: UnitContext, itemCode: string): LeafItem {
  const leaf = c.leaves.get(itemCode);
  if (!leaf) throw new AppError('not_found', `Tiêu chí "${itemCode}" không có trong bộ chỉ số ${c.framework.code}`);
  return leaf;
}

/** Survey and data leaves are fed by those capabilities, never typed in. */
export function isFedLeaf(leaf: LeafItem): boolean {
  return leaf.rule.type === 'survey' || leaf.rule.type === 'data';
}
