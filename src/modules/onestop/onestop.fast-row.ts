// The import's fast path for the rows one-stop exports write: a record goes straight to a FastRow — the
// values every writer stores (COPY text for the stage, INSERT cells, the bulk load's binary tuple) — without
// the Dossier object, its Dates and the classification object of the general path (parseDossierRow →
// classifyDossier → fastRowOf), which cost about as much as everything else on a million rows. It accepts
// only the plain shapes — ISO instants quickInstant reads, plain digits, 1/0 booleans, known codes, a
// procedure timed in days — and gives up (false) on anything else, a refused row included: the caller then
// takes the general path, which words the refusal. For every row it accepts, the staged line is the one the
// general path would stage (onestop.fast-row.test.ts holds both paths to the same text).
import { civilDateOfDay, dayNumberOf, vietnamDayOfMs } from '../../domain/calendar/civil-date';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { type DossierClassification, type DossierOutcome, isApologyCompliant, isReceived, outcomeFor } from '../../domain/onestop/classify-dossier';
import type { OnestopRules } from '../../domain/onestop/onestop-config';
import type { Dossier, Procedure } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { quickDigits, quickInstantMs } from '../../formats/dossiers.format';
import { ymOf } from './onestop.periods';

export interface FastRowContext {
  units: ReadonlyMap<string, number>;
  procedures: ReadonlyMap<string, Procedure>;
  calendar: WorkingCalendar;
  rules: OnestopRules;
  asOf: string;
}

/** What the caller tallies besides the line: whether the dossier counts as received, and the year of a computed due date. */
export interface FastRowInfo {
  received: boolean;
  /** The receipt year when the due date was computed from the calendar (for the uncovered-years warning); else 0. */
  computedYear: number;
}


// The helpers take the cell itself (read as rec.name at the call): one property load per site, not a keyed one.

/** An instant cell: '' → null, a quick shape → ms, anything else → undefined (general path). */
function ms(cell: string | undefined): number | null | undefined {
  const v = (cell ?? '').trim();
  return v === '' ? null : quickInstantMs(v);
}

/** A 1/0 boolean cell ('' is false); anything else → undefined. */
function flag(cell: string | undefined): boolean | undefined {
  const v = (cell ?? '').trim();
  return v === '1' ? true : v === '0' || v === '' ? false : undefined;
}

/** An integer cell within [min, max] in plain digits ('' → null); anything else → undefined. */
function int(cell: string | undefined, min: number, max: number): number | null | undefined {
  const v = (cell ?? '').trim();
  if (v === '') return null;
  const n = quickDigits(v);
  return n !== undefined && n >= min && n <= max ? n : undefined;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
/** A text value in COPY text format. */
export function copyString(s: string): string {
  return COPY_SPECIAL.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}
const num = (n: number | null) => (n === null ? '\\N' : String(n));
/** An instant staged as epoch seconds (repo.STAGE_INSTANTS). */
const sec = (ms: number | null) => (ms === null ? '\\N' : String(ms / 1000));
const bool = (b: boolean) => (b ? 't' : 'f');
const text = (s: string | null) => (s === null ? '\\N' : s);

/**
 * One dossier as the import stores it: the file's values (instants as epoch milliseconds) and their
 * classification. One object is filled again for every row (readFastRow, fastRowOf), so a million rows
 * make no garbage here.
 */
export interface FastRow {
  /** The dossier code; '' when it is in `codeBytes` instead. */
  code: string;
  /** The byte reader's rows (onestop.fast-bytes.ts): the code as ASCII bytes codeBytes[codeFrom, codeTo), no string made; else null. */
  codeBytes: Buffer | null;
  codeFrom: number;
  codeTo: number;
  procedureCode: string;
  unitId: number;
  channel: string;
  receivedAt: number | null;
  dueAt: number | null;
  resolvedAt: number | null;
  returnedAt: number | null;
  status: number | null;
  pausedDays: number;
  apologyAt: number | null;
  newDueAt: number | null;
  paidOnline: boolean;
  digitized: boolean;
  eResult: boolean;
  rating: number | null;
  received: boolean;
  receivedDate: string | null;
  resolvedDate: string | null;
  dueDate: string | null;
  /** The three dates as day numbers (days since 1970-01-01), null where the date is. */
  receivedDay: number | null;
  resolvedDay: number | null;
  dueDay: number | null;
  /** received_ym: YYYYMM of the receipt date. */
  receivedYm: number | null;
  dueComputed: boolean;
  outcome: DossierOutcome;
  apologyOk: boolean;
}

export const newFastRow = (): FastRow => ({
  code: '',
  codeBytes: null,
  codeFrom: 0,
  codeTo: 0,
  procedureCode: '',
  unitId: 0,
  channel: '',
  receivedAt: null,
  dueAt: null,
  resolvedAt: null,
  returnedAt: null,
  status: null,
  pausedDays: 0,
  apologyAt: null,
  newDueAt: null,
  paidOnline: false,
  digitized: false,
  eResult: false,
  rating: null,
  received: false,
  receivedDate: null,
  resolvedDate: null,
  dueDate: null,
  receivedDay: null,
  resolvedDay: null,
  dueDay: null,
  receivedYm: null,
  dueComputed: false,
  outcome: 'not_received',
  apologyOk: false,
});

/**
 * Fills `r` from record `rec` and classifies it as classifyDossier would; false when the general path must
 * handle the row. `info` receives what the caller counts.
 */
export function readFastRow(rec: CsvRecord, ctx: FastRowContext, info: FastRowInfo, r: FastRow): boolean {
  const code = (rec.dossier_code ?? '').trim();
  if (code === '') return false;
  const procedureCode = (rec.procedure_code ?? '').trim();
  const procedure = ctx.procedures.get(procedureCode);
  if (!procedure) return false;
  const unitId = ctx.units.get((rec.unit_code ?? '').trim());
  if (unitId === undefined) return false;
  const channel = (rec.channel ?? '').trim();
  if (channel !== 'online' && channel !== 'direct' && channel !== 'postal') return false;
  const receivedAt = ms(rec.received_at);
  const dueAt = ms(rec.due_at);
  const resolvedAt = ms(rec.resolved_at);
  const returnedAt = ms(rec.returned_at);
  const apologyAt = ms(rec.apology_at);
  const newDueAt = ms(rec.new_due_at);
  if (receivedAt === undefined || dueAt === undefined || resolvedAt === undefined || returnedAt === undefined || apologyAt === undefined || newDueAt === undefined) return false;
  if (receivedAt !== null && resolvedAt !== null && resolvedAt < receivedAt) return false;
  const status = int(rec.status, 1, 10);
  const paused = int(rec.paused_days, 0, Number.MAX_SAFE_INTEGER);
  const rating = int(rec.rating, 1, 5);
  const paidOnline = flag(rec.paid_online);
  const digitized = flag(rec.digitized);
  const eResult = flag(rec.e_result);
  if (status === undefined || paused === undefined || rating === undefined || paidOnline === undefined || digitized === undefined || eResult === undefined) return false;
  r.code = code;
  r.codeBytes = null;
  r.procedureCode = procedureCode;
  r.unitId = unitId;
  r.channel = channel;
  r.receivedAt = receivedAt;
  r.dueAt = dueAt;
  r.resolvedAt = resolvedAt;
  r.returnedAt = returnedAt;
  r.status = status;
  r.pausedDays = paused ?? 0;
  r.apologyAt = apologyAt;
  r.newDueAt = newDueAt;
  r.paidOnline = paidOnline;
  r.digitized = digitized;
  r.eResult = eResult;
  r.rating = rating;
  return classifyFastRow(r, procedure, ctx, info);
}

/**
 * classifyDossier, for the shapes the fast paths accept: fills the classification of `r`, whose file values
 * (code … rating) are set, with `procedure` its procedure. False for a procedure timed in hours (the general
 * path's). Shared by readFastRow and the byte reader (onestop.fast-bytes.ts).
 */
export function classifyFastRow(r: FastRow, procedure: Procedure, ctx: FastRowContext, info: FastRowInfo): boolean {
  const { receivedAt, dueAt, resolvedAt, apologyAt, newDueAt } = r;
  const received = isReceived(receivedAt, r.status, ctx.rules);
  const receivedDay = receivedAt === null ? null : vietnamDayOfMs(receivedAt);
  const receivedDate = receivedDay === null ? null : civilDateOfDay(receivedDay);
  let resolvedDate: string | null = null;
  let resolvedDay: number | null = null;
  let dueDate: string | null = null;
  let dueDay: number | null = null;
  let outcome: DossierOutcome = 'not_received';
  let apologyOk = false;
  info.computedYear = 0;
  if (received) {
    if (dueAt !== null) dueDay = vietnamDayOfMs(dueAt);
    else if (procedure.processingDays != null) {
      dueDay = ctx.calendar.dueDayOfDay(receivedDay!, procedure.processingDays, r.pausedDays);
      info.computedYear = Number(receivedDate!.slice(0, 4));
    } else return false;
    dueDate = civilDateOfDay(dueDay);
    if (resolvedAt !== null) {
      resolvedDay = vietnamDayOfMs(resolvedAt);
      resolvedDate = civilDateOfDay(resolvedDay);
    }
    outcome = outcomeFor(resolvedDate, dueDate, ctx.asOf);
    if (apologyAt !== null && newDueAt !== null) {
      apologyOk = isApologyCompliant({ apologyAt: new Date(apologyAt), newDueAt: new Date(newDueAt) } as Parameters<typeof isApologyCompliant>[0], dueDate, ctx);
    }
  }
  info.received = received;
  r.received = received;
  r.receivedDate = receivedDate;
  r.resolvedDate = resolvedDate;
  r.dueDate = dueDate;
  r.receivedDay = receivedDay;
  r.resolvedDay = resolvedDay;
  r.dueDay = dueDay;
  r.receivedYm = receivedDate === null ? null : ymOf(receivedDate);
  r.dueComputed = received && dueAt === null;
  r.outcome = outcome;
  r.apologyOk = apologyOk;
  return true;
}

/** The COPY text line (STAGE_COLUMNS order, with its newline) of a filled row staged at file row `row`. */
export function stageLineOf(r: FastRow, row: number): string {
  return `${row}\t${copyString(r.code)}\t${copyString(r.procedureCode)}\t${r.unitId}\t${r.channel}\t${sec(r.receivedAt)}\t${sec(r.dueAt)}\t${sec(r.resolvedAt)}\t${sec(r.returnedAt)}\t${num(r.status)}\t${r.pausedDays}\t${sec(r.apologyAt)}\t${sec(r.newDueAt)}\t${bool(r.paidOnline)}\t${bool(r.digitized)}\t${bool(r.eResult)}\t${num(r.rating)}\t${bool(r.received)}\t${text(r.receivedDate)}\t${num(r.receivedYm)}\t${text(r.resolvedDate)}\t${text(r.dueDate)}\t${bool(r.dueComputed)}\t${r.outcome}\t${bool(r.apologyOk)}\n`;
}

const msOf = (x: Date | null) => (x === null ? null : x.getTime());

/**
 * Fills `r` from a dossier the general path parsed and classified (the values stageRow stages), so the bulk
 * load writes every row from one shape.
 */
export function fastRowOf(d: Dossier, c: DossierClassification, unitId: number, apologyOk: boolean, r: FastRow): FastRow {
  r.code = d.dossierCode;
  r.codeBytes = null;
  r.procedureCode = d.procedureCode;
  r.unitId = unitId;
  r.channel = d.channel;
  r.receivedAt = msOf(d.receivedAt);
  r.dueAt = msOf(d.dueAt);
  r.resolvedAt = msOf(d.resolvedAt);
  r.returnedAt = msOf(d.returnedAt);
  r.status = d.status;
  r.pausedDays = d.pausedDays;
  r.apologyAt = msOf(d.apologyAt);
  r.newDueAt = msOf(d.newDueAt);
  r.paidOnline = d.paidOnline;
  r.digitized = d.digitized;
  r.eResult = d.eResult;
  r.rating = d.rating;
  r.received = c.received;
  r.receivedDate = c.receivedDate;
  r.resolvedDate = c.resolvedDate;
  r.dueDate = c.dueDate;
  r.receivedDay = c.receivedDate === null ? null : dayNumberOf(c.receivedDate);
  r.resolvedDay = c.resolvedDate === null ? null : dayNumberOf(c.resolvedDate);
  r.dueDay = c.dueDate === null ? null : dayNumberOf(c.dueDate);
  r.receivedYm = c.receivedDate === null ? null : ymOf(c.receivedDate);
  r.dueComputed = c.received && !d.dueAt;
  r.outcome = c.outcome;
  r.apologyOk = apologyOk;
  return r;
}
