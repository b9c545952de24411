// What the fast paths' tests share (onestop.fast-row.test.ts, onestop.fast-bytes.test.ts): a small catalogue,
// a calendar with Tết 2025 and a make-up Saturday, and the generated dossiers of the demo.
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { Procedure } from '../../domain/onestop/types';
import type { CsvRecord } from '../../formats/csv';
import { onestopSettings } from './onestop.config';
import { demoDossierRows } from './onestop.demo';

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
export const procedures = new Map([
  ['P5', proc('P5', 5)],
  ['P0', proc('P0', 0)],
  ['P12', proc('P12', 12)],
  ['PH', proc('PH', null, 8)],
  ['PX', proc('PX', null)],
]);
export const units = new Map([
  ['U1', 11],
  ['U2', 12],
]);
// 2025: 1/1 a holiday, Tết 27/1–31/1, Saturday 8/2 worked.
export const calendar = new WorkingCalendar([
  { date: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: 'Tết',
  })),
  { date: '2025-02-08', kind: 'workday', name: 'Làm bù' },
]);
export const rules = onestopSettings().rules;
export const asOf = '2025-06-30';
export const ctx = { units, procedures, calendar, rules, asOf };

export const base: CsvRecord = {
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

/** The demo generator's dossiers (cells in DOSSIER_COLUMNS order) for the catalogue above. */
export const generatedRows = (n = 20_000) =>
  demoDossierRows({
    n,
    seed: 7,
    units: [
      {
        code: 'U1',
        procedures: [
          { code: 'P5', processingDays: 5 },
          { code: 'P0', processingDays: 0 },
        ],
      },
      { code: 'U2', procedures: [{ code: 'P12', processingDays: 12 }] },
    ],
    fromYm: 202412,
    toYm: 202506,
    today: asOf,
  });

/** Rows the fast paths take (as patches of `base`), each a shape one-stop exports write. */
export const plainShapes: [string, Partial<CsvRecord>][] = [
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
  [
    'paused days, rating, booleans, returned_at',
    { paused_days: '3', rating: '4', paid_online: '1', digitized: '0', e_result: '1', returned_at: '2025-02-07T08:00' },
  ],
  ['cells with spaces around', { dossier_code: ' D1 ', unit_code: 'U1 ', channel: ' direct', status: ' 10 ', rating: ' 5' }],
  ['a code with a tab and a backslash', { dossier_code: 'D\t1\\x' }],
  ['a missing column read as empty', { status: undefined as unknown as string }],
];

/** Rows the fast paths must leave to the general path: refused ones and shapes only it reads. */
export const otherShapes: [string, Partial<CsvRecord>][] = [
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
];
