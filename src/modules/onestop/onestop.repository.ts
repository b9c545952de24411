// All SQL of the one-stop feature. Indicator queries are GROUP BYs over the stored classification:
// the monthly summary for unit/period/channel, the dossiers themselves for procedure and sector.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database';
import type { CalendarEntry } from '../../domain/calendar/working-calendar';
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

/** UNLOGGED: the staging rows are thrown away after the merge, so they need no WAL. */
export async function createStage(db: Db, jobId: number) {
  await sql
    .raw(
      `create unlogged table ${stageTable(jobId)} (
        row_no integer not null, dossier_code text not null, procedure_code text not null, unit_id bigint not null,
        channel text not null, received_at timestamptz, due_at timestamptz, resolved_at timestamptz, returned_at timestamptz,
        status smallint, paused_days integer not null, apology_at timestamptz, new_due_at timestamptz,
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
  await sql.raw(`drop table if exists ${stageTable(jobId)}`).execute(db);
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
export async function mergeStage(trx: Db, jobId: number): Promise<{ inserted: number; updated: number; months: number }> {
  const stage = sql.raw(stageTable(jobId));
  const affected = sql.raw(`onestop_affected_${Math.trunc(jobId)}`);
  await sql`create temp table ${affected} on commit drop as
    select distinct unit_id, received_ym as ym from ${stage} where received
    union
    select d.unit_id, d.received_ym from onestop_dossiers d join ${stage} s on s.dossier_code = d.dossier_code where d.received`.execute(trx);
  const cols = sql.raw(DOSSIER_COLUMNS.join(','));
  const updates = sql.raw(
    DOSSIER_COLUMNS.filter((c) => c !== 'dossier_code')
      .map((c) => `${c} = excluded.${c}`)
      .join(', '),
  );
  const res = await sql<{ inserted: number; total: number }>`
    with ins as (
      insert into onestop_dossiers (${cols}, import_id)
      select ${cols}, ${jobId}::bigint from ${stage}
      on conflict (dossier_code) do update set ${updates}, import_id = excluded.import_id
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, count(*)::int as total from ins`.execute(trx);
  await sql`delete from onestop_monthly m using ${affected} a where m.unit_id = a.unit_id and m.ym = a.ym`.execute(trx);
  await sql`insert into onestop_monthly
    (unit_id, ym, channel, received, resolved, on_time, early, late, digitized, e_result, paid_online, late_apology_ok,
     rating1, rating2, rating3, rating4, rating5)
    select d.unit_id, d.received_ym, d.channel, ${MONTHLY_COUNTS}
    from onestop_dossiers d join ${affected} a on a.unit_id = d.unit_id and a.ym = d.received_ym
    where d.received
    group by d.unit_id, d.received_ym, d.channel`.execute(trx);
  const months = await sql<{ n: number }>`select count(*)::int as n from ${affected}`.execute(trx);
  const { inserted, total } = res.rows[0];
  return { inserted: Number(inserted), updated: Number(total) - Number(inserted), months: Number(months.rows[0].n) };
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

async function countFromSummary(db: Db, q: CountQuery): Promise<RawCounts[]> {
  const s = groupExprs(q.by, q.granularity, 'ym', 'm');
  const o = groupExprs(q.by, q.granularity, 'received_ym', 'd');
  const chan = q.channel ? sql`and m.channel = ${q.channel}` : sql``;
  const chanD = q.channel ? sql`and d.channel = ${q.channel}` : sql``;
  const key = (r: Partial<RawCounts>) => `${r.unit_id ?? ''}|${r.period ?? ''}|${r.channel ?? ''}`;
  const sel = (x: string[]) => sql.raw(x.length ? `${x.join(', ')},` : '');
  const grp = (x: string[]) => sql.raw(x.length ? `group by ${x.join(', ')}` : '');
  const main = await sql<RawCounts>`
    select ${sel(s.select)}
      sum(received)::int as received, sum(resolved)::int as resolved, sum(on_time)::int as on_time, sum(early)::int as early,
      sum(late)::int as late, (sum(received) filter (where channel = 'online'))::int as online, sum(digitized)::int as digitized,
      sum(e_result)::int as e_result, sum(paid_online)::int as paid_online, sum(late_apology_ok)::int as late_apology_ok,
      sum(rating1)::int as rating1, sum(rating2)::int as rating2, sum(rating3)::int as rating3, sum(rating4)::int as rating4, sum(rating5)::int as rating5
    from onestop_monthly m
    where m.ym between ${q.fromYm} and ${q.toYm} ${scopeFilter('m.unit_id', q.scope, q.unitIds)} ${chan}
    ${grp(s.group)}`.execute(db);
  const open = await sql<{ unit_id?: number; period?: number; channel?: string; overdue: number; overdue_apology_ok: number }>`
    select ${sel(o.select)}
      (count(*) filter (where d.due_date < ${q.asOf}::date))::int as overdue,
      (count(*) filter (where d.due_date < ${q.asOf}::date and d.apology_ok))::int as overdue_apology_ok
    from onestop_dossiers d
    where d.received and d.resolved_date is null and d.received_ym between ${q.fromYm} and ${q.toYm}
      ${scopeFilter('d.unit_id', q.scope, q.unitIds)} ${chanD}
    ${grp(o.group)}`.execute(db);
  const openByKey = new Map(open.rows.map((r) => [key(r), r]));
  return main.rows
    .filter((r) => r.received !== null && Number(r.received) > 0)
    .map((r) => {
      const x = openByKey.get(key(r));
      return { ...r, online: r.online ?? 0, overdue: x?.overdue ?? 0, overdue_apology_ok: x?.overdue_apology_ok ?? 0 };
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
