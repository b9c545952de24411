// Catalogue figures as provinces report them, e.g. Lào Cai 2022: 1,972 procedures, 929 with at least
// 30 % less time than the national rule, 1,761 online (89 %). The threshold comes from onestop.json.
import { percent } from './rates';
import type { Procedure } from './types';

export type ProcedureDimension = 'level' | 'unit' | 'sector';

export interface ProcedureSummary {
  key: Partial<Record<ProcedureDimension, string>>;
  count: number;
  full: number;
  partial: number;
  none: number;
  /** Online level not given in the catalogue. */
  unknown: number;
  /** Fully or partly online (the "level 3–4" of older reports). */
  online: number;
  online_rate: number | null;
  full_online_rate: number | null;
  /** Procedures whose cut_percent reaches the configured threshold. */
  significant_cut: number;
  significant_cut_rate: number | null;
  /** Mean cut_percent over procedures that have a cut_percent (2 decimals); null when none has. */
  average_cut_percent: number | null;
}

export function summarizeProcedures(
  procedures: Iterable<Procedure>,
  options: { by?: readonly ProcedureDimension[]; significantCutPercent: number },
): ProcedureSummary[] {
  const by = options.by ?? [];
  const groups = new Map<string, { key: Partial<Record<ProcedureDimension, string>>; items: Procedure[] }>();
  for (const p of procedures) {
    const key: Partial<Record<ProcedureDimension, string>> = {};
    for (const dim of by) key[dim] = dim === 'level' ? p.level : dim === 'sector' ? p.sector : (p.unitCode ?? '');
    const id = by.map((d) => key[d]).join('\u0000');
    const g = groups.get(id) ?? { key, items: [] };
    g.items.push(p);
    groups.set(id, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => summarize(g.key, g.items, options.significantCutPercent));
}

function summarize(key: ProcedureSummary['key'], items: Procedure[], threshold: number): ProcedureSummary {
  const count = items.length;
  const by = (level: Procedure['onlineLevel']) => items.filter((p) => p.onlineLevel === level).length;
  const full = by('full');
  const partial = by('partial');
  const cuts = items.map((p) => p.cutPercent).filter((c): c is number => c !== null);
  const significant = cuts.filter((c) => c >= threshold).length;
  const cutSum = cuts.reduce((s, c) => s + c, 0);
  return {
    key,
    count,
    full,
    partial,
    none: by('none'),
    unknown: by(null),
    online: full + partial,
    online_rate: percent(full + partial, count),
    full_online_rate: percent(full, count),
    significant_cut: significant,
    significant_cut_rate: percent(significant, count),
    average_cut_percent: cuts.length === 0 ? null : Math.round((cutSum / cuts.length) * 100) / 100,
  };
}
