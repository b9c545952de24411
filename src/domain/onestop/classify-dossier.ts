// One dossier → its due date and outcome (formats.md "Dossiers"); every comparison is between calendar
// dates in Asia/Ho_Chi_Minh, so a resolution at 17:30Z belongs to the next Vietnamese day.
import { vietnamDateOf } from '../calendar/civil-date';
import { dueDateHours } from '../calendar/office-hours';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { OnestopRules } from './onestop-config';
import type { Dossier, Procedure } from './types';

export type DossierOutcome = 'early' | 'on_time' | 'late' | 'overdue' | 'pending' | 'not_received';

export interface ClassifyContext {
  calendar: WorkingCalendar;
  /** The dossier's procedure, needed only when `due_at` is empty. */
  procedure?: Procedure;
  /** Vietnam calendar date (YYYY-MM-DD) at which unresolved dossiers are judged overdue or pending. */
  asOf: string;
  rules: OnestopRules;
}

export interface DossierClassification {
  received: boolean;
  resolved: boolean;
  receivedDate: string | null;
  resolvedDate: string | null;
  /** null only for dossiers that were not received. */
  dueDate: string | null;
  outcome: DossierOutcome;
  /** Early dossiers are on time too (formats.md). */
  onTime: boolean;
  lateOrOverdue: boolean;
  /** Only meaningful for late or overdue dossiers; false otherwise. */
  apologyCompliant: boolean;
}

export class DueDateUnknownError extends Error {}

/** A dossier counts as received when it has a receipt instant and its status is not one of "not received". */
export function isReceived<T>(receivedAt: T | null, status: number | null, rules: Pick<OnestopRules, 'notReceivedStatuses'>): receivedAt is T {
  return receivedAt !== null && !(status !== null && rules.notReceivedStatuses.has(status));
}

/** formats.md: resolved before / on / after the due date (Vietnam dates), or unresolved and past it at `asOf`. */
export function outcomeFor(resolvedDate: string | null, dueDate: string, asOf: string): DossierOutcome {
  if (resolvedDate !== null) return resolvedDate < dueDate ? 'early' : resolvedDate === dueDate ? 'on_time' : 'late';
  return asOf > dueDate ? 'overdue' : 'pending';
}

export function classifyDossier(d: Dossier, ctx: ClassifyContext): DossierClassification {
  if (!isReceived(d.receivedAt, d.status, ctx.rules)) {
    return {
      received: false,
      resolved: false,
      receivedDate: d.receivedAt ? vietnamDateOf(d.receivedAt) : null,
      resolvedDate: null,
      dueDate: null,
      outcome: 'not_received',
      onTime: false,
      lateOrOverdue: false,
      apologyCompliant: false,
    };
  }
  const dueDate = dossierDueDate(d, ctx);
  const resolvedDate = d.resolvedAt ? vietnamDateOf(d.resolvedAt) : null;
  const outcome = outcomeFor(resolvedDate, dueDate, ctx.asOf);
  const lateOrOverdue = outcome === 'late' || outcome === 'overdue';
  return {
    received: true,
    resolved: resolvedDate !== null,
    receivedDate: vietnamDateOf(d.receivedAt),
    resolvedDate,
    dueDate,
    outcome,
    onTime: outcome === 'early' || outcome === 'on_time',
    lateOrOverdue,
    apologyCompliant: lateOrOverdue && isApologyCompliant(d, dueDate, ctx),
  };
}

/**
 * A given `due_at` is taken as is (it already includes any pause); otherwise the due date comes from
 * the procedure's legal time, the calendar and `paused_days`.
 */
export function dossierDueDate(d: Dossier, ctx: ClassifyContext): string {
  if (d.dueAt) return vietnamDateOf(d.dueAt);
  if (!d.receivedAt) throw new DueDateUnknownError(`Hồ sơ ${d.dossierCode}: chưa tiếp nhận nên không có hạn`);
  const p = ctx.procedure;
  if (p?.processingDays != null) return ctx.calendar.dueDate(d.receivedAt, p.processingDays, d.pausedDays);
  if (p?.processingHours != null) {
    return vietnamDateOf(dueDateHours(d.receivedAt, p.processingHours, ctx.rules.officeHours, ctx.calendar, d.pausedDays));
  }
  throw new DueDateUnknownError(
    `Hồ sơ ${d.dossierCode}: due_at trống và không biết thời hạn của thủ tục "${d.procedureCode}"`,
  );
}

/**
 * The apology slip must carry a new date and be sent at least N working days before the original due
 * date (N from config; 1 today), i.e. on or before the N-th working day preceding it. The CSV holds one
 * slip, so "the date may be moved only once" cannot be violated in, nor checked from, this format.
 */
export function isApologyCompliant(d: Dossier, dueDate: string, ctx: Pick<ClassifyContext, 'calendar' | 'rules'>): boolean {
  if (!d.apologyAt || !d.newDueAt) return false;
  let latest = dueDate;
  for (let i = 0; i < ctx.rules.apologyMinWorkingDaysBeforeDue; i++) latest = ctx.calendar.previousWorkingDay(latest);
  return vietnamDateOf(d.apologyAt) <= latest;
}
