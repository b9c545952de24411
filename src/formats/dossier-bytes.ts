// quickInstantMs and quickDigits (dossiers.format.ts) on the bytes of a cell, for the import's byte reader
// (onestop.fast-bytes.ts), which reads plain CSV lines without making a string per cell. They accept exactly
// the shapes their string twins accept, with the same results — onestop.fast-bytes.test.ts holds them to it —
// and give up (undefined) on anything else, the caller then reading the line the string way.
import { daysFromCivil, MONTH_DAYS } from './dossiers.format';

const digitAt = (b: Uint8Array, i: number) => {
  const c = b[i] - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const twoAt = (b: Uint8Array, i: number) => digitAt(b, i) * 10 + digitAt(b, i + 1);

/** An instant in bytes [start, end) of `b` (trimmed) as epoch milliseconds; undefined where quickInstantMs would be. */
export function quickInstantMsAt(b: Uint8Array, start: number, end: number): number | undefined {
  const len = end - start;
  const o = start;
  if (len < 10 || b[o + 4] !== 45 || b[o + 7] !== 45) return undefined;
  const y = digitAt(b, o) * 1000 + digitAt(b, o + 1) * 100 + twoAt(b, o + 2);
  const mo = twoAt(b, o + 5);
  const d = twoAt(b, o + 8);
  let h = 0;
  let mi = 0;
  let sec = 0;
  let at = 10;
  if (len >= 16) {
    const t = b[o + 10];
    if ((t !== 84 && t !== 32) || b[o + 13] !== 58) return undefined;
    h = twoAt(b, o + 11);
    mi = twoAt(b, o + 14);
    at = 16;
    if (len >= 19 && b[o + 16] === 58) {
      sec = twoAt(b, o + 17);
      at = 19;
    }
  }
  let offsetMinutes = 420;
  if (at === len) {
    if (len !== 10 && len !== 16 && len !== 19) return undefined;
  } else if (at >= 16 && len === at + 1 && b[o + at] === 90) offsetMinutes = 0;
  else if (at >= 16 && len === at + 6 && (b[o + at] === 43 || b[o + at] === 45) && b[o + at + 3] === 58) {
    const m = twoAt(b, o + at + 1) * 60 + twoAt(b, o + at + 4);
    if (Number.isNaN(m)) return undefined;
    offsetMinutes = b[o + at] === 45 ? -m : m;
  } else return undefined;
  if (!(y >= 1000) || Number.isNaN(mo + d + h + mi + sec)) return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]) || h > 23 || mi > 59 || sec > 59)
    return undefined;
  return (daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - offsetMinutes) * 60_000 + sec * 1000;
}

/** Plain digits in bytes [start, end) of `b`: their value; undefined where quickDigits would be. */
export function quickDigitsAt(b: Uint8Array, start: number, end: number): number | undefined {
  const len = end - start;
  if (len === 0 || len > 9) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}
