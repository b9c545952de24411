// What a unit (or an appraiser) declares for one leaf, and reading the raw value into what the rule needs.

export type Stage = 'self' | 'appraised' | 'final';

/** Later stages win: final > appraised > self. */
export const STAGES: readonly Stage[] = ['self', 'appraised', 'final'];

export interface Declared {
  /** Declared data: yes/no, a tier label, a percentage, a count of occurrences. */
  value?: string | number | boolean | null;
  /** An explicit score; wins over `value` when both are given. */
  points?: number | null;
  /** Not applicable: the leaf leaves the unit's maximum. */
  na?: boolean | null;
}

const YES = new Set(['yes', 'có', 'co', 'true', '1']);
const NO = new Set(['no', 'không', 'khong', 'false', '0']);

/** yes/no/có/không/true/false/1/0 → boolean; anything else → null. */
export function readYesNo(value: string | number | boolean): boolean | null {
  if (typeof value === 'boolean') return value;
  const v = String(value).normalize('NFC').trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** A number written with '.' decimals (a trailing % is tolerated for percentages); null if unreadable. */
export function readDeclaredNumber(value: string | number | boolean, allowPercentSign = false): number | null {
  if (typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  let v = value.trim();
  if (allowPercentSign && v.endsWith('%')) v = v.slice(0, -1).trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return null;
  return Number(v);
}

export function hasValue(d: Declared): boolean {
  return d.value !== undefined && d.value !== null && !(typeof d.value === 'string' && d.value.trim() === '');
}

export function hasPoints(d: Declared): boolean {
  return d.points !== undefined && d.points !== null;
}
