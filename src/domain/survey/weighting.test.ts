import { describe, expect, it } from 'vitest';
import { weightedIndex } from './weighting';

describe('weightedIndex (post-stratification)', () => {
  it('weights stratum shares by dossier volume, hand example', () => {
    // online: 8 satisfied of 10, N = 300 ; direct: 6 of 20, N = 100 ; postal: N = 50 but no answer
    // postal is left out: W_online = 300/400 = 0.75, W_direct = 0.25
    // index = 0.75·0.8 + 0.25·0.3 = 0.675 → 67.50 (the unweighted share would be 14/30 = 46.67)
    // n_eff = 1 / (0.75²/10 + 0.25²/20) = 1 / 0.059375 = 16.8421… → 16.84
    // Wilson(p = 0.675, n = 16.8421): 0.4380439 … 0.8469503
    const r = weightedIndex(
      [
        { stratum: 'online', satisfied: 8, valid: 10 },
        { stratum: 'direct', satisfied: 6, valid: 20 },
      ],
      { online: 300, direct: 100, postal: 50 },
      1.96,
    );
    expect(r).toEqual({
      index: 67.5,
      nEffective: 16.84,
      n: 30,
      ciLow: 43.8,
      ciHigh: 84.7,
      weights: { online: 0.75, direct: 0.25 },
      emptyStrata: ['postal'],
      unweightedStrata: [],
    });
  });

  it('reports strata without weight and returns an empty index when nothing can be weighted', () => {
    const r = weightedIndex([{ stratum: 'kiosk', satisfied: 3, valid: 4 }], { web: 10 }, 1.96);
    expect(r.index).toBeNull();
    expect(r.unweightedStrata).toEqual(['kiosk']);
    expect(r.emptyStrata).toEqual(['web']);
  });

  it('equal weights and equal n give the plain share and n_eff = n', () => {
    const r = weightedIndex(
      [
        { stratum: 'a', satisfied: 5, valid: 10 },
        { stratum: 'b', satisfied: 7, valid: 10 },
      ],
      { a: 1, b: 1 },
      1.96,
    );
    expect(r.index).toBe(60);
    expect(r.nEffective).toBe(20);
  });

  it('refuses negative weights', () => {
    expect(() => weightedIndex([], { a: -1 }, 1.96)).toThrow(RangeError);
  });
});
