// Shared pieces of the fault suite: the engines to run on, a real-HTTP client (node:http, so a request can
// come from any loopback address and a refused / reset connection is told apart from an answer), sessions,
// fresh PostgreSQL databases and direct database access for the checks made after a crash.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { type Database, openDatabase } from '../../../src/db/database';

/** CHISO_FAULTS_SCALE: `small` (CI, the default) or `full` (by hand: longer loads, bigger import). */
export const SCALE = process.env.CHISO_FAULTS_SCALE === 'full' ? 'full' : 'small';
export const ADMIN_PASSWORD = 'admin-password-123';
export const DEMO_PASSWORD = 'demo-ChiSo-2026';

export type EngineKind = 'embedded' | 'postgres';
/** The embedded engine always; PostgreSQL too when TEST_DATABASE_URL names a server to create databases on. */
export const engines = (): EngineKind[] => (process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded']);

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers loosely and check them with expect
  json<T = any>(): T;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One HTTP request. Rejects only when no answer came (refused, reset, timeout): for the fault tests
 * that is exactly "not acknowledged".
 */
export function send(
  baseUrl: string,
  o: { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string; json?: unknown; localAddress?: string; timeoutMs?: number },
): Promise<Answer> {
  const url = new URL(o.path, baseUrl);
  const body = o.json !== undefined ? Buffer.from(JSON.stringify(o.json)) : o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body);
  const headers: Record<string, string> = { ...(o.json !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers };
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method, headers, agent, localAddress: o.localAddress, timeout: o.timeoutMs ?? 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
        });
        res.on('aborted', () => reject(new Error('response aborted')));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: number;
  grants: { role: string; unitId: number | null; unitCode: string | null }[];
}

export async function login(baseUrl: string, username: string, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD): Promise<Session> {
  const res = await send(baseUrl, { method: 'POST', path: '/api/auth/login', json: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.body}`);
  const setCookie = res.headers['set-cookie'] ?? [];
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const me = await send(baseUrl, { method: 'GET', path: '/api/auth/me', headers: { cookie } });
  if (me.status !== 200) throw new Error(`me ${username}: ${me.status} ${me.body}`);
  const m = me.json();
  return { cookie, csrf: res.json().csrfToken ?? m.csrfToken, userId: m.id, grants: m.grants ?? [] };
}

/** A request as a logged-in user (cookie + CSRF header). */
export function as(baseUrl: string, s: Session, o: Parameters<typeof send>[1]): Promise<Answer> {
  return send(baseUrl, { ...o, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...o.headers } });
}

export function multipart(filename: string, content: Buffer | string): { body: Buffer; contentType: string } {
  const boundary = `----chisofaults${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A new empty database on TEST_DATABASE_URL's server; `drop` removes it (forcing out any connection). */
export async function createPgDatabase(prefix = 'chiso_faults'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  return { url, name, drop: async () => void (await adminQuery(`drop database if exists ${name} with (force)`)) };
}

/** One statement on TEST_DATABASE_URL (the maintenance database), on its own connection. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** The server's database opened by the test itself (after the server stopped, for the embedded engine). */
export function openForCheck(kind: EngineKind, where: { dataDir: string; url?: string }): Promise<Database> {
  return kind === 'postgres' ? openDatabase({ url: where.url, poolSize: 2 }) : openDatabase({ dataDir: where.dataDir });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deterministic pseudo-random numbers (mulberry32): the same load every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
