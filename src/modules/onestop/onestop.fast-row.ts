// The import's fast path for the rows one-stop exports write (PostgreSQL COPY staging): a record goes
// straight to its line of COPY text, without the Dossier object, its Dates, the classification object and
// the 25-cell array of the general path (parseDossierRow → classifyDossier → stage row → COPY text), which
// cost about as much as everything else on a million rows. It accepts only the plain shapes — ISO instants
// quickInstant reads, plain digits, 1/0 booleans, known codes, a procedure timed in days — and gives up
// (null) on anything else, a refused row included: the caller then takes the general path, which words
// the refusal. For every row it accepts, the line is the one the general path would stage
// (onestop.fast-row.test.ts holds both paths to the same text).
import { civilDateOfDay, vietnamDayOfMs } from '../../domain/calendar/civil-date';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { type DossierOutcome, isApologyCompliant, isReceived, outcomeFor } from '../../domain/onestop/classify-dossier';
import type { OnestopRules } from '../../domain/onestop/onestop-config';
import type { Procedure } from '../../domain/onestop/types';
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
 * The COPY line (STAGE_COLUMNS order, with its newline) of record `rec` at file row `row`, or null when
 * the general path must handle it. `info` receives what the caller counts.
 */
export function fastStageLine(rec: CsvRecord, row: number, ctx: FastRowContext, info: FastRowInfo): string | null {
  const code = (rec.dossier_code ?? '').trim();
  if (code === '') return null;
  const procedureCode = (rec.procedure_code ?? '').trim();
  const procedure = ctx.procedures.get(procedureCode);
  if (!procedure) return null;
  const unitId = ctx.units.get((rec.unit_code ?? '').trim());
  if (unitId === undefined) return null;
  const channel = (rec.channel ?? '').trim();
  if (channel !== 'online' && channel !== 'direct' && channel !== 'postal') return null;
  const receivedAt = ms(rec.received_at);
  const dueAt = ms(rec.due_at);
  const resolvedAt = ms(rec.resolved_at);
  const returnedAt = ms(rec.returned_at);
  const apologyAt = ms(rec.apology_at);
  const newDueAt = ms(rec.new_due_at);
  if (receivedAt === undefined || dueAt === undefined || resolvedAt === undefined || returnedAt === undefined || apologyAt === undefined || newDueAt === undefined) return null;
  if (receivedAt !== null && resolvedAt !== null && resolvedAt < receivedAt) return null;
  const status = int(rec.status, 1, 10);
  const paused = int(rec.paused_days, 0, Number.MAX_SAFE_INTEGER);
  const rating = int(rec.rating, 1, 5);
  const paidOnline = flag(rec.paid_online);
  const digitized = flag(rec.digitized);
  const eResult = flag(rec.e_result);
  if (status === undefined || paused === undefined || rating === undefined || paidOnline === undefined || digitized === undefined || eResult === undefined) return null;
  const pausedDays = paused ?? 0;

  // classifyDossier, for these shapes (a procedure timed in hours goes the general way)
  const received = isReceived(receivedAt, status, ctx.rules);
  const receivedDate = receivedAt === null ? null : civilDateOfDay(vietnamDayOfMs(receivedAt));
  let resolvedDate: string | null = null;
  let dueDate: string | null = null;
  let outcome: DossierOutcome = 'not_received';
  let apologyOk = false;
  info.computedYear = 0;
  if (received) {
    if (dueAt !== null) dueDate = civilDateOfDay(vietnamDayOfMs(dueAt));
    else if (procedure.processingDays != null) {
      dueDate = ctx.calendar.dueDateOfDay(vietnamDayOfMs(receivedAt), procedure.processingDays, pausedDays);
      info.computedYear = Number(receivedDate!.slice(0, 4));
    } else return null;
    resolvedDate = resolvedAt === null ? null : civilDateOfDay(vietnamDayOfMs(resolvedAt));
    outcome = outcomeFor(resolvedDate, dueDate, ctx.asOf);
    if (apologyAt !== null && newDueAt !== null) {
      apologyOk = isApologyCompliant({ apologyAt: new Date(apologyAt), newDueAt: new Date(newDueAt) } as Parameters<typeof isApologyCompliant>[0], dueDate, ctx);
    }
  }
  info.received = received;
  return `${row}\t${copyString(code)}\t${copyString(procedureCode)}\t${unitId}\t${channel}\t${sec(receivedAt)}\t${sec(dueAt)}\t${sec(resolvedAt)}\t${sec(returnedAt)}\t${num(status)}\t${pausedDays}\t${sec(apologyAt)}\t${sec(newDueAt)}\t${bool(paidOnline)}\t${bool(digitized)}\t${bool(eResult)}\t${num(rating)}\t${bool(received)}\t${text(receivedDate)}\t${receivedDate === null ? '\\N' : ymOf(receivedDate)}\t${text(resolvedDate)}\t${text(dueDate)}\t${bool(received && dueAt === null)}\t${outcome}\t${bool(apologyOk)}\n`;
}
