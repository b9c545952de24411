import { describe, expect, it } from 'vitest';
import { rankUnitsBySatisfaction } from './ranking';
import { SipasAccumulator, sipasRows } from './sipas';
import { likertForm, mixedForm } from './test-forms';
import { wilsonInterval } from './wilson';

const options = { satisfiedFrom: 4, z: 1.96 };

describe('wilsonInterval', () => {
  it('8 satisfied of 10, z = 1.96, by hand', () => {
    // p = 0.8, n = 10, z² = 3.8416
    // denominator = 1 + z²/n = 1.38416
    // centre = p + z²/2n = 0.8 + 0.19208 = 0.99208
    // half = z·√(p(1−p)/n + z²/4n²) = 1.96·√(0.016 + 0.009604) = 1.96·√0.025604 = 0.3136245
    // low = (0.99208 − 0.3136245)/1.38416 = 0.4901568 ; high = (0.99208 + 0.3136245)/1.38416 = 0.9433191
    const ci = wilsonInterval(0.8, 10, 1.96)!;
    expect(ci.low).toBeCloseTo(0.4901568, 6);
    expect(ci.high).toBeCloseTo(0.9433191, 6);
  });

  it('stays inside [0, 1] at p = 0 and p = 1', () => {
    // p = 0: centre = half = z²/2n exactly on paper, floating point may give −3e−15: clamped to 0
    expect(wilsonInterval(0, 5, 1.96)!.low).toBe(0);
    expect(wilsonInterval(1, 4, 1.96)!.high).toBe(1);
    expect(wilsonInterval(0.5, 0, 1.96)).toBeNull();
  });
});

describe('SIPAS index', () => {
  it('element index = answers 4–5 ÷ valid answers over all its likert questions, with Wilson %', () => {
    // element 1 has two questions; five responses give 10 answers, 8 of them 4 or 5
    const form = likertForm({ 1: 2 });
    const acc = new SipasAccumulator(form, options);
    const answers: [number, number][] = [[5, 4], [4, 4], [3, 5], [5, 2], [4, 5]];
    for (const [a, b] of answers) acc.add('', { E1Q1: a, E1Q2: b });
    expect(acc.rows()).toEqual([
      // 8/10 = 80.00; Wilson 49.01568… → 49.02, 94.33190… → 94.33 (see above)
      { unitCode: '', element: 1, index: 80, n: 10, ciLow: 49.02, ciHigh: 94.33 },
      { unitCode: '', element: 'overall', index: 80, n: null, ciLow: null, ciHigh: null },
    ]);
  });

  it('excludes empty answers from n and averages only the elements that have answers', () => {
    const form = likertForm({ 1: 1, 2: 1, 3: 1 });
    const acc = new SipasAccumulator(form, options);
    acc.add('', { E1Q1: 5, E2Q1: 1 }); // E3Q1 empty
    acc.add('', { E1Q1: 2, E2Q1: 4 });
    acc.add('', { E1Q1: 4 });
    const rows = acc.rows();
    // element 1: 2 of 3 → 66.666… → 66.67 ; Wilson(2/3, n=3): 20.77 … 93.85
    expect(rows[0]).toEqual({ unitCode: '', element: 1, index: 66.67, n: 3, ciLow: 20.77, ciHigh: 93.85 });
    // element 2: 1 of 2 → 50.00 ; Wilson(0.5, 2): 9.45 … 90.55
    expect(rows[1]).toEqual({ unitCode: '', element: 2, index: 50, n: 2, ciLow: 9.45, ciHigh: 90.55 });
    // element 3 has no valid answer: shown with n = 0 and no index, left out of the mean
    expect(rows[2]).toEqual({ unitCode: '', element: 3, index: null, n: 0, ciLow: null, ciHigh: null });
    // overall = (2/3 + 1/2) / 2 = 7/12 = 58.333… → 58.33
    expect(rows[3]).toEqual({ unitCode: '', element: 'overall', index: 58.33, n: null, ciLow: null, ciHigh: null });
  });

  it('groups by unit in code order, counts matrix rows, ignores hidden or non-likert answers', () => {
    const acc = new SipasAccumulator(mixedForm, options);
    expect(acc.elements).toEqual([1, 2, 3, 5]);
    acc.add('U2', { L1: 4, M1: 5, M2: 1, FB: 'co', F1: 5, TUOI: 40 });
    acc.add('U1', { L1: 1, M1: 4, M2: 4 });
    acc.add('U2', { L1: 3 });
    expect(acc.groupKeys()).toEqual(['U1', 'U2']);
    expect(acc.responses('U2')).toBe(2);
    const u2 = acc.rows().filter((r) => r.unitCode === 'U2');
    expect(u2.map((r) => [r.element, r.index, r.n])).toEqual([
      [1, 50, 2], // 4 and 3
      [2, 0, 1], // M2 = 1
      [3, 100, 1], // M1 = 5
      [5, 100, 1],
      ['overall', 62.5, null], // (0.5 + 0 + 1 + 1) / 4 = 0.625
    ]);
  });

  it('overall of no answers at all is empty', () => {
    const rows = sipasRows('U', new Map([[1, { satisfied: 0, valid: 0 }]]), options);
    expect(rows.at(-1)).toEqual({ unitCode: 'U', element: 'overall', index: null, n: null, ciLow: null, ciHigh: null });
  });

  it('rounds half away from zero despite binary floating point', () => {
    // 1 of 8 = 12.5 % exactly; 201 of 16 000 = 1.25625 % → 1.26 (the double of 1.25625 sits below it)
    const rows = sipasRows('', new Map([[1, { satisfied: 201, valid: 16000 }], [2, { satisfied: 1, valid: 8 }]]), options);
    expect(rows[0].index).toBe(1.26);
    expect(rows[1].index).toBe(12.5);
  });
});

describe('rankUnitsBySatisfaction', () => {
  it('gives competition ranks only to units with at least the minimum responses', () => {
    const ranked = rankUnitsBySatisfaction(
      [
        { unitCode: 'A', index: 80, responses: 40 },
        { unitCode: 'B', index: 90, responses: 29 }, // best index but too few responses
        { unitCode: 'C', index: 85.004, responses: 30 },
        { unitCode: 'D', index: 85, responses: 100 },
        { unitCode: 'E', index: null, responses: 50 },
      ],
      30,
    );
    expect(ranked.map((u) => [u.unitCode, u.rank, u.belowMinimum])).toEqual([
      ['C', 1, false], // 85.004 and 85 tie once rounded to 2 decimals
      ['D', 1, false],
      ['A', 3, false],
      ['B', null, true],
      ['E', null, true],
    ]);
  });
});
