// A logical backup every engine can restore: each table's rows as JSON, in foreign-key order, gzip'd.
// Restore goes into an empty, migrated database (a fresh data folder or a new PostgreSQL database).
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from './database';

const CHUNK = 2000;
const SKIP = new Set(['kysely_migration', 'kysely_migration_lock', 'sessions', 'login_attempts']);
/**
 * Summaries that triggers keep from other tables (survey_cells from survey_responses, assessment_score_packs
 * from assessment_scores): restoring the base rows rebuilds them through those triggers, so they are neither
 * written nor read back — a copy restored beside the triggers' own would count every response twice.
 */
const DERIVED = new Set(['survey_cells', 'assessment_score_packs']);

async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
  ).rows.map((r) => r.name).filter((t) => !SKIP.has(t) && !DERIVED.has(t));
  const deps = (
    await sql<{ child: string; parent: string }>`
      select tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`.execute(db)
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const d of deps) if (d.child === t && d.parent !== t && tables.includes(d.parent)) visit(d.parent);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

async function primaryKeyOrder(db: Db, table: string): Promise<string> {
  const r = await sql<{ col: string }>`
    select a.attname as col from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary`.execute(db);
  return r.rows.map((x) => `"${x.col}"`).join(', ') || '1';
}

export async function backupTo(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file));
  const write = (obj: unknown) => new Promise<void>((res) => (gzip.write(`${JSON.stringify(obj)}\n`) ? res() : gzip.once('drain', res)));
  await write({ format: 'chiso-backup', version: 1, createdAt: new Date().toISOString(), migrations: migrations.rows.map((m) => m.name) });
  let rows = 0;
  const tables = await tablesInDependencyOrder(db);
  for (const t of tables) {
    const order = await primaryKeyOrder(db, t);
    for (let offset = 0; ; offset += CHUNK) {
      const r = await sql<{ j: unknown }>`select to_jsonb(x) as j from ${sql.table(t)} x order by ${sql.raw(order)} limit ${CHUNK} offset ${offset}`.execute(db);
      if (r.rows.length === 0) break;
      await write({ table: t, rows: r.rows.map((x) => x.j) });
      rows += r.rows.length;
      if (r.rows.length < CHUNK) break;
    }
  }
  await new Promise<void>((res, rej) => {
    out.on('finish', () => res());
    out.on('error', rej);
    gzip.end();
  });
  return { tables: tables.length, rows };
}

export async function restoreFrom(db: Db, file: string): Promise<{ rows: number }> {
  let header: { format?: string; migrations?: string[] } | null = null;
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(trx);
    const units = await sql<{ n: number }>`select count(*)::int as n from units`.execute(trx);
    if (users.rows[0].n > 0 || units.rows[0].n > 0) {
      throw new Error('Cơ sở dữ liệu đích không trống: hãy khôi phục vào một thư mục dữ liệu hoặc cơ sở dữ liệu mới');
    }
    // unit_groups has seed rows from the migration; the backup carries them all.
    await sql`delete from unit_groups`.execute(trx);
    const touched = new Set<string>();
    const locks: { id: unknown; locked_at: unknown }[] = [];
    // Created only now: readline drops lines emitted before its async iterator is first asked for.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const obj = JSON.parse(line);
      if (!header) {
        if (obj.format !== 'chiso-backup') throw new Error('Tệp không phải bản sao lưu ChiSo');
        header = obj;
        continue;
      }
      const table: string = obj.table;
      // a backup made before DERIVED was kept out (the triggers rebuild these)
      if (DERIVED.has(table)) continue;
      touched.add(table);
      // A locked cycle refuses every row of its own (database triggers): cycles come back unlocked, and
      // their locks are set again once everything else is in.
      const records: Record<string, unknown>[] = obj.rows;
      if (table === 'cycles') {
        for (const c of records) if (c.locked_at !== null && c.locked_at !== undefined) locks.push({ id: c.id, locked_at: c.locked_at });
      }
      const restored = table === 'cycles' ? records.map((c) => ({ ...c, locked_at: null })) : records;
      await sql`insert into ${sql.table(table)} overriding system value
        select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(restored)}::jsonb)`.execute(trx);
      rows += records.length;
    }
    if (!header) throw new Error('Tệp sao lưu rỗng');
    if (locks.length) {
      await sql`update cycles c set locked_at = (x->>'locked_at')::timestamptz
        from jsonb_array_elements(${JSON.stringify(locks)}::jsonb) x where c.id = (x->>'id')::bigint`.execute(trx);
    }
    // Identity columns continue after the restored ids.
    for (const t of touched) {
      const ids = await sql<{ col: string }>`select column_name as col from information_schema.columns
        where table_schema = 'public' and table_name = ${t} and is_identity = 'YES'`.execute(trx);
      for (const { col } of ids.rows) {
        await sql`select setval(pg_get_serial_sequence(${t}, ${col}), coalesce((select max(${sql.ref(col)}) from ${sql.table(t)}), 0) + 1, false)`.execute(trx);
      }
    }
  });
  return { rows };
}
