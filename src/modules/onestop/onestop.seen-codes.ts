// Which dossier codes a file already brought, and on which row — for the bulk load, which writes the rows
// straight into the table and so cannot ask a staging table afterwards. A Map of a million codes would be
// the largest thing the import holds (about 80 MB); this keeps two 32-bit hashes and a row number per
// code in typed arrays (24 MB at a million rows). Two different codes with the same two hashes
// (about 3 in 100 million files of a million rows) would look like a repeat, so a repeat is only a
// suspect: the caller holds its row back and confirms it against the written rows before it refuses the file.

export interface RepeatSuspect {
  code: string;
  row: number;
  firstRow: number;
}

/** Slot layout in one Int32Array, so a probe touches one cache line: hash 1, hash 2, file row (0 = empty). */
const STRIDE = 3;

/** murmur3's finalizer: spreads every input bit over the 32 (FNV alone leaves sequential codes clustered). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class SeenCodes {
  private slots: Int32Array;
  private capacity: number;
  private size = 0;
  readonly suspects: RepeatSuspect[] = [];
  /** More suspects than `maxSuspects`: those beyond are not kept (the table's primary key still refuses them). */
  overflowed = false;

  constructor(
    capacity = 1 << 16,
    private readonly maxSuspects = 5_000,
  ) {
    this.capacity = capacity;
    this.slots = new Int32Array(capacity * STRIDE);
  }

  /**
   * Notes `code` at file `row` (rows start at 2, after the header); true when a code with the same hashes came
   * before: the row is then a suspect (kept in `suspects` up to `maxSuspects`).
   */
  add(code: string, row: number): boolean {
    // two FNV-1a hashes with different seeds over the UTF-16 units, each mixed
    let a = 0x811c9dc5 | 0;
    let b = 0x050c5d1f | 0;
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) + 0x9e3779b9;
    }
    const first = this.place(mix(a), mix(b ^ code.length), row);
    if (first === 0) return false;
    this.suspect(code, row, first);
    return true;
  }

  /** add() for an ASCII code in bytes `buf[from, to)` (the same hashes: its UTF-16 units are its bytes). */
  addAscii(buf: Uint8Array, from: number, to: number, row: number): boolean {
    let a = 0x811c9dc5 | 0;
    let b = 0x050c5d1f | 0;
    for (let i = from; i < to; i++) {
      const c = buf[i];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) + 0x9e3779b9;
    }
    const first = this.place(mix(a), mix(b ^ (to - from)), row);
    if (first === 0) return false;
    this.suspect(Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1'), row, first);
    return true;
  }

  private suspect(code: string, row: number, firstRow: number): void {
    if (this.suspects.length < this.maxSuspects) this.suspects.push({ code, row, firstRow });
    else this.overflowed = true;
  }

  /** Puts hashes (a, b) at `row`: 0, or the row of the code with the same hashes that came before. */
  private place(a: number, b: number, row: number): number {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const slots = this.slots;
    const mask = this.capacity - 1;
    let i = a & mask;
    for (;;) {
      const at = i * STRIDE;
      const r = slots[at + 2];
      if (r === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = row;
        this.size++;
        return 0;
      }
      if (slots[at] === a && slots[at + 1] === b) return r;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const oldCapacity = this.capacity;
    this.capacity = oldCapacity * 2;
    const slots = new Int32Array(this.capacity * STRIDE);
    const mask = this.capacity - 1;
    for (let j = 0; j < oldCapacity; j++) {
      const from = j * STRIDE;
      if (old[from + 2] === 0) continue;
      let i = old[from] & mask;
      while (slots[i * STRIDE + 2] !== 0) i = (i + 1) & mask;
      const to = i * STRIDE;
      slots[to] = old[from];
      slots[to + 1] = old[from + 1];
      slots[to + 2] = old[from + 2];
    }
    this.slots = slots;
  }
}
