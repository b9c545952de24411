// npm run bench [-- <name filter>]: every bench/*.bench.ts against a throwaway PostgreSQL 15 on loopback.
// Prints one table and writes bench/results/latest.json (the previous one is compared, then replaced).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { type PgCluster, startPostgres } from '../test/helpers/postgres';
import type { BenchRecord, BenchReport, Benchmark } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');
const latestPath = path.join(resultsDir, 'latest.json');
const quick = process.env.CHISO_BENCH_QUICK === '1';
const seed = Number(process.env.CHISO_BENCH_SEED ?? 20260101);
const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));

const log = (line: string) => process.stderr.write(`${line}\n`);

async function discover(): Promise<{ file: string; bench: Benchmark }[]> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const out: { file: string; bench: Benchmark }[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { benchmarks?: Benchmark[] };
    if (!Array.isArray(mod.benchmarks)) {
      log(`! ${file}: no \`export const benchmarks: Benchmark[]\`, skipped`);
      continue;
    }
    for (const bench of mod.benchmarks) {
      if (filter.length && !filter.some((f) => bench.name.toLowerCase().includes(f.toLowerCase()) || file.includes(f))) continue;
      out.push({ file, bench });
    }
  }
  return out;
}

export function fmt(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length)).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function render(results: BenchRecord[]): string {
  const rows = [['workload', 'ours', 'anchor', 'ratio', 'goal', 'met']];
  for (const r of results) {
    if (r.error) {
      rows.push([r.name, 'ERROR', '—', '—', r.goal ?? '—', `error: ${r.error.slice(0, 60)}`]);
      continue;
    }
    rows.push([
      r.name,
      `${fmt(r.figure)} ${r.unit}`,
      r.anchor === undefined ? '—' : `${fmt(r.anchor)} ${r.unit}${r.anchorLabel ? ` (${r.anchorLabel})` : ''}`,
      r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
      r.goal ?? '—',
      r.met === undefined ? '—' : r.met ? 'met' : 'SHORT',
    ]);
  }
  return table(rows);
}

function compare(prev: BenchReport, now: BenchRecord[]): string {
  const byName = new Map(prev.results.map((r) => [r.name, r]));
  const rows = [['workload', 'previous', 'now', 'change']];
  for (const r of now) {
    const p = byName.get(r.name);
    if (!p || p.error || r.error || p.unit !== r.unit) {
      rows.push([r.name, p && !p.error ? `${fmt(p.figure)} ${p.unit}` : '—', r.error ? 'ERROR' : `${fmt(r.figure)} ${r.unit}`, '—']);
      continue;
    }
    const change = p.figure === 0 ? '—' : `${(((r.figure - p.figure) / p.figure) * 100).toFixed(1)}%`;
    rows.push([r.name, `${fmt(p.figure)} ${p.unit}`, `${fmt(r.figure)} ${r.unit}`, change]);
  }
  const note = prev.quick !== quick ? ' (note: one of the two runs was CHISO_BENCH_QUICK=1, not comparable)' : '';
  return `Compared with the previous run of ${prev.startedAt}${note}:\n${table(rows)}`;
}

async function main() {
  const benches = await discover();
  if (benches.length === 0) {
    log('no benchmarks found');
    return 1;
  }
  log(`== ${benches.length} benchmark(s)${quick ? ' (CHISO_BENCH_QUICK=1: tiny sizes)' : ''}; starting PostgreSQL 15 on loopback`);
  let cluster: PgCluster | null = null;
  const cleanup = () => {
    try {
      cluster?.destroy();
    } catch {}
    cluster = null;
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  cluster = await startPostgres();
  const c = new pg.Client({ connectionString: cluster.url });
  await c.connect();
  const version = (await c.query<{ server_version: string }>('show server_version')).rows[0].server_version;
  await c.end();
  const startedAt = new Date().toISOString();
  const results: BenchRecord[] = [];
  try {
    let i = 0;
    for (const { file, bench } of benches) {
      i++;
      const dbName = `bench_${i}_${bench.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 40)}`;
      const pgUrl = await cluster.createDatabase(dbName);
      const tmpDir = mkdtempSync(path.join(tmpdir(), 'chiso-bench-'));
      log(`-- [${i}/${benches.length}] ${bench.name} (${file})`);
      const t0 = performance.now();
      try {
        const r = await bench.run({ pgUrl, pgAdminUrl: cluster.url, tmpDir, seed, quick, log: (l) => log(`   ${l}`) });
        const ratio = r.anchor !== undefined && r.anchor !== 0 ? r.figure / r.anchor : undefined;
        results.push({ ...r, name: bench.name, file, ratio, durationMs: Math.round(performance.now() - t0) });
        log(`   ${fmt(r.figure)} ${r.unit}${r.anchor !== undefined ? ` (anchor ${fmt(r.anchor)})` : ''}`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`   failed: ${message}`);
        results.push({ name: bench.name, file, figure: Number.NaN, unit: '', error: message, durationMs: Math.round(performance.now() - t0) });
      } finally {
        rmSync(tmpDir, { recursive: true, force: true });
      }
    }
  } finally {
    cleanup();
  }
  const report: BenchReport = { startedAt, quick, seed, node: process.version, cpus: cpus().length, postgres: version, results };
  const previous = existsSync(latestPath) ? (JSON.parse(readFileSync(latestPath, 'utf8')) as BenchReport) : null;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(latestPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nChiSo benchmarks — ${startedAt} — node ${process.version}, ${cpus().length} CPU, PostgreSQL ${version}${quick ? ', QUICK' : ''}, seed ${seed}\n\n`);
  process.stdout.write(`${render(results)}\n\n`);
  if (previous) process.stdout.write(`${compare(previous, results)}\n\n`);
  process.stdout.write(`written: ${path.relative(process.cwd(), latestPath)}\n`);
  return results.some((r) => r.error) ? 1 : 0;
}

process.exitCode = await main();
