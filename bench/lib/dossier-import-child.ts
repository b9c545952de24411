// One dossier import in a process of its own, so its peak memory (getrusage maxRSS) is the import's alone:
// sets up units, calendar and procedures (not timed), streams dossiers.csv through the real import service
// (importDossiers: csv-stream → classify → COPY batches upserted inside one transaction while the next batch
// is parsed on PostgreSQL; INSERT staging then one merge on the embedded engine), then computes the
// monthly indicators of every unit (indicators by unit × month). Prints one JSON line on stdout.
// Input: CHISO_BENCH_CHILD (JSON of ChildInput).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrator';
import { ensureCalendar, importDossiers, importProcedures, indicators } from '../../src/modules/onestop/onestop.service';

export interface ChildInput {
  databaseUrl?: string;
  /** embedded (PGlite) data folder when there is no databaseUrl */
  dataDir?: string;
  csvPath: string;
  proceduresCsvPath: string;
  units: { code: string; name: string; group: 'department' | 'commune' }[];
}

export interface ChildOutput {
  kind: 'postgres' | 'embedded';
  rows: number;
  inserted: number;
  importMs: number;
  /** PostgreSQL only: from the start to the job's "merging" phase (±0.1 s), and from there to the end. The
   *  batches are merged during parsing, so "merge" is only the last batch and the monthly summary. */
  parseStageMs: number | null;
  mergeMs: number | null;
  indicatorsMs: number;
  groups: number;
  /** unit code|YYYY-MM → received, resolved, online, digitized, paid_online, rating1..5 */
  counts: Record<string, number[]>;
  rssBeforeMb: number;
  maxRssMb: number;
  csvMb: number;
  /** CPU time of this process during the import (user + system): the JS side's own cost, whatever the machine's load. */
  importCpuMs: number;
}

const input = JSON.parse(process.env.CHISO_BENCH_CHILD ?? '{}') as ChildInput;
const database = input.databaseUrl ? await openDatabase({ url: input.databaseUrl }) : await openDatabase({ dataDir: input.dataDir });
try {
  await migrateToLatest(database.db);
  await database.db
    .insertInto('units')
    .values(input.units.map((u) => ({ code: u.code, name: u.name, group_code: u.group })))
    .execute();
  await ensureCalendar(database.db);
  const ctx = { db: database.db, database };
  await importProcedures(ctx, null, readFileSync(input.proceduresCsvPath), 'bench-procedures.csv');
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const bytes = statSync(input.csvPath).size;

  // PostgreSQL only: watch the job row from a second connection to split parse+stage from the merge.
  let mergeStartedMs: number | null = null;
  let watching = input.databaseUrl !== undefined;
  const watcher = (async () => {
    if (!input.databaseUrl) return;
    const c = new pg.Client({ connectionString: input.databaseUrl });
    await c.connect();
    try {
      while (watching && mergeStartedMs === null) {
        const r = await c.query<{ phase: string }>(`select phase from onestop_import_jobs where kind = 'dossiers' order by id desc limit 1`);
        if (r.rows[0]?.phase === 'merging' || r.rows[0]?.phase === 'done') mergeStartedMs = performance.now();
        else await new Promise((res) => setTimeout(res, 100));
      }
    } finally {
      await c.end();
    }
  })();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await importDossiers(ctx, null, { filename: 'bench-dossiers.csv', bytesTotal: bytes, stream: createReadStream(input.csvPath) });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  watching = false;
  await watcher;
  const monthly = await indicators(database.db, null, { by: ['unit', 'period'], granularity: 'month' });
  const t2 = performance.now();

  const counts: Record<string, number[]> = {};
  for (const r of monthly) {
    const c = r.counts as unknown as Record<string, number>;
    counts[`${r.unitCode}|${r.period}`] = [c.received, c.resolved, c.online, c.digitized, c.paid_online];
  }
  const out: ChildOutput = {
    kind: database.kind,
    rows: outcome.rows,
    inserted: outcome.inserted,
    importMs: Math.round(t1 - t0),
    parseStageMs: mergeStartedMs === null ? null : Math.round(mergeStartedMs - t0),
    mergeMs: mergeStartedMs === null ? null : Math.round(t1 - mergeStartedMs),
    indicatorsMs: Math.round(t2 - t1),
    groups: monthly.length,
    counts,
    rssBeforeMb,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    csvMb: Math.round((bytes / 1024 / 1024) * 10) / 10,
    importCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
  await database.close();
}
