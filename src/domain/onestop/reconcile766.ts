// Our Index 766 points against the figures the national portal publishes, field by field, so a
// province can see where its data (or the assumed formulas) disagree with the official result.
import type { Score766 } from './index766';

export interface PortalFigure766 {
  unitCode: string;
  period: string;
  total?: number | null;
  /** Points per group code, as published. */
  groups?: Readonly<Record<string, number | null | undefined>>;
}

export interface Difference766 {
  unitCode: string;
  period: string;
  /** `total`, `group:<code>`, or `presence` when one side has no figure for the unit and period. */
  field: string;
  ours: number | null;
  portal: number | null;
  /** ours − portal, 2 decimals; null for `presence`. */
  difference: number | null;
}

/** Differences larger than `tolerance` points (default: half of the last published decimal). */
export function reconcile766(ours: readonly Score766[], portal: readonly PortalFigure766[], options: { tolerance?: number } = {}): Difference766[] {
  const tolerance = options.tolerance ?? 0.005;
  const id = (u: string, p: string) => `${u}\u0000${p}`;
  const mine = new Map(ours.map((s) => [id(s.unitCode, s.period), s]));
  const theirs = new Map(portal.map((f) => [id(f.unitCode, f.period), f]));
  const out: Difference766[] = [];
  const push = (unitCode: string, period: string, field: string, a: number | null, b: number | null) => {
    if (a === null || b === null) {
      if (a !== b) out.push({ unitCode, period, field, ours: a, portal: b, difference: null });
      return;
    }
    if (Math.abs(a - b) > tolerance) out.push({ unitCode, period, field, ours: a, portal: b, difference: Math.round((a - b) * 100) / 100 });
  };
  for (const [key, f] of theirs) {
    const s = mine.get(key);
    if (!s) {
      out.push({ unitCode: f.unitCode, period: f.period, field: 'presence', ours: null, portal: f.total ?? null, difference: null });
      continue;
    }
    if (f.total !== undefined) push(f.unitCode, f.period, 'total', s.total, f.total);
    for (const [code, value] of Object.entries(f.groups ?? {})) {
      if (value === undefined) continue;
      push(f.unitCode, f.period, `group:${code}`, s.groups.find((g) => g.code === code)?.points ?? null, value);
    }
  }
  for (const [key, s] of mine) {
    if (!theirs.has(key)) out.push({ unitCode: s.unitCode, period: s.period, field: 'presence', ours: s.total, portal: null, difference: null });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.unitCode, b.unitCode) || cmp(a.period, b.period) || cmp(a.field, b.field));
}
