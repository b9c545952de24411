/**
 * Rounds half away from zero to `decimals` places, robust to binary floating point:
 * 1.005 is stored as 1.00499999999999989…, so the value is first cut to 15 significant digits
 * (the precision a double guarantees) and then shifted in decimal notation, never multiplied.
 */
export function roundHalfAwayFromZero(x: number, decimals = 2): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const [mantissa, exponent] = Math.abs(x).toExponential(14).split('e');
  const shifted = Number(`${mantissa}e${Number(exponent) + decimals}`);
  const rounded = Math.floor(shifted + 0.5);
  // -0 would print as "0" anyway, but keep it out of JSON and comparisons
  return rounded === 0 ? 0 : sign * Number(`${rounded}e-${decimals}`);
}

export const round2 = (x: number): number => roundHalfAwayFromZero(x, 2);
