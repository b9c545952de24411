// One process at a time on an embedded data folder. PGlite has no postmaster.pid of its own: two PGlite
// instances on one folder (a `chiso backup` while `npm start` runs, or two opens in one process) each think
// they own the files, and their writes corrupt the folder. So before PGlite opens a folder, openDatabase takes
// `<dir>/chiso.lock` here, and gives it back on close() (or, at the latest, on the process's 'exit').
//
// The lock file is a JSON record of its holder. It appears atomically (a private temporary file hard-linked to
// the name; link() fails if the name exists): of two processes racing for a free folder exactly one wins. A record left behind by a process that is gone (SIGKILL, power
// cut, a crash) is taken over: its pid is not alive, or the pid is alive but belongs to another process now
// (pid reuse after a restart: its start time in /proc/<pid>/stat, or the boot, differs from the recorded one),
// or the record is unreadable (a crash between the create and the write leaves an empty file).
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'chiso.lock';

/** What the lock file holds. */
export interface LockRecord {
  pid: number;
  /** Linux: field 22 of /proc/<pid>/stat (clock ticks after boot) — with bootId, tells a reused pid apart. */
  startTicks: string | null;
  /** /proc/sys/kernel/random/boot_id (Linux): a pid and start time from before a reboot mean nothing after it. */
  bootId: string | null;
  /** For people reading the file: when the process started, on which machine, as which command. */
  startedAt: string;
  hostname: string;
  command: string;
  acquiredAt: string;
  /** Random per acquisition: release removes the file only if it is still this acquisition's. */
  token: string;
}

/** The folder is held by a live process (another one, or this one through a Database not yet closed). */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockRecord,
  ) {
    super(
      holder.pid === process.pid
        ? `thư mục dữ liệu ${dataDir} đang được mở trong chính tiến trình này (${holder.command}); hãy đóng nó trước khi mở lại`
        : `thư mục dữ liệu ${dataDir} đang được tiến trình ${holder.pid} (${holder.command}) sử dụng; dừng tiến trình đó trước, hoặc dùng DATABASE_URL`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Start time of `pid` in clock ticks after boot (Linux), null where /proc does not tell. */
export function processStartTicks(pid: number | 'self'): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count fields after the last ')'.
  // After it come fields 3…; starttime is field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

const bootId = () => readProc('/proc/sys/kernel/random/boot_id')?.trim() || null;

/** The command line as a person would recognise it: `chiso serve` rather than node and tsx's paths. */
function commandLine(): string {
  const [node, script, ...args] = process.argv;
  const name = script ? path.basename(script) : path.basename(node ?? 'node');
  const cmd = /^(main-entry\.[cm]?[jt]s|chiso(\.js)?)$/.test(name) ? ['chiso', ...args] : [name, ...args];
  return cmd.join(' ').slice(0, 200);
}

function ownRecord(): LockRecord {
  const now = Date.now();
  return {
    pid: process.pid,
    startTicks: processStartTicks('self'),
    bootId: bootId(),
    startedAt: new Date(now - process.uptime() * 1000).toISOString(),
    hostname: hostname(),
    command: commandLine(),
    acquiredAt: new Date(now).toISOString(),
    token: randomBytes(12).toString('hex'),
  };
}

function readRecord(file: string): LockRecord | 'missing' | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const r = JSON.parse(text) as LockRecord;
    if (!r || typeof r !== 'object' || !Number.isInteger(r.pid) || r.pid <= 0) return null;
    return { ...r, command: typeof r.command === 'string' ? r.command : '?' };
  } catch {
    return null;
  }
}

/** Is the process that wrote `r` still running? When in doubt (no /proc to compare), yes. */
export function holderAlive(r: LockRecord): boolean {
  try {
    process.kill(r.pid, 0);
  } catch (err) {
    // EPERM: the pid exists but belongs to another user — alive. ESRCH: gone.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const boot = bootId();
  if (r.bootId && boot && r.bootId !== boot) return false;
  if (r.startTicks) {
    const now = processStartTicks(r.pid);
    if (now !== null && now !== r.startTicks) return false; // the pid was reused by another process
  }
  return true;
}

/**
 * Creates the file only if it does not exist, atomically and whole: the record is written to a private temporary
 * file first and then hard-linked to its name (link fails with EEXIST if the name exists). A reader never sees
 * a half-written record of a live process, so an empty or garbled lock file can only be a crash's leftover.
 */
function createExclusive(file: string, record: LockRecord): boolean {
  const tmp = `${file}.${process.pid}.${record.token}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // A file system without hard links: an exclusive create (atomic too; only the record's write follows it).
    try {
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removing a stale record and creating ours is two steps: two processes that both judged the same record stale
 * could otherwise both remove "it" — the second removing the first one's fresh lock — and both win. So a
 * takeover happens only under `<lock>.takeover`, itself created exclusively, and the record is read again under
 * it. A plain acquisition never needs the guard: its exclusive create fails while any record is there.
 */
function withTakeoverGuard<T>(file: string, fn: () => T): T | 'busy' {
  const guard = `${file}.takeover`;
  const me = ownRecord();
  for (let i = 0; i < 50; i++) {
    if (createExclusive(guard, me)) {
      try {
        return fn();
      } finally {
        try {
          unlinkSync(guard);
        } catch {}
      }
    }
    // A guard whose taker died within its few microseconds of work (or any guard older than 10 s) is abandoned.
    const g = readRecord(guard);
    let age = 0;
    try {
      age = Date.now() - statSync(guard).mtimeMs;
    } catch {}
    if (g !== 'missing' && (g === null || !holderAlive(g) || age > 10_000)) {
      try {
        unlinkSync(guard);
      } catch {}
      continue;
    }
    sleepSync(20);
  }
  return 'busy';
}

/** Locks held by this process, removed on 'exit' (close() is the normal way; exit covers process.exit()). */
const held = new Set<DataDirLock>();
let exitHook = false;

/**
 * Takes `<dataDir>/chiso.lock` (the folder must exist). Throws DataDirLockedError naming the holder if a live
 * process holds it; takes a stale one over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const record = ownRecord();
  for (let attempt = 0; attempt < 10; attempt++) {
    if (createExclusive(file, record)) return registered(file, record.token);
    const existing = readRecord(file);
    if (existing === 'missing') continue; // released between our create and our read: try again
    if (existing && holderAlive(existing)) throw new DataDirLockedError(dataDir, existing);
    // Stale (dead holder, reused pid, unreadable record): remove it under the guard if it is still stale.
    const taken = withTakeoverGuard(file, () => {
      const again = readRecord(file);
      if (again !== 'missing' && again && holderAlive(again)) throw new DataDirLockedError(dataDir, again);
      if (again !== 'missing') unlinkSync(file);
      return createExclusive(file, record);
    });
    if (taken === true) return registered(file, record.token);
    // 'busy' or someone created a fresh lock first: go round, read it again.
  }
  const last = readRecord(file);
  if (last && last !== 'missing') throw new DataDirLockedError(dataDir, last);
  throw new Error(`không lấy được khóa thư mục dữ liệu ${dataDir} (${file})`);
}

function registered(file: string, token: string): DataDirLock {
  const lock: DataDirLock = {
    file,
    release() {
      if (!held.delete(lock)) return;
      const r = readRecord(file);
      if (r && r !== 'missing' && r.token === token) {
        try {
          unlinkSync(file);
        } catch {}
      }
    },
  };
  held.add(lock);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const l of [...held]) l.release();
    });
  }
  return lock;
}
