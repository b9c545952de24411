// Period texts of the API (YYYY-MM, YYYY-Qn, YYYY) ↔ month ranges and Vietnamese labels.
import i18n from '../../i18n';
import type { Granularity } from './types';

export function monthRange(period: string): { from: string; to: string } {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    return { from: `${q[1]}-${String(first).padStart(2, '0')}`, to: `${q[1]}-${String(first + 2).padStart(2, '0')}` };
  }
  if (/^\d{4}$/.test(period)) return { from: `${period}-01`, to: `${period}-12` };
  return { from: period, to: period };
}

export function granularityOf(period: string): Granularity {
  if (/-Q/.test(period)) return 'quarter';
  if (/^\d{4}$/.test(period)) return 'year';
  return 'month';
}

export function periodLabel(period: string): string {
  const t = i18n.getFixedT(null, 'onestop');
  const g = granularityOf(period);
  const y = period.slice(0, 4);
  if (g === 'year') return t('periodLabel.year', { y });
  if (g === 'quarter') return t('periodLabel.quarter', { y, q: period.slice(6) });
  return t('periodLabel.month', { y, m: period.slice(5, 7) });
}

/** Short axis label: 11/2026, Q4/2026, 2026. */
export function shortPeriod(period: string): string {
  const g = granularityOf(period);
  if (g === 'year') return period;
  if (g === 'quarter') return `Q${period.slice(6)}/${period.slice(0, 4)}`;
  return `${period.slice(5, 7)}/${period.slice(0, 4)}`;
}

/** The Vietnamese current month, YYYY-MM. */
export function currentMonth(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
}

/** The period a dashboard opens on: the last one, except a month still running when an earlier one exists. */
export function defaultPeriod(periods: string[], g: Granularity): string | undefined {
  if (periods.length === 0) return undefined;
  const last = periods[periods.length - 1];
  if (g === 'month' && last === currentMonth() && periods.length > 1) return periods[periods.length - 2];
  return last;
}
