import { describe, expect, it } from 'vitest';
import { sampleSize } from './sample-size';

describe('sampleSize n = ⌈N ÷ (1 + N·e²)⌉', () => {
  it('matches the hand computations', () => {
    expect(sampleSize(1000, 0.05)).toBe(286); // 1000 / 3.5 = 285.71 → 286
    expect(sampleSize(100, 0.05)).toBe(80); // 100 / 1.25 = 80 exactly
    expect(sampleSize(400, 0.05)).toBe(200); // 400 / 2 = 200 exactly (naive floats give 201)
    expect(sampleSize(1, 0.05)).toBe(1);
    expect(sampleSize(10_000, 0.03)).toBe(1000); // 1 + 10000·0.0009 = 10 → 1000 exactly
    expect(sampleSize(5000, 0.05)).toBe(371); // 5000 / 13.5 = 370.37 → 371
  });

  it('is exact on every population that divides evenly', () => {
    // N·e² = 1 at N = 400 (e = 0.05), N = 10 000 (e = 0.01): n = N/2
    expect(sampleSize(10_000, 0.01)).toBe(5000);
    // e = 0.1: N = 900 → 900 / 10 = 90 exactly
    expect(sampleSize(900, 0.1)).toBe(90);
  });

  it('refuses nonsense', () => {
    expect(() => sampleSize(0, 0.05)).toThrow(RangeError);
    expect(() => sampleSize(10.5, 0.05)).toThrow(RangeError);
    expect(() => sampleSize(10, 0)).toThrow(RangeError);
    expect(() => sampleSize(10, 1)).toThrow(RangeError);
  });
});
