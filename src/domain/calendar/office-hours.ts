// Finer due-date rule for procedures whose legal time is given in hours: the clock runs only during
// office hours on working days, starting at the moment of receipt.
import { vietnamDateOf, vietnamInstant, vietnamMinuteOfDay } from './civil-date';
import type { WorkingCalendar } from './working-calendar';

/** Office sessions of a working day in Vietnam time, e.g. 07:30–11:30 and 13:30–17:00 (from config). */
export interface OfficeHours {
  sessions: { start: string; end: string }[];
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClock(value: string): number {
  const m = HHMM.exec(value);
  if (!m) throw new RangeError(`Giờ không hợp lệ: "${value}" (cần HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Validated sessions as minute ranges, ordered and non-overlapping. */
export function sessionMinutes(hours: OfficeHours): { start: number; end: number }[] {
  const out = hours.sessions.map((s) => ({ start: parseClock(s.start), end: parseClock(s.end) }));
  if (out.length === 0) throw new RangeError('Giờ hành chính phải có ít nhất một buổi');
  out.forEach((s, i) => {
    if (s.end <= s.start) throw new RangeError(`Buổi làm việc ${i + 1} kết thúc trước khi bắt đầu`);
    if (i > 0 && s.start < out[i - 1].end) throw new RangeError(`Buổi làm việc ${i + 1} chồng lên buổi trước`);
  });
  return out;
}

/**
 * The due instant of a procedure of `hours` office hours received at `receivedAt`; each paused working
 * day moves it one working day later (same time of day), as for procedures in days.
 */
export function dueDateHours(
  receivedAt: Date,
  hours: number,
  officeHours: OfficeHours,
  calendar: WorkingCalendar,
  pausedDays = 0,
): Date {
  if (!(hours >= 0)) throw new RangeError(`Số giờ không hợp lệ: ${hours}`);
  const sessions = sessionMinutes(officeHours);
  let remaining = Math.round(hours * 60);
  let date = vietnamDateOf(receivedAt);
  let from = vietnamMinuteOfDay(receivedAt);
  for (;;) {
    if (calendar.isWorkingDay(date)) {
      for (const s of sessions) {
        const start = Math.max(s.start, from);
        if (start >= s.end) continue;
        if (remaining <= s.end - start) {
          const dueDay = pausedDays > 0 ? calendar.addWorkingDays(date, pausedDays) : date;
          return vietnamInstant(dueDay, start + remaining);
        }
        remaining -= s.end - start;
      }
    }
    date = calendar.nextWorkingDay(date);
    from = 0;
  }
}
