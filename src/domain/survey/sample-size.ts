// Classic sample size n = ⌈N ÷ (1 + N·e²)⌉ (domain.md §SIPAS), computed exactly: the margin is read as the
// decimal it was written as, so N = 400, e = 0.05 gives exactly 200 and not 200.00000000000003 → 201.

/** The exact decimal a JavaScript number prints as, as an integer numerator over 10^scale. */
function decimalOf(x: number): { numerator: bigint; scale: number } {
  const s = String(x);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) throw new RangeError(`không đọc được số "${s}"`);
  const digits = `${m[1]}${m[2] ?? ''}`;
  let scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
  let numerator = BigInt(digits);
  if (scale < 0) {
    numerator *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { numerator, scale };
}

export function sampleSize(population: number, margin: number): number {
  if (!Number.isSafeInteger(population) || population < 1) throw new RangeError('quy mô tổng thể N phải là số nguyên dương');
  if (!(margin > 0 && margin < 1)) throw new RangeError('sai số e phải lớn hơn 0 và nhỏ hơn 1 (ví dụ 0.05)');
  // e = a / 10^k  ⇒  n = N·10^(2k) ÷ (10^(2k) + N·a²)
  const { numerator: a, scale: k } = decimalOf(margin);
  const N = BigInt(population);
  const ten2k = 10n ** BigInt(2 * k);
  const top = N * ten2k;
  const bottom = ten2k + N * a * a;
  return Number((top + bottom - 1n) / bottom);
}
