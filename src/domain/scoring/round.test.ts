import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, percentOf, round2, roundExact, roundHalfAwayFromZero, sumPoints } from './round';

describe('rounding', () => {
  it('rounds half away from zero as written by hand, despite binary floating point', () => {
    expect(round2(66.665)).toBe(66.67);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(66.66499999999999)).toBe(66.67); // noise of 13.333 / 20 × 100
    expect(round2(66.664)).toBe(66.66);
    expect(roundHalfAwayFromZero(0.125, 2)).toBe(0.13);
    expect(roundHalfAwayFromZero(1e-9, 2)).toBe(0);
    expect(round2(123456.785)).toBe(123456.79);
  });

  it('percent = points ÷ max × 100 to 2 decimals; no maximum → null', () => {
    expect(percentOf(13.333, 20)).toBe(66.67);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(5, 0)).toBeNull();
  });

  it('sums and prints without float noise', () => {
    expect(sumPoints([0.1, 0.2])).toBe(0.3);
    expect(formatNumber(7.500000001)).toBe('7.5');
    expect(formatNumber(80)).toBe('80');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(null)).toBe('');
  });

  it('the fast path gives exactly the reference result, halves and float noise included', () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 1000), // 3-decimal inputs, many exact halves
      fc.integer({ min: 0, max: 400 }).map((n) => (n * 100) / 3 / 7), // repeating fractions as percents make them
    );
    fc.assert(fc.property(value, fc.constantFrom(0, 1, 2, 4), (v, d) => roundHalfAwayFromZero(v, d) === roundExact(v, d)), { numRuns: 20_000, seed: 766 });
  });
});
