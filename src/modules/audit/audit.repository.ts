import type { Db } from '../../db/database';
import type { Actor } from '../identity/access';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one row; the table's trigger refuses UPDATE and DELETE, so history cannot be rewritten. */
export async function recordAudit(db: Db, actor: Pick<Actor, 'userId' | 'username' | 'ip'> | null, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: actor?.userId ?? null,
      actor_name: actor?.username ?? 'system',
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      unit_id: e.unitId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ip: actor?.ip ?? null,
    })
    .execute();
}

export async function listAudit(db: Db, filter: { entity?: string; entityId?: string; unitId?: number; limit: number; beforeId?: number }) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}
