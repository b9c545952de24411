// One-stop dossier import at scale (issue 5, "Performance"): N generated dossiers (default 1,000,000;
// CHISO_BENCH_DOSSIERS) for 150 units over 24 months, written to a temp CSV from the demo generator with a
// fixed seed, streamed through the real import service (importDossiers) and followed by the monthly
// indicators of every unit — in a child process, so the peak memory printed is the import's own.
// Anchor: PostgreSQL's own COPY of the same CSV into a plain table plus one GROUP BY computing the same
// counts per unit × month (after ANALYZE and ndistinct statistics on unit × month). Goal ≤ 1.5×. Both run
// in rounds (CHISO_BENCH_DOSSIER_ROUNDS, default 3), ours then the anchor on a fresh database each time; the
// figures are the medians, and each round's own ratio is printed.
// Also printed: node's own floor — the bulk load's reading loop over the same file with no database (the
// tuples thrown away), next to the anchor: what no tuning on the database side can take below.
// Also: the same import on the embedded database (PGlite; CHISO_BENCH_DOSSIERS_EMBEDDED, default N) must
// complete. The indicator dashboard (150 units × 24 months, ≤ 200 ms) is bench/onestop-dashboard.bench.ts.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DOSSIER_COLUMNS } from '../src/formats/dossiers.format';
import { type DemoProcedure, demoDossierRows, demoProceduresCsv } from '../src/modules/onestop/onestop.demo';
import type { BenchEnv, BenchResult, Benchmark } from './harness';
import type { ChildInput, ChildOutput, FloorOutput } from './lib/dossier-import-child';
import { medianOf } from './lib/in-process-app';
import { repoRoot } from './lib/server-process';

const GOAL_RATIO = 1.5;
const FROM_YM = 202412;
const TO_YM = 202611;
const TODAY = '2026-11-30';
const MONTHS = 24;

interface Setup {
  units: ChildInput['units'];
  proceduresCsvPath: string;
}

/** 31 departments (coprime with the generator's every-third commune procedure) + 119 communes = 150. */
function makeSetup(env: BenchEnv, unitsN: number): Setup & { perUnit: { code: string; procedures: DemoProcedure[] }[] } {
  let depN = Math.max(1, Math.round(unitsN * 0.207));
  if (depN % 3 === 0) depN++;
  const units: ChildInput['units'] = [];
  for (let i = 0; i < unitsN; i++) {
    const dep = i < depN;
    units.push({ code: dep ? `BS${String(i + 1).padStart(3, '0')}` : `BX${String(i + 1 - depN).padStart(3, '0')}`, name: dep ? `Sở đo hiệu năng ${i + 1}` : `Xã đo hiệu năng ${i + 1 - depN}`, group: dep ? 'department' : 'commune' });
  }
  const departments = units.filter((u) => u.group === 'department').map((u) => u.code);
  const { csv, procedures } = demoProceduresCsv(300, departments, env.seed);
  const proceduresCsvPath = path.join(env.tmpDir, 'procedures.csv');
  writeFileSync(proceduresCsvPath, csv);
  // demoProceduresCsv binds province procedure i to departments[i % n]; commune procedures are shared.
  const byDep = new Map<string, DemoProcedure[]>();
  const commune: DemoProcedure[] = [];
  procedures.forEach((p, i) => {
    if (p.code.startsWith('2.')) commune.push(p);
    else {
      const d = departments[i % departments.length];
      byDep.set(d, [...(byDep.get(d) ?? []), p]);
    }
  });
  const perUnit = units.map((u) => ({ code: u.code, procedures: u.group === 'commune' ? commune : (byDep.get(u.code) ?? []) }));
  const bare = perUnit.find((u) => u.procedures.length === 0);
  if (bare) throw new Error(`unit ${bare.code} has no procedure to generate dossiers for`);
  return { units, proceduresCsvPath, perUnit };
}

async function writeDossiersCsv(file: string, n: number, seed: number, perUnit: { code: string; procedures: DemoProcedure[] }[]) {
  const out = createWriteStream(file);
  const finished = once(out, 'finish');
  finished.catch(() => {});
  try {
    let buf = `${DOSSIER_COLUMNS.join(',')}\n`;
    for (const row of demoDossierRows({ n, seed, units: perUnit, fromYm: FROM_YM, toYm: TO_YM, today: TODAY })) {
      buf += `${row.join(',')}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await finished;
  } catch (err) {
    out.destroy();
    throw err;
  }
}

function runChild<T = ChildOutput>(input: ChildInput, log: (l: string) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    // CHISO_BENCH_CHILD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": to profile the import itself.
    const nodeArgs = (process.env.CHISO_BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/lib/dossier-import-child.ts'], {
      cwd: repoRoot,
      env: { ...process.env, CHISO_BENCH_CHILD: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`import child exited ${code}: ${err.slice(-1500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch {
        log(err.slice(-1500));
        reject(new Error(`import child printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

interface Anchor {
  copyMs: number;
  analyzeMs: number;
  groupByNoStatsMs: number;
  groupByMs: number;
  counts: Map<string, number[]>;
}

const ANCHOR_GROUP_BY = `
  select unit_code, to_char(received_at, 'YYYY-MM') as period,
    count(*)::int as received, count(resolved_at)::int as resolved,
    (count(*) filter (where channel = 'online'))::int as online,
    (count(*) filter (where digitized))::int as digitized,
    (count(*) filter (where paid_online))::int as paid_online,
    (count(*) filter (where rating = 1))::int as r1, (count(*) filter (where rating = 2))::int as r2,
    (count(*) filter (where rating = 3))::int as r3, (count(*) filter (where rating = 4))::int as r4,
    (count(*) filter (where rating = 5))::int as r5
  from anchor_dossiers
  where received_at is not null and coalesce(status, 0) not in (1, 3)
  group by unit_code, to_char(received_at, 'YYYY-MM')`;

/** COPY of the very same CSV into a plain table (wall-clock timestamps: no offset = Vietnam time), then one GROUP BY. */
async function anchor(pgUrl: string, csvPath: string): Promise<Anchor> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(`create table anchor_dossiers (
      dossier_code text, procedure_code text, unit_code text, channel text, received_at timestamp, due_at timestamp,
      resolved_at timestamp, returned_at timestamp, status smallint, paused_days int, apology_at timestamp, new_due_at timestamp,
      paid_online boolean, digitized boolean, e_result boolean, rating smallint)`);
    const t0 = performance.now();
    await pipeline(createReadStream(csvPath), c.query(copyFrom(`copy anchor_dossiers (${DOSSIER_COLUMNS.join(',')}) from stdin with (format csv, header true)`)));
    const copyMs = performance.now() - t0;
    let t = performance.now();
    await c.query('analyze anchor_dossiers');
    let analyzeMs = performance.now() - t;
    t = performance.now();
    await c.query(ANCHOR_GROUP_BY);
    const groupByNoStatsMs = performance.now() - t;
    t = performance.now();
    await c.query(`create statistics anchor_dossiers_unit_month (ndistinct) on unit_code, (to_char(received_at, 'YYYY-MM')) from anchor_dossiers`);
    await c.query('analyze anchor_dossiers');
    analyzeMs += performance.now() - t;
    const g = await medianOf(3, 0, () => c.query(ANCHOR_GROUP_BY));
    const rows = (await c.query<Record<string, string | number>>(ANCHOR_GROUP_BY)).rows;
    const counts = new Map(rows.map((r) => [`${r.unit_code}|${r.period}`, [r.received, r.resolved, r.online, r.digitized, r.paid_online].map(Number)]));
    return { copyMs, analyzeMs, groupByNoStatsMs, groupByMs: g.median, counts };
  } finally {
    await c.end();
  }
}

interface Measured {
  n: number;
  csvMb: number;
  /** The median round's import (by total time), and the median figures over the rounds. */
  ours: ChildOutput;
  oursMs: number;
  anchorMs: number;
  rounds: { oursMs: number; anchorMs: number }[];
  anchor: Anchor;
  mismatches: string[];
  floor: FloorOutput;
  embedded: ChildOutput | null;
  embeddedN: number;
  embeddedError: string | null;
}

let shared: Promise<Measured> | null = null;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A fresh database on the harness's cluster for one round (the first round uses the benchmark's own). */
async function roundDatabase(env: BenchEnv, round: number): Promise<{ url: string; drop(): Promise<void> }> {
  if (round === 0) return { url: env.pgUrl, drop: async () => {} };
  const name = `${new URL(env.pgUrl).pathname.slice(1)}_round${round}`;
  const admin = new pg.Client({ connectionString: env.pgAdminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(env.pgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: env.pgAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  };
}

async function measure(env: BenchEnv): Promise<Measured> {
  const n = Number(process.env.CHISO_BENCH_DOSSIERS ?? (env.quick ? 20_000 : 1_000_000));
  const embeddedN = Number(process.env.CHISO_BENCH_DOSSIERS_EMBEDDED ?? n);
  // Rounds of ours then the anchor, each on a fresh database: on a shared 2-core machine one run of either
  // varies by ±30 %, so the figures are the medians and each round's own ratio is printed.
  const roundsN = Number(process.env.CHISO_BENCH_DOSSIER_ROUNDS ?? (env.quick ? 1 : 3));
  const unitsN = env.quick ? 30 : 150;
  const setup = makeSetup(env, unitsN);
  const csvPath = path.join(env.tmpDir, 'dossiers.csv');
  let t = performance.now();
  await writeDossiersCsv(csvPath, n, env.seed, setup.perUnit);
  env.log(`${n.toLocaleString('en-US')} dossiers for ${unitsN} units × ${MONTHS} months written in ${Math.round(performance.now() - t)} ms`);

  const runs: { ours: ChildOutput; anchor: Anchor; oursMs: number; anchorMs: number }[] = [];
  for (let round = 0; round < roundsN; round++) {
    const db = await roundDatabase(env, round);
    try {
      const ours = await runChild(
        { databaseUrl: db.url, csvPath, proceduresCsvPath: setup.proceduresCsvPath, units: setup.units },
        env.log,
      );
      env.log(
        `round ${round + 1}/${roundsN} — PostgreSQL: import ${ours.importMs} ms (parse + classify + stage ${ours.parseStageMs ?? '?'} ms, merge ${ours.mergeMs ?? '?'} ms) + monthly indicators ${ours.indicatorsMs} ms (${ours.groups} unit × month rows); peak RSS ${ours.maxRssMb} MB (${ours.rssBeforeMb} MB before), CSV ${ours.csvMb} MB; import CPU (node) ${ours.importCpuMs} ms`,
      );
      const a = await anchor(db.url, csvPath);
      const oursMs = ours.importMs + ours.indicatorsMs;
      const anchorMs = a.copyMs + a.groupByMs;
      env.log(
        `round ${round + 1}/${roundsN} — anchor: COPY ${Math.round(a.copyMs)} ms, GROUP BY ${Math.round(a.groupByMs)} ms with ndistinct statistics (${Math.round(a.groupByNoStatsMs)} ms without), ANALYZE ${Math.round(a.analyzeMs)} ms — ratio ${(oursMs / anchorMs).toFixed(2)}×`,
      );
      runs.push({ ours, anchor: a, oursMs, anchorMs });
    } finally {
      await db.drop();
    }
  }
  const oursMs = median(runs.map((r) => r.oursMs));
  const anchorMs = median(runs.map((r) => r.anchorMs));
  const mid = [...runs].sort((x, y) => x.oursMs - y.oursMs)[(runs.length - 1) >> 1];
  const ours = mid.ours;
  const a = [...runs].sort((x, y) => x.anchorMs - y.anchorMs)[(runs.length - 1) >> 1].anchor;

  const mismatches: string[] = [];
  for (const run of runs) {
    for (const [k, v] of run.anchor.counts) {
      const o = run.ours.counts[k];
      if (!o || o.some((x, i) => x !== v[i])) mismatches.push(`${k}: ours ${o ? o.join('/') : '—'} vs SQL ${v.join('/')}`);
    }
    for (const k of Object.keys(run.ours.counts)) if (!run.anchor.counts.has(k)) mismatches.push(`${k}: only ours`);
  }
  if (mismatches.length)
    env.log(`! ${mismatches.length} unit × month counts differ from the anchor, e.g. ${mismatches.slice(0, 3).join('; ')}`);
  if (runs.length > 1)
    env.log(
      `median of ${runs.length} rounds: ours ${Math.round(oursMs)} ms, anchor ${Math.round(anchorMs)} ms; the rounds' ratios ${runs.map((r) => (r.oursMs / r.anchorMs).toFixed(2)).join(', ')}`,
    );
  const floor = await runChild<FloorOutput>(
    { csvPath, proceduresCsvPath: setup.proceduresCsvPath, units: setup.units, floor: true },
    env.log,
  );
  env.log(
    `node alone, no database (read, validate, classify, tally, check repeats, binary tuples): ${floor.floorMs} ms, CPU ${floor.floorCpuMs} ms — ${(floor.floorMs / anchorMs).toFixed(2)}× the anchor by itself`,
  );

  let embedded: ChildOutput | null = null;
  let embeddedError: string | null = null;
  if (embeddedN > 0) {
    let embeddedCsv = csvPath;
    if (embeddedN !== n) {
      embeddedCsv = path.join(env.tmpDir, 'dossiers-embedded.csv');
      t = performance.now();
      await writeDossiersCsv(embeddedCsv, embeddedN, env.seed, setup.perUnit);
    }
    try {
      const e = await runChild({ dataDir: path.join(env.tmpDir, 'pglite'), csvPath: embeddedCsv, proceduresCsvPath: setup.proceduresCsvPath, units: setup.units }, env.log);
      embedded = e;
      env.log(`embedded: ${embeddedN.toLocaleString('en-US')} dossiers, import ${e.importMs} ms + indicators ${e.indicatorsMs} ms; peak RSS ${e.maxRssMb} MB`);
    } catch (err) {
      embeddedError = (err as Error).message;
      env.log(`embedded import failed: ${embeddedError}`);
    }
  }
  return {
    n,
    csvMb: ours.csvMb,
    ours,
    oursMs,
    anchorMs,
    rounds: runs.map((r) => ({ oursMs: r.oursMs, anchorMs: Math.round(r.anchorMs) })),
    anchor: a,
    mismatches,
    floor,
    embedded,
    embeddedN,
    embeddedError,
  };
}

const label = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n.toLocaleString('en-US'));
const sizeOf = () => Number(process.env.CHISO_BENCH_DOSSIERS ?? (process.env.CHISO_BENCH_QUICK === '1' ? 20_000 : 1_000_000));
const embeddedSizeOf = () => Number(process.env.CHISO_BENCH_DOSSIERS_EMBEDDED ?? sizeOf());

export const benchmarks: Benchmark[] = [
  {
    name: `dossier import ${label(sizeOf())} + monthly indicators (PostgreSQL)`,
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      const figure = m.oursMs;
      const anchorMs = m.anchorMs;
      return {
        figure,
        unit: 'ms',
        anchor: anchorMs,
        anchorLabel: 'COPY + one GROUP BY',
        goal: `≤ ${GOAL_RATIO}× anchor, counts equal`,
        met: figure <= GOAL_RATIO * anchorMs && m.mismatches.length === 0,
        extra: {
          dossiers: m.n,
          rounds: m.rounds,
          csvMb: m.csvMb,
          importMs: m.ours.importMs,
          importParseAndStageMs: m.ours.parseStageMs,
          importMergeMs: m.ours.mergeMs,
          importCpuMsNode: m.ours.importCpuMs,
          indicatorsMs: m.ours.indicatorsMs,
          unitMonthRows: m.ours.groups,
          peakRssMb: m.ours.maxRssMb,
          rssBeforeImportMb: m.ours.rssBeforeMb,
          anchorCopyMs: Math.round(m.anchor.copyMs),
          anchorGroupByMs: Math.round(m.anchor.groupByMs),
          anchorGroupByWithoutNdistinctMs: Math.round(m.anchor.groupByNoStatsMs),
          anchorAnalyzeMs: Math.round(m.anchor.analyzeMs),
          nodeFloorMs: m.floor.floorMs,
          nodeFloorCpuMs: m.floor.floorCpuMs,
          nodeFloorToAnchor: Math.round((m.floor.floorMs / anchorMs) * 100) / 100,
          countMismatches: m.mismatches.length,
          mismatchExamples: m.mismatches.slice(0, 10),
        },
      };
    },
  },
  {
    name: `dossier import ${label(sizeOf())}, peak memory (PostgreSQL)`,
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      return {
        figure: m.ours.maxRssMb,
        unit: 'MB',
        anchor: m.csvMb,
        anchorLabel: 'size of the CSV',
        extra: { rssBeforeImportMb: m.ours.rssBeforeMb, note: 'maxRSS of a child process that does only the import and the indicators' },
      };
    },
  },
  {
    name: `dossier import ${label(embeddedSizeOf())} + monthly indicators (embedded PGlite)`,
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      if (m.embeddedN <= 0) throw new Error('skipped: CHISO_BENCH_DOSSIERS_EMBEDDED=0');
      if (!m.embedded) throw new Error(m.embeddedError ?? 'embedded import did not run');
      return {
        figure: m.embedded.importMs + m.embedded.indicatorsMs,
        unit: 'ms',
        goal: 'completes',
        met: m.embedded.rows === m.embeddedN,
        extra: { dossiers: m.embeddedN, importMs: m.embedded.importMs, indicatorsMs: m.embedded.indicatorsMs, peakRssMb: m.embedded.maxRssMb, unitMonthRows: m.embedded.groups },
      };
    },
  },
];
