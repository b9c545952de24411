// Index 766 points per unit and period from input rates (percentages). Dossier rates come from the
// indicator counts; catalogue and portal rates are supplied by the caller.
import type { Index766Config, Index766Indicator } from './index766-config';
import { type IndicatorCounts, ratesOf } from './indicators';

/** Input rates by name (e.g. on_time_rate); null = zero denominator, absent = not supplied. */
export type Index766Inputs = Readonly<Record<string, number | null | undefined>>;

export type IndicatorStatus = 'scored' | 'no_data' | 'missing_input';

export interface Indicator766Score {
  code: string;
  input: string;
  rate: number | null;
  points: number;
  maxPoints: number;
  status: IndicatorStatus;
  confirmed: boolean;
}

export interface Group766Score {
  code: string;
  title: string;
  points: number;
  maxPoints: number;
  indicators: Indicator766Score[];
}

export interface Score766 {
  unitCode: string;
  period: string;
  total: number;
  maxPoints: number;
  groups: Group766Score[];
  /** Inputs the caller did not supply (their indicators score 0): the result is a lower bound. */
  missingInputs: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The dossier-derived inputs: every rate formats.md defines, from the counts of one group. */
export function inputsFromCounts(counts: IndicatorCounts): Record<string, number | null> {
  return ratesOf(counts);
}

export function scoreIndicator(ind: Index766Indicator, rate: number | null | undefined): Indicator766Score {
  const base = { code: ind.code, input: ind.input, maxPoints: ind.points, confirmed: ind.confirmed };
  if (rate === undefined) return { ...base, rate: null, points: 0, status: 'missing_input' };
  if (rate === null) return { ...base, rate: null, points: ind.formula.ifNoData === 'full' ? ind.points : 0, status: 'no_data' };
  const clamped = Math.min(100, Math.max(0, rate));
  let points: number;
  if (ind.formula.type === 'linear') points = (ind.points * clamped) / 100;
  else {
    const hit = [...ind.formula.thresholds].sort((a, b) => b.minPercent - a.minPercent).find((t) => clamped >= t.minPercent);
    points = hit?.points ?? 0;
  }
  return { ...base, rate, points: round2(points), status: 'scored' };
}

export function score766(config: Index766Config, unitCode: string, period: string, inputs: Index766Inputs): Score766 {
  const missing = new Set<string>();
  const groups = config.groups.map((g) => {
    const indicators = g.indicators.map((ind) => {
      const s = scoreIndicator(ind, inputs[ind.input]);
      if (s.status === 'missing_input') missing.add(ind.input);
      return s;
    });
    return { code: g.code, title: g.title, maxPoints: g.maxPoints, indicators, points: round2(indicators.reduce((t, i) => t + i.points, 0)) };
  });
  return {
    unitCode,
    period,
    total: round2(groups.reduce((t, g) => t + g.points, 0)),
    maxPoints: config.totalPoints,
    groups,
    missingInputs: [...missing].sort(),
  };
}
