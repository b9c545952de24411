// One-stop use-cases: calendar, procedure catalogue, streaming dossier import, indicators as SQL
// aggregates over the stored classification, Index 766 and its reconciliation with the portal.
import type { Readable } from 'node:stream';
import type { Database, Db } from '../../db/database';
import { isCivilDate, vietnamDateOf } from '../../domain/calendar/civil-date';
import { dueDateHours } from '../../domain/calendar/office-hours';
import { type CalendarEntry, WorkingCalendar } from '../../domain/calendar/working-calendar';
import { type Score766, score766 } from '../../domain/onestop/index766';
import { type IndicatorCounts, type RateName, RATE_DEFINITIONS, ratesOf } from '../../domain/onestop/indicators';
import { percent } from '../../domain/onestop/rates';
import { type ProcedureDimension, summarizeProcedures } from '../../domain/onestop/procedures-summary';
import { reconcile766 } from '../../domain/onestop/reconcile766';
import { estimateSavings } from '../../domain/onestop/savings';
import { AppError } from '../../errors';
import { parseCalendarFile, shippedCalendarPaths } from '../../formats/calendar.format';
import type { CsvRecord } from '../../formats/csv';
import { FileFormatError, type RowIssue } from '../../formats/file-format-error';
import { parseProceduresFile } from '../../formats/procedures.format';
import { parseInstant } from '../../formats/values';
import { parseTable } from '../../formats/xlsx';
import { recordAudit } from '../audit/audit.repository';
import { type Actor, type UnitScope, canAccess, requireAccess, unitScope } from '../identity/access';
import { Permission } from '../identity/permissions';
import { onestopSettings } from './onestop.config';
import { MAX_ISSUES_KEPT, importAsOf, recordsFromBytes, stageAndMerge } from './onestop.import';
import { type Granularity, parsePeriod, periodLabel, todayInVietnam, ymOf } from './onestop.periods';
import * as repo from './onestop.repository';

export interface OnestopCtx {
  db: Db;
  /** With a PostgreSQL pool the dossier import stages through COPY; without, through INSERT batches. */
  database?: Database;
}

const scopeOf = (actor: Actor | null): UnitScope => (actor ? unitScope(actor, Permission.OnestopRead) : 'all');

// ---------------------------------------------------------------- calendar
const calendars = new WeakMap<Db, Promise<WorkingCalendar>>();

/** The shipped official calendars are loaded into an empty table at seeding or first use. */
export async function ensureCalendar(db: Db): Promise<void> {
  const any = await db.selectFrom('onestop_calendar').select('date').limit(1).executeTakeFirst();
  if (any) return;
  const { readFile } = await import('node:fs/promises');
  const entries: (CalendarEntry & { source: string })[] = [];
  for (const path of await shippedCalendarPaths()) {
    const name = path.split('/').pop() ?? path;
    for (const e of await parseCalendarFile(await readFile(path))) entries.push({ ...e, source: `methodology/calendars/${name}` });
  }
  await db.transaction().execute(async (trx) => {
    // Two first uses at once: the second sees the rows of the first and stops.
    if (await trx.selectFrom('onestop_calendar').select('date').limit(1).executeTakeFirst()) return;
    await repo.replaceCalendarYears(trx, [], entries);
  });
}

export function getCalendar(db: Db): Promise<WorkingCalendar> {
  let c = calendars.get(db);
  if (!c) {
    c = (async () => {
      await ensureCalendar(db);
      return new WorkingCalendar(await repo.calendarEntries(db));
    })();
    c.catch(() => calendars.delete(db));
    calendars.set(db, c);
  }
  return c;
}

export async function calendarInfo(db: Db) {
  const cal = await getCalendar(db);
  const entries = await repo.calendarEntries(db);
  return { years: cal.coveredYears, entries };
}

/** calendar.csv/.xlsx: the years present in the file replace those years in the database, atomically. */
export async function importCalendar(ctx: OnestopCtx, actor: Actor | null, file: Buffer, filename: string) {
  if (actor) requireAccess(actor, Permission.OnestopImport);
  const entries = await parseCalendarFile(file);
  if (entries.length === 0) throw new FileFormatError([{ row: 2, field: 'date', message: 'Tệp lịch không có ngày nào' }]);
  await ensureCalendar(ctx.db);
  const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))].sort();
  const result = await ctx.db.transaction().execute(async (trx) => {
    await repo.replaceCalendarYears(trx, years, entries.map((e) => ({ ...e, source: filename })));
    // The merged calendar must still be a valid one (e.g. no date twice).
    new WorkingCalendar(await repo.calendarEntries(trx));
    await recordAudit(trx, actor, { action: 'onestop.calendar.import', entity: 'onestop_calendar', after: { filename, years, entries: entries.length } });
    return { rows: entries.length, years };
  });
  calendars.delete(ctx.db);
  return result;
}

export async function dueDate(db: Db, q: { received: string; days?: number; hours?: number; paused: number }) {
  const at = parseInstant(q.received);
  if (!at) throw new AppError('validation', `Thời điểm tiếp nhận "${q.received}" không hợp lệ (ISO 8601)`);
  const cal = await getCalendar(db);
  const warning = cal.covers(vietnamDateOf(at)) ? null : 'Lịch chưa có ngày nghỉ lễ của năm này: chỉ trừ thứ Bảy, Chủ nhật.';
  if (q.hours !== undefined) {
    const due = dueDateHours(at, q.hours, onestopSettings().rules.officeHours, cal, q.paused);
    return { dueDate: vietnamDateOf(due), dueAt: due.toISOString(), warning };
  }
  if (q.days === undefined) throw new AppError('validation', 'Cần số ngày làm việc (days) hoặc số giờ (hours)');
  return { dueDate: cal.dueDate(at, q.days, q.paused), dueAt: null, warning };
}

// ---------------------------------------------------------------- import jobs
export async function createImportJob(db: Db, actor: Actor | null, kind: string, filename: string, bytesTotal: number | null) {
  if (actor) requireAccess(actor, Permission.OnestopImport);
  return repo.createJob(db, kind, filename, actor?.userId ?? null, bytesTotal);
}

export async function getJob(db: Db, actor: Actor, id: number) {
  requireAccess(actor, Permission.OnestopImport);
  const job = await repo.findJob(db, id);
  if (!job) throw new AppError('not_found', 'Không tìm thấy lượt nhập');
  return job;
}

export async function listJobs(db: Db, actor: Actor) {
  requireAccess(actor, Permission.OnestopImport);
  return repo.listJobs(db, 20);
}

async function failJob(db: Db, jobId: number, err: unknown) {
  const issues: RowIssue[] = (err instanceof FileFormatError ? err.issues : [{ row: 0, field: '', message: (err as Error).message }]).map((i) => ({
    ...i,
    message: repo.printable(i.message),
  }));
  await repo.updateJob(db, jobId, {
    status: 'failed',
    phase: 'failed',
    error_count: issues.length,
    errors: JSON.stringify(issues.slice(0, MAX_ISSUES_KEPT)),
    finished: true,
  });
}

/**
 * At start-up (one server process serves a database): an import still "running" was cut off when the previous
 * process died. Its merge is one transaction, so none of its rows were written; the job is marked failed with
 * that message and its staging table dropped.
 */
export async function failInterruptedImports(db: Db): Promise<number> {
  const ids = await repo.startedUnfinishedJobIds(db);
  for (const id of ids) {
    await failJob(db, id, new Error('Máy chủ đã dừng khi lượt nhập đang chạy; không hồ sơ nào của lượt này được ghi. Vui lòng nhập lại tệp.'));
    await repo.dropStage(db, id);
  }
  return ids.length;
}

// ---------------------------------------------------------------- procedures
export async function importProcedures(ctx: OnestopCtx, actor: Actor | null, file: Buffer, filename: string) {
  if (actor) requireAccess(actor, Permission.OnestopImport);
  const units = new Set((await repo.allUnits(ctx.db)).map((u) => u.code));
  const procedures = await parseProceduresFile(file, { legacyOnlineLevels: onestopSettings().rules.legacyOnlineLevels, units });
  if (procedures.length === 0) throw new FileFormatError([{ row: 2, field: 'code', message: 'Tệp không có thủ tục nào' }]);
  const job = await repo.createJob(ctx.db, 'procedures', filename, actor?.userId ?? null, file.length);
  return ctx.db.transaction().execute(async (trx) => {
    const counts = await repo.upsertProcedures(trx, procedures, job.id);
    const summary = { rows: procedures.length, ...counts };
    await repo.updateJob(trx, job.id, { status: 'done', phase: 'done', rows_processed: procedures.length, ...counts, summary: JSON.stringify(summary), finished: true });
    await recordAudit(trx, actor, { action: 'onestop.procedures.import', entity: 'onestop_procedures', entityId: job.id, after: { filename, ...summary } });
    return { jobId: job.id, ...summary };
  });
}

export async function listProcedures(db: Db, actor: Actor) {
  scopeOf(actor);
  return repo.allProcedures(db);
}

/** Lào Cai-style figures per level, unit or sector, plus the whole catalogue and the savings sentence. */
export async function procedureSummary(db: Db, actor: Actor | null, by: ProcedureDimension[], year?: number) {
  const scope = scopeOf(actor);
  const { rules } = onestopSettings();
  const procedures = await repo.allProcedures(db);
  const rows = summarizeProcedures(procedures, { by, significantCutPercent: rules.significantCutPercent });
  const [total] = summarizeProcedures(procedures, { significantCutPercent: rules.significantCutPercent });
  const fromYm = year ? year * 100 + 1 : 0;
  const toYm = year ? year * 100 + 12 : 999912;
  const resolved = await repo.resolvedByProcedure(db, scope, fromYm, toYm);
  const savings = estimateSavings(resolved, new Map(procedures.map((p) => [p.code, p])), rules.valuePerDayVnd);
  return { rows, total: total ?? null, significantCutPercent: rules.significantCutPercent, savings, valuePerDayVnd: rules.valuePerDayVnd };
}

// ---------------------------------------------------------------- dossiers
export interface DossierImportRequest {
  filename: string;
  bytesTotal?: number | null;
  /** A job created beforehand (the web app creates it first to poll its progress). */
  jobId?: number;
  /** CSV/XLSX bytes, streamed … */
  stream?: Readable;
  /** … or records already split (the demo generator). */
  records?: AsyncIterable<CsvRecord>;
}

export async function importDossiers(ctx: OnestopCtx, actor: Actor | null, req: DossierImportRequest) {
  if (actor) requireAccess(actor, Permission.OnestopImport);
  const { db } = ctx;
  let jobId = req.jobId;
  if (jobId === undefined) jobId = (await repo.createJob(db, 'dossiers', req.filename, actor?.userId ?? null, req.bytesTotal ?? null)).id;
  else {
    const job = await repo.findJob(db, jobId);
    if (job?.kind !== 'dossiers' || job.status !== 'running' || job.phase !== 'waiting') {
      throw new AppError('conflict', 'Lượt nhập không tồn tại hoặc đã chạy');
    }
  }
  const id = jobId;
  let lastBytesWrite = 0;
  let bytesRead = 0;
  const onBytes = (n: number) => {
    bytesRead = n;
    // Bytes progress for the UI, throttled: at most one write per 4 MB.
    if (n - lastBytesWrite >= 4 * 1024 * 1024) {
      lastBytesWrite = n;
      void repo.updateJob(db, id, { bytes_received: n }).catch(() => {});
    }
  };
  try {
    const records = req.records ?? recordsFromBytes(req.stream!, onBytes);
    const [units, procedures, calendar] = await Promise.all([repo.allUnits(db), repo.allProcedures(db), getCalendar(db)]);
    const outcome = await stageAndMerge(
      {
        db,
        database: ctx.database,
        jobId: id,
        units: new Map(units.map((u) => [u.code, u.id])),
        procedures: new Map(procedures.map((p) => [p.code, p])),
        calendar,
        rules: onestopSettings().rules,
        asOf: importAsOf(),
        // The file's rows from its size and the bytes per row so far (for the choice of the bulk path).
        estimateRows: (rowsSoFar) => (req.bytesTotal && bytesRead > 0 ? Math.round((rowsSoFar * req.bytesTotal) / bytesRead) : null),
      },
      records,
      async (trx, o) => {
        await repo.updateJob(trx, id, {
          status: 'done',
          phase: 'done',
          rows_processed: o.rows,
          inserted: o.inserted,
          updated: o.updated,
          summary: JSON.stringify(o),
          finished: true,
        });
        await recordAudit(trx, actor, { action: 'onestop.dossiers.import', entity: 'onestop_dossiers', entityId: id, after: { filename: req.filename, ...o } });
      },
    );
    return { jobId: id, ...outcome };
  } catch (err) {
    await failJob(db, id, err).catch(() => {});
    throw err;
  } finally {
    await repo.dropStage(db, id).catch(() => {});
  }
}

// ---------------------------------------------------------------- indicators
export type IndicatorDim = repo.IndicatorDim;

export interface IndicatorRequest {
  by: IndicatorDim[];
  granularity: Granularity;
  from?: string;
  to?: string;
  asOf?: string;
  unitId?: number;
  channel?: string;
  procedureCode?: string;
}

export interface IndicatorResult {
  unitId?: number;
  unitCode?: string;
  unitName?: string;
  period?: string;
  channel?: string;
  procedureCode?: string;
  sector?: string;
  counts: IndicatorCounts;
  rates: Record<RateName, number | null>;
  /** late ÷ resolved × 100: the figure the target line (onestop.json targets) is drawn against. */
  lateRate: number | null;
}

export function countsFromRaw(r: repo.RawCounts, satisfiedMinRating: number): IndicatorCounts {
  const n = (v: unknown) => Number(v ?? 0);
  const ratings = [n(r.rating1), n(r.rating2), n(r.rating3), n(r.rating4), n(r.rating5)];
  const received = n(r.received);
  const resolved = n(r.resolved);
  const overdue = n(r.overdue);
  const late = n(r.late);
  let rated = 0;
  let satisfied = 0;
  for (let i = 0; i < 5; i++) {
    rated += ratings[i];
    satisfied += i + 1 >= satisfiedMinRating ? ratings[i] : 0;
  }
  return {
    received,
    resolved,
    on_time: n(r.on_time),
    early: n(r.early),
    late,
    overdue,
    pending: received - resolved - overdue,
    online: n(r.online),
    digitized: n(r.digitized),
    e_result: n(r.e_result),
    paid_online: n(r.paid_online),
    late_or_overdue: late + overdue,
    apology_compliant: n(r.late_apology_ok) + n(r.overdue_apology_ok),
    rated,
    satisfied,
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Indicators scoped to what the actor may see; a unit outside it is refused, not silently empty. */
export async function indicators(db: Db, actor: Actor | null, q: IndicatorRequest): Promise<IndicatorResult[]> {
  const scope = scopeOf(actor);
  if (q.unitId !== undefined && actor) requireAccess(actor, Permission.OnestopRead, q.unitId);
  for (const [k, v] of [['from', q.from], ['to', q.to]] as const) {
    if (v !== undefined && !MONTH.test(v)) throw new AppError('validation', `Trường "${k}": cần tháng dạng YYYY-MM`);
  }
  const asOf = q.asOf ?? todayInVietnam();
  if (!isCivilDate(asOf)) throw new AppError('validation', `Trường "asOf": ngày "${asOf}" không hợp lệ (YYYY-MM-DD)`);
  const { rules } = onestopSettings();
  const raw = await repo.countIndicators(db, {
    by: q.by,
    granularity: q.granularity,
    fromYm: q.from ? ymOf(`${q.from}-01`) : 0,
    toYm: q.to ? ymOf(`${q.to}-01`) : 999912,
    asOf,
    scope,
    unitIds: q.unitId !== undefined ? [q.unitId] : undefined,
    channel: q.channel,
    procedureCode: q.procedureCode,
  });
  const units = q.by.includes('unit') ? new Map((await repo.allUnits(db)).map((u) => [u.id, u])) : null;
  const out = raw.map((r) => {
    const counts = countsFromRaw(r, rules.satisfiedMinRating);
    const res: IndicatorResult = { counts, rates: ratesOf(counts), lateRate: percent(counts.late, counts.resolved) };
    if (r.unit_id !== undefined) {
      const u = units?.get(Number(r.unit_id));
      Object.assign(res, { unitId: Number(r.unit_id), unitCode: u?.code ?? '', unitName: u?.name ?? '' });
    }
    if (r.period !== undefined) res.period = periodLabel(Number(r.period), q.granularity);
    if (r.channel !== undefined) res.channel = r.channel;
    if (r.procedure_code !== undefined) res.procedureCode = r.procedure_code;
    if (r.sector !== undefined) res.sector = r.sector;
    return res;
  });
  const key = (r: IndicatorResult) => `${r.unitCode ?? ''}\u0000${r.period ?? ''}\u0000${r.channel ?? ''}\u0000${r.procedureCode ?? ''}\u0000${r.sector ?? ''}`;
  // each row's key once, not twice per comparison (3,600 rows for the dashboard)
  const keyed = out.map((r) => ({ k: key(r), r }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.r);
}

export async function dossierList(
  db: Db,
  actor: Actor | null,
  q: { unitId?: number; period?: string; filter: repo.DossierFilter; asOf?: string; limit: number; offset: number },
) {
  const scope = scopeOf(actor);
  if (q.unitId !== undefined && actor) requireAccess(actor, Permission.OnestopRead, q.unitId);
  const range = q.period ? parsePeriod(q.period) : { from: 0, to: 999912 };
  const asOf = q.asOf ?? todayInVietnam();
  const { rules } = onestopSettings();
  const { total, rows } = await repo.listDossiers(db, {
    scope,
    unitIds: q.unitId !== undefined ? [q.unitId] : undefined,
    fromYm: range.from,
    toYm: range.to,
    filter: repo.dossierFilterSql(q.filter, asOf, rules.satisfiedMinRating),
    limit: q.limit,
    offset: q.offset,
  });
  const units = new Map((await repo.allUnits(db)).map((u) => [u.id, u]));
  return {
    total,
    asOf,
    rows: rows.map((r) => {
      const late = r.resolved_date !== null && r.due_date !== null && r.resolved_date > r.due_date;
      const overdue = r.resolved_date === null && r.due_date !== null && r.due_date < asOf;
      return {
        dossierCode: r.dossier_code,
        procedureCode: r.procedure_code,
        procedureName: r.procedure_name,
        unitCode: units.get(Number(r.unit_id))?.code ?? '',
        unitName: units.get(Number(r.unit_id))?.name ?? '',
        channel: r.channel,
        receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
        dueDate: r.due_date,
        dueComputed: r.due_computed,
        resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
        resolvedDate: r.resolved_date,
        status: r.status,
        pausedDays: r.paused_days,
        outcome: late ? 'late' : overdue ? 'overdue' : r.resolved_date === null ? 'pending' : r.resolved_date < (r.due_date ?? '') ? 'early' : 'on_time',
        apology: r.apology_ok ? 'compliant' : r.apology_at ? 'late_slip' : 'none',
        apologyAt: r.apology_at ? new Date(r.apology_at).toISOString() : null,
        newDueAt: r.new_due_at ? new Date(r.new_due_at).toISOString() : null,
        digitized: r.digitized,
        eResult: r.e_result,
        paidOnline: r.paid_online,
        rating: r.rating,
        importId: Number(r.import_id),
      };
    }),
  };
}

// ---------------------------------------------------------------- Index 766
const PORTAL_FIELD = /^(total|group:[a-z_]+|input:[a-z_]+)$/;

/**
 * The portal's published figures (our exchange format, documented in the module README):
 * `unit_code,period,field,value` with field `total`, `group:<group code>` or `input:<input name>`.
 * `input:` figures also feed our scores where the dossiers cannot (e.g. status_synced_rate).
 */
export async function importPortal766(ctx: OnestopCtx, actor: Actor | null, file: Buffer, filename: string) {
  if (actor) requireAccess(actor, Permission.OnestopImport);
  const { rows } = await parseTable(file, ['unit_code', 'period', 'field', 'value']);
  const units = new Set((await repo.allUnits(ctx.db)).map((u) => u.code));
  const groups = new Set(onestopSettings().index766.groups.map((g) => g.code));
  const issues: RowIssue[] = [];
  const seen = new Map<string, number>();
  const out: { unit_code: string; period: string; field: string; value: number }[] = [];
  rows.forEach((r, i) => {
    const row = i + 2;
    const before = issues.length;
    if (!units.has(r.unit_code)) issues.push({ row, field: 'unit_code', message: `mã đơn vị "${r.unit_code}" không có trong danh mục` });
    try {
      parsePeriod(r.period);
    } catch {
      issues.push({ row, field: 'period', message: `kỳ "${r.period}" không hợp lệ (YYYY, YYYY-Qn hoặc YYYY-MM)` });
    }
    if (!PORTAL_FIELD.test(r.field)) issues.push({ row, field: 'field', message: `"${r.field}" không hợp lệ (total, group:<mã nhóm>, input:<tên chỉ số>)` });
    else if (r.field.startsWith('group:') && !groups.has(r.field.slice(6))) issues.push({ row, field: 'field', message: `nhóm "${r.field.slice(6)}" không có trong cấu hình 766` });
    const value = Number(r.value);
    if (r.value === '' || !Number.isFinite(value) || !/^-?\d+(\.\d+)?$/.test(r.value)) issues.push({ row, field: 'value', message: `"${r.value}" không phải là số (dùng dấu chấm thập phân)` });
    const k = `${r.unit_code}\u0000${r.period}\u0000${r.field}`;
    if (seen.has(k)) issues.push({ row, field: 'field', message: `trùng với dòng ${seen.get(k)}` });
    else seen.set(k, row);
    if (issues.length === before) out.push({ unit_code: r.unit_code, period: r.period, field: r.field, value });
  });
  if (issues.length) throw new FileFormatError(issues);
  if (out.length === 0) throw new FileFormatError([{ row: 2, field: '', message: 'Tệp không có số liệu nào' }]);
  const job = await repo.createJob(ctx.db, 'portal766', filename, actor?.userId ?? null, file.length);
  return ctx.db.transaction().execute(async (trx) => {
    await repo.replacePortalFigures(trx, out, job.id);
    await repo.updateJob(trx, job.id, { status: 'done', phase: 'done', rows_processed: out.length, inserted: out.length, finished: true });
    await recordAudit(trx, actor, { action: 'onestop.portal766.import', entity: 'onestop_portal_766', entityId: job.id, after: { filename, rows: out.length } });
    return { jobId: job.id, rows: out.length };
  });
}

/** Index 766 per unit for one period: dossier rates from the counts, catalogue and portal inputs beside them. */
export async function index766(db: Db, actor: Actor | null, period: string, asOfArg?: string): Promise<{ period: string; asOf: string; scores: (Score766 & { unitName: string; dossiers: number })[] }> {
  const scope = scopeOf(actor);
  const p = parsePeriod(period);
  const asOf = asOfArg ?? todayInVietnam();
  const { rules, index766: config } = onestopSettings();
  const raw = await repo.countIndicators(db, { by: ['unit'], granularity: 'all', fromYm: p.from, toYm: p.to, asOf, scope });
  const units = new Map((await repo.allUnits(db)).map((u) => [u.id, u]));
  const procedures = await repo.allProcedures(db);
  const byUnit = new Map(
    summarizeProcedures(procedures, { by: ['unit'], significantCutPercent: rules.significantCutPercent }).map((s) => [s.key.unit ?? '', s]),
  );
  const [catalogue] = summarizeProcedures(procedures, { significantCutPercent: rules.significantCutPercent });
  const portal = await repo.portalFigures(db, period);
  const portalInputs = new Map<string, Record<string, number>>();
  for (const f of portal) {
    if (!f.field.startsWith('input:')) continue;
    const m = portalInputs.get(f.unit_code) ?? {};
    m[f.field.slice(6)] = Number(f.value);
    portalInputs.set(f.unit_code, m);
  }
  const scores = raw.map((r) => {
    const u = units.get(Number(r.unit_id))!;
    const counts = countsFromRaw(r, rules.satisfiedMinRating);
    // A unit's own catalogue share when procedures name their unit, else the province's catalogue.
    const cat = byUnit.get(u.code) ?? catalogue;
    const inputs: Record<string, number | null> = {
      ...ratesOf(counts),
      ...(cat ? { full_online_procedures_rate: cat.full_online_rate } : {}),
      ...(portalInputs.get(u.code) ?? {}),
    };
    return { ...score766(config, u.code, period, inputs), unitName: u.name, dossiers: counts.received };
  });
  return { period, asOf, scores: scores.sort((a, b) => b.total - a.total || (a.unitCode < b.unitCode ? -1 : 1)) };
}

/** Which dossiers move each 766 group, so a difference with the portal can be followed to them. */
const GROUP_EXPLAINERS: Record<string, { filter: repo.DossierFilter; label: string }> = {
  timeliness: { filter: 'late_or_overdue', label: 'Hồ sơ trễ hạn hoặc quá hạn chưa giải quyết' },
  digitisation: { filter: 'not_digitized', label: 'Hồ sơ chưa số hóa hoặc chưa có kết quả điện tử' },
  online_services: { filter: 'not_online', label: 'Hồ sơ không nộp hoặc không thanh toán trực tuyến' },
  satisfaction: { filter: 'unsatisfied', label: 'Hồ sơ được đánh giá chưa hài lòng' },
};

export async function reconcile(db: Db, actor: Actor | null, period: string, asOf?: string) {
  const scope = scopeOf(actor);
  const ours = await index766(db, actor, period, asOf);
  const units = new Map((await repo.allUnits(db)).map((u) => [u.code, u]));
  const portalRows = (await repo.portalFigures(db, period)).filter((f) => {
    const u = units.get(f.unit_code);
    return u && (scope === 'all' || scope.has(u.id));
  });
  const figures = new Map<string, { unitCode: string; period: string; total?: number; groups: Record<string, number> }>();
  for (const f of portalRows) {
    if (f.field.startsWith('input:')) continue;
    const x = figures.get(f.unit_code) ?? { unitCode: f.unit_code, period, groups: {} };
    if (f.field === 'total') x.total = Number(f.value);
    else x.groups[f.field.slice(6)] = Number(f.value);
    figures.set(f.unit_code, x);
  }
  // Only units the portal publishes, or that have dossiers, take part; a unit on one side only is a `presence` difference.
  const diffs = reconcile766(ours.scores, [...figures.values()]);
  const { rules } = onestopSettings();
  const explained = [];
  for (const d of diffs) {
    const u = units.get(d.unitCode);
    const groupsToExplain = d.field === 'total' ? Object.keys(GROUP_EXPLAINERS) : d.field.startsWith('group:') ? [d.field.slice(6)] : [];
    const explanations = [];
    for (const g of groupsToExplain) {
      const ex = GROUP_EXPLAINERS[g];
      if (!ex || !u) {
        explanations.push({ group: g, label: 'Nhóm này không tính từ hồ sơ (danh mục TTHC, số liệu Cổng)', filter: null, count: 0, sample: [] as string[] });
        continue;
      }
      const list = await repo.listDossiers(db, {
        scope: 'all',
        unitIds: [u.id],
        fromYm: parsePeriod(period).from,
        toYm: parsePeriod(period).to,
        filter: repo.dossierFilterSql(ex.filter, ours.asOf, rules.satisfiedMinRating),
        limit: 10,
        offset: 0,
      });
      explanations.push({ group: g, label: ex.label, filter: ex.filter, count: list.total, sample: list.rows.map((r) => r.dossier_code) });
    }
    explained.push({ ...d, unitId: u?.id ?? null, unitName: u?.name ?? '', explanations });
  }
  return { period, asOf: ours.asOf, differences: explained };
}

// ---------------------------------------------------------------- settings for the web app
export function publicSettings() {
  const s = onestopSettings();
  return {
    lateRateMaxPercent: s.lateRateMaxPercent,
    lateRateSource: s.lateRateSource,
    satisfiedMinRating: s.rules.satisfiedMinRating,
    significantCutPercent: s.rules.significantCutPercent,
    index766: { name: s.index766.name, source: s.index766.source, groups: s.index766.groups.map((g) => ({ code: g.code, title: g.title, maxPoints: g.maxPoints })) },
    rates: Object.keys(RATE_DEFINITIONS),
  };
}

export { canAccess };
