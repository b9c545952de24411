// The byte reader (readFastBytes over PlainLines) against the string fast path (readFastRow), and the plain
// pieces recordsFromBytes hands on against our CSV parser: a row the byte reader takes is stored exactly as
// the string path stores it, a row it leaves goes the string way, and a file cut into pieces gives the very
// records, row numbers and refusals the parser gives.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MonthlyTally } from '../../domain/onestop/monthly-tally';
import { BinaryCopyWriter } from '../../db/pg-binary-copy';
import type { CsvRecord } from '../../formats/csv';
import { PlainLines } from '../../formats/csv-lines';
import { CsvStreamParser } from '../../formats/csv-stream';
import { quickDigitsAt, quickInstantMsAt } from '../../formats/dossier-bytes';
import { DOSSIER_COLUMNS, quickDigits, quickInstantMs } from '../../formats/dossiers.format';
import { FileFormatError } from '../../formats/file-format-error';
import { readRowsInto } from './onestop.bulk-load';
import { dossierRecord, recordsOf } from './onestop.dossier-lines';
import { DossierCells, fileCodes, readFastBytes } from './onestop.fast-bytes';
import { type FastRowInfo, newFastRow, readFastRow, stageLineOf } from './onestop.fast-row';
import { base, ctx, generatedRows, otherShapes, plainShapes } from './onestop.fast-row.fixtures';
import { recordsFromBytes } from './onestop.import';
import { DossierRowReader } from './onestop.row-reader';
import { SeenCodes } from './onestop.seen-codes';

const ALL = DOSSIER_COLUMNS.map((_, i) => i);
const lineOf = (rec: CsvRecord) => DOSSIER_COLUMNS.map((c) => rec[c] ?? '').join(',');

/** The string fast path's staged line for `rec`, or null when it leaves the row. */
function stringLine(rec: CsvRecord): string | null {
  const r = newFastRow();
  return readFastRow(rec, ctx, { received: false, computedYear: 0 }, r) ? stageLineOf(r, 2) : null;
}

/** The byte reader's staged line for CSV line `line` (dossier columns at `columns`), or null when it leaves the row. */
function byteLine(line: string, columns: readonly number[] = ALL, width: number = DOSSIER_COLUMNS.length): string | null {
  const lines = new PlainLines(Buffer.from(`${line}\n`), width);
  expect(lines.next()).toBe(true);
  if (!lines.ascii) return null;
  const cells = new DossierCells();
  cells.take(lines.buf, lines.starts, lines.ends, columns);
  const r = newFastRow();
  const info: FastRowInfo = { received: false, computedYear: 0 };
  if (!readFastBytes(lines.buf, cells, fileCodes(ctx), ctx, info, r)) return null;
  r.code = r.codeBytes!.toString('latin1', r.codeFrom, r.codeTo);
  return stageLineOf(r, 2);
}

describe('readFastBytes', () => {
  it('stores every generated dossier as the string path does (20,000 rows, every shape the demo writes)', () => {
    let taken = 0;
    for (const cells of generatedRows()) {
      const rec = dossierRecord(cells, ALL);
      const b = byteLine(cells.join(','));
      expect(b).toBe(stringLine(rec));
      if (b !== null) taken++;
    }
    expect(taken).toBe(20_000);
  });

  it.each(plainShapes.filter(([what]) => !what.includes('missing column')))(
    'takes what the string path takes: %s',
    (_what, patch) => {
      const rec = { ...base, ...patch } as CsvRecord;
      const s = stringLine(rec);
      expect(s).not.toBeNull();
      expect(byteLine(lineOf(rec))).toBe(s);
    },
  );

  it('reads a column the file lacks as empty, and the columns in the file order', () => {
    // the file has status last and no rating: columns map dossier column → cell
    const order = DOSSIER_COLUMNS.filter((c) => c !== 'status' && c !== 'rating');
    const rec = { ...base, status: '10', rating: undefined } as unknown as CsvRecord;
    const line = [...order.map((c) => rec[c] ?? ''), '10'].join(',');
    const columns = DOSSIER_COLUMNS.map((c) => (c === 'status' ? order.length : c === 'rating' ? -1 : order.indexOf(c)));
    expect(byteLine(line, columns, order.length + 1)).toBe(stringLine(rec));
  });

  it.each(otherShapes)('leaves to the string path what the string path leaves: %s', (_what, patch) => {
    const rec = { ...base, ...patch } as CsvRecord;
    expect(stringLine(rec)).toBeNull();
    expect(byteLine(lineOf(rec))).toBeNull();
  });

  it('never takes a row the string path would store otherwise (5,000 rows with random cells)', () => {
    // cells drawn from the characters instants, numbers and codes are made of, in random lengths
    const alphabet = '0123456789-:TZ+ .P5U1onlinedirectpostal';
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pick = () => {
      let s = '';
      for (let k = rand(26); k > 0; k--) s += alphabet[rand(alphabet.length)];
      return s;
    };
    const good = (c: string): string => (base[c] ?? '') as string;
    let taken = 0;
    for (let i = 0; i < 5000; i++) {
      const rec = { ...base } as CsvRecord;
      // change one to three cells of a row that would be taken
      for (let k = 1 + rand(3); k > 0; k--) {
        const c = DOSSIER_COLUMNS[rand(DOSSIER_COLUMNS.length)];
        rec[c] = rand(4) === 0 ? ` ${good(c)} ` : pick();
      }
      const b = byteLine(lineOf(rec));
      if (b !== null) taken++;
      expect(b === null || b === stringLine(rec)).toBe(true);
    }
    expect(taken).toBeGreaterThan(100); // the draw does leave rows the byte reader takes
  });

  it('reads instants and digits as their string twins do', () => {
    const values = [
      '2025-01-24',
      '2025-01-24T09:00',
      '2025-01-24 09:00:30',
      '2025-01-24T09:00Z',
      '2025-01-24T09:00:00+07:00',
      '2025-01-24T09:00-05:30',
      '2024-02-29',
      '2025-02-29',
      '0999-01-01',
      '2025-13-01',
      '2025-01-24T24:00',
      '2025-01-24T09:00+7',
      '20250124',
      '12',
      '0',
      '123456789',
      '1234567890',
      '1a',
      '',
    ];
    for (const v of values) {
      const b = Buffer.from(`x${v}y`);
      expect(quickInstantMsAt(b, 1, 1 + v.length)).toBe(v === '' ? undefined : quickInstantMs(v));
      expect(quickDigitsAt(b, 1, 1 + v.length)).toBe(quickDigits(v));
    }
  });
});

/** A readable giving `text` in pieces of the given sizes (cycled). */
function chunked(text: string | Buffer, sizes: number[]): Readable {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let at = 0, k = 0; at < buf.length; k++) {
    const n = sizes[k % sizes.length];
    parts.push(buf.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

/** Every record recordsFromBytes yields, through recordsOf. */
async function recordsRead(stream: Readable): Promise<{ records: CsvRecord[]; pieces: number }> {
  const records: CsvRecord[] = [];
  let pieces = 0;
  for await (const item of recordsFromBytes(stream, () => {})) {
    if (!Array.isArray(item)) pieces++;
    records.push(...recordsOf(item));
  }
  return { records, pieces };
}

/** The records our parser reads from the whole text. */
function parsed(text: string): CsvRecord[] {
  const p = new CsvStreamParser();
  const [header, ...rows] = [...p.push(text), ...p.end()];
  const at = DOSSIER_COLUMNS.map((c) => header.map((h) => h.trim()).lastIndexOf(c));
  return rows.map((cells) => dossierRecord(cells, at));
}

const HEADER = DOSSIER_COLUMNS.join(',');

describe('recordsFromBytes in plain pieces', () => {
  const rows = [...generatedRows(3000)].map((cells) => cells.join(','));

  it.each([
    ['LF, cut every 700 bytes', `${HEADER}\n${rows.join('\n')}\n`, [700]],
    ['CRLF, cut at odd places (one cut between CR and LF)', `\ufeff${HEADER}\r\n${rows.join('\r\n')}\r\n`, [97, 1, 4096, 3]],
    [
      'empty lines and no line end at the end',
      `${HEADER}\n\n${rows.slice(0, 1000).join('\n')}\n\r\n\n${rows.slice(1000).join('\n')}`,
      [8192],
    ],
    [
      'a quoted cell in the middle (its piece goes to the parser)',
      `${HEADER}\n${rows.slice(0, 1500).join('\n')}\n"Q,1",P5,U1,online,,,,,,,,,,,,\n${rows.slice(1500).join('\n')}\n`,
      [5000],
    ],
    [
      'a quoted line break across a cut',
      `${HEADER}\n${rows.slice(0, 10).join('\n')}\n"Q\n2",P5,U1,online,,,,,,,,,,,,\n${rows.slice(10).join('\n')}\n`,
      [1200],
    ],
    ['a line longer than the bytes held for a line (1.5 MB)', `${HEADER}\n${rows.slice(0, 700).join('\n')}\nL${'x'.repeat(1_500_000)},P5,U1,online,,,,,,,,,,,,\n${rows.slice(700).join('\n')}\n`, [65_536]],
  ] as [string, string, number[]][])('reads what the parser reads: %s', async (_what, text, sizes) => {
    const { records, pieces } = await recordsRead(chunked(text, sizes));
    expect(records).toEqual(parsed(text));
    expect(pieces).toBeGreaterThan(0);
  });

  it('decodes Vietnamese letters split across a cut (the line is read as text)', async () => {
    const text = `${HEADER}\nHS-Đăng-ký-1,P5,U1,online,,,,,,,,,,,,\nHS-2,P5,U1,online,,,,,,,,,,,,\n`;
    const at = Buffer.from(text).indexOf(Buffer.from('Đ')) + 1; // inside the two bytes of Đ
    const { records } = await recordsRead(chunked(text, [at, 1 << 16]));
    expect(records.map((r) => r.dossier_code)).toEqual(['HS-Đăng-ký-1', 'HS-2']);
  });

  it('refuses a line with a cell too many at its own row number, in a plain piece as in the parser', async () => {
    const lines = [HEADER, ...rows.slice(0, 2000), `${rows[2000]},extra`, ...rows.slice(2001)];
    const text = `${lines.join('\n')}\n`;
    // row 2002: the header is row 1 and the bad line is the 2,001st dossier
    const expected = 'Dòng 2002: CSV không hợp lệ: có 17 cột trong khi dòng tiêu đề có 16 cột';
    await expect(recordsRead(chunked(text, [1 << 16]))).rejects.toThrow(expected);
    // the bulk load's reading loop reads the plain pieces in their bytes and refuses the same row
    const reader = new DossierRowReader(ctx);
    const discard = () => {};
    const reading = readRowsInto({
      reader,
      records: recordsFromBytes(chunked(text, [1 << 16]), () => {}),
      importId: 1,
      tally: new MonthlyTally(),
      seen: new SeenCodes(),
      copy: new BinaryCopyWriter(discard),
      hold: new BinaryCopyWriter(discard),
      drained: () => undefined,
      progress: () => {},
    });
    await expect(reading).rejects.toBeInstanceOf(FileFormatError);
    await expect(reading).rejects.toThrow(expected);
  });
});
