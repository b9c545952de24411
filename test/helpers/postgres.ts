// A throwaway PostgreSQL 15 cluster on loopback for benchmarks and fault tests: initdb in a temp dir owned
// by `postgres` (the server refuses to run as root), pg_ctl start on a free port, stop by PID.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const PG_BIN = process.env.CHISO_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dir: string;
  /** PID of the postmaster while it runs. */
  pid(): number | null;
  /** A URL to `database` on this cluster. */
  urlFor(database: string): string;
  /** Creates a new empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Starts the cluster again after stop()/crash() (same data directory and port). */
  start(): void;
  /** Stops the server; `immediate` aborts every connection without a clean shutdown (a crash). */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Stops the server and deletes its directory. */
  destroy(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

function asPostgres(bin: string, args: string[]) {
  const cmd = path.join(PG_BIN, bin);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const r = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function postgresAvailable(): boolean {
  return existsSync(path.join(PG_BIN, 'initdb')) && existsSync(path.join(PG_BIN, 'pg_ctl'));
}

/** initdb + start on 127.0.0.1:<free port>; fsync stays on so crash tests mean something. */
export async function startPostgres(opts: { maxConnections?: number } = {}): Promise<PgCluster> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL 15 binaries not found in ${PG_BIN}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'chiso-pg-'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    const { uid, gid } = uidOf('postgres');
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const options = [
    '-c listen_addresses=127.0.0.1',
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    '-c fsync=on',
    `-c max_connections=${opts.maxConnections ?? 200}`,
  ].join(' ');
  const start = () => {
    asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start']);
  };
  const pid = (): number | null => {
    try {
      const n = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (!n) return null;
      process.kill(n, 0);
      return n;
    } catch {
      return null;
    }
  };
  const stop = (mode: 'fast' | 'immediate' = 'fast') => {
    const p = pid();
    if (!p) return;
    // SIGINT = fast shutdown, SIGQUIT = immediate (no checkpoint, like a crash); then wait for the PID to go.
    process.kill(p, mode === 'immediate' ? 'SIGQUIT' : 'SIGINT');
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      try {
        process.kill(p, 0);
      } catch {
        return;
      }
      spawnSync('sleep', ['0.05']);
    }
    process.kill(p, 'SIGKILL');
  };
  start();
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    port,
    dir,
    pid,
    urlFor,
    start,
    stop,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`create database ${name}`);
      } finally {
        await c.end();
      }
      return urlFor(name);
    },
    destroy() {
      stop('fast');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
