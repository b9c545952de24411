// The disk refusing an evidence upload: the files folder replaced by a regular file (the folder cannot be
// made — what a lost mount or a wrong path looks like; chmod does not stop root), and a full disk (a tiny
// tmpfs mounted for the test, when the machine allows it). Each time: a clear Vietnamese message with
// 503 / 507, no evidence_files row, no audit line, no stray or half-written file; then, with the disk
// back, the same upload succeeds.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';

/** A small valid PDF (header, one object, trailer), padded with a PDF comment to `size` bytes. */
function pdf(size: number): Buffer {
  const head = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
  const tail = 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
  const pad = Math.max(0, size - head.length - tail.length - 2);
  return Buffer.from(`${head}%${'x'.repeat(pad)}\n${tail}`);
}

/** Every regular file under `dir` (relative paths). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

let t: TestApp;
let focal: Client;
let base: string;
let filesDir: string;
let mount: string | null = null;

beforeAll(async () => {
  process.env.CHISO_DEMO_DOSSIERS = '0'; // this worker only: the demo without its dossiers seeds faster
  t = await createTestApp({ demo: true });
  filesDir = t.ctx.filesDir;
  focal = await t.login('daumoi.stp');
  const cycles = (await focal.get('/api/cycles')).json() as { id: number; year: number; state: string }[];
  const cycle = cycles.find((c) => c.year === 2026 && c.state === 'self_assessment')!;
  const me = (await focal.get('/api/auth/me')).json();
  base = `/api/cycles/${cycle.id}/units/${me.grants[0].unitId}/leaves/1.1/files?stage=self`;
});
afterAll(async () => {
  if (mount) {
    try {
      execFileSync('umount', [mount]);
    } catch {}
    rmSync(mount, { recursive: true, force: true });
  }
  await t?.close();
});

const counts = async () => ({
  rows: Number((await t.ctx.db.selectFrom('evidence_files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  audits: Number(
    (await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'assessment.file.upload').executeTakeFirstOrThrow()).n,
  ),
});

describe(`the disk refusing an evidence upload on ${testDatabaseKind()}`, () => {
  it('the files folder cannot be made: 503 with a clear message, no row, no stray file; then it works', async () => {
    const before = await counts();
    rmSync(filesDir, { recursive: true, force: true });
    writeFileSync(filesDir, 'not a folder');
    const res = await focal.upload(base, 'bien-ban.pdf', pdf(2000));
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().code).toBe('unavailable');
    expect(res.json().message).toMatch(/^Máy chủ không ghi được tệp "bien-ban\.pdf" vào thư mục lưu trữ \(ENOTDIR\)/);
    expect(await counts()).toEqual(before);
    expect(statSync(filesDir).isFile()).toBe(true); // nothing was written around it
    expect(filesUnder(path.dirname(filesDir)).filter((f) => f !== path.basename(filesDir))).toEqual([]);

    // the folder back: the same upload is stored, one row, one file
    rmSync(filesDir);
    mkdirSync(filesDir);
    const ok = await focal.upload(base, 'bien-ban.pdf', pdf(2000));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await counts()).toEqual({ rows: before.rows + 1, audits: before.audits + 1 });
    expect(filesUnder(filesDir)).toHaveLength(1);
  });

  it('a full disk: 507 with a clear message, no row, no half-written file; a file that fits is stored', async (ctx) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chiso-faults-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
      mount = dir;
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      console.log(`[faults] full-disk case skipped: cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})`);
      ctx.skip();
      return;
    }
    const previous = t.ctx.filesDir;
    t.ctx.filesDir = dir;
    try {
      const before = await counts();
      // 200 kB into a 64 kB disk: the write starts, then ENOSPC
      const res = await focal.upload(base, 'anh-chup.pdf', pdf(200_000));
      expect(res.statusCode, res.body).toBe(507);
      expect(res.json()).toEqual({
        code: 'insufficient_storage',
        message: 'Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được tệp "anh-chup.pdf". Vui lòng báo quản trị hệ thống rồi tải lên lại.',
      });
      expect(await counts()).toEqual(before);
      expect(filesUnder(dir)).toEqual([]); // the part written before the disk filled is gone
      // 10 kB fits: stored, its row and its bytes
      const ok = await focal.upload(base, 'nho.pdf', pdf(10_000));
      expect(ok.statusCode, ok.body).toBe(201);
      expect(await counts()).toEqual({ rows: before.rows + 1, audits: before.audits + 1 });
      const stored = filesUnder(dir);
      expect(stored).toHaveLength(1);
      expect(statSync(path.join(dir, stored[0])).size).toBe(10_000);
    } finally {
      t.ctx.filesDir = previous;
    }
  });
});
