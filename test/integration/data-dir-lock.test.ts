// One process at a time on an embedded data folder (src/db/data-dir-lock.ts): `chiso serve` holding a folder
// refuses a second open, `chiso backup` / `restore` / `db migrate` / a second `serve` on it (nothing written);
// a lock left by a dead process (SIGKILL, an exited pid, an empty or garbled file, a reused pid) is taken
// over; close() and process.exit() release it; of processes racing to take over one stale lock, one wins.
// Embedded engine only: the lock concerns data folders, not PostgreSQL.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirLockedError,
  LOCK_FILE,
  type LockRecord,
  processStartTicks,
} from '../../src/db/data-dir-lock';
import { openDatabase } from '../../src/db/database';
import { freePort } from '../helpers/postgres';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = mkdtempSync(path.join(tmpdir(), 'chiso-lock-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Child {
  child: ChildProcess;
  pid: number;
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node --import tsx <args>`: one process, so its pid is the one in the lock file. */
function start(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', CHISO_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    pid: child.pid!,
    output: () => out,
    exit,
    async waitFor(re, timeoutMs = 120_000) {
      const until = Date.now() + timeoutMs;
      while (!re.test(out)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited before ${re}:\n${out}`);
        if (Date.now() > until) throw new Error(`no ${re} within ${timeoutMs} ms:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** A `chiso` command as a person runs it. */
function chiso(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main-entry.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '', CHISO_LOG_LEVEL: 'silent', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const lockPath = (dir: string) => path.join(dir, LOCK_FILE);
const readLock = (dir: string) => JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockRecord;
const heldMessage = (dir: string, pid: number, command: string) =>
  `thư mục dữ liệu ${dir} đang được tiến trình ${pid} (${command}) sử dụng; dừng tiến trình đó trước, hoặc dùng DATABASE_URL`;

/** Every file under `dir` with its content hash: what "nothing written" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha1').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A pid that is certainly not running: a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  expect(r.status).toBe(0);
  return r.pid;
}

function writeLock(dir: string, r: Partial<LockRecord> | string) {
  writeFileSync(
    lockPath(dir),
    typeof r === 'string' ? r : JSON.stringify({ hostname: 'vm', startedAt: '', acquiredAt: '', token: 'old', ...r }),
  );
}

describe('the embedded data folder lock', () => {
  it('`chiso serve` holds its folder: a second open, backup, restore, db migrate and serve are refused, nothing is written', async () => {
    const dir = path.join(root, 'served');
    const env = { CHISO_DATA_DIR: dir, CHISO_DEMO: '0', CHISO_ADMIN_PASSWORD: 'admin-password-123', HOST: '127.0.0.1' };
    const server = start(['src/cli/main-entry.ts', 'serve'], { ...env, PORT: String(await freePort()) });
    await server.waitFor(/ChiSo đang chạy/);
    const lock = readLock(dir);
    expect(lock.pid).toBe(server.pid);
    expect(lock.command).toBe('chiso serve');
    expect(lock.startTicks).toBe(process.platform === 'linux' ? processStartTicks(server.pid) : null);
    const message = heldMessage(dir, server.pid, 'chiso serve');
    const before = snapshot(dir);

    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(new DataDirLockedError(dir, lock).message);
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);

    const backupFile = path.join(root, 'while-served.chiso.gz');
    const backup = await chiso(env, 'backup', backupFile);
    expect(backup).toEqual({ code: 1, stdout: '', stderr: `Lỗi: ${message}\n` });
    expect(existsSync(backupFile)).toBe(false);

    const restoreFile = path.join(root, 'any.chiso.gz');
    writeFileSync(restoreFile, 'not read: the folder is refused first');
    expect(await chiso(env, 'restore', restoreFile)).toEqual({ code: 1, stdout: '', stderr: `Lỗi: ${message}\n` });
    expect(await chiso(env, 'db', 'migrate')).toEqual({ code: 1, stdout: '', stderr: `Lỗi: ${message}\n` });
    const second = await chiso({ ...env, PORT: String(await freePort()) }, 'serve');
    expect(second).toEqual({ code: 1, stdout: '', stderr: `Lỗi: ${message}\n` });

    // the holder's lock and every file of the folder exactly as they were
    expect(readLock(dir)).toEqual(lock);
    expect(snapshot(dir)).toEqual(before);

    // the server stopped (SIGTERM → close): the lock is gone and the folder opens again
    server.child.kill('SIGTERM');
    expect(await server.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(lockPath(dir))).toBe(false);
    const after = await chiso(env, 'backup', backupFile);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^Đã sao lưu \d+ dòng của \d+ bảng vào /);
    expect(existsSync(lockPath(dir))).toBe(false);
  }, 240_000);

  it('a holder SIGKILLed leaves its lock and the next open takes it over; close() and process.exit() release', async () => {
    const dir = path.join(root, 'killed');
    const holder = start(['test/helpers/data-dir-holder.ts', 'open', dir, 'first']);
    await holder.waitFor(/ready/);
    const command = `data-dir-holder.ts open ${dir} first`;
    expect(readLock(dir)).toMatchObject({ pid: holder.pid, command });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(heldMessage(dir, holder.pid, command));

    holder.child.kill('SIGKILL');
    expect(await holder.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(readLock(dir).pid).toBe(holder.pid); // left behind

    const d = await openDatabase({ dataDir: dir });
    const mine = readLock(dir);
    expect(mine.pid).toBe(process.pid);
    expect(mine.token).not.toBe('old');
    expect((await sql<{ value: string }>`select value from held order by id`.execute(d.db)).rows).toEqual([{ value: 'first' }]);
    // this process, the folder still open: refused as well (two PGlite instances on one folder)
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(
      `thư mục dữ liệu ${dir} đang được mở trong chính tiến trình này (${mine.command}); hãy đóng nó trước khi mở lại`,
    );
    expect(readLock(dir)).toEqual(mine);
    await d.close();
    expect(existsSync(lockPath(dir))).toBe(false);
    await d.close(); // twice: harmless

    // open → close → open in one process
    const again = await openDatabase({ dataDir: dir });
    expect(readLock(dir).pid).toBe(process.pid);
    expect(readLock(dir).token).not.toBe(mine.token);
    await again.close();
    expect(existsSync(lockPath(dir))).toBe(false);

    // stale records left by a crash: a pid that has exited, an empty file, a garbled one
    for (const stale of [{ pid: deadPid(), startTicks: '1', bootId: null, command: 'chiso serve' }, '', '{"pid": 12']) {
      writeLock(dir, stale);
      const db = await openDatabase({ dataDir: dir });
      expect(readLock(dir).pid).toBe(process.pid);
      expect((await sql<{ n: number }>`select count(*)::int as n from held`.execute(db.db)).rows).toEqual([{ n: 1 }]);
      await db.close();
      expect(existsSync(lockPath(dir))).toBe(false);
    }

    // process.exit() without close(): the 'exit' hook removes the lock
    const exiting = start(['test/helpers/data-dir-holder.ts', 'exit', dir]);
    expect(await exiting.exit, exiting.output()).toEqual({ code: 0, signal: null });
    expect(existsSync(lockPath(dir))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith(LOCK_FILE))).toEqual([]);
  }, 240_000);

  it.skipIf(process.platform !== 'linux')(
    'a live pid with its recorded start time holds the folder; the same pid started at another time or boot does not',
    async () => {
      const dir = path.join(root, 'pids');
      mkdirSync(dir);
      const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
      children.push(live);
      await new Promise((r) => live.once('spawn', r));
      const pid = live.pid!;
      const ticks = processStartTicks(pid)!;
      expect(ticks).toMatch(/^\d+$/);
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

      // alive and the same process: refused, the record untouched
      writeLock(dir, { pid, startTicks: ticks, bootId: boot, command: 'chiso serve' });
      const record = readFileSync(lockPath(dir), 'utf8');
      expect(() => acquireDataDirLock(dir)).toThrow(heldMessage(dir, pid, 'chiso serve'));
      expect(readFileSync(lockPath(dir), 'utf8')).toBe(record);
      // alive, no start time recorded (another OS wrote it): cannot tell, so refused
      writeLock(dir, { pid, startTicks: null, bootId: null, command: 'chiso backup x' });
      expect(() => acquireDataDirLock(dir)).toThrow(heldMessage(dir, pid, 'chiso backup x'));

      // the pid alive but another process now (its start time differs: pid reused after a restart) → taken over
      writeLock(dir, { pid, startTicks: String(Number(ticks) + 1), bootId: boot, command: 'chiso serve' });
      const lock = acquireDataDirLock(dir);
      expect(readLock(dir)).toMatchObject({ pid: process.pid, startTicks: processStartTicks('self'), bootId: boot });
      lock.release();
      expect(existsSync(lockPath(dir))).toBe(false);
      // the same start time, but written before a reboot → taken over
      writeLock(dir, { pid, startTicks: ticks, bootId: 'another-boot', command: 'chiso serve' });
      const lock2 = acquireDataDirLock(dir);
      expect(readLock(dir).pid).toBe(process.pid);
      lock2.release();
      lock2.release();
      expect(existsSync(lockPath(dir))).toBe(false);
      // release removes only our own record: one that replaced it is left alone
      const lock3 = acquireDataDirLock(dir);
      writeLock(dir, { pid, startTicks: ticks, bootId: boot, command: 'chiso serve' });
      lock3.release();
      expect(readLock(dir).pid).toBe(pid);
      live.kill('SIGKILL');
    },
    60_000,
  );

  it('four processes racing to take over one stale lock: exactly one wins, the others are refused naming it', async () => {
    const dir = path.join(root, 'race');
    mkdirSync(dir);
    writeLock(dir, { pid: deadPid(), startTicks: '1', bootId: null, command: 'chiso serve' });
    const at = Date.now() + 6000;
    const racers = Array.from({ length: 4 }, () => start(['test/helpers/data-dir-holder.ts', 'race', dir, String(at), '4000']));
    await Promise.all(racers.map((r) => r.exit));
    const lines = racers.map((r) => r.output().trim());
    const won = racers.filter((r, i) => lines[i] === `won ${r.pid}`);
    expect(won.length, lines.join('\n')).toBe(1);
    const winner = won[0];
    for (const [i, r] of racers.entries()) {
      if (r !== winner)
        expect(lines[i]).toBe(`refused ${r.pid} ${heldMessage(dir, winner.pid, `data-dir-holder.ts race ${dir} ${at} 4000`)}`);
    }
    expect(existsSync(lockPath(dir))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});
