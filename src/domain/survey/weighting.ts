// Post-stratified SIPAS index: responses rarely follow the real mix of dossiers (a kiosk at one counter
// over-represents one procedure), so each stratum's share is weighted by its real volume.
import { round2 } from './rounding';
import { wilsonInterval } from './wilson';

export interface StratumCount {
  stratum: string;
  satisfied: number;
  valid: number;
}

export interface WeightedIndex {
  /** Σ W_s·p_s as a percentage (2 decimals); null when no weighted stratum has answers */
  index: number | null;
  /** Kish effective sample size 1 ÷ Σ(W_s² ÷ n_s), 2 decimals */
  nEffective: number | null;
  /** valid answers in the strata used */
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** renormalised weights W_s of the strata used */
  weights: Record<string, number>;
  /** strata with a weight but no valid answer: left out, the other weights renormalised */
  emptyStrata: string[];
  /** strata with answers but no (or zero) weight: they cannot be post-stratified and are left out */
  unweightedStrata: string[];
}

/**
 * index_w = Σ W_s·p_s with W_s = N_s ÷ ΣN over strata that have answers. Each answer in stratum s carries
 * weight W_s/n_s, so Kish's n_eff = (Σw)² ÷ Σw² = 1 ÷ Σ(W_s²/n_s); the Wilson interval uses n_eff.
 */
export function weightedIndex(
  counts: readonly StratumCount[],
  stratumWeights: Readonly<Record<string, number>>,
  z: number,
): WeightedIndex {
  const byStratum = new Map<string, { satisfied: number; valid: number }>();
  for (const c of counts) {
    const prev = byStratum.get(c.stratum) ?? { satisfied: 0, valid: 0 };
    byStratum.set(c.stratum, { satisfied: prev.satisfied + c.satisfied, valid: prev.valid + c.valid });
  }
  for (const [s, w] of Object.entries(stratumWeights)) {
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`trọng số của nhóm "${s}" phải là số không âm`);
  }
  const emptyStrata = Object.keys(stratumWeights)
    .filter((s) => stratumWeights[s] > 0 && !((byStratum.get(s)?.valid ?? 0) > 0))
    .sort();
  const unweightedStrata = [...byStratum.keys()].filter((s) => byStratum.get(s)!.valid > 0 && !(stratumWeights[s] > 0)).sort();
  const used = [...byStratum.entries()].filter(([s, c]) => c.valid > 0 && stratumWeights[s] > 0);
  const total = used.reduce((sum, [s]) => sum + stratumWeights[s], 0);
  const weights: Record<string, number> = {};
  let p = 0;
  let sumSquares = 0;
  let n = 0;
  for (const [s, c] of used) {
    const w = stratumWeights[s] / total;
    weights[s] = w;
    p += (w * c.satisfied) / c.valid;
    sumSquares += (w * w) / c.valid;
    n += c.valid;
  }
  if (used.length === 0) return { index: null, nEffective: null, n, ciLow: null, ciHigh: null, weights, emptyStrata, unweightedStrata };
  const nEff = 1 / sumSquares;
  const ci = wilsonInterval(p, nEff, z)!;
  return {
    index: round2(p * 100),
    nEffective: round2(nEff),
    n,
    ciLow: round2(ci.low * 100),
    ciHigh: round2(ci.high * 100),
    weights,
    emptyStrata,
    unweightedStrata,
  };
}
