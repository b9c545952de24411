// Builds real zip containers with node's zlib (no library): for xlsx zip-bomb tests.
import { createDeflateRaw, crc32 } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** raw deflate stream */
  compressed: Buffer;
  crc: number;
  /** what the headers declare (may lie) */
  declaredSize: number;
}

/** Deflates `totalBytes` of zeros chunk by chunk (never holding them in memory); returns the stream and its CRC. */
export async function deflateZeros(totalBytes: number): Promise<{ compressed: Buffer; crc: number }> {
  const chunk = Buffer.alloc(1024 * 1024);
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    d.on('end', resolve);
    d.on('error', reject);
  });
  let crc = 0;
  let left = totalBytes;
  while (left > 0) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!d.write(part)) await new Promise((r) => d.once('drain', r));
    left -= part.length;
  }
  d.end();
  await done;
  return { compressed: Buffer.concat(out), crc };
}

export function deflateEntry(name: string, content: Buffer): Promise<ZipEntry> {
  return new Promise((resolve, reject) => {
    const d = createDeflateRaw();
    const out: Buffer[] = [];
    d.on('data', (b: Buffer) => out.push(b));
    d.on('end', () => resolve({ name, compressed: Buffer.concat(out), crc: crc32(content), declaredSize: content.length }));
    d.on('error', reject);
    d.end(content);
  });
}

/** A valid zip (PKZIP 2.0, deflate, no zip64) of the entries. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.declaredSize >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.declaredSize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;

/**
 * An .xlsx-shaped zip whose sheet inflates to `inflatedBytes` of zeros. `honest`: the headers declare the real
 * size; otherwise they declare 1 KiB (the lie a bomb tells to slip past a size check).
 */
export async function xlsxZipBomb(inflatedBytes: number, honest: boolean): Promise<Buffer> {
  const { compressed, crc } = await deflateZeros(inflatedBytes);
  const ct = await deflateEntry('[Content_Types].xml', Buffer.from(CONTENT_TYPES));
  const sheet: ZipEntry = { name: 'xl/worksheets/sheet1.xml', compressed, crc, declaredSize: honest ? inflatedBytes : 1024 };
  return buildZip([ct, sheet]);
}
