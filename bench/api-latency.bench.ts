// The main pages' API latency under 50 concurrent users on PostgreSQL: each virtual user has its own
// session (demo users of every role) and requests GET /api/units, /api/units/:id/history, /api/auth/me and
// every GET route of the table that needs no parameter (probed once per session: only pages that answer
// 200 for that user are in its mix). Anchor: the same load generator against a bare Fastify constant.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/demo/demo-users';
import { allRoutes } from '../src/modules/routes';
import { freePort } from '../test/helpers/postgres';
import type { BenchEnv, BenchResult, Benchmark } from './harness';
import { type LoadResult, runLoad } from './lib/load';
import { createRng } from './lib/rng';
import { type HttpSession, httpLogin, repoRoot, spawnServer, waitForHealth } from './lib/server-process';

const USERS = 50;
const ADMIN_PASSWORD = 'bench-admin-password-1';
const GOAL_P99_MS = 250;
const GOAL_P50_MS = 50;

interface Page {
  path: string;
  label: string;
}

async function status(url: string, s: HttpSession): Promise<number> {
  const res = await fetch(url, { headers: { cookie: s.cookie } });
  await res.arrayBuffer();
  return res.status;
}

async function pagesFor(base: string, s: HttpSession): Promise<Page[]> {
  const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie: s.cookie } })).json()) as { grants: { unitId: number | null }[] };
  const units = (await (await fetch(`${base}/api/units`, { headers: { cookie: s.cookie } })).json()) as { id: number }[];
  const own = me.grants.find((g) => g.unitId !== null)?.unitId ?? units[0]?.id;
  const candidates: Page[] = [
    { path: '/api/units', label: 'GET /api/units' },
    { path: '/api/auth/me', label: 'GET /api/auth/me' },
  ];
  if (own) candidates.push({ path: `/api/units/${own}/history`, label: 'GET /api/units/:id/history' });
  for (const r of allRoutes) {
    if (r.method !== 'GET' || r.url.includes(':') || r.produces) continue;
    if (candidates.some((c) => c.path === r.url)) continue;
    candidates.push({ path: r.url, label: `GET ${r.url}` });
  }
  const ok: Page[] = [];
  for (const c of candidates) if ((await status(`${base}${c.path}`, s)) === 200) ok.push(c);
  return ok;
}

let shared: Promise<{ ours: LoadResult; anchor: LoadResult; pages: string[] }> | null = null;

async function measure(env: BenchEnv) {
  const durationMs = env.quick ? 2_000 : 15_000;
  const warmupMs = env.quick ? 500 : 2_000;
  const port = await freePort();
  const server = spawnServer({ port, dataDir: path.join(env.tmpDir, 'data'), databaseUrl: env.pgUrl, adminPassword: ADMIN_PASSWORD, env: { CHISO_LOG_LEVEL: 'error' } });
  let ours: LoadResult;
  const labels = new Set<string>();
  try {
    await waitForHealth(server, performance.now());
    const base = server.baseUrl;
    const accounts = [...DEMO_USERS.map((u) => ({ username: u.username, password: DEMO_PASSWORD })), { username: 'admin', password: ADMIN_PASSWORD }];
    const sessions: { s: HttpSession; pages: Page[] }[] = [];
    const pageCache = new Map<string, Page[]>();
    for (let u = 0; u < USERS; u++) {
      const a = accounts[u % accounts.length];
      const s = await httpLogin(base, a.username, a.password);
      if (!pageCache.has(a.username)) pageCache.set(a.username, await pagesFor(base, s));
      const pages = pageCache.get(a.username)!;
      for (const p of pages) labels.add(p.label);
      sessions.push({ s, pages });
    }
    env.log(`${USERS} sessions over ${accounts.length} accounts; pages: ${[...labels].join(', ')}`);
    ours = await runLoad({
      port,
      users: USERS,
      durationMs,
      warmupMs,
      rng: createRng(env.seed),
      next: (u, rng) => {
        const { s, pages } = sessions[u];
        const p = rng.pick(pages);
        return { path: p.path, label: p.label, headers: { cookie: s.cookie } };
      },
    });
  } finally {
    await server.stop();
  }
  const aport = await freePort();
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/bare-server.ts'], { cwd: repoRoot, env: { ...process.env, PORT: String(aport) }, stdio: 'ignore' });
  const exited = new Promise((r) => bare.once('exit', r));
  let anchor: LoadResult;
  try {
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${aport}/api/health`);
        await r.arrayBuffer();
        if (r.ok) break;
      } catch {}
      if (i > 2000) throw new Error('bare Fastify did not start');
      await new Promise((r) => setTimeout(r, 15));
    }
    anchor = await runLoad({ port: aport, users: USERS, durationMs: Math.min(durationMs, 5_000), warmupMs, rng: createRng(env.seed), next: () => ({ path: '/api/const', label: 'const' }) });
  } finally {
    bare.kill('SIGKILL');
    await exited;
  }
  return { ours, anchor, pages: [...labels] };
}

function row(r: { ours: LoadResult; anchor: LoadResult; pages: string[] }, which: 'p50' | 'p99', goal: number): BenchResult {
  const figure = r.ours[which];
  return {
    figure,
    unit: 'ms',
    anchor: r.anchor[which],
    anchorLabel: 'bare Fastify constant',
    goal: `${which} < ${goal} ms, 0 errors`,
    met: figure < goal && r.ours.errors === 0,
    extra: {
      users: USERS,
      requests: r.ours.requests,
      errors: r.ours.errors,
      statuses: r.ours.statuses,
      throughputPerSec: Math.round(r.ours.throughput),
      anchorThroughputPerSec: Math.round(r.anchor.throughput),
      p90: r.ours.p90,
      max: r.ours.max,
      perPath: r.ours.perPath,
      pages: r.pages,
    },
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: `API latency p50, ${USERS} concurrent users (PostgreSQL)`,
    async run(env) {
      shared ??= measure(env);
      const r = await shared;
      env.log(`${r.ours.requests} requests, ${Math.round(r.ours.throughput)}/s, errors ${r.ours.errors}; anchor ${Math.round(r.anchor.throughput)}/s`);
      return row(r, 'p50', GOAL_P50_MS);
    },
  },
  {
    name: `API latency p99, ${USERS} concurrent users (PostgreSQL)`,
    async run(env) {
      shared ??= measure(env);
      return row(await shared, 'p99', GOAL_P99_MS);
    },
  },
];
