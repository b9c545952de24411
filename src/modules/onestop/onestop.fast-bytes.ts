// readFastRow (onestop.fast-row.ts) on the bytes of a plain CSV line (formats/csv-lines.ts): the cells are
// read where they lie, and none becomes a string: the code goes to the COPY and SeenCodes as bytes, and the
// procedure and unit codes are recognised by their bytes (CodesByBytes). For a real-sized
// export this skips what the string path costs per row — decoding, a string per cell, the record object,
// the trims. It accepts what readFastRow accepts, in ASCII, and gives up (false) on anything else; the
// caller then reads the line's record the string way. onestop.fast-bytes.test.ts holds both to the same rows.
import { quickDigitsAt, quickInstantMsAt } from '../../formats/dossier-bytes';
import type { Procedure } from '../../domain/onestop/types';
import { classifyFastRow, type FastRow, type FastRowContext, type FastRowInfo } from './onestop.fast-row';

// Dossier columns, in DOSSIER_COLUMNS order (the index into `columns`).
const CODE = 0;
const PROCEDURE = 1;
const UNIT = 2;
const CHANNEL = 3;
const RECEIVED_AT = 4;
const DUE_AT = 5;
const RESOLVED_AT = 6;
const RETURNED_AT = 7;
const STATUS = 8;
const PAUSED = 9;
const APOLOGY_AT = 10;
const NEW_DUE_AT = 11;
const PAID_ONLINE = 12;
const DIGITIZED = 13;
const E_RESULT = 14;
const RATING = 15;
const COLUMNS = 16;

/** Whitespace String.prototype.trim removes, among ASCII bytes (a line holds no LF or CR). */
const isSpace = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;

/**
 * The trimmed cells of the dossier columns of one line: bounds in `from`/`to` (empty for a column the file
 * lacks), filled by `take` from the line's cell bounds.
 */
export class DossierCells {
  readonly from = new Int32Array(COLUMNS);
  readonly to = new Int32Array(COLUMNS);

  take(buf: Uint8Array, starts: Int32Array, ends: Int32Array, columns: readonly number[]): void {
    for (let c = 0; c < COLUMNS; c++) {
      const f = columns[c];
      let a = 0;
      let b = 0;
      if (f >= 0) {
        a = starts[f];
        b = ends[f];
        while (a < b && isSpace(buf[a])) a++;
        while (b > a && isSpace(buf[b - 1])) b--;
      }
      this.from[c] = a;
      this.to[c] = b;
    }
  }
}

/** An instant cell: empty → null, a quick shape → ms, anything else → undefined. */
function ms(buf: Uint8Array, cells: DossierCells, c: number): number | null | undefined {
  const a = cells.from[c];
  const b = cells.to[c];
  return a === b ? null : quickInstantMsAt(buf, a, b);
}

/** A 1/0 boolean cell (empty is false); anything else → undefined. */
function flag(buf: Uint8Array, cells: DossierCells, c: number): boolean | undefined {
  const a = cells.from[c];
  const len = cells.to[c] - a;
  if (len === 0) return false;
  return len !== 1 ? undefined : buf[a] === 49 ? true : buf[a] === 48 ? false : undefined;
}

/** An integer cell within [min, max] in plain digits (empty → null); anything else → undefined. */
function int(buf: Uint8Array, cells: DossierCells, c: number, min: number, max: number): number | null | undefined {
  const a = cells.from[c];
  const b = cells.to[c];
  if (a === b) return null;
  const n = quickDigitsAt(buf, a, b);
  return n !== undefined && n >= min && n <= max ? n : undefined;
}

/** Whether cell `c` holds exactly the ASCII word `w`. */
function is(buf: Uint8Array, cells: DossierCells, c: number, w: string): boolean {
  const a = cells.from[c];
  if (cells.to[c] - a !== w.length) return false;
  for (let i = 0; i < w.length; i++) if (buf[a + i] !== w.charCodeAt(i)) return false;
  return true;
}

/** The channel written in the channel cell, or null for any other word. */
function channelOf(buf: Uint8Array, cells: DossierCells): string | null {
  if (is(buf, cells, CHANNEL, 'online')) return 'online';
  if (is(buf, cells, CHANNEL, 'direct')) return 'direct';
  if (is(buf, cells, CHANNEL, 'postal')) return 'postal';
  return null;
}

/** The file's procedures and units by their bytes. */
export interface FileCodes {
  procedures: CodesByBytes<Procedure>;
  units: CodesByBytes<number>;
}

export const fileCodes = (ctx: FastRowContext): FileCodes => ({
  procedures: new CodesByBytes((c) => ctx.procedures.get(c)),
  units: new CodesByBytes((c) => ctx.units.get(c)),
});

/**
 * The procedures and units a file names, found by their bytes: a few hundred codes recur on a million rows,
 * so each is made a string and looked up once (`find`), then recognised by its bytes. Only codes `find`
 * knows are kept (at most the catalogue); an unknown one is -1 and its row goes the string way, which refuses it.
 */
export class CodesByBytes<V> {
  private readonly keys: Uint8Array[] = [];
  private readonly hashes: number[] = [];
  private readonly values: V[] = [];
  private readonly texts: string[] = [];
  /** open addressing on the hash: entry + 1 (0: empty) */
  private slots = new Int32Array(256);

  constructor(private readonly find: (code: string) => V | undefined) {}

  /** The entry of code buf[from, to) (see valueAt, textAt), or -1 when `find` does not know it. */
  entry(buf: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = slots[i] - 1;
      if (e < 0) return this.add(buf, from, to, h);
      if (this.hashes[e] === h && sameBytes(this.keys[e], buf, from, to)) return e;
    }
  }

  valueAt(e: number): V {
    return this.values[e];
  }

  textAt(e: number): string {
    return this.texts[e];
  }

  private add(buf: Uint8Array, from: number, to: number, h: number): number {
    const code = Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1');
    const v = this.find(code);
    if (v === undefined) return -1;
    const e = this.keys.length;
    // a copy: on a Buffer, slice is a view, which would keep the whole piece of the file alive with its key
    this.keys.push(new Uint8Array(buf.subarray(from, to)));
    this.hashes.push(h);
    this.values.push(v);
    this.texts.push(code);
    if ((e + 1) * 2 > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      for (let k = 0; k < e; k++) this.place(slots, k, this.hashes[k]);
      this.slots = slots;
    }
    this.place(this.slots, e, h);
    return e;
  }

  private place(slots: Int32Array, e: number, h: number): void {
    const mask = slots.length - 1;
    let i = h & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }
}

function sameBytes(key: Uint8Array, buf: Uint8Array, from: number, to: number): boolean {
  if (key.length !== to - from) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[from + i]) return false;
  return true;
}

/**
 * Fills `r` from the ASCII line whose dossier cells `cells` holds, as readFastRow would from its record;
 * false when the line must be read the string way.
 */
export function readFastBytes(
  buf: Buffer,
  cells: DossierCells,
  codes: FileCodes,
  ctx: FastRowContext,
  info: FastRowInfo,
  r: FastRow,
): boolean {
  if (cells.from[CODE] === cells.to[CODE]) return false;
  const p = codes.procedures.entry(buf, cells.from[PROCEDURE], cells.to[PROCEDURE]);
  if (p < 0) return false;
  const u = codes.units.entry(buf, cells.from[UNIT], cells.to[UNIT]);
  if (u < 0) return false;
  const procedure = codes.procedures.valueAt(p);
  const procedureCode = codes.procedures.textAt(p);
  const unitId = codes.units.valueAt(u);
  const channel = channelOf(buf, cells);
  if (channel === null) return false;
  const receivedAt = ms(buf, cells, RECEIVED_AT);
  const dueAt = ms(buf, cells, DUE_AT);
  const resolvedAt = ms(buf, cells, RESOLVED_AT);
  const returnedAt = ms(buf, cells, RETURNED_AT);
  const apologyAt = ms(buf, cells, APOLOGY_AT);
  const newDueAt = ms(buf, cells, NEW_DUE_AT);
  if (
    receivedAt === undefined ||
    dueAt === undefined ||
    resolvedAt === undefined ||
    returnedAt === undefined ||
    apologyAt === undefined ||
    newDueAt === undefined
  )
    return false;
  if (receivedAt !== null && resolvedAt !== null && resolvedAt < receivedAt) return false;
  const status = int(buf, cells, STATUS, 1, 10);
  const paused = int(buf, cells, PAUSED, 0, Number.MAX_SAFE_INTEGER);
  const rating = int(buf, cells, RATING, 1, 5);
  const paidOnline = flag(buf, cells, PAID_ONLINE);
  const digitized = flag(buf, cells, DIGITIZED);
  const eResult = flag(buf, cells, E_RESULT);
  if (
    status === undefined ||
    paused === undefined ||
    rating === undefined ||
    paidOnline === undefined ||
    digitized === undefined ||
    eResult === undefined
  )
    return false;
  r.code = '';
  r.codeBytes = buf;
  r.codeFrom = cells.from[CODE];
  r.codeTo = cells.to[CODE];
  r.procedureCode = procedureCode;
  r.unitId = unitId;
  r.channel = channel;
  r.receivedAt = receivedAt;
  r.dueAt = dueAt;
  r.resolvedAt = resolvedAt;
  r.returnedAt = returnedAt;
  r.status = status;
  r.pausedDays = paused ?? 0;
  r.apologyAt = apologyAt;
  r.newDueAt = newDueAt;
  r.paidOnline = paidOnline;
  r.digitized = digitized;
  r.eResult = eResult;
  r.rating = rating;
  return classifyFastRow(r, procedure, ctx, info);
}
