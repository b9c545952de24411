// PostgreSQL's binary COPY format (COPY … FROM STDIN WITH (FORMAT binary)), written into reused byte
// buffers. Why binary: the server then reads each value with its type's receive function instead of parsing
// text — a million dossiers of 25 columns load in about a third of the server time of text COPY (timestamps
// are the costly part to parse), and node writes integers and bytes instead of formatting decimal text.
// The caller must write every column of a tuple in the table's column order with the column's exact type
// (int8 for bigint, int2 for smallint, …): binary COPY does no coercion and refuses a wrong width.
// Format: https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4

/** 2000-01-01 00:00 UTC in epoch milliseconds: PostgreSQL's epoch for timestamps and dates. */
const PG_EPOCH_MS = 946_684_800_000;
/** 2000-01-01 as days since 1970-01-01. */
const PG_EPOCH_DAY = 10_957;
const TWO_32 = 4_294_967_296;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Writes tuples into chunks of `chunkBytes` and hands each full chunk to `sink` (which owns it). */
export class BinaryCopyWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(
    private readonly sink: (chunk: Buffer) => void,
    private readonly chunkBytes = 64 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
    SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags: no OIDs
    this.buf.writeInt32BE(0, 15); // header extension length
    this.pos = 19;
  }

  /**
   * Starts a tuple of `fields` columns; `maxBytes` bounds what the tuple will take (its text fields' UTF-8
   * length included), so the chunk is flushed first when the tuple would not fit.
   */
  tuple(fields: number, maxBytes: number): void {
    const need = maxBytes + 2;
    if (this.pos + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    }
    this.buf[this.pos] = fields >>> 8;
    this.buf[this.pos + 1] = fields;
    this.pos += 2;
  }

  // Bytes are set one by one: Buffer's writeInt32BE and friends check their arguments on every call, which
  // cost more than the writing on a million rows.
  private be32(v: number, at: number): void {
    const b = this.buf;
    b[at] = v >>> 24;
    b[at + 1] = v >>> 16;
    b[at + 2] = v >>> 8;
    b[at + 3] = v;
  }

  null(): void {
    this.be32(-1, this.pos);
    this.pos += 4;
  }

  bool(v: boolean): void {
    this.be32(1, this.pos);
    this.buf[this.pos + 4] = v ? 1 : 0;
    this.pos += 5;
  }

  int2(v: number): void {
    const b = this.buf;
    const p = this.pos;
    this.be32(2, p);
    b[p + 4] = v >>> 8;
    b[p + 5] = v;
    this.pos = p + 6;
  }

  int4(v: number): void {
    this.be32(4, this.pos);
    this.be32(v, this.pos + 4);
    this.pos += 8;
  }

  /** A bigint from a safe integer (two's complement over two 32-bit halves; no BigInt per value). */
  int8(v: number): void {
    const hi = Math.floor(v / TWO_32);
    this.be32(8, this.pos);
    this.be32(hi, this.pos + 4);
    this.be32(v - hi * TWO_32, this.pos + 8);
    this.pos += 12;
  }

  /** A timestamptz from epoch milliseconds (microseconds since 2000-01-01 UTC on the wire). */
  timestamptz(ms: number): void {
    this.int8((ms - PG_EPOCH_MS) * 1000);
  }

  /** A date from its day number (days since 1970-01-01). */
  date(day: number): void {
    this.int4(day - PG_EPOCH_DAY);
  }

  /** A text value; its UTF-8 bytes must be within the tuple's `maxBytes`. */
  text(s: string): void {
    const b = this.buf;
    const start = this.pos + 4;
    const len = s.length;
    // short ASCII (codes, channels, outcomes) copied here: a call into the encoder costs more than that
    if (len <= 64) {
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + i] = c;
      }
      if (i === len) {
        this.be32(len, this.pos);
        this.pos = start + len;
        return;
      }
    }
    const n = b.write(s, start, 'utf8');
    this.be32(n, this.pos);
    this.pos = start + n;
  }

  /** A text value from its UTF-8 bytes `src[from, to)`, within the tuple's `maxBytes`. */
  bytes(src: Uint8Array, from: number, to: number): void {
    const b = this.buf;
    const start = this.pos + 4;
    for (let i = from; i < to; i++) b[start + i - from] = src[i];
    this.be32(to - from, this.pos);
    this.pos = start + to - from;
  }

  /** Hands the bytes written so far to the sink and starts a fresh chunk. */
  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.pos = 0;
  }

  /** Writes the trailer and flushes: the COPY's data is complete. */
  end(): void {
    if (this.pos + 2 > this.buf.length) this.flush();
    this.buf.writeInt16BE(-1, this.pos);
    this.pos += 2;
    this.flush();
  }
}
