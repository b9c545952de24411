/**
 * Wilson score interval for a proportion (formats.md: the SIPAS element interval), as fractions 0..1.
 * Chosen over the normal approximation because it stays inside [0, 1] and behaves at p = 0 or 1 and small n.
 * `n` may be fractional (an effective sample size after weighting).
 */
export function wilsonInterval(p: number, n: number, z: number): { low: number; high: number } | null {
  if (!(n > 0) || !Number.isFinite(p)) return null;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, (centre - half) / denominator), high: Math.min(1, (centre + half) / denominator) };
}
