// The one guard every service function calls before it reads or changes anything.
import { AppError } from '../../errors';
import { type Permission, ROLE_PERMISSIONS, type Role } from './permissions';

export interface ResolvedGrant {
  role: Role;
  /** null = every unit of the province; otherwise the unit ids this grant covers. */
  unitIds: ReadonlySet<number> | null;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  sessionId: string;
  ip: string;
  grants: readonly ResolvedGrant[];
}

export type UnitScope = 'all' | ReadonlySet<number>;

export function canAccess(actor: Actor | null | undefined, permission: Permission, unitId?: number | null): boolean {
  if (!actor) return false;
  return actor.grants.some(
    (g) =>
      ROLE_PERMISSIONS[g.role].includes(permission) &&
      (g.unitIds === null || (unitId !== undefined && unitId !== null && g.unitIds.has(unitId))),
  );
}

/**
 * Throws 401 without an actor, 403 when no grant of the actor carries the permission for the unit.
 * Without a unit, the permission must be held province-wide (a unit-bound grant is not enough).
 */
export function requireAccess(actor: Actor | null | undefined, permission: Permission, unitId?: number | null): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Bạn cần đăng nhập');
  if (!canAccess(actor, permission, unitId)) throw new AppError('forbidden', 'Bạn không có quyền thực hiện thao tác này');
  return actor;
}

/** The set of units on which the actor holds a permission, for list queries. */
export function unitScope(actor: Actor | null | undefined, permission: Permission): UnitScope {
  if (!actor) throw new AppError('unauthenticated', 'Bạn cần đăng nhập');
  const ids = new Set<number>();
  let any = false;
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role].includes(permission)) continue;
    any = true;
    if (g.unitIds === null) return 'all';
    for (const id of g.unitIds) ids.add(id);
  }
  if (!any) throw new AppError('forbidden', 'Bạn không có quyền thực hiện thao tác này');
  return ids;
}

export function hasRole(actor: Actor | null | undefined, role: Role): boolean {
  return !!actor?.grants.some((g) => g.role === role);
}
