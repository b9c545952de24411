// The dense working-day index (O(1) "n-th working day after") against the day-by-day scan it replaces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../formats/calendar.format';
import { parseInstant } from '../../formats/values';
import { addDays } from './civil-date';
import { WorkingCalendar } from './working-calendar';

const cal = await loadCalendar();
const day = fc.integer({ min: 0, max: 4 * 366 }).map((i) => addDays('2024-06-01', i));

describe('addWorkingDays through the dense index', () => {
  it.each([
    // [from, n, expected, hand computation]
    ['2025-01-24', 1, '2025-02-03', 'Fri before Tết: Sat 25/1 – Sun 2/2 off → Mon 3/2'],
    ['2025-01-23', 3, '2025-02-04', 'Fri 24 (1), Mon 3/2 (2), Tue 4/2 (3)'],
    ['2025-01-27', 0, '2025-02-03', 'a Tết Monday, 0 days → the next working day'],
    ['2025-04-25', 1, '2025-04-26', 'Sat 26/4 is a make-up working day'],
    ['2025-04-26', 0, '2025-04-26', 'the make-up Saturday itself works'],
    ['2025-04-25', 4, '2025-05-05', 'Sat 26 (1), Mon 28 (2), Tue 29 (3); 30/4–4/5 off → Mon 5/5 (4)'],
    ['2026-02-13', 5, '2026-02-27', 'Tết 14–22/2 off → Mon 23 … Fri 27'],
    ['2026-08-21', 7, '2026-09-03', 'Sat 22/8 worked; 22, 24–28 = 6; 29/8–2/9 off → Thu 3/9 (7)'],
  ])('%s + %i → %s (%s)', (from, n, due, _why) => {
    expect(cal.addWorkingDays(from, n)).toBe(due);
    expect(cal.addWorkingDaysByScan(from, n)).toBe(due);
  });

  it('equals the day-by-day scan on random days and counts (shipped 2025–2026 calendars)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 80 }), (d, n) => cal.addWorkingDays(d, n) === cal.addWorkingDaysByScan(d, n)),
      { numRuns: 3000 },
    );
  });

  it('equals the scan on a random calendar of holidays and make-up Saturdays', () => {
    const entriesArb = fc.uniqueArray(fc.tuple(day, fc.boolean()), { selector: ([d]) => d, maxLength: 120 });
    fc.assert(
      fc.property(entriesArb, day, fc.integer({ min: 0, max: 40 }), (entries, d, n) => {
        const c = new WorkingCalendar(entries.map(([date, work]) => ({ date, kind: work ? 'workday' : 'holiday', name: 'x' })));
        const received = parseInstant(`${d}T10:00`)!;
        return c.addWorkingDays(d, n) === c.addWorkingDaysByScan(d, n) && c.dueDate(received, n) === c.addWorkingDaysByScan(d, n);
      }),
      { numRuns: 80 },
    );
  });

  it('falls back to the scan outside the index and on a calendar with more than a year off', () => {
    expect(cal.addWorkingDays('2101-01-01', 1)).toBe('2101-01-03'); // Sat 1/1/2101 → Sun 2 off → Mon 3 (1)
    expect(cal.addWorkingDays('1989-12-29', 1)).toBe('1990-01-01'); // Fri → Sat 30, Sun 31 off → Mon 1/1/1990 (not listed)
    const offs = Array.from({ length: 400 }, (_, i) => ({ date: addDays('2030-01-01', i), kind: 'holiday' as const, name: 'x' }));
    const broken = new WorkingCalendar(offs);
    expect(() => broken.addWorkingDaysByScan('2029-12-31', 1)).toThrow(RangeError);
    expect(() => broken.addWorkingDays('2029-12-31', 1)).toThrow(RangeError);
    expect(broken.addWorkingDays('2029-12-28', 1)).toBe('2029-12-31'); // Fri → Mon 31/12 (a working day)
  });

  it('refuses an invalid date as before', () => {
    expect(() => cal.addWorkingDays('2025-02-30', 1)).toThrow(/không hợp lệ/);
    expect(() => cal.addWorkingDays('2025-02-30', 0)).toThrow(/không hợp lệ/);
  });
});
