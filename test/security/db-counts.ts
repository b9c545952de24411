// Row counts of every table: "nothing written" means this snapshot is unchanged.
import { sql } from 'kysely';
import type { Db } from '../../src/db/database';

const IGNORED = new Set(['sessions', 'login_attempts', 'kysely_migration', 'kysely_migration_lock']);

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    if (IGNORED.has(table_name)) continue;
    // A refused import leaves its job marked `failed` (the web app shows why); only other jobs are data.
    const r =
      table_name === 'onestop_import_jobs'
        ? await sql<{ n: unknown }>`select count(*) as n from onestop_import_jobs where status <> 'failed'`.execute(db)
        : await sql<{ n: unknown }>`select count(*) as n from ${sql.table(table_name)}`.execute(db);
    out[table_name] = Number(r.rows[0].n);
  }
  return out;
}
