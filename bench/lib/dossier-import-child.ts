// One dossier import in a process of its own, so its peak memory (getrusage maxRSS) is the import's alone:
// sets up units, calendar and procedures (not timed), streams dossiers.csv through the real import service
// (importDossiers: csv-stream → classify → COPY batches upserted inside one transaction while the next batch
// is parsed on PostgreSQL; INSERT staging then one merge on the embedded engine), then computes the
// monthly indicators of every unit (indicators by unit × month). Prints one JSON line on stdout.
// With `floor`, no database at all: the bulk load's reading loop (readRowsInto: parse, validate, classify,
// tally, check repeats, binary tuples) over the same file with the tuples thrown away — node's own cost of
// the import, the part no database can take over.
// Input: CHISO_BENCH_CHILD (JSON of ChildInput).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/database';
import { BinaryCopyWriter } from '../../src/db/pg-binary-copy';
import { migrateToLatest } from '../../src/db/migrator';
import { WorkingCalendar } from '../../src/domain/calendar/working-calendar';
import { MonthlyTally } from '../../src/domain/onestop/monthly-tally';
import { parseCalendarFile, shippedCalendarPaths } from '../../src/formats/calendar.format';
import { parseProceduresFile } from '../../src/formats/procedures.format';
import { readRowsInto } from '../../src/modules/onestop/onestop.bulk-load';
import { onestopSettings } from '../../src/modules/onestop/onestop.config';
import { recordsFromBytes } from '../../src/modules/onestop/onestop.import';
import { DossierRowReader } from '../../src/modules/onestop/onestop.row-reader';
import { SeenCodes } from '../../src/modules/onestop/onestop.seen-codes';
import { ensureCalendar, importDossiers, importProcedures, indicators } from '../../src/modules/onestop/onestop.service';

export interface ChildInput {
  databaseUrl?: string;
  /** embedded (PGlite) data folder when there is no databaseUrl */
  dataDir?: string;
  csvPath: string;
  proceduresCsvPath: string;
  units: { code: string; name: string; group: 'department' | 'commune' }[];
  /** Node's reading loop alone, without a database (prints a FloorOutput). */
  floor?: boolean;
}

export interface FloorOutput {
  kind: 'floor';
  rows: number;
  floorMs: number;
  floorCpuMs: number;
  tupleMb: number;
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
if (input.floor) {
  // the context the import builds from the database, built from the same files
  const rules = onestopSettings().rules;
  const procedures = await parseProceduresFile(readFileSync(input.proceduresCsvPath), { legacyOnlineLevels: rules.legacyOnlineLevels });
  const entries = [];
  for (const p of await shippedCalendarPaths()) entries.push(...(await parseCalendarFile(readFileSync(p))));
  const ctx = {
    units: new Map(input.units.map((u, i) => [u.code, i + 1])),
    procedures: new Map(procedures.map((p) => [p.code, p])),
    calendar: new WorkingCalendar(entries),
    rules,
    asOf: '2026-11-30',
  };
  let tupleBytes = 0;
  const discard = (chunk: Buffer) => {
    tupleBytes += chunk.length;
  };
  const reader = new DossierRowReader(ctx);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await readRowsInto({
    reader,
    records: recordsFromBytes(createReadStream(input.csvPath), () => {}),
    importId: 1,
    tally: new MonthlyTally(),
    seen: new SeenCodes(),
    copy: new BinaryCopyWriter(discard),
    hold: new BinaryCopyWriter(discard),
    drained: () => undefined,
    progress: () => {},
  });
  const cpu = process.cpuUsage(cpu0);
  const out: FloorOutput = {
    kind: 'floor',
    rows: reader.rows,
    floorMs: Math.round(performance.now() - t0),
    floorCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    tupleMb: Math.round(tupleBytes / 1024 / 1024),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}
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
