// One SQL dialect, two engines: a PostgreSQL server through `pg` when DATABASE_URL is set,
// otherwise the embedded PGlite in CHISO_DATA_DIR. Both see the same migrations and queries.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { PGliteDialect } from './pglite-dialect';
import type { DB } from './schema';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'embedded';
  /** The raw pg pool (PostgreSQL only): COPY streams and LISTEN need it. */
  pool?: pg.Pool;
  /** The raw PGlite instance (embedded only): dumps for backup. */
  pglite?: import('@electric-sql/pglite').PGlite;
  close(): Promise<void>;
}

// Same JS types from both engines: bigint ids and counts as numbers, numeric as numbers, dates as ISO strings.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

export async function openDatabase(opts: { url?: string; dataDir?: string; poolSize?: number }): Promise<Database> {
  if (opts.url) {
    // A database that does not answer at all (a network partition) must end in a 503, not a request that hangs.
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 });
    // A dropped server connection must not crash the process; the request in flight gets a 503. The pool only
    // listens to idle clients: a checked-out client between two queries of a transaction needs its own listener
    // (its next query then fails and the pool discards it).
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pool, close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = opts.dataDir ?? './data';
  // A real folder is taken for this process before PGlite touches it (data-dir-lock.ts: why and how); a second
  // open while it is held — by another process or this one — fails with DataDirLockedError naming the holder.
  let lock: DataDirLock | null = null;
  if (dir !== 'memory://') {
    mkdirSync(dir, { recursive: true });
    lock = acquireDataDirLock(dir);
  }
  try {
    const pglite = new PGlite(dir === 'memory://' ? undefined : dir, {
      parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v), [DATE]: (v: string) => v },
    });
    await pglite.waitReady;
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    const close = async () => {
      try {
        await db.destroy();
        // Kysely closes the driver only if a query ran; the folder must be released by PGlite before the lock is.
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    };
    return { db, kind: 'embedded', pglite, close };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * Kysely over one connection checked out of the pool, for work that needs the raw client in between (a
 * COPY inside a transaction): the caller issues BEGIN and COMMIT on `client` and releases it.
 */
export function dbOnClient(client: pg.PoolClient): Db {
  const one = { query: client.query.bind(client), release: () => {} };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => one as never, end: async () => {} } }) });
}

/** Opens an embedded database from a dump made by `pglite.dumpDataDir()` (tests clone a migrated template). */
export async function openEmbeddedFromDump(dump: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite({
    loadDataDir: dump,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'embedded', pglite, close: () => db.destroy() };
}
