// quickInstant (the dossier import's fast path) against parseInstant (the reference) on random strings
// shaped like instants, valid or not: same instant, or "not mine" where parseInstant refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickInstant } from './dossiers.format';
import { parseInstant } from './values';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const instantLike = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    shape: fc.constantFrom('date', 'hm', 'hms', 'hmsZ', 'hmZ', 'hms+', 'hms-', 'space', 'hms+nocolon', 'frac'),
    oh: fc.integer({ min: 0, max: 14 }),
    om: fc.constantFrom(0, 30, 45, 99),
  })
  .map(({ y, mo, d, h, mi, s, shape, oh, om }) => {
    const date = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
    const hm = `${pad(h, 2)}:${pad(mi, 2)}`;
    const off = `${pad(oh, 2)}:${pad(om, 2)}`;
    switch (shape) {
      case 'date':
        return date;
      case 'hm':
        return `${date}T${hm}`;
      case 'hms':
        return `${date}T${hm}:${pad(s, 2)}`;
      case 'hmsZ':
        return `${date}T${hm}:${pad(s, 2)}Z`;
      case 'hmZ':
        return `${date}T${hm}Z`;
      case 'hms+':
        return `${date}T${hm}:${pad(s, 2)}+${off}`;
      case 'hms-':
        return `${date}T${hm}:${pad(s, 2)}-${off}`;
      case 'space':
        return `${date} ${hm}:${pad(s, 2)}`;
      case 'hms+nocolon':
        return `${date}T${hm}:${pad(s, 2)}+${off.replace(':', '')}`;
      default:
        return `${date}T${hm}:${pad(s, 2)}.250`;
    }
  });

describe('quickInstant', () => {
  it('gives parseInstant’s instant whenever it answers, and answers the usual valid shapes', () => {
    fc.assert(
      fc.property(fc.oneof(instantLike, fc.string({ maxLength: 30 })), (v) => {
        const q = quickInstant(v);
        const p = parseInstant(v);
        // the export shapes it exists for: it must answer them when they are valid
        if (q === undefined) return !(p !== null && +v.slice(0, 4) >= 1000 && /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)?)?$/.test(v));
        return p !== null && p.getTime() === q.getTime();
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['2025-03-03T09:00', '2025-03-03T02:00:00.000Z'], // 09:00 Vietnam = 02:00Z
    ['2025-03-03T09:00:30', '2025-03-03T02:00:30.000Z'],
    ['2025-03-03', '2025-03-02T17:00:00.000Z'], // midnight Vietnam = 17:00Z the day before
    ['2025-03-13T20:00:00Z', '2025-03-13T20:00:00.000Z'],
    ['2025-03-13T20:00:00+07:00', '2025-03-13T13:00:00.000Z'],
    ['2024-02-29T23:59:59', '2024-02-29T16:59:59.000Z'], // leap day
  ])('%s → %s', (v, iso) => expect(quickInstant(v)?.toISOString()).toBe(iso));

  it.each(['2025-02-29', '2025-02-30T10:00', '2025-13-01', '2025-01-01T24:00', '0099-01-01', '2025-01-01T10:00:00.5', '2025-1-01', 'hôm qua'])(
    'leaves %s to parseInstant',
    (v) => expect(quickInstant(v)).toBeUndefined(),
  );
});
