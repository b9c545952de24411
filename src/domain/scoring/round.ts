// Decimal-safe rounding: results are published in decisions, so 66.665 must round to 66.67 as a person would.

/** Binary noise is cut at 12 significant digits before rounding (66.66499999999999 is really 66.665). */
const SIGNIFICANT = 12;

/** Rounds half away from zero to `decimals` places, as written by hand. */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? 0 : value;
  const sign = value < 0 ? -1 : 1;
  // Fast path (results call this ~10^5 times): when the scaled value is clearly not near a half, the
  // nearest integer is unambiguous, and r / 10^d is the same correctly rounded double as "re-d".
  // The margin exceeds both the multiplication error and the 12-digit cleaning of the exact path.
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 15 && scaled < 1e15) {
    const frac = scaled - Math.floor(scaled);
    if (Math.abs(frac - 0.5) > Math.max(1e-6, scaled * 1e-10)) {
      const r = Math.round(scaled);
      return r === 0 ? 0 : (sign * r) / factor;
    }
  }
  return roundExact(value, decimals);
}

/** The reference: decimal-string shifting after cutting binary noise (slow; used near halves). */
export function roundExact(value: number, decimals: number): number {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? 0 : value;
  const sign = value < 0 ? -1 : 1;
  const clean = Number(Math.abs(value).toPrecision(SIGNIFICANT));
  // Shift the decimal point in the string form so no multiplication error is introduced.
  const [mantissa, exponent] = clean.toExponential().split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const result = sign * Number(`${shifted}e-${decimals}`);
  return result === 0 ? 0 : result;
}

/** Percentages are published with 2 decimals. */
export function round2(value: number): number {
  return roundHalfAwayFromZero(value, 2);
}

/** Points keep 4 decimals: enough for linear ratios (max × percent / 100) and free of float noise. */
export function roundPoints(value: number): number {
  return roundHalfAwayFromZero(value, 4);
}

/** Sums points without accumulating float noise (0.1 + 0.2 = 0.3). */
export function sumPoints(values: readonly number[]): number {
  return roundPoints(values.reduce((a, b) => a + b, 0));
}

/** percent = points ÷ maximum × 100, rounded to 2 decimals; null when nothing is applicable. */
export function percentOf(points: number, maxPoints: number): number | null {
  if (maxPoints <= 0) return null;
  return round2((points * 100) / maxPoints);
}

/** Prints a number without trailing noise: 7.5, not 7.500000001 or 7.50. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const r = roundPoints(value);
  return String(r === 0 ? 0 : r);
}
