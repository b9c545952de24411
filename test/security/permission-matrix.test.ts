// (a) The permission matrix generated from the route table: every route × every role × own/other unit,
// expected allow/deny computed from ROLE_PERMISSIONS and the route's access rule, printed as one table
// (also test-results/permission-matrix.md) and asserted. (b) IDOR: every id parameter pointed at another
// unit's resource by unit-bound users → 403/404, never 2xx.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../src/http/route';
import { allRoutes } from '../../src/modules/routes';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';
import {
  type ParamResolver,
  SUBJECT_PASSWORD,
  type Subject,
  type Target,
  type Units,
  buildUrl,
  createResolver,
  createSubjects,
  describeAccess,
  expectedAllow,
  isIdKey,
  isMutation,
  pathParams,
  routeLabel,
  schemaKeys,
  sendProbe,
  unitsOf,
} from './route-matrix';

let t: TestApp;
let units: Units;
let subjects: Subject[];
let resolver: ParamResolver;
const clients = new Map<string, Client>();

interface Cell {
  expected: boolean;
  status?: number;
  skip?: string;
  ok?: boolean;
}
const matrix = new Map<string, Map<string, Cell>>(); // route → "subject/target" → cell
const idorRows: { route: string; param: string; subject: string; status: number }[] = [];
const skipped: { route: string; reason: string }[] = [];

async function clientFor(s: Subject, fresh = false): Promise<Client> {
  if (!s.username) return t.anonymous;
  if (!fresh && clients.has(s.username)) return clients.get(s.username)!;
  const c = await t.login(s.username, SUBJECT_PASSWORD);
  if (!fresh) clients.set(s.username, c);
  return c;
}

const TARGETS: Target[] = ['own', 'other'];
const isDenied = (status: number) => status === 401 || status === 403 || status === 404;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  units = await unitsOf(t.ctx.db);
  subjects = await createSubjects(t, units);
  resolver = await createResolver(t, units);
});

afterAll(async () => {
  if (subjects && matrix.size > 0) {
    const md = renderMatrix();
    mkdirSync('test-results', { recursive: true });
    writeFileSync(path.join('test-results', 'permission-matrix.md'), md);
    console.log(`\n${md}`);
  }
  await t?.close();
});

function renderMatrix(): string {
  const head = ['route', 'access', ...subjects.map((s) => s.name)];
  const lines = [
    `# Permission matrix (${testDatabaseKind()}, generated from src/modules/routes.ts)`,
    '',
    `Cell: own unit (${units.own.code}) / other unit (${units.other.code}). ✓ = allowed, · = denied (expected), then the status seen;`,
    '✗ marks a cell whose status contradicts the expectation. Unit-bound roles (`@unit`) hold their grant on the own unit only.',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const r of allRoutes) {
    const row = matrix.get(routeLabel(r));
    if (!row) continue;
    const cells = subjects.map((s) =>
      TARGETS.map((tg) => {
        const c = row.get(`${s.name}/${tg}`);
        if (!c) return '?';
        if (c.skip) return 'skip';
        return `${c.expected ? '✓' : '·'}${c.status}${c.ok ? '' : '✗'}`;
      }).join(' / '),
    );
    lines.push(`| \`${routeLabel(r)}\` | ${describeAccess(r)} | ${cells.join(' | ')} |`);
  }
  if (skipped.length) {
    lines.push('', '## Skipped (no sample value)', '');
    for (const s of skipped) lines.push(`- \`${s.route}\`: ${s.reason}`);
  }
  if (idorRows.length) {
    lines.push('', '## IDOR attempts (unit-bound users on the other unit\'s ids)', '', '| route | parameter | subject | status |', '|---|---|---|---|');
    for (const r of idorRows) lines.push(`| \`${r.route}\` | ${r.param} | ${r.subject} | ${r.status} |`);
  }
  return `${lines.join('\n')}\n`;
}

describe(`permission matrix on ${testDatabaseKind()}: ${allRoutes.length} routes × every role × own/other unit`, () => {
  it('covers every role of permissions.ts and both targets', () => {
    expect(subjects.map((s) => s.name)).toHaveLength(1 + 8);
    expect(new Set(subjects.map((s) => s.role).filter(Boolean)).size).toBe(8);
  });

  it.each(allRoutes.map((r) => [routeLabel(r), r] as [string, RouteDef]))('%s', async (label, r) => {
    const row = new Map<string, Cell>();
    matrix.set(label, row);
    const problems: string[] = [];
    for (const s of subjects) {
      for (const target of TARGETS) {
        const probe = await buildUrl(r, target, resolver);
        const expected = expectedAllow(r, s, target, units, probe.unitLinked);
        if (probe.skip) {
          row.set(`${s.name}/${target}`, { expected, skip: probe.skip });
          if (!skipped.some((x) => x.route === label)) skipped.push({ route: label, reason: probe.skip });
          continue;
        }
        // A session-only mutation (logout) would end the shared session: use a fresh one.
        const fresh = isMutation(r) && r.access.kind === 'session';
        const client = await clientFor(s, fresh);
        const res = await sendProbe(client, r, probe.url, target, units);
        const status = res.statusCode;
        let ok: boolean;
        if (status >= 500) ok = false;
        else if (expected) ok = status !== 401 && status !== 403;
        else ok = s.role === null ? status === 401 : isDenied(status);
        row.set(`${s.name}/${target}`, { expected, status, ok });
        if (!ok) problems.push(`${s.name} on ${target} unit: expected ${expected ? 'allow' : 'deny'}, got ${status} ${res.body.slice(0, 160)}`);
        if (!expected && status !== 401 && status !== 404) expect(res.json()).toMatchObject({ code: 'forbidden' });
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('IDOR: every id parameter pointed at another unit', () => {
  const unitBound = () => subjects.filter((s) => s.role && s.unitId !== null);
  const idRoutes = allRoutes.filter(
    (r) => r.access.kind !== 'public' && (pathParams(r.url).length > 0 || schemaKeys(r.query).some(isIdKey) || (isMutation(r) && schemaKeys(r.body).some(isIdKey))),
  );

  it('finds the routes that take ids', () => {
    expect(idRoutes.map(routeLabel)).toEqual(expect.arrayContaining(['GET /api/units/:id', 'GET /api/units/:id/history']));
  });

  it.each(idRoutes.map((r) => [routeLabel(r), r] as [string, RouteDef]))('%s', async (label, r) => {
    const problems: string[] = [];
    for (const s of unitBound()) {
      const client = await clientFor(s, isMutation(r) && r.access.kind === 'session');
      // path ids → the other unit's resource
      if (pathParams(r.url).length > 0) {
        const probe = await buildUrl(r, 'other', resolver);
        // a province-level resource (form, campaign) has no "other unit": nothing to steal by id
        if (probe.skip || !probe.unitLinked) continue;
        const res = await sendProbe(client, r, probe.url, 'other', units);
        idorRows.push({ route: label, param: pathParams(r.url).join(','), subject: s.name, status: res.statusCode });
        if (!isDenied(res.statusCode)) problems.push(`${s.name}: ${probe.url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
      // query ids (…?unitId=<other>) on GETs
      if (!isMutation(r)) {
        const base = await buildUrl(r, 'own', resolver);
        if (base.skip) continue;
        for (const key of schemaKeys(r.query).filter(isIdKey)) {
          const url = `${base.url}?${key}=${units.other.id}`;
          const res = await client.get(url);
          idorRows.push({ route: label, param: `?${key}`, subject: s.name, status: res.statusCode });
          // 400: a query id that is not a unit id is refused by validation, which is not a leak either
          if (res.statusCode >= 200 && res.statusCode < 300 && !(await onlyOwnData(res.json()))) problems.push(`${s.name}: ${url} → ${res.statusCode}`);
          if (res.statusCode >= 500) problems.push(`${s.name}: ${url} → ${res.statusCode}`);
        }
      } else {
        for (const key of schemaKeys(r.body).filter(isIdKey)) {
          const base = await buildUrl(r, 'own', resolver);
          if (base.skip) continue;
          const res = await client.request({ method: r.method, url: base.url, payload: { [key]: units.other.id } });
          idorRows.push({ route: label, param: `body.${key}`, subject: s.name, status: res.statusCode });
          if ((res.statusCode >= 200 && res.statusCode < 300) || res.statusCode >= 500) problems.push(`${s.name}: body.${key}=${units.other.id} → ${res.statusCode}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  /** A scoped list filtered by another unit's id may answer 200 only with nothing of that unit in it. */
  async function onlyOwnData(body: unknown): Promise<boolean> {
    const text = JSON.stringify(body);
    return !text.includes(`"unitId":${units.other.id}`) && !text.includes(`"id":${units.other.id},"code":"${units.other.code}"`) && !text.includes(units.other.code);
  }
});
