import { describe, expect, it } from 'vitest';
import onestop from '../../../methodology/config/onestop.json';
import { loadCalendar } from '../../formats/calendar.format';
import { parseInstant } from '../../formats/values';
import { dueDateHours, sessionMinutes } from './office-hours';

const cal = await loadCalendar();
const hours = onestop.officeHours; // 07:30–11:30, 13:30–17:00
const due = (received: string, h: number, paused = 0) => dueDateHours(parseInstant(received)!, h, hours, cal, paused).toISOString();
const vn = (local: string) => parseInstant(local)!.toISOString();

describe('dueDateHours: the clock runs in office hours from the moment of receipt', () => {
  it('spills over the weekend: Fri 10:00 + 6 h → 1.5 h + 3.5 h Fri, 1 h Mon → Mon 08:30', () => {
    expect(due('2025-03-14T10:00', 6)).toBe(vn('2025-03-17T08:30'));
  });
  it('received at lunch starts at 13:30', () => expect(due('2025-03-14T12:00', 2)).toBe(vn('2025-03-14T15:30')));
  it('uses the make-up Saturday: Fri 25/4 16:00 + 8 h → 1 h Fri, 4 h + 3 h Sat 26/4 → 16:30', () => {
    expect(due('2025-04-25T16:00', 8)).toBe(vn('2025-04-26T16:30'));
  });
  it('received after hours before Tết starts after Tết', () => expect(due('2025-01-24T18:00', 1)).toBe(vn('2025-02-03T08:30')));
  it('a paused working day moves the due moment one working day', () => {
    expect(due('2025-03-14T10:00', 6, 1)).toBe(vn('2025-03-18T08:30'));
  });
  it('refuses overlapping or inverted sessions', () => {
    expect(() => sessionMinutes({ sessions: [{ start: '08:00', end: '07:00' }] })).toThrow();
    expect(() => sessionMinutes({ sessions: [{ start: '07:00', end: '12:00' }, { start: '11:00', end: '17:00' }] })).toThrow();
    expect(() => sessionMinutes({ sessions: [{ start: '7h', end: '12:00' }] })).toThrow();
  });
});
