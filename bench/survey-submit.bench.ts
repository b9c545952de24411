// Public survey submission (issue 6, "Performance"): the real server (`chiso serve` on PostgreSQL, limits
// raised by bench/lib/survey-server.ts) takes SIPAS responses from 50 closed-loop users for 60 s
// (CHISO_BENCH_SURVEY_SECONDS), every one a new anonymous web response with a fresh device-made id.
// Anchor: a bare Fastify endpoint validating with the same zod schema and inserting the same row with pg
// (bench/lib/bare-survey-server.ts), on a database of its own set up the same way. Goal ≥ 0.6× the anchor's
// throughput, p99 < 100 ms, and every acknowledged response stored.
// Then: SIPAS indices of a campaign of 1,000,000 responses (CHISO_BENCH_SURVEY_RESPONSES) COPYed straight
// into survey_responses, through GET /api/surveys/campaigns/:id/results — within 2 s.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrator';
import { freePort } from '../test/helpers/postgres';
import type { BenchEnv, BenchResult, Benchmark } from './harness';
import { type PostLoadResult, runPostLoad } from './lib/post-load';
import { type Rng, createRng } from './lib/rng';
import { type HttpSession, httpLogin, repoRoot } from './lib/server-process';

const ADMIN_PASSWORD = 'bench-admin-password-1';
const GOAL_RATIO = 0.6;
const GOAL_P99_MS = 100;
const GOAL_INDICES_MS = 2000;
const UNITS = 150;
const SUBMIT_PATH = '/api/public/surveys/responses';

interface FormQuestion {
  code: string;
  type: string;
  element?: number;
  required?: boolean;
  options?: { value: string }[];
  rows?: { code: string; element?: number }[];
}
const form = JSON.parse(readFileSync(path.join(repoRoot, 'methodology/forms/sipas-2025.json'), 'utf8')) as { code: string; questions: FormQuestion[] };
/** likert codes (matrix rows included) with their SIPAS element */
const likert: { code: string; element: number }[] = form.questions.flatMap((q) =>
  q.type === 'likert5' && q.element && !('showIf' in q) ? [{ code: q.code, element: q.element }] : q.type === 'matrix' ? (q.rows ?? []).map((r) => ({ code: r.code, element: r.element ?? q.element ?? 0 })) : [],
);

/** Mostly satisfied answers with some spread, so no response is straight-lined by construction. */
function answers(rng: Rng): Record<string, number | string> {
  const a: Record<string, number | string> = {};
  for (const q of likert) a[q.code] = rng.pick([5, 5, 4, 4, 4, 3, 2, 1]);
  a.GY0 = 'khong';
  a.DT_GIOI = rng.pick(['nam', 'nu']);
  return a;
}

const unitCodes = (n: number) => Array.from({ length: n }, (_, i) => `BX${String(i + 1).padStart(3, '0')}`);

async function prepareDatabase(url: string, units: number) {
  const d = await openDatabase({ url });
  try {
    await migrateToLatest(d.db);
    await d.db
      .insertInto('units')
      .values(unitCodes(units).map((code, i) => ({ code, name: `Xã đo hiệu năng ${i + 1}`, group_code: 'commune' })))
      .execute();
  } finally {
    await d.close();
  }
}

/** CPU time (user + system, ms) of the given processes from /proc (Linux); a process gone since counts 0. */
function cpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out.set(pid, ((Number(rest[11]) + Number(rest[12])) * 1000) / 100);
    } catch {}
  }
  return out;
}

async function backendPids(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

/**
 * CPU per request of the server process and of its database backends over a load run: a figure that the
 * other tenants of a shared machine disturb far less than throughput does.
 */
async function withCpu<T extends PostLoadResult>(serverPid: number, url: string, run: () => Promise<T>): Promise<T & { cpu: { serverMsPerReq: number; dbMsPerReq: number } }> {
  const s0 = cpuMs([serverPid]).get(serverPid) ?? 0;
  const b0 = cpuMs(await backendPids(url));
  const r = await run();
  const s1 = cpuMs([serverPid]).get(serverPid) ?? 0;
  const b1 = cpuMs(await backendPids(url));
  let db = 0;
  for (const [pid, ms] of b1) db += ms - (b0.get(pid) ?? 0);
  // every answered request, the warm-up's included (the CPU snapshots bracket the whole run)
  const n = Math.max(1, r.acknowledged + r.errors);
  return { ...r, cpu: { serverMsPerReq: Math.round(((s1 - s0) / n) * 1000) / 1000, dbMsPerReq: Math.round((db / n) * 1000) / 1000 } };
}

interface Proc {
  child: ChildProcess;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

async function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });
  const proc: Proc = {
    child,
    port,
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(t);
    },
  };
  const until = performance.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`${script} exited before answering:\n${out.slice(-2000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      await r.arrayBuffer();
      if (r.ok) return proc;
    } catch {}
    if (performance.now() > until) {
      await proc.stop();
      throw new Error(`${script} did not answer /api/health:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function api(base: string, s: HttpSession, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function countResponses(url: string, campaignCode: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(`select count(*)::int as n from survey_responses r join survey_campaigns c on c.id = r.campaign_id where c.code = $1`, [campaignCode]);
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

/** `n` responses COPYed straight into the table, with answers and histograms that agree. */
async function copyResponses(url: string, campaignId: number, unitIds: number[], n: number, rng: Rng, year: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const channels = ['qr', 'kiosk', 'web', 'interviewer', 'paper'];
    const yearStart = Date.UTC(year, 0, 1);
    const spanMs = Math.max(1, Date.now() - 86_400_000 - yearStart);
    const lines = function* () {
      let buf = '';
      for (let i = 0; i < n; i++) {
        const a = answers(rng);
        const hist = new Array<number>(25).fill(0);
        for (const q of likert) hist[(q.element - 1) * 5 + ((a[q.code] as number) - 1)]++;
        const at = new Date(yearStart + Math.floor(rng.next() * spanMs)).toISOString();
        const json = JSON.stringify(a).replace(/\\/g, '\\\\');
        buf += `bench-1m-${i}\t${campaignId}\t${rng.pick(unitIds)}\t${rng.pick(channels)}\t${at}\t${json}\t{${hist.join(',')}}\t{}\tok\n`;
        if (buf.length > 1 << 18) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    };
    await pipeline(
      Readable.from(lines()),
      c.query(copyFrom('copy survey_responses (client_id, campaign_id, unit_id, channel, submitted_at, answers, hist, flags, review) from stdin')),
    );
    await c.query('analyze survey_responses');
  } finally {
    await c.end();
  }
}

/** The anchor: its own database with the same units, form and campaign, and the bare endpoint on it. */
async function runAnchor(env: BenchEnv, o: { year: number; users: number; seconds: number; warmupMs: number; body: (u: number, rng: Rng) => unknown }) {
  const { year, users, seconds, warmupMs, body } = o;
  const anchorDb = `${new URL(env.pgUrl).pathname.slice(1)}_anchor`;
  const admin = new pg.Client({ connectionString: env.pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${anchorDb}`);
  await admin.end();
  const anchorUrl = env.pgUrl.replace(/\/[^/?]*(\?|$)/, `/${anchorDb}$1`);
  await prepareDatabase(anchorUrl, UNITS);
  {
    const src = new pg.Client({ connectionString: env.pgUrl });
    const dst = new pg.Client({ connectionString: anchorUrl });
    await src.connect();
    await dst.connect();
    const f = (await src.query(`select f.code, f.version, f.title, f.unit_group, f.definition from survey_forms f join survey_campaigns c on c.form_id = f.id where c.code = 'BENCH'`)).rows[0];
    const fid = (await dst.query(`insert into survey_forms (code, version, title, unit_group, definition) values ($1, $2, $3, $4, $5) returning id`, [f.code, f.version, f.title, f.unit_group, JSON.stringify(f.definition)])).rows[0].id;
    const cid = (
      await dst.query(`insert into survey_campaigns (code, name, form_id, period_start, period_end, channels) values ('BENCH', 'Đợt đo hiệu năng', $1, $2, $3, '{qr,kiosk,web,interviewer,paper}') returning id`, [fid, `${year}-01-01`, `${year}-12-31`])
    ).rows[0].id;
    await dst.query(`insert into survey_campaign_units (campaign_id, unit_id) select $1, id from units`, [cid]);
    // the anchor only inserts the row: the summary cells the product keeps by trigger are our cost, not its
    await dst.query('alter table survey_responses disable trigger survey_cells_insert');
    await src.end();
    await dst.end();
  }
  const bare = await start('bench/lib/bare-survey-server.ts', { DATABASE_URL: anchorUrl, CAMPAIGN: 'BENCH' });
  let anchor: Loaded;
  try {
    anchor = await withCpu(bare.child.pid!, anchorUrl, () => runPostLoad({ port: bare.port, path: SUBMIT_PATH, users, durationMs: seconds * 1000, warmupMs, rng: createRng(env.seed).fork('anchor'), body }));
    env.log(`anchor: ${anchor.requests} = ${Math.round(anchor.throughput)}/s, p50 ${anchor.p50.toFixed(1)} ms, p99 ${anchor.p99.toFixed(1)} ms, errors ${anchor.errors} ${anchor.errorSamples.join(' | ')}; CPU/request: server ${anchor.cpu.serverMsPerReq} ms, database ${anchor.cpu.dbMsPerReq} ms`);
  } finally {
    await bare.stop();
  }
  const anchorStored = await countResponses(anchorUrl, 'BENCH');
  return { anchor, anchorStored };
}

type Loaded = PostLoadResult & { cpu: { serverMsPerReq: number; dbMsPerReq: number } };

interface Measured {
  ours: Loaded;
  oursStored: number;
  anchor: Loaded;
  anchorStored: number;
  users: number;
  seconds: number;
  indices: { n: number; median: number; samples: number[]; responsesInResult: number } | null;
}

let shared: Promise<Measured> | null = null;

/** CHISO_BENCH_SURVEY_NODE_ARGS: extra node flags for our server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const serverNodeArgs = () => (process.env.CHISO_BENCH_SURVEY_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function measure(env: BenchEnv): Promise<Measured> {
  const seconds = Number(process.env.CHISO_BENCH_SURVEY_SECONDS ?? (env.quick ? 3 : 60));
  const users = Number(process.env.CHISO_BENCH_SURVEY_USERS ?? 50);
  const nIndices = Number(process.env.CHISO_BENCH_SURVEY_RESPONSES ?? (env.quick ? 20_000 : 1_000_000));
  const warmupMs = env.quick ? 1_000 : 3_000;
  const year = new Date().getUTCFullYear();
  const codes = unitCodes(UNITS);
  const body = (u: number, rng: Rng) => ({
    campaign: 'BENCH',
    unit: rng.pick(codes),
    channel: 'web',
    clientId: `bench-${u}-${Math.floor(rng.next() * 2 ** 52).toString(36)}-${Math.floor(rng.next() * 2 ** 52).toString(36)}`,
    startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    answers: answers(rng),
  });

  // ---- ours
  await prepareDatabase(env.pgUrl, UNITS);
  const server = await start('bench/lib/survey-server.ts', {
    DATABASE_URL: env.pgUrl,
    CHISO_DATA_DIR: path.join(env.tmpDir, 'data'),
    CHISO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CHISO_DEMO: '0',
    CHISO_LOG_LEVEL: 'error',
  }, serverNodeArgs());
  let ours: Loaded;
  let oursStored = 0;
  let anchor: Loaded;
  let anchorStored = 0;
  let indices: Measured['indices'] = null;
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const s = await httpLogin(base, 'admin', ADMIN_PASSWORD);
    const f = await api(base, s, 'POST', '/api/surveys/forms', form);
    const campaign = (code: string, name: string) =>
      api(base, s, 'POST', '/api/surveys/campaigns', {
        code,
        name,
        formId: f.id,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        channels: ['qr', 'kiosk', 'web', 'interviewer', 'paper'],
        units: codes.map((unitCode) => ({ unitCode })),
      });
    await campaign('BENCH', 'Đợt đo hiệu năng gửi phiếu');
    ours = await withCpu(server.child.pid!, env.pgUrl, () => runPostLoad({ port: server.port, path: SUBMIT_PATH, users, durationMs: seconds * 1000, warmupMs, rng: createRng(env.seed).fork('ours'), body }));
    env.log(`ours: ${ours.requests} in ${seconds} s = ${Math.round(ours.throughput)}/s, p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms, errors ${ours.errors} ${ours.errorSamples.join(' | ')}; CPU/request: server ${ours.cpu.serverMsPerReq} ms, database ${ours.cpu.dbMsPerReq} ms`);
    oursStored = await countResponses(env.pgUrl, 'BENCH');
    // The anchor right after, before the million-row COPY below loads the cluster (our server idles meanwhile).
    ({ anchor, anchorStored } = await runAnchor(env, { year, users, seconds, warmupMs, body }));

    if (nIndices > 0) {
      const big = await campaign('BENCH-1M', 'Đợt đo hiệu năng chỉ số');
      const unitIds = (await api(base, s, 'GET', `/api/surveys/campaigns/${big.id}`)).unitList.map((u: { unitId: number }) => u.unitId) as number[];
      const t = performance.now();
      await copyResponses(env.pgUrl, big.id, unitIds, nIndices, createRng(env.seed).fork('indices'), year);
      env.log(`${nIndices.toLocaleString('en-US')} responses COPYed in ${Math.round(performance.now() - t)} ms`);
      const url = `/api/surveys/campaigns/${big.id}/results`;
      const first = await api(base, s, 'GET', url);
      const samples: number[] = [];
      for (let i = 0; i < (env.quick ? 3 : 5); i++) {
        const t0 = performance.now();
        await api(base, s, 'GET', url);
        samples.push(Math.round((performance.now() - t0) * 10) / 10);
      }
      const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
      indices = { n: nIndices, median, samples, responsesInResult: first.province?.responses ?? -1 };
      env.log(`indices over ${nIndices.toLocaleString('en-US')}: median ${median} ms [${samples.join(', ')}]; province responses ${indices.responsesInResult}`);
    }
  } finally {
    await server.stop();
  }

  return { ours, oursStored, anchor, anchorStored, users, seconds, indices };
}

function extra(m: Measured) {
  return {
    users: m.users,
    seconds: m.seconds,
    requests: m.ours.requests,
    errors: m.ours.errors,
    statuses: m.ours.statuses,
    acknowledgedIncludingWarmup: m.ours.acknowledged,
    stored: m.oursStored,
    throughputPerSec: Math.round(m.ours.throughput),
    p50: m.ours.p50,
    p90: m.ours.p90,
    p99: m.ours.p99,
    max: m.ours.max,
    cpuMsPerRequest: m.ours.cpu,
    anchor: { throughputPerSec: Math.round(m.anchor.throughput), p50: m.anchor.p50, p99: m.anchor.p99, errors: m.anchor.errors, acknowledged: m.anchor.acknowledged, stored: m.anchorStored, cpuMsPerRequest: m.anchor.cpu },
    errorSamples: m.ours.errorSamples,
  };
}

const seconds = () => Number(process.env.CHISO_BENCH_SURVEY_SECONDS ?? (process.env.CHISO_BENCH_QUICK === '1' ? 3 : 60));
const sizeLabel = () => {
  const n = Number(process.env.CHISO_BENCH_SURVEY_RESPONSES ?? (process.env.CHISO_BENCH_QUICK === '1' ? 20_000 : 1_000_000));
  return n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n.toLocaleString('en-US');
};

export const benchmarks: Benchmark[] = [
  {
    name: `survey submission throughput, ${seconds()} s (PostgreSQL)`,
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      const allStored = m.oursStored === m.ours.acknowledged;
      return {
        figure: m.ours.throughput,
        unit: 'req/s',
        anchor: m.anchor.throughput,
        anchorLabel: 'bare Fastify + zod + pg insert',
        goal: `≥ ${GOAL_RATIO}× anchor, 0 errors, every ack stored`,
        met: m.ours.throughput >= GOAL_RATIO * m.anchor.throughput && m.ours.errors === 0 && allStored,
        extra: extra(m),
      };
    },
  },
  {
    name: 'survey submission p50 (PostgreSQL)',
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      return { figure: m.ours.p50, unit: 'ms', anchor: m.anchor.p50, anchorLabel: 'bare Fastify + zod + pg insert' };
    },
  },
  {
    name: 'survey submission p99 (PostgreSQL)',
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      return { figure: m.ours.p99, unit: 'ms', anchor: m.anchor.p99, anchorLabel: 'bare Fastify + zod + pg insert', goal: `< ${GOAL_P99_MS} ms`, met: m.ours.p99 < GOAL_P99_MS };
    },
  },
  {
    name: `SIPAS indices over ${sizeLabel()} responses (PostgreSQL)`,
    async run(env): Promise<BenchResult> {
      shared ??= measure(env);
      const m = await shared;
      if (!m.indices) throw new Error('skipped: CHISO_BENCH_SURVEY_RESPONSES=0');
      return {
        figure: m.indices.median,
        unit: 'ms',
        goal: `≤ ${GOAL_INDICES_MS} ms, all counted`,
        met: m.indices.median <= GOAL_INDICES_MS && m.indices.responsesInResult === m.indices.n,
        extra: { responses: m.indices.n, samplesMs: m.indices.samples, responsesInResult: m.indices.responsesInResult, route: 'GET /api/surveys/campaigns/:id/results' },
      };
    },
  },
];
