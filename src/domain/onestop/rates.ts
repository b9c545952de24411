// Percentages as formats.md prints them: 2 decimals, empty (null) when the denominator is 0.

/** numerator ÷ denominator × 100 rounded half-up to 2 decimals; null for a zero denominator. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  // Integer arithmetic first: 10000·n/d is exact enough that Math.round sees true halves.
  return Math.round((numerator * 10000) / denominator) / 100;
}

/** The CSV text of a rate: "83.33", "100.00", or "" when there is no denominator. */
export function formatPercent(value: number | null): string {
  return value === null ? '' : value.toFixed(2);
}
