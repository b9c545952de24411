// Evidence files on disk: content-checked type, random stored names under ctx.filesDir (never the user's
// name), metadata in the database. The disk write and the row succeed together or not at all.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../errors';
import { checkZipInflates } from '../../formats/xlsx';

/** What the methodology accepts as tài liệu kiểm chứng: by detected content, the name's extension must agree. */
const ALLOWED: Record<string, { mime: string; names: string[] }> = {
  pdf: { mime: 'application/pdf', names: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', names: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', names: ['xlsx'] },
  jpg: { mime: 'image/jpeg', names: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', names: ['png'] },
};
const KINDS = 'PDF, DOCX, XLSX, JPG, PNG';

/** Refuses names that try to point elsewhere on disk or hide their extension; the name is only shown, never used as a path. */
export function checkFileName(name: string, leafCode: string): string {
  const n = name.normalize('NFC');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (n === '' || n.length > 200 || /[/\\\u0000-\u001f]/.test(n) || n === '.' || n === '..' || n.startsWith('.')) {
    throw new AppError('validation', `Tiêu chí "${leafCode}": tên tệp "${name.slice(0, 100)}" không hợp lệ (không được chứa đường dẫn hay ký tự điều khiển)`);
  }
  return n;
}

export async function checkContent(buf: Buffer, name: string, leafCode: string, maxBytes: number): Promise<{ mime: string; ext: string }> {
  if (buf.length === 0) throw new AppError('validation', `Tiêu chí "${leafCode}": tệp "${name}" rỗng`);
  if (buf.length > maxBytes) {
    throw new AppError('payload_too_large', `Tiêu chí "${leafCode}": tệp "${name}" vượt quá ${Math.round(maxBytes / 1024 / 1024)} MB`);
  }
  const detected = await fileTypeFromBuffer(buf);
  const kind = detected ? ALLOWED[detected.ext] : undefined;
  if (!detected || !kind) {
    throw new AppError('unsupported_media', `Tiêu chí "${leafCode}": nội dung tệp "${name}" không phải ${KINDS}${detected ? ` (nhận diện là .${detected.ext})` : ''}`);
  }
  // A PDF signature alone proves little (an HTML page behind "%PDF-" passes file-type): a document has objects.
  if (detected.ext === 'pdf' && !/\d+\s+\d+\s+obj\b/.test(buf.toString('latin1'))) {
    throw new AppError('unsupported_media', `Tiêu chí "${leafCode}": tệp "${name}" không phải tệp PDF hợp lệ (không có đối tượng PDF nào)`);
  }
  // Office files are zips the server never opens, but the people who download them will.
  if (detected.ext === 'docx' || detected.ext === 'xlsx') {
    await checkZipInflates(buf).catch(() => {
      throw new AppError('unsupported_media', `Tiêu chí "${leafCode}": tệp "${name}" hỏng hoặc giải nén quá lớn (nghi ngờ zip bomb)`);
    });
  }
  const ext = path.extname(name).slice(1).toLowerCase();
  if (!kind.names.includes(ext)) {
    throw new AppError('unsupported_media', `Tiêu chí "${leafCode}": tệp "${name}" có nội dung .${detected.ext} nhưng tên có đuôi "${ext ? `.${ext}` : '(không có)'}"`);
  }
  return { mime: kind.mime, ext: detected.ext };
}

export interface StoredFile {
  storedName: string;
  sha256: string;
  absolutePath: string;
}

/** Writes the bytes under a random name; the caller inserts the row and calls `discard` if that fails. */
export async function storeBytes(filesDir: string, cycleId: number, buf: Buffer, ext: string, shownName = ''): Promise<StoredFile> {
  const dir = path.join(filesDir, `cycle-${cycleId}`);
  const storedName = `cycle-${cycleId}/${randomBytes(20).toString('hex')}.${ext}`;
  const absolutePath = path.join(filesDir, storedName);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(absolutePath, buf, { flag: 'wx' });
  } catch (err) {
    // A disk that refuses (full, read-only, folder gone) leaves no part-written file and says so plainly.
    await unlink(absolutePath).catch(() => {});
    throw diskRefused(err, shownName);
  }
  return { storedName, sha256: createHash('sha256').update(buf).digest('hex'), absolutePath };
}

function diskRefused(err: unknown, shownName: string): AppError {
  const code = (err as { code?: string })?.code ?? '';
  const what = shownName ? `tệp "${shownName}"` : 'tệp';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('insufficient_storage', `Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được ${what}. Vui lòng báo quản trị hệ thống rồi tải lên lại.`);
  }
  return new AppError('unavailable', `Máy chủ không ghi được ${what} vào thư mục lưu trữ (${code || 'lỗi ổ đĩa'}). Vui lòng báo quản trị hệ thống rồi tải lên lại.`);
}

export async function discard(filesDir: string, storedName: string): Promise<void> {
  await unlink(path.join(filesDir, storedName)).catch(() => {});
}

export async function readStored(filesDir: string, storedName: string): Promise<Buffer> {
  const abs = path.resolve(filesDir, storedName);
  // stored names are ours, but a tampered row must still not escape the folder
  if (!abs.startsWith(path.resolve(filesDir) + path.sep)) throw new AppError('not_found', 'Không tìm thấy tệp');
  try {
    return await readFile(abs);
  } catch {
    throw new AppError('not_found', 'Tệp minh chứng không còn trên máy chủ');
  }
}
