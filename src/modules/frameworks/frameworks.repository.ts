import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { Framework } from '../../domain/framework/types';

const SUMMARY = ['id', 'code', 'name', 'year', 'unit_group', 'source', 'status', 'cloned_from_id', 'is_demo', 'updated_at'] as const;

export function listFrameworks(db: Db, filter: { year?: number; unitGroup?: string }) {
  let q = db
    .selectFrom('frameworks')
    .select([...SUMMARY, 'tree'])
    .select((eb) => eb.selectFrom('cycle_frameworks').select(sql<number>`count(*)`.as('n')).whereRef('cycle_frameworks.framework_id', '=', 'frameworks.id').as('used_by'))
    .orderBy('year', 'desc')
    .orderBy('unit_group')
    .orderBy('code');
  if (filter.year !== undefined) q = q.where('year', '=', filter.year);
  if (filter.unitGroup !== undefined) q = q.where('unit_group', '=', filter.unitGroup);
  return q.execute();
}

export function findFramework(db: Db, id: number) {
  return db
    .selectFrom('frameworks')
    .select([...SUMMARY, 'tree'])
    .select((eb) => eb.selectFrom('cycle_frameworks').select(sql<number>`count(*)`.as('n')).whereRef('cycle_frameworks.framework_id', '=', 'frameworks.id').as('used_by'))
    .where('id', '=', id)
    .executeTakeFirst();
}
export type FrameworkRow = NonNullable<Awaited<ReturnType<typeof findFramework>>>;

export function findFrameworkByCode(db: Db, code: string) {
  return db.selectFrom('frameworks').select(['id']).where('code', '=', code).executeTakeFirst();
}

export async function insertFramework(db: Db, f: Framework, opts: { status?: 'draft' | 'published'; clonedFromId?: number | null; isDemo?: boolean } = {}) {
  const row = await db
    .insertInto('frameworks')
    .values({
      code: f.code,
      name: f.name,
      year: f.year,
      unit_group: f.unitGroup,
      source: f.source ?? null,
      tree: JSON.stringify(f),
      status: opts.status ?? 'draft',
      cloned_from_id: opts.clonedFromId ?? null,
      is_demo: opts.isDemo ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateFramework(db: Db, id: number, f: Framework) {
  await db
    .updateTable('frameworks')
    .set({ code: f.code, name: f.name, year: f.year, unit_group: f.unitGroup, source: f.source ?? null, tree: JSON.stringify(f), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setFrameworkStatus(db: Db, id: number, status: 'draft' | 'published') {
  await db.updateTable('frameworks').set({ status, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function unitGroupExists(db: Db, code: string) {
  return !!(await db.selectFrom('unit_groups').select('code').where('code', '=', code).executeTakeFirst());
}
