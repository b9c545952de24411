// The real server as a child process (`chiso serve`), for cold-start benchmarks and SIGKILL fault tests.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  /** stdout + stderr so far (for failure messages). */
  output(): string;
  /** SIGKILL (the whole process group for the npx launcher) and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  exited(): boolean;
}

export interface SpawnOptions {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  adminPassword: string;
  /**
   * `npx`: `npx tsx src/cli/main-entry.ts serve` exactly as an operator would (several processes; killed as a
   * group). `node`: `node --import tsx …` — one process, so a SIGKILL hits the server itself.
   */
  launcher?: 'npx' | 'node';
  env?: Record<string, string>;
}

export function spawnServer(o: SpawnOptions): ServerProcess {
  const launcher = o.launcher ?? 'node';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(o.port),
    HOST: '127.0.0.1',
    CHISO_DATA_DIR: o.dataDir,
    DATABASE_URL: o.databaseUrl ?? '',
    CHISO_ADMIN_PASSWORD: o.adminPassword,
    CHISO_LOG_LEVEL: 'warn',
    ...o.env,
  };
  const [cmd, args] =
    launcher === 'npx'
      ? ['npx', ['tsx', 'src/cli/main-entry.ts', 'serve']]
      : [process.execPath, ['--import', 'tsx', 'src/cli/main-entry.ts', 'serve']];
  const child = spawn(cmd, args as string[], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let done = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    if (done || !child.pid) return;
    try {
      // detached: the child leads its own process group; signal the group so npx's grandchildren go too.
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {}
    }
  };
  return {
    child,
    port: o.port,
    baseUrl: `http://127.0.0.1:${o.port}`,
    output: () => out,
    exited: () => done,
    async kill9() {
      signal('SIGKILL');
      await exit;
    },
    async stop() {
      signal('SIGTERM');
      const t = setTimeout(() => signal('SIGKILL'), 10_000);
      await exit;
      clearTimeout(t);
    },
  };
}

/** Polls GET /api/health until it answers 200; returns ms from `since` (performance.now()) to that 200. */
export async function waitForHealth(s: ServerProcess, since: number, timeoutMs = 120_000): Promise<number> {
  const until = since + timeoutMs;
  while (performance.now() < until) {
    if (s.exited()) throw new Error(`server exited before answering /api/health:\n${s.output().slice(-2000)}`);
    try {
      const res = await fetch(`${s.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) {
        await res.arrayBuffer();
        return performance.now() - since;
      }
      await res.arrayBuffer();
    } catch {}
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`no 200 from /api/health within ${timeoutMs} ms:\n${s.output().slice(-2000)}`);
}

/** A cookie + CSRF client over real HTTP. */
export interface HttpSession {
  cookie: string;
  csrf: string;
}

export async function httpLogin(baseUrl: string, username: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  if (res.status !== 200 || !body.csrfToken) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: body.csrfToken };
}

export function multipartFile(filename: string, content: Buffer | string, fields: Record<string, string> = {}): { body: Buffer; contentType: string } {
  const boundary = `----chisobench${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
