// Ranking units by SIPAS: a unit with too few responses is shown but not ranked, because its index
// swings too much to be compared (the minimum is a ChiSo default in methodology/config/survey.json).
import { round2 } from './rounding';

export interface UnitSatisfaction {
  unitCode: string;
  /** overall SIPAS %, null without answers */
  index: number | null;
  /** responses received for the unit */
  responses: number;
}

export interface RankedUnit extends UnitSatisfaction {
  /** competition rank (1, 2, 2, 4) among ranked units; null when not ranked */
  rank: number | null;
  /** true when the unit has fewer responses than the minimum (or no index) */
  belowMinimum: boolean;
}

/** Units in rank order (unranked ones last, by code); ties compared on the index rounded to 2 decimals. */
export function rankUnitsBySatisfaction(units: readonly UnitSatisfaction[], minResponses: number): RankedUnit[] {
  const ranked = units
    .filter((u) => u.index !== null && u.responses >= minResponses)
    .map((u) => ({ ...u, key: round2(u.index!) }))
    .sort((a, b) => b.key - a.key || cmp(a.unitCode, b.unitCode));
  const out: RankedUnit[] = [];
  ranked.forEach((u, i) => {
    const rank = i > 0 && ranked[i - 1].key === u.key ? out[i - 1].rank : i + 1;
    out.push({ unitCode: u.unitCode, index: u.index, responses: u.responses, rank, belowMinimum: false });
  });
  const rest = units
    .filter((u) => !(u.index !== null && u.responses >= minResponses))
    .sort((a, b) => cmp(a.unitCode, b.unitCode))
    .map((u) => ({ ...u, rank: null, belowMinimum: true }));
  return [...out, ...rest];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
