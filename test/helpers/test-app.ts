// Integration tests run against a fresh database per test file: embedded PGlite by default (a migrated
// template dumped once per process and loaded per file), or a new database on TEST_DATABASE_URL's server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { AppContext } from '../../src/app-context';
import { loadConfig } from '../../src/config';
import { type Database, openDatabase, openEmbeddedFromDump } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrator';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo';
import { buildServer } from '../../src/server';

let embeddedTemplate: Promise<Blob> | null = null;

export const testDatabaseKind = () => (process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded');

/** A fresh, migrated, empty database. */
export async function freshDatabase(): Promise<Database & { url?: string }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (admin) {
    const name = `chiso_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    const database = await openDatabase({ url });
    await migrateToLatest(database.db);
    const close = database.close;
    return {
      ...database,
      url,
      close: async () => {
        await close();
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  embeddedTemplate ??= (async () => {
    const d = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(d.db);
    const dump = await d.pglite!.dumpDataDir('none');
    await d.close();
    return dump;
  })();
  return openEmbeddedFromDump(await embeddedTemplate);
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Logs a user in and returns a client that sends its cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  request(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  upload(url: string, filename: string, content: Buffer | string, fields?: Record<string, string>): Promise<LightMyRequestResponse>;
  cookie: string;
  csrf: string;
}

export function multipartBody(filename: string, content: Buffer | string, fields: Record<string, string> = {}) {
  const boundary = `----chiso${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function makeClient(app: FastifyInstance, cookie: string, csrf: string): Client {
  const request = (opts: InjectOptions & { csrf?: boolean }) =>
    app.inject({
      ...opts,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && opts.csrf !== false ? { 'x-csrf-token': csrf } : {}),
        ...(opts.headers ?? {}),
      },
    });
  const withBody = (method: 'POST' | 'PUT' | 'PATCH') => (url: string, body?: unknown) =>
    request({ method, url, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  return {
    request,
    cookie,
    csrf,
    get: (url) => request({ method: 'GET', url }),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    delete: (url) => request({ method: 'DELETE', url }),
    upload: (url, filename, content, fields) => {
      const { payload, contentType } = multipartBody(filename, content, fields);
      return request({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
    },
  };
}

/**
 * Builds the real server on a fresh database; `demo: true` seeds the demo province with every feature's
 * demo data, `demo: 'units'` only its units and users (for figures computed by hand). `clock` is the time every
 * deadline is checked against (read on each call, so a test may move it); `t.ctx.clock` may also be replaced later.
 */
export async function createTestApp(opts: { demo?: boolean | 'units'; env?: Record<string, string>; clock?: () => Date } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'chiso-test-'));
  const config = loadConfig({ CHISO_LOG_LEVEL: 'silent', CHISO_DATA_DIR: dataDir, CHISO_ADMIN_PASSWORD: 'admin-password-123', ...opts.env });
  const ctx: AppContext = { db: database.db, database, config, filesDir: path.join(dataDir, 'files'), ...(opts.clock ? { clock: opts.clock } : {}) };
  const { createUser } = await import('../../src/modules/identity/identity.service');
  await createUser(ctx.db, null, { username: 'admin', displayName: 'Quản trị', password: 'admin-password-123', grants: [{ role: 'system_admin', unitId: null }] });
  if (opts.demo) await seedDemoIfEmpty(ctx, () => {}, { features: opts.demo !== 'units' });
  const app = await buildServer(ctx, { logger: false });
  await app.ready();
  return {
    app,
    ctx,
    anonymous: makeClient(app, '', ''),
    async login(username, password) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: password ?? (username === 'admin' ? 'admin-password-123' : DEMO_PASSWORD) },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return makeClient(app, cookie, res.json().csrfToken);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
