import { describe, expect, it } from 'vitest';
import onestopJson from '../../../methodology/config/onestop.json';
import { loadCalendar } from '../../formats/calendar.format';
import { parseInstant } from '../../formats/values';
import { classifyDossier, DueDateUnknownError } from './classify-dossier';
import { parseOnestopConfig } from './onestop-config';
import type { Dossier, Procedure } from './types';

const rules = parseOnestopConfig(onestopJson);
const calendar = await loadCalendar();
const at = (s: string) => parseInstant(s);

function dossier(over: Partial<Record<keyof Dossier, unknown>>): Dossier {
  const base: Dossier = {
    dossierCode: 'D',
    procedureCode: 'P',
    unitCode: 'U',
    channel: 'direct',
    receivedAt: at('2025-03-05T08:00'),
    dueAt: at('2025-03-10'),
    resolvedAt: null,
    returnedAt: null,
    status: 4,
    pausedDays: 0,
    apologyAt: null,
    newDueAt: null,
    paidOnline: false,
    digitized: false,
    eResult: false,
    rating: null,
  };
  return { ...base, ...over } as Dossier;
}
const proc: Procedure = {
  code: 'P',
  name: '',
  sector: '',
  level: '',
  processingDays: 3,
  processingHours: null,
  onlineLevel: null,
  feeVnd: null,
  cutPercent: null,
  unitCode: null,
};
const classify = (d: Dossier, asOf = '2025-04-10', procedure: Procedure | undefined = proc) =>
  classifyDossier(d, { calendar, rules, asOf, procedure });

describe('classifyDossier', () => {
  it('early, on time and late compare Vietnamese calendar dates', () => {
    expect(classify(dossier({ resolvedAt: at('2025-03-07T15:00') })).outcome).toBe('early');
    expect(classify(dossier({ resolvedAt: at('2025-03-10T23:59') })).outcome).toBe('on_time');
    expect(classify(dossier({ resolvedAt: at('2025-03-11T00:01') })).outcome).toBe('late');
  });

  it('a resolution stamped 17:30Z belongs to the next day in Vietnam and turns on time into late', () => {
    expect(classify(dossier({ resolvedAt: at('2025-03-10T16:59:00Z') })).outcome).toBe('on_time'); // 23:59 on 10/3
    const late = classify(dossier({ resolvedAt: at('2025-03-10T17:30:00Z') })); // 00:30 on 11/3
    expect(late.resolvedDate).toBe('2025-03-11');
    expect(late.outcome).toBe('late');
  });

  it('a receipt late in the evening UTC counts from the next Vietnamese day', () => {
    // 2025-03-04T18:00Z = 01:00 Wed 5/3 in Vietnam; 3 days → Thu6, Fri7, Mon10.
    const c = classify(dossier({ receivedAt: at('2025-03-04T18:00:00Z'), dueAt: null }));
    expect(c.dueDate).toBe('2025-03-10');
  });

  it('unresolved: pending up to and on the due date, overdue after it (as-of)', () => {
    expect(classify(dossier({}), '2025-03-10').outcome).toBe('pending');
    expect(classify(dossier({}), '2025-03-11').outcome).toBe('overdue');
  });

  it('computes the due date from the procedure and paused days when due_at is empty', () => {
    // received Tue 1/4, 3 days + 2 paused: Wed2 Thu3 Fri4 (Mon7 Giỗ Tổ) Tue8 Wed9
    const c = classify(dossier({ receivedAt: at('2025-04-01T09:00'), dueAt: null, pausedDays: 2 }));
    expect(c.dueDate).toBe('2025-04-09');
  });

  it('takes a given due_at as is (pauses already included)', () => {
    expect(classify(dossier({ pausedDays: 5 })).dueDate).toBe('2025-03-10');
  });

  it('status 1 or 3, or no received_at: not received', () => {
    expect(classify(dossier({ status: 1 })).outcome).toBe('not_received');
    expect(classify(dossier({ status: 3, resolvedAt: at('2025-03-06') })).received).toBe(false);
    expect(classify(dossier({ receivedAt: null, dueAt: null })).outcome).toBe('not_received');
  });

  it('no due_at and no procedure time: a clear error', () => {
    const untimed = { ...proc, processingDays: null };
    expect(() => classify(dossier({ dueAt: null }), '2025-04-10', untimed)).toThrow(DueDateUnknownError);
    expect(() => classifyDossier(dossier({ dueAt: null }), { calendar, rules, asOf: '2025-04-10' })).toThrow(/due_at trống/);
  });

  describe('apology slip (≥ 1 working day before the due date, with a new date)', () => {
    const late = { resolvedAt: at('2025-03-12T10:00'), newDueAt: at('2025-03-12') };
    it('sent on the previous working day (Fri 7/3 for Mon 10/3) is compliant', () => {
      expect(classify(dossier({ ...late, apologyAt: at('2025-03-07T16:00') })).apologyCompliant).toBe(true);
    });
    it('sent on the due date is not', () => {
      expect(classify(dossier({ ...late, apologyAt: at('2025-03-10T08:00') })).apologyCompliant).toBe(false);
    });
    it('sent on Saturday 8/3 (after Fri 7/3) is not', () => {
      expect(classify(dossier({ ...late, apologyAt: at('2025-03-08T08:00') })).apologyCompliant).toBe(false);
    });
    it('needs the new date', () => {
      expect(classify(dossier({ ...late, newDueAt: null, apologyAt: at('2025-03-06') })).apologyCompliant).toBe(false);
    });
    it('holidays are skipped: due Tue 4/2/2025 → the slip must be sent by Mon 3/2', () => {
      const d = dossier({ dueAt: at('2025-02-04'), resolvedAt: at('2025-02-05'), newDueAt: at('2025-02-07'), apologyAt: at('2025-02-03T08:00') });
      expect(classify(d).apologyCompliant).toBe(true);
    });
    it('counts for overdue dossiers too, never for on-time ones', () => {
      expect(classify(dossier({ apologyAt: at('2025-03-06'), newDueAt: at('2025-03-14') })).apologyCompliant).toBe(true);
      expect(classify(dossier({ resolvedAt: at('2025-03-10'), apologyAt: at('2025-03-06'), newDueAt: at('2025-03-14') })).apologyCompliant).toBe(false);
    });
  });
});
