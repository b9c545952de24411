// All SQL of the one-stop feature. Indicator queries are GROUP BYs over the stored classification:
// the monthly summary for unit/period/channel, the dossiers themselves for procedure and sector.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database';
import type { CalendarEntry } from '../../domain/calendar/working-calendar';
import { MONTHLY_TALLY_COLUMNS, type MonthlyTallyRow } from '../../domain/onestop/monthly-tally';
import type { Procedure } from '../../domain/onestop/types';
import type { UnitScope } from '../identity/access';
import { type Granularity, periodSql } from './onestop.periods';

// ---------- calendar ----------
export function calendarEntries(db: Db) {
  return db.selectFrom('onestop_calendar').select(['date', 'kind', 'name', 'source']).orderBy('date').execute();
}

export async function replaceCalendarYears(db: Db, years: number[], entries: (CalendarEntry & { source: string })[]) {
  for (const y of years) {
    await db.deleteFrom('onestop_calendar').where('date', '>=', `${y}-01-01`).where('date', '<=', `${y}-12-31`).execute();
  }
  for (let i = 0; i < entries.length; i += 500) {
    await db.insertInto('onestop_calendar').values(entries.slice(i, i + 500)).execute();
  }
}

// ---------- units ----------
export function allUnits(db: Db) {
  return db.selectFrom('units').select(['id', 'code', 'name', 'group_code', 'valid_from', 'valid_to']).execute();
}

// ---------- procedures ----------
export async function upsertProcedures(db: Db, rows: Procedure[], importId: number): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const res = await db
      .insertInto('onestop_procedures')
      .values(
        rows.slice(i, i + 500).map((p) => ({
          code: p.code,
          name: p.name,
          sector: p.sector,
          level: p.level,
          processing_days: p.processingDays,
          processing_hours: p.processingHours,
          online_level: p.onlineLevel,
          fee_vnd: p.feeVnd,
          cut_percent: p.cutPercent,
          unit_code: p.unitCode,
          import_id: importId,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          sector: eb.ref('excluded.sector'),
          level: eb.ref('excluded.level'),
          processing_days: eb.ref('excluded.processing_days'),
          processing_hours: eb.ref('excluded.processing_hours'),
          online_level: eb.ref('excluded.online_level'),
          fee_vnd: eb.ref('excluded.fee_vnd'),
          cut_percent: eb.ref('excluded.cut_percent'),
          unit_code: eb.ref('excluded.unit_code'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: sql`now()`,
        })),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    inserted += res.filter((r) => r.inserted).length;
  }
  return { inserted, updated: rows.length - inserted };
}

export async function allProcedures(db: Db): Promise<Procedure[]> {
  const rows = await db.selectFrom('onestop_procedures').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    sector: r.sector,
    level: r.level,
    processingDays: r.processing_days,
    processingHours: r.processing_hours,
    onlineLevel: r.online_level,
    feeVnd: r.fee_vnd,
    cutPercent: r.cut_percent,
    unitCode: r.unit_code,
  }));
}

export async function resolvedByProcedure(db: Db, scope: UnitScope, fromYm: number, toYm: number): Promise<Map<string, number>> {
  if (scope !== 'all' && scope.size === 0) return new Map();
  const rows = await sql<{ procedure_code: string; n: number }>`
    select procedure_code, count(*)::int as n from onestop_dossiers
    where received and resolved_date is not null and received_ym between ${fromYm} and ${toYm} ${scopeFilter('unit_id', scope)}
    group by procedure_code`.execute(db);
  return new Map(rows.rows.map((r) => [r.procedure_code, Number(r.n)]));
}

// ---------- import jobs ----------
/** PostgreSQL text and jsonb refuse NUL; other control characters are noise in a name or message. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for
export const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');

export async function createJob(db: Db, kind: string, filename: string, userId: number | null, bytesTotal: number | null) {
  return db
    .insertInto('onestop_import_jobs')
    .values({ kind, filename: printable(filename), created_by: userId, bytes_total: bytesTotal })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function findJob(db: Db, id: number) {
  return db.selectFrom('onestop_import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listJobs(db: Db, limit: number) {
  return db.selectFrom('onestop_import_jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function updateJob(
  db: Db,
  id: number,
  patch: Partial<{ phase: string; rows_processed: number; bytes_received: number; status: 'running' | 'done' | 'failed'; inserted: number; updated: number; error_count: number; errors: string; summary: string; finished: boolean }>,
) {
  const { finished, ...rest } = patch;
  await db
    .updateTable('onestop_import_jobs')
    .set({ ...rest, ...(finished ? { finished_at: sql`now()` as unknown as string } : {}) })
    .where('id', '=', id)
    .execute();
}

export function latestDoneJob(db: Db, kind: string) {
  return db
    .selectFrom('onestop_import_jobs')
    .select(['id', 'finished_at', 'summary'])
    .where('kind', '=', kind)
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---------- dossier staging and merge ----------
/** Staging columns in COPY / INSERT order; the dossier table has the same minus row_no, plus import_id. */
export const STAGE_COLUMNS = [
  'row_no',
  'dossier_code',
  'procedure_code',
  'unit_id',
  'channel',
  'received_at',
  'due_at',
  'resolved_at',
  'returned_at',
  'status',
  'paused_days',
  'apology_at',
  'new_due_at',
  'paid_online',
  'digitized',
  'e_result',
  'rating',
  'received',
  'received_date',
  'received_ym',
  'resolved_date',
  'due_date',
  'due_computed',
  'outcome',
  'apology_ok',
] as const;
const DOSSIER_COLUMNS = STAGE_COLUMNS.slice(1);

export const stageTable = (jobId: number) => `onestop_stage_${Math.trunc(jobId)}`;

/**
 * Instants are staged as epoch seconds (every instant the dossier formats read is a whole second: quickInstant
 * and parseInstant drop fractions); the merge turns them into timestamptz. Seconds, not milliseconds: they
 * fit a small integer in node, whose text is several times cheaper to make than a 13-digit double's.
 */
const STAGE_INSTANTS = new Set(['received_at', 'due_at', 'resolved_at', 'returned_at', 'apology_at', 'new_due_at']);
const stageSelect = (alias: string) =>
  DOSSIER_COLUMNS.map((c) => (STAGE_INSTANTS.has(c) ? `timestamptz 'epoch' + ${alias}.${c} * interval '1 second'` : `${alias}.${c}`)).join(', ');

/** UNLOGGED: the staging rows are thrown away after the merge, so they need no WAL. */
export async function createStage(db: Db, jobId: number) {
  await sql
    .raw(
      `create unlogged table ${stageTable(jobId)} (
        row_no integer not null, dossier_code text not null, procedure_code text not null, unit_id bigint not null,
        channel text not null, received_at bigint, due_at bigint, resolved_at bigint, returned_at bigint,
        status smallint, paused_days integer not null, apology_at bigint, new_due_at bigint,
        paid_online boolean not null, digitized boolean not null, e_result boolean not null, rating smallint,
        received boolean not null, received_date date, received_ym integer, resolved_date date, due_date date,
        due_computed boolean not null, outcome text not null, apology_ok boolean not null)`,
    )
    .execute(db);
}

/** Jobs whose import had started (not only waiting for its upload) and never finished. */
export async function startedUnfinishedJobIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('onestop_import_jobs').select('id').where('status', '=', 'running').where('phase', '<>', 'waiting').execute();
  return rows.map((r) => r.id);
}

export async function dropStage(db: Db, jobId: number) {
  await sql.raw(`drop table if exists ${stageTable(jobId)} cascade`).execute(db);
}

/** Multi-row INSERT of staged rows (the embedded engine has no COPY FROM STDIN over this API). */
export async function insertStageRows(db: Db, jobId: number, rows: unknown[][]) {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${sql.join(r)})`));
  await sql`insert into ${sql.raw(stageTable(jobId))} (${sql.raw(STAGE_COLUMNS.join(','))}) values ${values}`.execute(db);
}

/** Rows whose dossier code appears more than once in the staged file, with every row number. */
export async function stageDuplicates(db: Db, jobId: number, limit: number) {
  const r = await sql<{ dossier_code: string; rows: number[] }>`
    select dossier_code, array_agg(row_no order by row_no) as rows from ${sql.raw(stageTable(jobId))}
    group by dossier_code having count(*) > 1 order by min(row_no) limit ${limit}`.execute(db);
  return r.rows;
}

/**
 * Upserts the staged dossiers on dossier_code and refreshes the monthly summary of every (unit, month)
 * the import touches — the months the dossiers move into and the months they leave. Run in a transaction.
 */
const affectedTable = (jobId: number) => sql.raw(`onestop_affected_${Math.trunc(jobId)}`);
/** The monthly counts of the batches that only added dossiers, summed as they merge. */
const deltaName = (jobId: number) => `onestop_delta_${Math.trunc(jobId)}`;
const deltaTable = (jobId: number) => sql.raw(deltaName(jobId));
const MONTHLY_COUNT_COLUMNS: readonly string[] = MONTHLY_TALLY_COLUMNS;
const MONTHLY_COLUMNS = sql.raw(['unit_id', 'ym', 'channel', ...MONTHLY_COUNT_COLUMNS].join(', '));
const addCounts = (target: string) => sql.raw(MONTHLY_COUNT_COLUMNS.map((c) => `${c} = ${target}.${c} + excluded.${c}`).join(', '));

/** One batch table of a job's stage on PostgreSQL: the first is the stage itself, the others inherit from it. */
export const stageBatchTable = (jobId: number, batch: number) => (batch === 0 ? stageTable(jobId) : `${stageTable(jobId)}_${Math.trunc(batch)}`);

/** DDL of a further batch table (run on the COPY connection); dropStage drops it with the stage (CASCADE). */
export const createStageBatchSql = (jobId: number, batch: number) => `create unlogged table ${stageBatchTable(jobId, batch)} () inherits (${stageTable(jobId)})`;

/**
 * Opens the merge of a job's staged dossiers, inside the caller's transaction: a temporary set of the
 * (unit, month) pairs whose summary the import changes, and memory for its sorts and hashes.
 */
export async function beginMerge(trx: Db, jobId: number) {
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`create temp table ${affectedTable(jobId)} (unit_id bigint not null, ym integer not null, primary key (unit_id, ym)) on commit drop`.execute(trx);
  await sql`create temp table ${deltaTable(jobId)} (like onestop_monthly including indexes) on commit drop`.execute(trx);
}

/**
 * Upserts the dossiers of one staged table (`only`: without the batch tables inheriting from it, holding
 * `stagedRows` rows) on dossier_code and notes the months they move into and the months they leave.
 * New codes are a plain insert (a fresh import needs nothing else); codes already there are updated,
 * after noting the months they leave. A code already written by this same job — a code repeated in the
 * file — is neither inserted nor updated, so `total` falls short of the staged rows.
 */
export async function mergeStageBatch(trx: Db, jobId: number, table: string, only: boolean, stagedRows: number): Promise<{ inserted: number; total: number }> {
  const from = sql.raw(`${only ? 'only ' : ''}${table}`);
  const affected = affectedTable(jobId);
  const job = sql.lit(Math.trunc(jobId));
  await sql`insert into ${affected} (unit_id, ym) select distinct unit_id, received_ym from ${from} where received on conflict do nothing`.execute(trx);
  const cols = sql.raw(DOSSIER_COLUMNS.join(','));
  const ins = await sql<{ n: number }>`
    with ins as (
      insert into onestop_dossiers (${cols}, import_id)
      select ${sql.raw(stageSelect('s'))}, ${job}::bigint from ${from} s
      on conflict (dossier_code) do nothing
      returning 1
    )
    select count(*)::int as n from ins`.execute(trx);
  const inserted = Number(ins.rows[0].n);
  if (inserted >= stagedRows) {
    // Only new dossiers: their counts add to the months as they are (finishMerge adds them up).
    const delta = deltaTable(jobId);
    await sql`insert into ${delta} (${MONTHLY_COLUMNS})
      select d.unit_id, d.received_ym, d.channel, ${MONTHLY_COUNTS} from ${from} d where d.received
      group by d.unit_id, d.received_ym, d.channel
      on conflict (unit_id, ym, channel) do update set ${addCounts(deltaName(jobId))}`.execute(trx);
    return { inserted, total: inserted };
  }
  await sql`insert into ${affected} (unit_id, ym)
    select distinct d.unit_id, d.received_ym from ${from} s join onestop_dossiers d on d.dossier_code = s.dossier_code
    where d.received and d.import_id <> ${job}
    on conflict do nothing`.execute(trx);
  const sets = sql.raw(
    DOSSIER_COLUMNS.filter((c) => c !== 'dossier_code')
      .map((c) => `${c} = ${STAGE_INSTANTS.has(c) ? `timestamptz 'epoch' + s.${c} * interval '1 second'` : `s.${c}`}`)
      .join(', '),
  );
  const upd = await sql`update onestop_dossiers d set ${sets}, import_id = ${job}
    from ${from} s where d.dossier_code = s.dossier_code and d.import_id <> ${job}`.execute(trx);
  return { inserted, total: inserted + Number(upd.numAffectedRows ?? 0) };
}

// ---------- bulk load (PostgreSQL, a file as large as the table or larger) ----------
// Maintaining the three indexes of onestop_dossiers row by row costs about three times the heap writes
// (1M rows: ~6–9 s against ~1.6 s for the heap alone), while building them once after the load takes
// ~1.6 s. So a first import of a real-sized export drops the indexes inside the merge transaction, appends
// the rows to the bare heap and builds the indexes again before the commit. DDL is transactional: a refused
// file (a code twice: the primary key build fails) rolls back to the old indexes and rows. The price: from
// the drop to the commit the table is locked (ACCESS EXCLUSIVE), so readers of onestop_dossiers (the
// indicators) wait for the import to finish instead of reading the old rows. Small monthly files into a
// big table keep the incremental upsert, which locks nothing but the rows it writes.

/** One index of onestop_dossiers as the catalog defines it; `constraintName` when it backs a constraint. */
export interface DossierIndexDef {
  name: string;
  indexDef: string;
  constraintName: string | null;
  constraintDef: string | null;
}

/** At most `limit + 1` rows counted: enough to compare the table with a file of `limit` rows. */
export async function dossierRowsUpTo(trx: Db, limit: number): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from (select 1 from onestop_dossiers limit ${Math.trunc(limit) + 1}) t`.execute(trx);
  return Number(r.rows[0].n);
}

/**
 * Locks onestop_dossiers, notes its indexes (and the constraints they back) and drops them, inside the
 * caller's transaction — all but the primary key and the partial indexes when `keepPrimaryKey` (an empty
 * table: a partial index of the open dossiers takes a few percent of the rows, cheaper kept up than built
 * by another scan of the heap); null (nothing dropped) when another table's foreign key needs the primary key.
 */
export async function dropDossierIndexes(trx: Db, keepPrimaryKey = false): Promise<DossierIndexDef[] | null> {
  await sql`lock table onestop_dossiers in access exclusive mode`.execute(trx);
  if (await dossiersReferenced(trx)) return null;
  const r = await sql<{ name: string; index_def: string; constraint_name: string | null; constraint_def: string | null }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as index_def, con.conname as constraint_name,
      pg_get_constraintdef(con.oid) as constraint_def
    from pg_index i join pg_class c on c.oid = i.indexrelid
    left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = i.indrelid
    where i.indrelid = 'onestop_dossiers'::regclass and ${keepPrimaryKey ? sql`not i.indisprimary and i.indpred is null` : sql`true`}
    order by i.indisprimary desc, c.relname`.execute(trx);
  const defs = r.rows.map((x) => ({ name: x.name, indexDef: x.index_def, constraintName: x.constraint_name, constraintDef: x.constraint_def }));
  for (const d of defs) {
    if (d.constraintName) await sql`alter table onestop_dossiers drop constraint ${sql.id(d.constraintName)}`.execute(trx);
    else await sql`drop index ${sql.id(d.name)}`.execute(trx);
  }
  return defs;
}

/**
 * Builds again the indexes dropDossierIndexes noted, with their very definitions (the primary key first:
 * a code twice fails it with 23505). Parallel workers and more memory for the sorts (this transaction only).
 */
export async function restoreDossierIndexes(trx: Db, defs: readonly DossierIndexDef[]): Promise<void> {
  await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
  for (const d of defs) {
    if (d.constraintName && d.constraintDef) {
      await sql`alter table onestop_dossiers add constraint ${sql.id(d.constraintName)} ${sql.raw(d.constraintDef)}`.execute(trx);
    } else await sql.raw(d.indexDef).execute(trx);
  }
}

/** The columns a bulk load COPYs into onestop_dossiers, in the order of its binary tuples. */
export const DOSSIER_TABLE_COLUMNS = [...DOSSIER_COLUMNS, 'import_id'] as const;

/** The COPY that streams a bulk load's tuples (pg-binary-copy.ts) straight into the table. */
export const bulkCopySql = () => `copy onestop_dossiers (${DOSSIER_TABLE_COLUMNS.join(', ')}) from stdin with (format binary)`;

/** Whether another table's foreign key needs onestop_dossiers' primary key (the bulk load then cannot drop it). */
export async function dossiersReferenced(db: Db): Promise<boolean> {
  const fk = await sql<{ n: number }>`select count(*)::int as n from pg_constraint where confrelid = 'onestop_dossiers'::regclass`.execute(db);
  return Number(fk.rows[0].n) > 0;
}

/** Bulk path: the monthly counts the import tallied while it read the file (MonthlyTally), into the job's delta. */
export async function insertMonthlyDelta(trx: Db, jobId: number, rows: readonly MonthlyTallyRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One statement of one array per column (unnest): thousands of rows bound one by one took longer than the counting.
  const counts = MONTHLY_COUNT_COLUMNS.map((_, i) => sql`${rows.map((r) => r.counts[i])}::int[]`);
  await sql`insert into ${deltaTable(jobId)} (${MONTHLY_COLUMNS})
    select * from unnest(${rows.map((r) => r.unitId)}::bigint[], ${rows.map((r) => r.ym)}::int[], ${rows.map((r) => r.channel)}::text[], ${sql.join(counts)})`.execute(trx);
}

/** Bulk path: of `codes`, those this job has written (a suspect held back whose code is there repeats it). */
export async function jobCodesAmong(trx: Db, jobId: number, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const r = await sql<{ dossier_code: string }>`
    select distinct dossier_code from onestop_dossiers where import_id = ${Math.trunc(jobId)} and dossier_code = any(${[...new Set(codes)]}::text[])`.execute(trx);
  return new Set(r.rows.map((x) => x.dossier_code));
}

/** Bulk path: the (unit, month) pairs of the summed counts — the months the new dossiers went into. */
export async function noteDeltaMonths(trx: Db, jobId: number): Promise<void> {
  await sql`insert into ${affectedTable(jobId)} (unit_id, ym) select distinct unit_id, ym from ${deltaTable(jobId)} on conflict do nothing`.execute(trx);
}

/**
 * Bulk path, the table not empty before: the stored dossiers whose code the file brings again (rows of
 * another job with a code this job wrote) give way to the file's rows (every column is replaced, as the upsert's update does), and the months they leave are
 * noted for the recount. Returns how many were replaced (the "updated" of the outcome).
 */
export async function replaceOlderDossiers(trx: Db, jobId: number): Promise<number> {
  const job = sql.lit(Math.trunc(jobId));
  const r = await sql<{ n: number }>`
    with gone as (
      delete from onestop_dossiers d using onestop_dossiers s
      where s.import_id = ${job} and d.dossier_code = s.dossier_code and d.import_id <> ${job}
      returning d.unit_id, d.received_ym, d.received
    ), noted as (
      insert into ${affectedTable(jobId)} (unit_id, ym) select distinct unit_id, received_ym from gone where received
      on conflict do nothing
    )
    select count(*)::int as n from gone`.execute(trx);
  return Number(r.rows[0].n);
}

/**
 * Brings the monthly summary of every (unit, month) the merge touched up to date; returns how many. When
 * the import only added dossiers (`onlyInserted`), their summed counts are added to the stored ones;
 * when it changed some, those months are recounted from the dossiers.
 */
export async function finishMerge(trx: Db, jobId: number, onlyInserted: boolean): Promise<number> {
  const affected = affectedTable(jobId);
  if (onlyInserted) {
    await sql`insert into onestop_monthly (${MONTHLY_COLUMNS}) select ${MONTHLY_COLUMNS} from ${deltaTable(jobId)}
      on conflict (unit_id, ym, channel) do update set ${addCounts('onestop_monthly')}`.execute(trx);
    const months = await sql<{ n: number }>`select count(*)::int as n from ${affected}`.execute(trx);
    return Number(months.rows[0].n);
  }
  await sql`delete from onestop_monthly m using ${affected} a where m.unit_id = a.unit_id and m.ym = a.ym`.execute(trx);
  await insertMonthlyCounts(trx, sql`join ${affected} a on a.unit_id = d.unit_id and a.ym = d.received_ym`);
  const months = await sql<{ n: number }>`select count(*)::int as n from ${affected}`.execute(trx);
  return Number(months.rows[0].n);
}

/** The whole monthly summary counted afresh from every stored dossier (seeding, repair). */
export async function rebuildMonthlySummary(db: Db): Promise<void> {
  await sql`delete from onestop_monthly`.execute(db);
  await insertMonthlyCounts(db, sql``);
}

/** Counts the stored dossiers (those `join` keeps) into onestop_monthly, per unit × month × channel. */
function insertMonthlyCounts(db: Db, join: RawBuilder<unknown>) {
  return sql`insert into onestop_monthly (${MONTHLY_COLUMNS})
    select d.unit_id, d.received_ym, d.channel, ${MONTHLY_COUNTS}
    from onestop_dossiers d ${join}
    where d.received
    group by d.unit_id, d.received_ym, d.channel`.execute(db);
}

/** The as-of independent counts, as formats.md defines them over received dossiers. */
const MONTHLY_COUNTS = sql.raw(`count(*)::int, count(d.resolved_date)::int,
  (count(*) filter (where d.resolved_date <= d.due_date))::int,
  (count(*) filter (where d.resolved_date < d.due_date))::int,
  (count(*) filter (where d.resolved_date > d.due_date))::int,
  (count(*) filter (where d.digitized))::int,
  (count(*) filter (where d.e_result and d.resolved_date is not null))::int,
  (count(*) filter (where d.paid_online))::int,
  (count(*) filter (where d.resolved_date > d.due_date and d.apology_ok))::int,
  (count(*) filter (where d.rating = 1))::int, (count(*) filter (where d.rating = 2))::int,
  (count(*) filter (where d.rating = 3))::int, (count(*) filter (where d.rating = 4))::int,
  (count(*) filter (where d.rating = 5))::int`);

// ---------- indicators ----------
export type IndicatorDim = 'unit' | 'period' | 'channel' | 'procedure' | 'sector';

export interface RawCounts {
  unit_id?: number;
  period?: number;
  channel?: string;
  procedure_code?: string;
  sector?: string;
  received: number;
  resolved: number;
  on_time: number;
  early: number;
  late: number;
  online: number;
  digitized: number;
  e_result: number;
  paid_online: number;
  late_apology_ok: number;
  overdue: number;
  overdue_apology_ok: number;
  rating1: number;
  rating2: number;
  rating3: number;
  rating4: number;
  rating5: number;
}

export interface CountQuery {
  by: readonly IndicatorDim[];
  granularity: Granularity;
  fromYm: number;
  toYm: number;
  asOf: string;
  scope: UnitScope;
  unitIds?: readonly number[];
  channel?: string;
  procedureCode?: string;
}

function scopeFilter(col: string, scope: UnitScope, unitIds?: readonly number[]): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (scope !== 'all') parts.push(sql`and ${sql.ref(col)} = any(${[...scope]}::bigint[])`);
  if (unitIds && unitIds.length > 0) parts.push(sql`and ${sql.ref(col)} = any(${[...unitIds]}::bigint[])`);
  return parts.length ? sql.join(parts, sql` `) : sql``;
}

function groupExprs(by: readonly IndicatorDim[], g: Granularity, ymCol: string, alias: string): { select: string[]; group: string[] } {
  const select: string[] = [];
  const group: string[] = [];
  for (const dim of by) {
    if (dim === 'unit') {
      select.push(`${alias}.unit_id as unit_id`);
      group.push(`${alias}.unit_id`);
    } else if (dim === 'period') {
      select.push(`${periodSql(`${alias}.${ymCol}`, g)} as period`);
      group.push(periodSql(`${alias}.${ymCol}`, g));
    } else if (dim === 'channel') {
      select.push(`${alias}.channel as channel`);
      group.push(`${alias}.channel`);
    } else if (dim === 'procedure') {
      select.push(`${alias}.procedure_code as procedure_code`);
      group.push(`${alias}.procedure_code`);
    } else {
      select.push(`coalesce(p.sector, '') as sector`);
      group.push(`coalesce(p.sector, '')`);
    }
  }
  return { select, group };
}

/**
 * Counts per group. Unit, period and channel read the monthly summary plus the open dossiers (overdue
 * depends on the as-of date); procedure and sector need the dossiers themselves.
 */
export async function countIndicators(db: Db, q: CountQuery): Promise<RawCounts[]> {
  if (q.scope !== 'all' && q.scope.size === 0) return [];
  const detailed = q.by.includes('procedure') || q.by.includes('sector') || q.procedureCode !== undefined;
  return detailed ? countFromDossiers(db, q) : countFromSummary(db, q);
}

/** The rows of `query` (a select) decoded from one JSON text built by the database. */
async function jsonRows<R>(db: Db, query: RawBuilder<unknown>): Promise<R[]> {
  const r = await sql<{ j: string }>`select coalesce(json_agg(t), '[]')::text as j from (${query}) t`.execute(db);
  return JSON.parse(r.rows[0].j) as R[];
}

async function countFromSummary(db: Db, q: CountQuery): Promise<RawCounts[]> {
  const s = groupExprs(q.by, q.granularity, 'ym', 'm');
  const o = groupExprs(q.by, q.granularity, 'received_ym', 'd');
  const chan = q.channel ? sql`and m.channel = ${q.channel}` : sql``;
  const chanD = q.channel ? sql`and d.channel = ${q.channel}` : sql``;
  const key = (r: Partial<RawCounts>) => `${r.unit_id ?? ''}|${r.period ?? ''}|${r.channel ?? ''}`;
  const sel = (x: string[]) => sql.raw(x.length ? `${x.join(', ')},` : '');
  const grp = (x: string[]) => sql.raw(x.length ? `group by ${x.join(', ')}` : '');
  // the two statements are independent: on PostgreSQL they run side by side on two pool connections
  // Each statement's rows come back as one JSON text: thousands of rows of a dozen integers (3,600 for the
  // dashboard) decode far faster through JSON.parse than through the driver's per-field parsing, and give
  // the same objects (the same keys in the same order, numbers as numbers, null as null) on both engines.
  const mainQuery = jsonRows<RawCounts>(db, sql`
    select ${sel(s.select)}
      sum(received)::int as received, sum(resolved)::int as resolved, sum(on_time)::int as on_time, sum(early)::int as early,
      sum(late)::int as late, (sum(received) filter (where channel = 'online'))::int as online, sum(digitized)::int as digitized,
      sum(e_result)::int as e_result, sum(paid_online)::int as paid_online, sum(late_apology_ok)::int as late_apology_ok,
      sum(rating1)::int as rating1, sum(rating2)::int as rating2, sum(rating3)::int as rating3, sum(rating4)::int as rating4, sum(rating5)::int as rating5
    from onestop_monthly m
    where m.ym between ${q.fromYm} and ${q.toYm} ${scopeFilter('m.unit_id', q.scope, q.unitIds)} ${chan}
    ${grp(s.group)}`);
  const openQuery = jsonRows<{ unit_id?: number; period?: number; channel?: string; overdue: number; overdue_apology_ok: number }>(db, sql`
    select ${sel(o.select)}
      (count(*) filter (where d.due_date < ${q.asOf}::date))::int as overdue,
      (count(*) filter (where d.due_date < ${q.asOf}::date and d.apology_ok))::int as overdue_apology_ok
    from onestop_dossiers d
    where d.received and d.resolved_date is null and d.received_ym between ${q.fromYm} and ${q.toYm}
      ${scopeFilter('d.unit_id', q.scope, q.unitIds)} ${chanD}
    ${grp(o.group)}`);
  const [main, open] = await Promise.all([mainQuery, openQuery]);
  const openByKey = new Map(open.map((r) => [key(r), r]));
  // the fresh rows are completed in place (the same keys, in the same order, as a copy would have)
  return main
    .filter((r) => r.received !== null && Number(r.received) > 0)
    .map((r) => {
      const x = openByKey.get(key(r));
      r.online = r.online ?? 0;
      r.overdue = x?.overdue ?? 0;
      r.overdue_apology_ok = x?.overdue_apology_ok ?? 0;
      return r;
    });
}

async function countFromDossiers(db: Db, q: CountQuery): Promise<RawCounts[]> {
  const g = groupExprs(q.by, q.granularity, 'received_ym', 'd');
  const sel = sql.raw(g.select.length ? `${g.select.join(', ')},` : '');
  const grp = sql.raw(g.group.length ? `group by ${g.group.join(', ')}` : '');
  const chan = q.channel ? sql`and d.channel = ${q.channel}` : sql``;
  const proc = q.procedureCode ? sql`and d.procedure_code = ${q.procedureCode}` : sql``;
  const join = q.by.includes('sector') ? sql`left join onestop_procedures p on p.code = d.procedure_code` : sql``;
  const r = await sql<RawCounts>`
    select ${sel}
      ${MONTHLY_COUNTS_NAMED},
      (count(*) filter (where d.channel = 'online'))::int as online,
      (count(*) filter (where d.resolved_date is null and d.due_date < ${q.asOf}::date))::int as overdue,
      (count(*) filter (where d.resolved_date is null and d.due_date < ${q.asOf}::date and d.apology_ok))::int as overdue_apology_ok
    from onestop_dossiers d ${join}
    where d.received and d.received_ym between ${q.fromYm} and ${q.toYm} ${scopeFilter('d.unit_id', q.scope, q.unitIds)} ${chan} ${proc}
    ${grp}`.execute(db);
  return r.rows;
}

const MONTHLY_COUNTS_NAMED = sql.raw(`count(*)::int as received, count(d.resolved_date)::int as resolved,
  (count(*) filter (where d.resolved_date <= d.due_date))::int as on_time,
  (count(*) filter (where d.resolved_date < d.due_date))::int as early,
  (count(*) filter (where d.resolved_date > d.due_date))::int as late,
  (count(*) filter (where d.digitized))::int as digitized,
  (count(*) filter (where d.e_result and d.resolved_date is not null))::int as e_result,
  (count(*) filter (where d.paid_online))::int as paid_online,
  (count(*) filter (where d.resolved_date > d.due_date and d.apology_ok))::int as late_apology_ok,
  (count(*) filter (where d.rating = 1))::int as rating1, (count(*) filter (where d.rating = 2))::int as rating2,
  (count(*) filter (where d.rating = 3))::int as rating3, (count(*) filter (where d.rating = 4))::int as rating4,
  (count(*) filter (where d.rating = 5))::int as rating5`);

// ---------- dossier lists (drill-down) ----------
export type DossierFilter = 'late' | 'overdue' | 'late_or_overdue' | 'not_digitized' | 'not_online' | 'unsatisfied' | 'all';

export function dossierFilterSql(f: DossierFilter, asOf: string, satisfiedMinRating: number): RawBuilder<unknown> {
  switch (f) {
    case 'late':
      return sql`and d.resolved_date > d.due_date`;
    case 'overdue':
      return sql`and d.resolved_date is null and d.due_date < ${asOf}::date`;
    case 'late_or_overdue':
      return sql`and (d.resolved_date > d.due_date or (d.resolved_date is null and d.due_date < ${asOf}::date))`;
    case 'not_digitized':
      return sql`and (not d.digitized or (d.resolved_date is not null and not d.e_result))`;
    case 'not_online':
      return sql`and (d.channel <> 'online' or not d.paid_online)`;
    case 'unsatisfied':
      return sql`and d.rating < ${satisfiedMinRating}`;
    default:
      return sql``;
  }
}

export async function listDossiers(
  db: Db,
  q: { scope: UnitScope; unitIds?: number[]; fromYm: number; toYm: number; filter: RawBuilder<unknown>; limit: number; offset: number },
) {
  if (q.scope !== 'all' && q.scope.size === 0) return { total: 0, rows: [] };
  const where = sql`d.received and d.received_ym between ${q.fromYm} and ${q.toYm} ${scopeFilter('d.unit_id', q.scope, q.unitIds)} ${q.filter}`;
  const total = await sql<{ n: number }>`select count(*)::int as n from onestop_dossiers d where ${where}`.execute(db);
  const rows = await sql<{
    dossier_code: string;
    procedure_code: string;
    procedure_name: string | null;
    unit_id: number;
    channel: string;
    received_at: Date | null;
    due_date: string | null;
    due_computed: boolean;
    resolved_at: Date | null;
    resolved_date: string | null;
    status: number | null;
    paused_days: number;
    apology_at: Date | null;
    new_due_at: Date | null;
    apology_ok: boolean;
    digitized: boolean;
    e_result: boolean;
    paid_online: boolean;
    rating: number | null;
    import_id: number;
  }>`select d.dossier_code, d.procedure_code, p.name as procedure_name, d.unit_id, d.channel, d.received_at, d.due_date, d.due_computed,
       d.resolved_at, d.resolved_date, d.status, d.paused_days, d.apology_at, d.new_due_at, d.apology_ok, d.digitized, d.e_result,
       d.paid_online, d.rating, d.import_id
     from onestop_dossiers d left join onestop_procedures p on p.code = d.procedure_code
     where ${where}
     order by d.received_at desc nulls last, d.dossier_code
     limit ${q.limit} offset ${q.offset}`.execute(db);
  return { total: Number(total.rows[0].n), rows: rows.rows };
}

export async function countDossiers(db: Db) {
  const r = await sql<{ n: number }>`select count(*)::int as n from onestop_dossiers`.execute(db);
  return Number(r.rows[0].n);
}

// ---------- portal figures (Index 766) ----------
export async function replacePortalFigures(db: Db, rows: { unit_code: string; period: string; field: string; value: number }[], importId: number) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('onestop_portal_766')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, import_id: importId })))
      .onConflict((oc) => oc.columns(['unit_code', 'period', 'field']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), import_id: eb.ref('excluded.import_id') })))
      .execute();
  }
}

export function portalFigures(db: Db, period: string) {
  return db.selectFrom('onestop_portal_766').select(['unit_code', 'period', 'field', 'value']).where('period', '=', period).execute();
}
