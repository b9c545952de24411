// Vietnamese ordering of unit names (Ă, Â, Đ… in their alphabet places), numbers in codes compared as numbers.
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'variant' });

export function compareVi(a: string, b: string): number {
  return collator.compare(a.normalize('NFC'), b.normalize('NFC'));
}

/** Sorts by name in Vietnamese order, then by code so equal names keep a stable, predictable order. */
export function sortByVietnameseName<T>(rows: readonly T[], name: (r: T) => string, code: (r: T) => string): T[] {
  return [...rows].sort((x, y) => compareVi(name(x), name(y)) || compareVi(code(x), code(y)));
}
