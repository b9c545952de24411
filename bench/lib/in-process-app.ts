// The real server built in this process on a benchmark database (migrated, one admin, no demo), for
// benchmarks that time a service or a route on data they generate themselves; app.inject keeps the socket
// and the load generator out of the figure.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app-context';
import { loadConfig } from '../../src/config';
import { type Database, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrator';
import type { Actor } from '../../src/modules/identity/access';
import { createUser } from '../../src/modules/identity/identity.service';
import { buildServer } from '../../src/server';

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-1';

export interface InProcessApp {
  ctx: AppContext;
  database: Database;
  app: FastifyInstance;
  /** The admin as the services see it (system_admin over the whole province). */
  actor: Actor;
  /** GET through the whole HTTP stack (routing, access, serialisation) as the logged-in admin. */
  get(url: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function openInProcessApp(o: { dataDir: string; databaseUrl?: string; embeddedDir?: string }): Promise<InProcessApp> {
  const database = o.databaseUrl ? await openDatabase({ url: o.databaseUrl }) : await openDatabase({ dataDir: o.embeddedDir ?? path.join(o.dataDir, 'db') });
  await migrateToLatest(database.db);
  const config = loadConfig({ CHISO_LOG_LEVEL: 'silent', CHISO_DATA_DIR: o.dataDir, CHISO_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, DATABASE_URL: o.databaseUrl ?? '' });
  const ctx: AppContext = { db: database.db, database, config, filesDir: path.join(o.dataDir, 'files') };
  const userId = await createUser(ctx.db, null, { username: 'admin', displayName: 'Quản trị', password: BENCH_ADMIN_PASSWORD, grants: [{ role: 'system_admin', unitId: null }] });
  const app = await buildServer(ctx, { logger: false });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: BENCH_ADMIN_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`admin login: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const actor: Actor = { userId, username: 'admin', displayName: 'Quản trị', sessionId: 'bench', ip: '127.0.0.1', grants: [{ role: 'system_admin', unitIds: null }] };
  return {
    ctx,
    database,
    app,
    actor,
    async get(url) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      return { status: res.statusCode, body: res.body };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Median of `runs` timed calls after `warmup` untimed ones, with every sample. */
export async function medianOf(runs: number, warmup: number, fn: () => Promise<unknown>): Promise<{ median: number; samples: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, samples: samples.map((s) => Math.round(s * 10) / 10) };
}

/** Peak resident set of this process so far, in MB (getrusage ru_maxrss). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
