// `chiso due [--calendar C.csv] --received 2025-03-14T10:00 (--days 5 | --hours 8) [--paused 0]`
// prints the due date (YYYY-MM-DD, Vietnam calendar) on the first line. Without --calendar the shipped
// methodology/calendars/vn-*.csv (all years) are used. With --hours, the office-hours rule of
// methodology/config/onestop.json applies and the second line gives the due moment.
import { parseInstant } from '../../formats/values';
import { vietnamDateOf, yearOf } from '../../domain/calendar/civil-date';
import { dueDateHours } from '../../domain/calendar/office-hours';
import { parseArgs, requireOption } from '../args';
import { CliError } from '../cli-error';
import { loadOnestopRules, readCalendarOption, warnUncoveredYears } from './indicators';

export async function run(args: string[]): Promise<number> {
  const { options } = parseArgs(args, { strings: ['calendar', 'received', 'days', 'hours', 'paused'] });
  const rawReceived = requireOption(options, 'received');
  const receivedAt = parseInstant(rawReceived);
  if (!receivedAt) throw new CliError(`--received "${rawReceived}" không phải thời điểm hợp lệ (ví dụ 2025-03-14T10:00)`, 2);
  if ((options.days === undefined) === (options.hours === undefined)) throw new CliError('cần đúng một trong hai tham số --days hoặc --hours', 2);
  const paused = wholeNumber(options.paused ?? '0', 'paused');
  const calendar = await readCalendarOption(options.calendar);

  let dueDate: string;
  let dueMoment: Date | null = null;
  if (options.days !== undefined) {
    dueDate = calendar.dueDate(receivedAt, wholeNumber(options.days, 'days'), paused);
  } else {
    const hours = Number(options.hours);
    if (!/^\d+(\.\d+)?$/.test(options.hours ?? '') || !(hours > 0)) throw new CliError(`--hours "${options.hours}" phải là số giờ dương`, 2);
    const rules = await loadOnestopRules();
    dueMoment = dueDateHours(receivedAt, hours, rules.officeHours, calendar, paused);
    dueDate = vietnamDateOf(dueMoment);
  }
  const from = vietnamDateOf(receivedAt);
  warnUncoveredYears(calendar, spannedYears(from, dueDate));
  process.stdout.write(`${dueDate}\n`);
  if (dueMoment) process.stdout.write(`${vietnamIso(dueMoment)}\n`);
  return 0;
}

function wholeNumber(raw: string, name: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new CliError(`--${name} "${raw}" phải là số nguyên không âm`, 2);
  return Number(raw);
}

function spannedYears(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) years.push(y);
  return years;
}

/** `2025-03-14T15:30:00+07:00`: the due moment as Vietnamese offices read it. */
function vietnamIso(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}
