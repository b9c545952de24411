// The contract every bench/*.bench.ts file follows: `export const benchmarks: Benchmark[]`.
// `npm run bench` (bench/run.ts) starts a throwaway PostgreSQL on loopback, gives each benchmark a fresh
// database, a temp folder and a seed, and prints one table: workload · ours · anchor · ratio · goal · met.

export interface BenchEnv {
  /** A fresh, empty database on the harness's PostgreSQL (not migrated: run migrateToLatest or start the server). */
  pgUrl: string;
  /** The cluster's admin URL (…/postgres), for benchmarks that need more than one database. */
  pgAdminUrl: string;
  /** A fresh temp folder for this benchmark, deleted afterwards. */
  tmpDir: string;
  /** Seed for bench/lib/rng.ts: the same data every run. */
  seed: number;
  /** CHISO_BENCH_QUICK=1: tiny sizes (a CI smoke run); figures are then not comparable. */
  quick: boolean;
  /** Progress lines (stderr), not part of the table. */
  log(line: string): void;
}

export interface BenchResult {
  /** Our figure, in `unit`. */
  figure: number;
  unit: string;
  /** The same workload done by a reference (a bare endpoint, a raw COPY, a published figure), same unit. */
  anchor?: number;
  anchorLabel?: string;
  /** The target in words, e.g. "< 3000 ms" or "p99 < 200 ms". */
  goal?: string;
  /** Whether the goal is met (omit when there is no goal). */
  met?: boolean;
  /** Anything else worth keeping in latest.json (sizes, percentiles, counts). */
  extra?: Record<string, unknown>;
}

export interface Benchmark {
  /** Workload name as printed in the table; unique across files. */
  name: string;
  run(env: BenchEnv): Promise<BenchResult>;
}

/** One row of bench/results/latest.json. */
export interface BenchRecord extends BenchResult {
  name: string;
  file: string;
  /** figure / anchor when both exist. */
  ratio?: number;
  error?: string;
  durationMs: number;
}

export interface BenchReport {
  startedAt: string;
  quick: boolean;
  seed: number;
  node: string;
  cpus: number;
  postgres: string;
  results: BenchRecord[];
}

/** Helper for latency figures: percentiles of a sample (nearest-rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
