// Cold start (empty data folder / empty database) and warm start (existing data) to the first 200 of
// /api/health, spawning `npx tsx src/cli/main-entry.ts serve` as an operator would. Anchor: a bare Fastify
// started by the same launcher, i.e. what tsx + Node + Fastify cost before ChiSo does anything.
import path from 'node:path';
import { freePort } from '../test/helpers/postgres';
import type { BenchResult, Benchmark } from './harness';
import { repoRoot, spawnServer, waitForHealth } from './lib/server-process';
import { spawn } from 'node:child_process';

const ADMIN_PASSWORD = 'bench-admin-password-1';

async function timeStart(dataDir: string, databaseUrl?: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const s = spawnServer({ port, dataDir, databaseUrl, adminPassword: ADMIN_PASSWORD, launcher: 'npx' });
  try {
    return await waitForHealth(s, t0);
  } finally {
    await s.stop();
  }
}

let anchorCache: number | null = null;
/** Median of 3 starts of a bare Fastify through `npx tsx`, measured once per bench run. */
async function anchorStart(): Promise<number> {
  if (anchorCache !== null) return anchorCache;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const t0 = performance.now();
    const child = spawn('npx', ['tsx', 'bench/lib/bare-server.ts'], { cwd: repoRoot, env: { ...process.env, PORT: String(port) }, detached: true, stdio: 'ignore' });
    const exit = new Promise((r) => child.once('exit', r));
    try {
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          await res.arrayBuffer();
          if (res.status === 200) break;
        } catch {}
        if (performance.now() - t0 > 60_000) throw new Error('bare server did not start');
        await new Promise((r) => setTimeout(r, 15));
      }
      times.push(performance.now() - t0);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      await exit;
    }
  }
  anchorCache = times.sort((a, b) => a - b)[1];
  return anchorCache;
}

function result(ms: number, anchor: number, goalMs: number, extra: Record<string, unknown>): BenchResult {
  return { figure: ms, unit: 'ms', anchor, anchorLabel: 'bare Fastify via npx tsx', goal: `< ${goalMs} ms`, met: ms < goalMs, extra };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'cold start, embedded (empty data folder → first 200)',
    async run(env) {
      const cold = await timeStart(path.join(env.tmpDir, 'data'));
      return result(cold, await anchorStart(), 15_000, { includes: 'migrations, admin, demo province (397 units, 9 users)' });
    },
  },
  {
    name: 'warm start, embedded (existing folder → first 200)',
    async run(env) {
      const warm = await timeStart(path.join(env.tmpDir, 'data-embedded-warm'));
      const again = await timeStart(path.join(env.tmpDir, 'data-embedded-warm'));
      env.log(`first ${warm.toFixed(0)} ms (cold), then ${again.toFixed(0)} ms (warm)`);
      return result(again, await anchorStart(), 5_000, { coldOfThisFolder: Math.round(warm) });
    },
  },
  {
    name: 'cold start, PostgreSQL (empty database → first 200)',
    async run(env) {
      const cold = await timeStart(path.join(env.tmpDir, 'data'), env.pgUrl);
      return result(cold, await anchorStart(), 10_000, { includes: 'migrations, admin, demo province (397 units, 9 users)' });
    },
  },
  {
    name: 'warm start, PostgreSQL (existing database → first 200)',
    async run(env) {
      const dataDir = path.join(env.tmpDir, 'data-pg-warm');
      const first = await timeStart(dataDir, env.pgUrl);
      const again = await timeStart(dataDir, env.pgUrl);
      env.log(`first ${first.toFixed(0)} ms (cold), then ${again.toFixed(0)} ms (warm)`);
      return result(again, await anchorStart(), 5_000, { coldOfThisDatabase: Math.round(first) });
    },
  },
];
