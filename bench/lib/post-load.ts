// A closed-loop POST load generator (the JSON twin of load.ts): N virtual users, each sends its next request
// when the previous one answered, for a bounded time after a warm-up, over keep-alive HTTP/1.1 on loopback.
import http from 'node:http';
import { latencySummary } from './load';
import type { Rng } from './rng';

export interface PostLoadResult {
  requests: number;
  /** 2xx answers: what the server acknowledged */
  acknowledged: number;
  errors: number;
  statuses: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  throughput: number;
  /** first non-2xx bodies, for the log */
  errorSamples: string[];
}

function post(agent: http.Agent, port: number, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

export async function runPostLoad(o: {
  port: number;
  path: string;
  users: number;
  durationMs: number;
  warmupMs: number;
  rng: Rng;
  body: (user: number, rng: Rng) => unknown;
}): Promise<PostLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.users });
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let acknowledged = 0;
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupMs;
  const stopAt = measureFrom + o.durationMs;
  const user = async (u: number) => {
    const rng = o.rng.fork(`user-${u}`);
    while (performance.now() < stopAt) {
      const body = JSON.stringify(o.body(u, rng));
      const s = performance.now();
      let res = { status: 0, body: '' };
      try {
        res = await post(agent, o.port, o.path, body);
      } catch (err) {
        res = { status: 0, body: (err as Error).message };
      }
      const e = performance.now();
      const ok = res.status >= 200 && res.status < 300;
      if (ok) acknowledged++;
      if (s < measureFrom) continue;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (!ok) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${res.status} ${res.body.slice(0, 200)}`);
      }
      samples.push(e - s);
    }
  };
  await Promise.all(Array.from({ length: o.users }, (_, u) => user(u)));
  agent.destroy();
  const sorted = samples.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    acknowledged,
    errors,
    statuses,
    ...latencySummary(sorted, o.durationMs),
    errorSamples,
  };
}
