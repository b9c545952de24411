// Periods of the one-stop indicators. Months are stored as integers YYYYMM (compact, fast to group);
// the API speaks `YYYY-MM`, `YYYY-Qn` and `YYYY`.
import { AppError } from '../../errors';

export type Granularity = 'month' | 'quarter' | 'year' | 'all';

export const ymOf = (date: string) => Number(date.slice(0, 4)) * 100 + Number(date.slice(5, 7));
export const ymText = (ym: number) => `${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}`;

/** SQL expression (over an integer column `col` holding YYYYMM) giving the period key as an integer. */
export function periodSql(col: string, g: Granularity): string {
  if (g === 'month') return col;
  if (g === 'quarter') return `((${col} / 100) * 10 + ((${col} % 100) + 2) / 3)`;
  if (g === 'year') return `(${col} / 100)`;
  return '0';
}

/** The period key produced by periodSql, as text. */
export function periodLabel(key: number, g: Granularity): string {
  if (g === 'month') return ymText(key);
  if (g === 'quarter') return `${Math.floor(key / 10)}-Q${key % 10}`;
  if (g === 'year') return String(key);
  return '';
}

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

/** A period text → its month range and its last day (the default as-of for a closed period). */
export function parsePeriod(period: string): { from: number; to: number; lastDay: string; granularity: Granularity } {
  const m = PERIOD.exec(period);
  if (!m) throw new AppError('validation', `Kỳ "${period}" không hợp lệ (YYYY, YYYY-Qn hoặc YYYY-MM)`);
  const y = Number(m[1]);
  let fromM = 1;
  let toM = 12;
  let granularity: Granularity = 'year';
  if (m[2]) {
    fromM = toM = Number(m[2]);
    granularity = 'month';
  } else if (m[3]) {
    fromM = (Number(m[3]) - 1) * 3 + 1;
    toM = fromM + 2;
    granularity = 'quarter';
  }
  const lastDay = new Date(Date.UTC(y, toM, 0)).toISOString().slice(0, 10);
  return { from: y * 100 + fromM, to: y * 100 + toM, lastDay, granularity };
}

export function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A closed period is judged at its last day; a running one today. */
export function asOfForPeriod(lastDay: string, today = todayInVietnam()): string {
  return lastDay < today ? lastDay : today;
}
