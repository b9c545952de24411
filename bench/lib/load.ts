// A small closed-loop load generator: N virtual users, each sends its next request when the previous one
// answered (no think time), for a bounded time, over keep-alive HTTP/1.1 on loopback.
import http from 'node:http';
import { percentile } from '../harness';
import type { Rng } from './rng';

export interface LoadRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** status → count */
  statuses: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  throughput: number;
  perPath: Record<string, { n: number; p50: number; p99: number }>;
}

function get(agent: http.Agent, port: number, req: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, path: req.path, method: 'GET', agent, headers: req.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end();
  });
}

/**
 * Runs `users` virtual users for `durationMs` (after `warmupMs` not counted). `next(user, rng)` picks each
 * user's next request; `label` groups paths (e.g. '/api/units/:id/history').
 */
export async function runLoad(o: {
  port: number;
  users: number;
  durationMs: number;
  warmupMs: number;
  rng: Rng;
  next: (user: number, rng: Rng) => LoadRequest & { label: string };
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.users });
  const samples: number[] = [];
  const byPath = new Map<string, number[]>();
  const statuses: Record<string, number> = {};
  let errors = 0;
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupMs;
  const stopAt = measureFrom + o.durationMs;
  const user = async (u: number) => {
    const rng = o.rng.fork(`user-${u}`);
    while (performance.now() < stopAt) {
      const req = o.next(u, rng);
      const s = performance.now();
      let status = 0;
      try {
        status = await get(agent, o.port, req);
      } catch {
        status = 0;
      }
      const e = performance.now();
      if (s < measureFrom) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 300) errors++;
      samples.push(e - s);
      const list = byPath.get(req.label) ?? [];
      list.push(e - s);
      byPath.set(req.label, list);
    }
  };
  await Promise.all(Array.from({ length: o.users }, (_, u) => user(u)));
  agent.destroy();
  const sorted = samples.sort((a, b) => a - b);
  const perPath: LoadResult['perPath'] = {};
  for (const [k, v] of byPath) {
    v.sort((a, b) => a - b);
    perPath[k] = { n: v.length, p50: round(percentile(v, 50)), p99: round(percentile(v, 99)) };
  }
  return {
    requests: sorted.length,
    errors,
    statuses,
    ...latencySummary(sorted, o.durationMs),
    perPath,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Percentiles, maximum and throughput of ascending latency samples collected over `durationMs`. */
export function latencySummary(sorted: readonly number[], durationMs: number) {
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    throughput: sorted.length / (durationMs / 1000),
  };
}
