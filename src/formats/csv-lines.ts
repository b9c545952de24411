// Whole lines of a CSV file as bytes, for the million-row dossier import: most of what one-stop systems
// export has no quote and no line break inside a cell, so each line is one record and its cells are what
// lies between its commas. recordsFromBytes (onestop.import.ts) cuts the file at line ends and hands such
// pieces on as they are; the byte reader (onestop.fast-bytes.ts) reads the cells in place, without a string
// per cell. Anything else (a quote, a lone CR) goes through CsvStreamParser, whose rules these follow: LF or
// CRLF ends a record, empty lines are skipped, every record has the header's width.
import { csvFileError, widthMismatch } from './csv-stream';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const COMMA = 44;

/** Whole records of a file in bytes: no quote in them, and a CR only before an LF. */
export interface LinePiece {
  readonly kind: 'csv-lines';
  readonly buf: Buffer;
  /** The header's cell count. */
  readonly width: number;
  /** File row (header = 1) of the first record. */
  readonly firstRow: number;
  /** Records in it (empty lines not counted). */
  readonly records: number;
}

export const isLinePiece = (x: unknown): x is LinePiece => (x as LinePiece | null)?.kind === 'csv-lines';

/** Whether `buf` can be read line by line: no quote, and every CR followed by an LF. */
export function isPlainLines(buf: Buffer): boolean {
  if (buf.indexOf(QUOTE) >= 0) return false;
  for (let i = buf.indexOf(CR); i >= 0; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) return false;
  return true;
}

/** Records (non-empty lines) in plain lines `buf`. */
export function countRecords(buf: Buffer): number {
  let n = 0;
  for (let s = 0; s < buf.length; ) {
    let e = buf.indexOf(LF, s);
    if (e < 0) e = buf.length;
    if (e > s && !(e === s + 1 && buf[s] === CR)) n++;
    s = e + 1;
  }
  return n;
}

/**
 * The non-empty lines of plain lines, one after the other, each split at its commas in place: the bounds of
 * its cells (up to `width` of them; `cells` counts them all) and whether it is all ASCII.
 */
export class PlainLines {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The current line's cells, its content (a CR before the LF left out), and whether every byte is ASCII. */
  cells = 0;
  lineStart = 0;
  lineEnd = 0;
  ascii = true;
  private at = 0;

  constructor(
    readonly buf: Buffer,
    width: number,
  ) {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
  }

  /** Moves to the next non-empty line; false after the last. */
  next(): boolean {
    const b = this.buf;
    const n = b.length;
    const { starts, ends } = this;
    const cap = starts.length;
    for (let i = this.at; i < n; ) {
      const s = i;
      let k = 0;
      let high = 0;
      starts[0] = s;
      for (; i < n; i++) {
        const c = b[i];
        if (c === LF) break;
        if (c === COMMA) {
          if (k < cap) ends[k] = i;
          k++;
          if (k < cap) starts[k] = i + 1;
        } else high |= c;
      }
      const e = i > s && b[i - 1] === CR ? i - 1 : i;
      i++;
      if (e === s) continue; // an empty line
      if (k < cap) ends[k] = e;
      this.at = i;
      this.cells = k + 1;
      this.lineStart = s;
      this.lineEnd = e;
      this.ascii = high < 0x80;
      return true;
    }
    this.at = n;
    return false;
  }

  /** The current line's cells as strings. */
  cellTexts(): string[] {
    return this.buf.toString('utf8', this.lineStart, this.lineEnd).split(',');
  }
}

/** A piece of plain lines `buf` whose first record is file row `firstRow`. */
export const linePiece = (buf: Buffer, width: number, firstRow: number): LinePiece => ({
  kind: 'csv-lines',
  buf,
  width,
  firstRow,
  records: countRecords(buf),
});

/** The width error of the record at file row `row`, as an import shows it. */
export const widthError = (row: number, cells: number, width: number) => csvFileError(widthMismatch(row, cells, width));

/** The records of a piece as cells (strings), as CsvStreamParser would give them. */
export function cellsOfPiece(piece: LinePiece): string[][] {
  const lines = new PlainLines(piece.buf, piece.width);
  const out: string[][] = [];
  while (lines.next()) {
    const cells = lines.cellTexts();
    if (cells.length !== piece.width) throw widthError(piece.firstRow + out.length, cells.length, piece.width);
    out.push(cells);
  }
  return out;
}
