// Excel versions of every CSV format: the same header in the first sheet (formats.md).
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { type CsvRecord, assertColumns, toRecord } from './csv';
import { FileFormatError } from './file-format-error';

/** An .xlsx is a zip: refuse archives that would inflate past this before handing them to exceljs. */
const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
const MAX_RATIO = 200;

export async function checkZipBomb(buf: Buffer): Promise<void> {
  const total = await new Promise<number>((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new FileFormatError([{ row: 0, field: '', message: 'Tệp Excel hỏng hoặc không phải .xlsx' }]));
      let sum = 0;
      zip.on('entry', (e: yauzl.Entry) => {
        sum += e.uncompressedSize;
        zip.readEntry();
      });
      zip.on('end', () => resolve(sum));
      zip.on('error', () => reject(new FileFormatError([{ row: 0, field: '', message: 'Tệp Excel hỏng' }])));
      zip.readEntry();
    });
  });
  if (total > MAX_UNCOMPRESSED_BYTES || total > buf.length * MAX_RATIO) {
    throw new FileFormatError([{ row: 0, field: '', message: 'Tệp Excel giải nén quá lớn (nghi ngờ zip bomb), bị từ chối' }]);
  }
}

/**
 * checkZipBomb, then every entry actually inflated and counted: an archive that lies about its sizes
 * (declares 1 KiB, inflates to 300 MB) is caught by yauzl's size validation before it grows.
 * For zips the server stores but never opens itself (docx/xlsx evidence that others will open).
 */
export async function checkZipInflates(buf: Buffer): Promise<void> {
  await checkZipBomb(buf);
  const broken = () => new FileFormatError([{ row: 0, field: '', message: 'Tệp nén hỏng hoặc khai sai kích thước (nghi ngờ zip bomb)' }]);
  await new Promise<void>((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(broken());
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (e2, stream) => {
          if (e2 || !stream) return reject(broken());
          stream.on('error', () => reject(broken()));
          stream.on('end', () => zip.readEntry());
          stream.resume();
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(broken()));
      zip.readEntry();
    });
  });
}

export async function parseXlsx(buf: Buffer, requiredColumns: readonly string[] = []): Promise<{ header: string[]; rows: CsvRecord[] }> {
  await checkZipBomb(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new FileFormatError([{ row: 0, field: '', message: 'Không đọc được tệp Excel (.xlsx)' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new FileFormatError([{ row: 1, field: '', message: 'Tệp Excel không có trang tính' }]);
  const matrix: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    matrix.push(cells);
  });
  if (matrix.length === 0) throw new FileFormatError([{ row: 1, field: '', message: 'Tệp rỗng: thiếu dòng tiêu đề' }]);
  const header = matrix[0].map((h) => h.trim()).filter((h, i, all) => h !== '' || i < all.length - 1);
  assertColumns(header, requiredColumns);
  return { header, rows: matrix.slice(1).map((cells) => toRecord(header, cells)) };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // exceljs gives dates as UTC midnight for date-only cells
    return v.getUTCHours() === 0 && v.getUTCMinutes() === 0 ? v.toISOString().slice(0, 10) : v.toISOString();
  }
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

/** Reads CSV or XLSX by content (zip signature), not by file name. */
export async function parseTable(buf: Buffer, requiredColumns: readonly string[] = []): Promise<{ header: string[]; rows: CsvRecord[] }> {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    return parseXlsx(buf, requiredColumns);
  }
  const { parseCsv } = await import('./csv');
  return parseCsv(buf.toString('utf8'), requiredColumns);
}
