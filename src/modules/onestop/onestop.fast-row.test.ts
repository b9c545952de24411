// The import's fast path (readFastRow, staged by stageLineOf) against the general one (parseDossierRow → classifyDossier →
// stageRow → copyLine): for every row the fast path accepts, the same COPY text; every row it must leave to
// the general path (refused rows, unusual shapes, procedures timed in hours) gives null.
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { type DossierClassification, classifyDossier, isApologyCompliant } from '../../domain/onestop/classify-dossier';
import type { Dossier, Procedure } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { DOSSIER_COLUMNS, createDossierParseContext, parseDossierRow } from '../../formats/dossiers.format';
import { onestopSettings } from './onestop.config';
import { demoDossierRows } from './onestop.demo';
import { type FastRowInfo, copyString, newFastRow, readFastRow, stageLineOf } from './onestop.fast-row';
import { ymOf } from './onestop.periods';

const proc = (code: string, days: number | null, hours: number | null = null): Procedure => ({
  code,
  name: code,
  sector: '',
  level: '',
  processingDays: days,
  processingHours: hours,
  onlineLevel: null,
  feeVnd: null,
  cutPercent: null,
  unitCode: null,
});
const procedures = new Map([
  ['P5', proc('P5', 5)],
  ['P0', proc('P0', 0)],
  ['P12', proc('P12', 12)],
  ['PH', proc('PH', null, 8)],
  ['PX', proc('PX', null)],
]);
const units = new Map([
  ['U1', 11],
  ['U2', 12],
]);
// 2025: 1/1 a holiday, Tết 27/1–31/1, Saturday 8/2 worked.
const calendar = new WorkingCalendar([
  { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({ date, kind: 'holiday' as const, name: 'Tết' })),
  { date: '2025-02-08', kind: 'workday', name: 'Làm bù' },
]);
const rules = onestopSettings().rules;
const asOf = '2025-06-30';
const ctx = { units, procedures, calendar, rules, asOf };

// The general path's staged row and its COPY text, written out here as the reference the fast path is held to
// (the import itself now writes every row from one FastRow).
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return copyString(String(v));
}
const copyLine = (row: readonly unknown[]) => `${row.map(copyText).join('\t')}\n`;
const secondsOf = (d: Date | null) => (d ? d.getTime() / 1000 : null);
function stageRow(row: number, d: Dossier, c: DossierClassification): unknown[] {
  const apologyOk = c.received && c.dueDate !== null && isApologyCompliant(d, c.dueDate, { calendar, rules });
  return [row, d.dossierCode, d.procedureCode, units.get(d.unitCode), d.channel, secondsOf(d.receivedAt), secondsOf(d.dueAt), secondsOf(d.resolvedAt), secondsOf(d.returnedAt), d.status, d.pausedDays, secondsOf(d.apologyAt), secondsOf(d.newDueAt), d.paidOnline, d.digitized, d.eResult, d.rating, c.received, c.receivedDate, c.receivedDate ? ymOf(c.receivedDate) : null, c.resolvedDate, c.dueDate, c.received && !d.dueAt, c.outcome, apologyOk];
}

/** The general path's line for `rec`, or null when it refuses the row (or classification throws). */
function generalLine(rec: CsvRecord, row: number): { line: string | null; received: boolean } {
  const parseCtx = createDossierParseContext({ procedures, units: new Set(units.keys()), notReceivedStatuses: rules.notReceivedStatuses });
  const { dossier } = parseDossierRow(rec, row, parseCtx);
  if (!dossier) return { line: null, received: false };
  const c = classifyDossier(dossier, { calendar, procedure: procedures.get(dossier.procedureCode), asOf, rules });
  return { line: copyLine(stageRow(row, dossier, c)), received: c.received };
}

const fast = (rec: CsvRecord, row: number) => {
  const info: FastRowInfo = { received: false, computedYear: 0 };
  const r = newFastRow();
  const line = readFastRow(rec, ctx, info, r) ? stageLineOf(r, row) : null;
  return { line, info };
};

const base: CsvRecord = {
  dossier_code: 'D1',
  procedure_code: 'P5',
  unit_code: 'U1',
  channel: 'online',
  received_at: '2025-01-24T09:00',
  due_at: '',
  resolved_at: '2025-02-06T10:00',
  returned_at: '',
  status: '10',
};

describe('readFastRow → stageLineOf', () => {
  it('gives the general path text for 20,000 generated dossiers (demo generator, every shape it writes)', () => {
    const gen = demoDossierRows({
      n: 20_000,
      seed: 7,
      units: [
        { code: 'U1', procedures: [{ code: 'P5', processingDays: 5 }, { code: 'P0', processingDays: 0 }] },
        { code: 'U2', procedures: [{ code: 'P12', processingDays: 12 }] },
      ],
      fromYm: 202412,
      toYm: 202506,
      today: asOf,
    });
    let row = 1;
    let accepted = 0;
    for (const cells of gen) {
      row++;
      const rec: CsvRecord = {};
      DOSSIER_COLUMNS.forEach((c, i) => {
        rec[c] = cells[i];
      });
      const f = fast(rec, row);
      const g = generalLine(rec, row);
      if (f.line !== null) {
        accepted++;
        expect(f.line).toBe(g.line);
        expect(f.info.received).toBe(g.received);
      }
    }
    // the generator writes only the plain shapes: the fast path takes every row
    expect(accepted).toBe(20_000);
  });

  it.each<[string, Partial<CsvRecord>]>([
    ['a due date computed across Tết (P5: 24/1 + 5 working days)', {}],
    ['a given due date, late', { due_at: '2025-02-03' }],
    ['a same-day procedure received on a Saturday', { procedure_code: 'P0', received_at: '2025-02-01T09:00', resolved_at: '' }],
    ['an open dossier, overdue at the as-of date', { resolved_at: '' }],
    ['an open dossier, pending at the as-of date', { received_at: '2025-06-27T09:00', resolved_at: '' }],
    ['not received (status 1)', { status: '1' }],
    ['no receipt at all', { received_at: '', resolved_at: '', status: '' }],
    ['a compliant apology', { due_at: '2025-02-05', apology_at: '2025-02-03T08:00', new_due_at: '2025-02-10' }],
    ['an apology one day too late', { due_at: '2025-02-05', apology_at: '2025-02-05T08:00', new_due_at: '2025-02-10' }],
    ['an apology without a new date', { due_at: '2025-02-05', apology_at: '2025-02-03T08:00' }],
    ['offsets Z and +07:00, seconds', { received_at: '2025-01-24T02:00:30Z', resolved_at: '2025-02-06T10:00:00+07:00' }],
    ['17:00Z is the next Vietnamese day', { received_at: '2025-01-23T17:00Z', resolved_at: '2025-02-05T17:00Z' }],
    ['paused days, rating, booleans, returned_at', { paused_days: '3', rating: '4', paid_online: '1', digitized: '0', e_result: '1', returned_at: '2025-02-07T08:00' }],
    ['cells with spaces around', { dossier_code: ' D1 ', unit_code: 'U1 ', channel: ' direct', status: ' 10 ', rating: ' 5' }],
    ['a code with a tab and a backslash', { dossier_code: 'D\t1\\x' }],
    ['a missing column read as empty', { status: undefined as unknown as string }],
  ])('the same line as the general path: %s', (_what, patch) => {
    const rec = { ...base, ...patch } as CsvRecord;
    const f = fast(rec, 7);
    expect(f.line).not.toBeNull();
    const g = generalLine(rec, 7);
    expect(f.line).toBe(g.line);
    expect(f.info.received).toBe(g.received);
  });

  it('the due date computed across Tết: Fri 24/1 + 5 working days (27–31/1 off) = Fri 7/2', () => {
    const { line, info } = fast(base, 2);
    const cells = line!.trimEnd().split('\t');
    expect(cells[21]).toBe('2025-02-07'); // due_date
    expect(cells[22]).toBe('t'); // due_computed
    expect(cells[23]).toBe('early'); // resolved 6/2 < 7/2
    expect(info).toEqual({ received: true, computedYear: 2025 });
  });

  it.each<[string, Partial<CsvRecord>]>([
    ['an empty code', { dossier_code: '' }],
    ['an unknown procedure', { procedure_code: 'NOPE' }],
    ['an unknown unit', { unit_code: 'U9' }],
    ['a bad channel', { channel: 'fax' }],
    ['an invalid instant', { received_at: '2025-02-30T09:00' }],
    ['an instant in a shape only parseInstant reads', { received_at: '2025-01-24T09:00:00.000' }],
    ['resolved before received', { resolved_at: '2025-01-20T09:00' }],
    ['status out of range', { status: '11' }],
    ['status written as 10.0', { status: '10.0' }],
    ['a rating of 0', { rating: '0' }],
    ['a boolean written true', { paid_online: 'true' }],
    ['a procedure timed in hours, due date to compute', { procedure_code: 'PH' }],
    ['a procedure without any time, due date to compute', { procedure_code: 'PX' }],
  ])('leaves the row to the general path: %s', (_what, patch) => {
    expect(fast({ ...base, ...patch } as CsvRecord, 2).line).toBeNull();
  });
});
