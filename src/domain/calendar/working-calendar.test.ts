import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../formats/calendar.format';
import { parseInstant } from '../../formats/values';
import { WorkingCalendar } from './working-calendar';

const at = (s: string) => parseInstant(s)!;
const cal = await loadCalendar();

describe('shipped calendars (vn-2025.csv, vn-2026.csv)', () => {
  it('knows both years', () => expect(cal.coveredYears).toEqual([2025, 2026]));
  it.each([
    ['2025-01-01', false], // Wed, New Year
    ['2025-01-27', false], // Mon, Tết
    ['2025-01-31', false], // Fri, Tết
    ['2025-02-03', true],
    ['2025-04-07', false], // Mon, Giỗ Tổ
    ['2025-04-26', true], // Sat, make-up day for Fri 2/5
    ['2025-05-02', false],
    ['2025-09-01', false],
    ['2025-09-02', false],
    ['2026-01-01', false], // Thu
    ['2026-02-16', false],
    ['2026-02-20', false],
    ['2026-02-23', true],
    ['2026-04-27', false], // Mon, Giỗ Tổ moved from Sun 26/4
    ['2026-04-30', false],
    ['2026-05-01', false],
    ['2026-08-22', true], // Sat, make-up day for Mon 31/8
    ['2026-08-31', false],
    ['2026-09-02', false],
    ['2026-09-03', true],
    ['2025-03-15', false], // an ordinary Saturday
  ])('%s working = %s', (date, working) => expect(cal.isWorkingDay(date)).toBe(working));
});

describe('dueDate: N-th working day after the Vietnamese day of receipt', () => {
  it.each([
    // [received, days, paused, due, hand computation]
    ['2025-03-14T10:00', 5, 0, '2025-03-21', 'Fri → Mon17 Tue18 Wed19 Thu20 Fri21'],
    ['2025-03-14T10:00', 5, 2, '2025-03-25', '7 working days: 17..21, Mon24, Tue25'],
    ['2025-01-24T10:00', 1, 0, '2025-02-03', 'Fri before Tết: 25/1–2/2 off → Mon 3/2'],
    ['2025-01-23T10:00', 3, 0, '2025-02-04', 'Fri24 (1), Mon3/2 (2), Tue4/2 (3)'],
    ['2025-01-25T09:00', 1, 0, '2025-02-03', 'received on a Tết Saturday'],
    ['2025-04-04T10:00', 1, 0, '2025-04-08', 'Mon 7/4 Giỗ Tổ skipped'],
    ['2025-04-25T10:00', 1, 0, '2025-04-26', 'Sat 26/4 is a working day'],
    ['2025-04-25T10:00', 3, 0, '2025-04-29', 'Sat26 (1), Mon28 (2), Tue29 (3)'],
    ['2025-04-25T10:00', 4, 0, '2025-05-05', '30/4, 1/5, Fri 2/5 off, 3–4/5 weekend → Mon 5/5'],
    ['2025-04-24T10:00', 2, 1, '2025-04-28', 'Fri25 (1), Sat26 (2), paused 1 → Mon28'],
    ['2025-08-29T10:00', 2, 0, '2025-09-04', '30/8–2/9 off → Wed3 (1), Thu4 (2)'],
    ['2026-02-13T10:00', 5, 0, '2026-02-27', 'Tết 14–22/2 off → 23..27'],
    ['2026-02-11T10:00', 2, 1, '2026-02-23', 'Thu12 (1), Fri13 (2), paused → Mon23'],
    ['2026-04-24T10:00', 2, 0, '2026-04-29', 'Mon 27/4 off → Tue28 (1), Wed29 (2)'],
    ['2026-08-21T10:00', 2, 0, '2026-08-24', 'Sat 22/8 worked (1), Mon24 (2)'],
    ['2026-08-21T10:00', 7, 0, '2026-09-03', '22,24,25,26,27,28 = 6; 29/8–2/9 off → Thu 3/9'],
    ['2026-08-21T10:00', 5, 2, '2026-09-03', 'same 7 working days with 2 paused'],
    ['2025-03-13T20:00:00Z', 5, 0, '2025-03-21', '20:00Z = 03:00 on 14/3 in Vietnam'],
  ])('%s + %i days, %i paused → %s (%s)', (received, days, paused, due, _why) => {
    expect(cal.dueDate(at(received), days, paused)).toBe(due);
  });

  it('0 days is the receipt day, or the next working day when received on a day off', () => {
    expect(cal.dueDate(at('2025-04-26T09:00'), 0)).toBe('2025-04-26');
    expect(cal.dueDate(at('2025-04-27T09:00'), 0)).toBe('2025-04-28');
  });

  it('refuses negative or fractional counts', () => {
    expect(() => cal.dueDate(at('2025-03-14T10:00'), -1)).toThrow(RangeError);
    expect(() => cal.dueDate(at('2025-03-14T10:00'), 1.5)).toThrow(RangeError);
    expect(() => cal.dueDate(at('2025-03-14T10:00'), 1, -2)).toThrow(RangeError);
  });
});

describe('WorkingCalendar', () => {
  it('without entries only weekends are off', () => {
    const bare = new WorkingCalendar([]);
    expect(bare.addWorkingDays('2025-01-24', 1)).toBe('2025-01-27');
    expect(bare.covers('2025-01-24')).toBe(false);
  });
  it('previous working day skips holidays and weekends', () => {
    expect(cal.previousWorkingDay('2025-02-03')).toBe('2025-01-24');
    expect(cal.previousWorkingDay('2025-04-28')).toBe('2025-04-26');
  });
  it('counts working days between two dates', () => expect(cal.workingDaysBetween('2025-01-24', '2025-02-04')).toBe(2));
  it('refuses a date twice', () => {
    expect(
      () =>
        new WorkingCalendar([
          { date: '2025-01-01', kind: 'holiday', name: 'a' },
          { date: '2025-01-01', kind: 'holiday', name: 'b' },
        ]),
    ).toThrow(/hai lần/);
  });
});
