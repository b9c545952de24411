// Competition ranks (1, 2, 2, 4) on percent rounded to 2 decimals, within one unit group, overall and per area.
import { round2 } from './round';
import type { UnitResult } from './score-unit';

export interface RankInput {
  unitCode: string;
  /** Units are ranked only against units of the same group; omitted = one common group. */
  group?: string;
  result: Pick<UnitResult, 'percent' | 'areas'>;
}

export interface UnitRank {
  unitCode: string;
  group: string;
  /** null when the unit has no percent (every leaf not applicable). */
  rank: number | null;
  /** Rank on each area's percent, by area code. */
  areaRanks: Record<string, number | null>;
  /** How many ranked units share the group (the "n" of "15/63"). */
  of: number;
}

/** rank = 1 + the number of units with a strictly higher percent; null percents are not ranked. */
export function competitionRanks(percents: readonly (number | null)[]): (number | null)[] {
  const rounded = percents.map((p) => (p === null ? null : round2(p)));
  return rounded.map((p) => (p === null ? null : 1 + rounded.filter((q) => q !== null && q > p).length));
}

export function rankUnits(units: readonly RankInput[]): UnitRank[] {
  const groups = new Map<string, number[]>();
  units.forEach((u, i) => {
    const g = u.group ?? '';
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  const out: UnitRank[] = units.map((u) => ({ unitCode: u.unitCode, group: u.group ?? '', rank: null, areaRanks: {}, of: 0 }));
  for (const indexes of groups.values()) {
    const members = indexes.map((i) => units[i]);
    const overall = competitionRanks(members.map((m) => m.result.percent));
    const ranked = overall.filter((r) => r !== null).length;
    const areaCodes = [...new Set(members.flatMap((m) => m.result.areas.map((a) => a.code)))];
    const byArea = new Map(
      areaCodes.map((code) => [code, competitionRanks(members.map((m) => m.result.areas.find((a) => a.code === code)?.percent ?? null))]),
    );
    indexes.forEach((unitIndex, k) => {
      out[unitIndex].rank = overall[k];
      out[unitIndex].of = ranked;
      for (const code of areaCodes) out[unitIndex].areaRanks[code] = byArea.get(code)![k];
    });
  }
  return out;
}
