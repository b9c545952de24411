import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { UnitRow } from '../../formats/units.format';
import type { UnitScope } from '../identity/access';

export async function listUnits(db: Db, scope: UnitScope) {
  let q = db
    .selectFrom('units')
    .leftJoin('units as p', 'p.id', 'units.parent_id')
    .select([
      'units.id',
      'units.code',
      'units.name',
      'units.group_code',
      'units.parent_id',
      'p.code as parent_code',
      'units.valid_from',
      'units.valid_to',
      'units.is_demo',
    ])
    .orderBy('units.code');
  if (scope !== 'all') {
    if (scope.size === 0) return [];
    q = q.where('units.id', 'in', [...scope]);
  }
  return q.execute();
}

export function findUnitById(db: Db, id: number) {
  return db
    .selectFrom('units')
    .leftJoin('units as p', 'p.id', 'units.parent_id')
    .select(['units.id', 'units.code', 'units.name', 'units.group_code', 'units.parent_id', 'p.code as parent_code', 'units.valid_from', 'units.valid_to', 'units.is_demo'])
    .where('units.id', '=', id)
    .executeTakeFirst();
}

export function findUnitByCode(db: Db, code: string) {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function allLineageRows(db: Db) {
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'group_code', 'valid_from', 'valid_to']).execute();
  const edges = await db
    .selectFrom('unit_successors')
    .innerJoin('units as a', 'a.id', 'unit_successors.predecessor_id')
    .innerJoin('units as b', 'b.id', 'unit_successors.successor_id')
    .select(['a.code as from', 'b.code as to'])
    .execute();
  return { units, edges };
}

export async function codeParentMap(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('units').leftJoin('units as p', 'p.id', 'units.parent_id').select(['units.code', 'p.code as parent_code']).execute();
  return new Map(rows.map((r) => [r.code, r.parent_code]));
}

export async function ensureGroups(db: Db, groups: string[]) {
  for (const g of new Set(groups)) {
    await db.insertInto('unit_groups').values({ code: g, name: g }).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
}

/** Upserts units by code in two passes (rows first, then parents and successors that may point forward). */
export async function upsertUnits(db: Db, rows: UnitRow[], isDemo = false): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (const r of rows) {
    const res = await db
      .insertInto('units')
      .values({ code: r.code, name: r.name, group_code: r.group, valid_from: r.validFrom, valid_to: r.validTo, is_demo: isDemo })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: r.name, group_code: r.group, valid_from: r.validFrom, valid_to: r.validTo }),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow();
    if (res.inserted) inserted++;
    else updated++;
  }
  const ids = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  for (const r of rows) {
    const id = ids.get(r.code)!;
    await db.updateTable('units').set({ parent_id: r.parentCode ? ids.get(r.parentCode)! : null }).where('id', '=', id).execute();
    await db.deleteFrom('unit_successors').where('predecessor_id', '=', id).execute();
    for (const s of r.successors) {
      await db.insertInto('unit_successors').values({ predecessor_id: id, successor_id: ids.get(s)! }).execute();
    }
  }
  return { inserted, updated };
}

export function countUnits(db: Db) {
  return db.selectFrom('units').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
}
