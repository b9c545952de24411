// (g) Property-based fuzzing with fast-check, generated from the route table: every importer
// (`upload: true`) gets random files, every other route random JSON bodies, queries and path values.
// Expected: never a 5xx; every refusal is a 4xx with {code, message}; a refused import writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../src/http/route';
import { allRoutes } from '../../src/modules/routes';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';
import { rowCounts } from './db-counts';
import { type ParamResolver, buildUrl, createResolver, isMutation, pathParams, routeLabel, schemaKeys, unitsOf } from './route-matrix';

const RUNS = Number(process.env.CHISO_FUZZ_RUNS ?? 40);
const FILE_RUNS = RUNS * 4;
const SEED = Number(process.env.CHISO_FUZZ_SEED ?? 20260101);

let t: TestApp;
let admin: Client;
let resolver: ParamResolver;
let total = 0;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  resolver = await createResolver(t, await unitsOf(t.ctx.db));
});
afterAll(async () => {
  console.log(`fuzz: ${total} generated requests (seed ${SEED})`);
  await t?.close();
});

const auditCount = async () => Number((await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function checkAnswer(label: string, input: unknown, res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  total++;
  if (res.statusCode >= 500) throw new Error(`${label} → ${res.statusCode} for ${JSON.stringify(input).slice(0, 300)}: ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) {
    let body: { code?: unknown; message?: unknown };
    try {
      body = JSON.parse(res.body);
    } catch {
      throw new Error(`${label} → ${res.statusCode} without a JSON body: ${res.body.slice(0, 200)}`);
    }
    if (typeof body.code !== 'string' || typeof body.message !== 'string' || body.message.length === 0) {
      throw new Error(`${label} → ${res.statusCode} without {code, message}: ${res.body.slice(0, 200)}`);
    }
  }
}

// --- importers -------------------------------------------------------------------------------------------
const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '"', '""', ',', '\n', '\r\n', ';', 'HL', 'HL-STP', 'department', '2025-07-01', '2025-02-30', '9999-99-99', '=1+1', '-1', '1e309', 'NaN', '\u0000', 'Đ', '💥', 'a'.repeat(300)),
);
const HEADERS = ['code', 'name', 'group', 'parent_code', 'valid_from', 'valid_to', 'successors', 'unit_code', 'period', 'value', 'id', ''];
const csvFile = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...HEADERS), { minLength: 0, maxLength: 8 }), fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 12 }), fc.boolean())
  .map(([header, rows, bom]) => {
    const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const text = [header.map(q).join(','), ...rows.map((r) => r.map(q).join(','))].join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0]);
    return Buffer.from(`${bom ? '\ufeff' : ''}${text}`);
  });
const rawBytes = fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a));
const zipish = fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(a)]));
const anyFile = fc.oneof({ weight: 6, arbitrary: csvFile }, { weight: 2, arbitrary: rawBytes }, { weight: 1, arbitrary: zipish });

// --- JSON ------------------------------------------------------------------------------------------------
const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 2 ** 53, '1', 'true', '2025-13-45', '__proto__', 'constructor'));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 })),
})).value;
const bodyFor = (r: RouteDef) => {
  const keys = schemaKeys(r.body);
  const known = keys.length ? fc.dictionary(fc.constantFrom(...keys), jsonValue, { maxKeys: keys.length + 1 }) : fc.constant({});
  return fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: jsonValue }, { weight: 1, arbitrary: fc.constant('{"broken":') });
};
const queryFor = (r: RouteDef) => {
  const keys = [...schemaKeys(r.query), 'x'];
  return fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('-1', '0', '1', '99999999999999999999', '2025-01-01', 'a;b', '%00')), { maxKeys: 4 });
};

const uploadRoutes = allRoutes.filter((r) => r.upload);
const jsonRoutes = allRoutes.filter((r) => !r.upload);

describe(`fuzzing on ${testDatabaseKind()} (${RUNS} runs per JSON route, ${FILE_RUNS} per importer)`, () => {
  it.each(uploadRoutes.map((r) => [routeLabel(r), r] as [string, RouteDef]))('importer %s: random files → 4xx {code,message}, no partial write', async (label, r) => {
    const probe = await buildUrl(r, 'own', resolver);
    if (probe.skip) return;
    await fc.assert(
      fc.asyncProperty(anyFile, fc.constantFrom('data.csv', 'data.xlsx', 'x'), async (file, name) => {
        const before = await rowCounts(t.ctx.db);
        const res = await admin.upload(probe.url, name, file);
        checkAnswer(label, file.toString('latin1').slice(0, 200), res);
        if (res.statusCode >= 400) expect(await rowCounts(t.ctx.db)).toEqual(before);
      }),
      { numRuns: FILE_RUNS, seed: SEED },
    );
  });

  it.each(jsonRoutes.map((r) => [routeLabel(r), r] as [string, RouteDef]))('%s: random bodies, queries and path values → never 5xx', async (label, r) => {
    // a fresh session: fuzzing logout or a session revocation must not end the next route's session
    const client = label === 'POST /api/auth/login' ? t.anonymous : await t.login('admin');
    const probe = await buildUrl(r, 'own', resolver);
    const params = pathParams(r.url);
    const pathValue = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('0', '-1', '1.5', '99999999999999999999', '%2e%2e', '..', 'null'));
    await fc.assert(
      fc.asyncProperty(bodyFor(r), queryFor(r), fc.array(pathValue, { minLength: params.length, maxLength: params.length }), fc.boolean(), async (body, query, values, randomPath) => {
        let url = probe.skip || randomPath ? r.url : probe.url;
        params.forEach((p, i) => {
          url = url.replace(`:${p}`, encodeURIComponent(values[i] || 'x'));
        });
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        const full = qs ? `${url}?${qs}` : url;
        const auditBefore = isMutation(r) ? await auditCount() : 0;
        const res = isMutation(r)
          ? await client.request({ method: r.method, url: full, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } })
          : await client.request({ method: r.method, url: full });
        checkAnswer(label, { url: full, body }, res);
        if (isMutation(r) && res.statusCode >= 400 && res.statusCode !== 401) expect(await auditCount()).toBe(auditBefore);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
