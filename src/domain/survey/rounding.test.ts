import { describe, expect, it } from 'vitest';
import { roundHalfAwayFromZero } from './rounding';

describe('roundHalfAwayFromZero', () => {
  it('rounds decimal halves up even when the double lies just below', () => {
    expect(roundHalfAwayFromZero(1.005)).toBe(1.01); // stored as 1.00499999…
    expect(roundHalfAwayFromZero(2.675)).toBe(2.68);
    expect(roundHalfAwayFromZero(1.255)).toBe(1.26);
    expect(roundHalfAwayFromZero(0.07 * 100)).toBe(7); // 7.000000000000001
    expect(roundHalfAwayFromZero(-1.005)).toBe(-1.01);
    expect(roundHalfAwayFromZero(-0.001)).toBe(0);
    expect(roundHalfAwayFromZero(66.66666666666667)).toBe(66.67);
    expect(roundHalfAwayFromZero(12345.675, 2)).toBe(12345.68);
  });
});
