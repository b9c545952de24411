// `chiso indicators --dossiers D.csv [--procedures P.csv] [--calendar C.csv] [--by unit|month|unit,month]
//  [--as-of DATE] [--format csv|json]`: one-stop indicators per group (formats.md).
// Without --calendar the shipped methodology/calendars/vn-*.csv (all years) are used.
import { readFile } from 'node:fs/promises';
import { isCivilDate, vietnamDateOf, yearOf } from '../../domain/calendar/civil-date';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { type GroupDimension, GROUP_KEY_COLUMNS, type IndicatorRow, computeIndicators } from '../../domain/onestop/indicators';
import { type OnestopRules, parseOnestopConfig } from '../../domain/onestop/onestop-config';
import { formatPercent } from '../../domain/onestop/rates';
import type { Procedure } from '../../domain/onestop/types';
import { loadCalendar } from '../../formats/calendar.format';
import { toCsv } from '../../formats/csv';
import { createDossierParseContext, parseDossiersFile } from '../../formats/dossiers.format';
import { FileFormatError } from '../../formats/file-format-error';
import { parseProceduresFile, procedureCatalogue } from '../../formats/procedures.format';
import { parseArgs, requireOption } from '../args';
import { CliError } from '../cli-error';

export const ONESTOP_CONFIG_URL = new URL('../../../methodology/config/onestop.json', import.meta.url);

/** The contract's columns after the group keys, in order (formats.md). */
const CSV_COLUMNS = ['received', 'resolved', 'on_time', 'early', 'late', 'overdue'] as const;
const CSV_RATE_COLUMNS = [
  'on_time_rate',
  'online_rate',
  'paid_online_rate',
  'digitized_rate',
  'e_result_rate',
  'apology_compliance_rate',
  'satisfied_rate',
] as const;
const DIMENSIONS: readonly GroupDimension[] = ['unit', 'month', 'procedure', 'sector', 'channel'];

export async function run(args: string[]): Promise<number> {
  const { options } = parseArgs(args, { strings: ['dossiers', 'procedures', 'calendar', 'by', 'as-of', 'format'] });
  const dossiersPath = requireOption(options, 'dossiers');
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format "${format}" không hợp lệ (csv hoặc json)`, 2);
  const by = parseBy(options.by);
  const asOf = options['as-of'] ?? vietnamDateOf(new Date());
  if (!isCivilDate(asOf)) throw new CliError(`--as-of "${asOf}" không phải ngày hợp lệ (YYYY-MM-DD)`, 2);

  const rules = await loadOnestopRules();
  const calendar = await readCalendarOption(options.calendar);
  let procedures: Map<string, Procedure> | undefined;
  if (options.procedures) {
    const path = options.procedures;
    procedures = procedureCatalogue(await withFile(path, (buf) => parseProceduresFile(buf, { legacyOnlineLevels: rules.legacyOnlineLevels })));
  }
  if (by.includes('sector') && !procedures) throw new CliError('--by sector cần --procedures (lĩnh vực lấy từ danh mục thủ tục)', 2);
  const ctx = createDossierParseContext({ procedures, notReceivedStatuses: rules.notReceivedStatuses });
  const dossiers = await withFile(dossiersPath, (buf) => parseDossiersFile(buf, ctx));
  warnUncoveredYears(calendar, dossiers.filter((d) => !d.dueAt && d.receivedAt).map((d) => yearOf(vietnamDateOf(d.receivedAt!))));

  const rows = computeIndicators(dossiers, { by, asOf, calendar, rules, procedures });
  process.stdout.write(format === 'json' ? `${JSON.stringify(toJson(rows, by), null, 2)}\n` : toCsvText(rows, by));
  return 0;
}

export function toCsvText(rows: readonly IndicatorRow[], by: readonly GroupDimension[]): string {
  const header = [...by.map((d) => GROUP_KEY_COLUMNS[d]), ...CSV_COLUMNS, ...CSV_RATE_COLUMNS];
  const body = rows.map((r) => [
    ...by.map((d) => r.key[d] ?? ''),
    ...CSV_COLUMNS.map((c) => r.counts[c]),
    ...CSV_RATE_COLUMNS.map((c) => formatPercent(r.rates[c])),
  ]);
  return toCsv(header, body);
}

/** JSON keeps every numerator and denominator beside the rates (numbers, null when empty). */
function toJson(rows: readonly IndicatorRow[], by: readonly GroupDimension[]): Record<string, unknown>[] {
  return rows.map((r) => ({ ...Object.fromEntries(by.map((d) => [GROUP_KEY_COLUMNS[d], r.key[d] ?? ''])), ...r.counts, ...r.rates }));
}

function parseBy(raw: string | undefined): GroupDimension[] {
  if (raw === undefined || raw.trim() === '') return [];
  const dims = raw.split(',').map((s) => s.trim());
  for (const d of dims) {
    if (!DIMENSIONS.includes(d as GroupDimension)) throw new CliError(`--by "${d}" không hợp lệ (${DIMENSIONS.join(', ')})`, 2);
  }
  if (new Set(dims).size !== dims.length) throw new CliError(`--by "${raw}" lặp lại một chiều nhóm`, 2);
  return dims as GroupDimension[];
}

export async function loadOnestopRules(): Promise<OnestopRules> {
  try {
    return parseOnestopConfig(JSON.parse(await readFile(ONESTOP_CONFIG_URL, 'utf8')));
  } catch (err) {
    throw new CliError(`không đọc được cấu hình methodology/config/onestop.json: ${(err as Error).message}`);
  }
}

/** --calendar given: that file alone; otherwise every shipped year. */
export async function readCalendarOption(path: string | undefined): Promise<WorkingCalendar> {
  try {
    return await loadCalendar(path ? [path] : []);
  } catch (err) {
    if (err instanceof FileFormatError) throw new CliError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`không tìm thấy tệp lịch ${path ?? ''}`.trim());
    throw err;
  }
}

/** Reads a file and turns its row-numbered issues into one CLI message naming the file. */
export async function withFile<T>(path: string, parse: (buf: Buffer) => Promise<T>): Promise<T> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new CliError(`không đọc được tệp ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return await parse(buf);
  } catch (err) {
    if (err instanceof FileFormatError) throw new CliError(`Tệp ${path}:\n${err.message}`);
    throw err;
  }
}

/** Due dates in a year the calendar does not list know only weekends: say so instead of guessing. */
export function warnUncoveredYears(calendar: WorkingCalendar, years: Iterable<number>): void {
  const missing = [...new Set(years)].filter((y) => !calendar.coveredYears.includes(y)).sort();
  if (missing.length > 0) {
    process.stderr.write(`Cảnh báo: lịch không có ngày nghỉ lễ năm ${missing.join(', ')}; hạn giải quyết chỉ trừ thứ Bảy, Chủ nhật.\n`);
  }
}
