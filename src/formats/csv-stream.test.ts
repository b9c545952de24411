// The streaming CSV parser against csv-parse (the reference) on random files cut into random chunks.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvStreamParser, CsvSyntaxError } from './csv-stream';

const reference = (text: string): string[][] => parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });

/** Feeds `bytes` cut at `cuts` (byte offsets, so multi-byte characters get split too). */
function streamed(bytes: Buffer, cuts: number[]): string[][] {
  const p = new CsvStreamParser();
  const out: string[][] = [];
  let at = 0;
  for (const c of [...new Set(cuts.map((x) => x % (bytes.length + 1)))].sort((a, b) => a - b)) {
    out.push(...p.push(bytes.subarray(at, c)));
    at = c;
  }
  out.push(...p.push(bytes.subarray(at)));
  out.push(...p.end());
  return out;
}

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'ệ', '😀', '\t', 'x'), maxLength: 8 }),
  fc.string({ maxLength: 6 }),
  fc.constant(''),
);
const quoteIfNeeded = (s: string, force: boolean) => (force || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const file = fc
  .record({
    width: fc.integer({ min: 2, max: 5 }),
    rows: fc.integer({ min: 1, max: 12 }),
    seed: fc.array(fc.tuple(cell, fc.boolean()), { minLength: 60, maxLength: 60 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    blankLines: fc.array(fc.nat(12), { maxLength: 3 }),
  })
  .map(({ width, rows, seed, eol, bom, trailing, blankLines }) => {
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      const cells = Array.from({ length: width }, (_, c) => seed[(r * width + c) % seed.length]);
      lines.push(cells.map(([s, force]) => quoteIfNeeded(s, force)).join(','));
      if (blankLines.includes(r)) lines.push('');
    }
    return `${bom ? '\ufeff' : ''}${lines.join(eol)}${trailing ? eol : ''}`;
  });

describe('CsvStreamParser', () => {
  it('reads what csv-parse reads, however the bytes are cut', () => {
    fc.assert(
      fc.property(file, fc.array(fc.nat(2000), { maxLength: 8 }), (text, cuts) => {
        expect(streamed(Buffer.from(text), cuts)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what csv-parse refuses and reads the same otherwise (random garbage)', () => {
    // One line end per file: csv-parse takes the first it meets as the file's, so in a file mixing them
    // it reads a lone LF after a CRLF as data where this parser ends the record (both are RFC-legal reads).
    const garbage = fc
      .tuple(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' '), maxLength: 40 }), fc.boolean())
      .map(([s, crlf]) => (crlf ? s.replace(/\n/g, '\r\n') : s));
    fc.assert(
      fc.property(garbage, fc.array(fc.nat(60), { maxLength: 4 }), (text, cuts) => {
        let ref: string[][] | Error;
        let ours: string[][] | Error;
        try {
          ref = reference(text);
        } catch (e) {
          ref = e as Error;
        }
        try {
          ours = streamed(Buffer.from(text), cuts);
        } catch (e) {
          ours = e as Error;
        }
        if (ref instanceof Error) expect(ours).toBeInstanceOf(CsvSyntaxError);
        else expect(ours).toEqual(ref);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['an unclosed quote', 'a,b\n1,"2\n3,4\n', 2, /không đóng/],
    ['a quote inside an unquoted field', 'a,b\n1,2"x\n', 2, /ngoặc kép giữa ô/],
    ['a character after the closing quote', 'a,b\n1,"2"x\n', 2, /sau dấu ngoặc kép đóng/],
    ['a record with one cell too many', 'a,b\n1,2\n3,4,5\n', 3, /3 cột.*2 cột/],
    ['a record with one cell too few', 'a,b\n1,2\n3\n', 3, /1 cột.*2 cột/],
  ])('refuses %s with its row number', (_what, text, row, message) => {
    let err: unknown;
    try {
      streamed(Buffer.from(text), []);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).row).toBe(row);
    expect((err as Error).message).toMatch(message);
  });

  it('keeps line breaks, commas and "" inside quotes, drops the BOM, skips empty lines', () => {
    const text = '\ufeffa,b\r\n"x\r\ny","1,""2"""\r\n\r\n\n3,\n';
    expect(streamed(Buffer.from(text), [1, 2, 9, 10])).toEqual([
      ['a', 'b'],
      ['x\r\ny', '1,"2"'],
      ['3', ''],
    ]);
  });

  it('costs linear time on an unclosed quote over megabytes', () => {
    const p = new CsvStreamParser();
    p.push('a,b\n1,"');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const t = performance.now();
    for (let i = 0; i < 160; i++) p.push(chunk); // 10 MB
    expect(() => p.end()).toThrow(CsvSyntaxError);
    expect(performance.now() - t).toBeLessThan(5_000);
  });
});
