// One-stop over HTTP on a real database (PGlite by default, PostgreSQL with TEST_DATABASE_URL): the CLI
// fixture (test/fixtures/onestop, hand-computed in src/cli/commands/indicators.test.ts) imported through
// the streaming pipeline must give exactly the same numbers as SQL aggregates.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/formats/calendar.format';
import { createDossierParseContext, parseDossiersFile } from '../../src/formats/dossiers.format';
import { parseProceduresFile, procedureCatalogue } from '../../src/formats/procedures.format';
import { computeIndicators } from '../../src/domain/onestop/indicators';
import { onestopLeafFeed } from '../../src/modules/onestop/onestop.leaf-feed';
import { onestopSettings } from '../../src/modules/onestop/onestop.config';
import { leafFeeds } from '../../src/modules/assessments/leaf-feeds';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';

const DIR = 'test/fixtures/onestop-server';
const DOSSIERS = readFileSync(`${DIR}/dossiers.csv`, 'utf8');
const PROCEDURES = readFileSync(`${DIR}/procedures.csv`, 'utf8');
const HEADER = DOSSIERS.split('\n')[0];
const AS_OF = '2025-04-10';

let t: TestApp;
let office: Client;
let x001: number;
let x002: number;

const dossierCount = async () => Number((await t.ctx.db.selectFrom('onestop_dossiers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
type Row = { unitCode?: string; period?: string; channel?: string; counts: Record<string, number>; rates: Record<string, number | null>; lateRate: number | null };
const get = async (url: string) => {
  const res = await office.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  // The demo province's units and users, without demo dossiers or procedures: the numbers below are computed by hand.
  t = await createTestApp({ demo: 'units' });
  office = await t.login('cchc');
  const ids = await t.ctx.db.selectFrom('units').select(['id', 'code']).where('code', 'in', ['HL-X001', 'HL-X002']).execute();
  x001 = ids.find((u) => u.code === 'HL-X001')!.id;
  x002 = ids.find((u) => u.code === 'HL-X002')!.id;
  expect((await office.upload('/api/onestop/procedures/import', 'procedures.csv', PROCEDURES)).statusCode).toBe(200);
});
afterAll(() => t?.close());

describe(`one-stop import and indicators on ${testDatabaseKind()}`, () => {
  it('imports the fixture as one job and reports its progress row', async () => {
    const created = await office.post('/api/onestop/imports', { kind: 'dossiers', filename: 'dossiers.csv' });
    expect(created.statusCode).toBe(201);
    const job = created.json().id;
    const res = await office.upload(`/api/onestop/dossiers/import?job=${job}`, 'dossiers.csv', DOSSIERS);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ jobId: job, rows: 12, inserted: 12, updated: 0, received: 10 });
    const progress = await get(`/api/onestop/imports/${job}`);
    expect(progress).toMatchObject({ status: 'done', phase: 'done', rowsProcessed: 12, inserted: 12, errorCount: 0 });
    expect(await dossierCount()).toBe(12);
  });

  it('gives the hand-computed totals (as of 10/4/2025)', async () => {
    const [all] = (await get(`/api/onestop/indicators?by=&granularity=all&asOf=${AS_OF}`)) as Row[];
    expect(all.counts).toMatchObject({ received: 10, resolved: 8, on_time: 5, early: 1, late: 3, overdue: 1, pending: 1 });
    expect(all.rates).toEqual({
      on_time_rate: 62.5,
      online_rate: 50,
      paid_online_rate: 30,
      digitized_rate: 80,
      e_result_rate: 62.5,
      apology_compliance_rate: 50,
      satisfied_rate: 57.14,
    });
    expect(all.lateRate).toBe(37.5);
  });

  it('per unit and per month, exactly as the CLI prints them', async () => {
    const units = (await get(`/api/onestop/indicators?by=unit&granularity=all&asOf=${AS_OF}`)) as Row[];
    expect(units.map((r) => [r.unitCode, r.counts.received, r.counts.resolved, r.counts.on_time, r.counts.early, r.counts.late, r.counts.overdue, ...Object.values(r.rates)])).toEqual([
      ['HL-X001', 6, 6, 4, 1, 2, 0, 66.67, 50, 33.33, 83.33, 50, 50, 60],
      ['HL-X002', 4, 2, 1, 0, 1, 1, 50, 50, 25, 75, 100, 50, 50],
    ]);
    const months = (await get(`/api/onestop/indicators?by=period&granularity=month&asOf=${AS_OF}`)) as Row[];
    expect(months.map((r) => [r.period, r.counts.received, r.counts.resolved, r.counts.on_time, r.counts.late, r.counts.overdue, r.rates.apology_compliance_rate])).toEqual([
      ['2025-01', 1, 1, 0, 1, 0, 100],
      ['2025-03', 6, 5, 3, 2, 1, 33.33],
      ['2025-04', 3, 2, 2, 0, 0, null],
    ]);
    const quarters = (await get(`/api/onestop/indicators?by=unit,period&granularity=quarter&asOf=${AS_OF}`)) as Row[];
    expect(quarters.map((r) => [r.unitCode, r.period, r.counts.received])).toEqual([
      ['HL-X001', '2025-Q1', 4],
      ['HL-X001', '2025-Q2', 2],
      ['HL-X002', '2025-Q1', 3],
      ['HL-X002', '2025-Q2', 1],
    ]);
  });

  it('equals the domain accumulator on every dimension (procedure, sector, channel)', async () => {
    const rules = onestopSettings().rules;
    const procedures = procedureCatalogue(await parseProceduresFile(Buffer.from(PROCEDURES), { legacyOnlineLevels: rules.legacyOnlineLevels }));
    const dossiers = await parseDossiersFile(Buffer.from(DOSSIERS), createDossierParseContext({ procedures, notReceivedStatuses: rules.notReceivedStatuses }));
    const calendar = await loadCalendar();
    for (const dim of ['procedure', 'sector', 'channel'] as const) {
      const expected = computeIndicators(dossiers, { by: [dim], asOf: AS_OF, calendar, rules, procedures });
      const got = (await get(`/api/onestop/indicators?by=${dim}&granularity=all&asOf=${AS_OF}`)) as (Row & { procedureCode?: string; sector?: string })[];
      expect(got.map((r) => ({ key: r.procedureCode ?? r.sector ?? r.channel, counts: r.counts, rates: r.rates }))).toEqual(
        expected.map((e) => ({ key: e.key[dim], counts: e.counts, rates: e.rates })),
      );
    }
  });

  it('judges overdue at the as-of date: D06 (due 14/4) becomes overdue on 15/4', async () => {
    const before = (await get('/api/onestop/indicators?by=&granularity=all&asOf=2025-04-14'))[0] as Row;
    const after = (await get('/api/onestop/indicators?by=&granularity=all&asOf=2025-04-15'))[0] as Row;
    expect([before.counts.overdue, after.counts.overdue]).toEqual([1, 2]);
  });

  it('re-importing the same codes updates instead of duplicating', async () => {
    const again = await office.upload('/api/onestop/dossiers/import', 'dossiers.csv', DOSSIERS);
    expect(again.json()).toMatchObject({ rows: 12, inserted: 0, updated: 12 });
    expect(await dossierCount()).toBe(12);
    const [all] = (await get(`/api/onestop/indicators?by=&granularity=all&asOf=${AS_OF}`)) as Row[];
    expect(all.counts.received).toBe(10);
  });

  it('drills down to the late and overdue dossiers with their apology status', async () => {
    const r = await get(`/api/onestop/dossiers?filter=late_or_overdue&period=2025&asOf=${AS_OF}`);
    expect(r.total).toBe(4);
    const byCode = Object.fromEntries(r.rows.map((d: { dossierCode: string; outcome: string; apology: string }) => [d.dossierCode, [d.outcome, d.apology]]));
    expect(byCode).toEqual({ D03: ['late', 'none'], D04: ['late', 'compliant'], D05: ['overdue', 'late_slip'], D12: ['late', 'compliant'] });
  });

  it('time zones: a resolution at 17:00Z is the next Vietnamese day, 16:59Z the same day', async () => {
    const csv = `${HEADER}\nTZ1,1.002,HL-X002,direct,2025-06-02T08:00,2025-06-05,2025-06-05T16:59:00Z,,10,0,,,0,0,0,\nTZ2,1.002,HL-X002,direct,2025-06-02T08:00,2025-06-05,2025-06-05T17:00:00Z,,10,0,,,0,0,0,\n`;
    expect((await office.upload('/api/onestop/dossiers/import', 'tz.csv', csv)).statusCode).toBe(200);
    const r = await get('/api/onestop/dossiers?filter=all&period=2025-06');
    const outcome = Object.fromEntries(r.rows.map((d: { dossierCode: string; outcome: string; resolvedDate: string }) => [d.dossierCode, [d.resolvedDate, d.outcome]]));
    expect(outcome).toEqual({ TZ1: ['2025-06-05', 'on_time'], TZ2: ['2025-06-06', 'late'] });
  });
});

describe('bad input is refused with row and field, and nothing is written', () => {
  const cases: [string, string, number, string, RegExp][] = [
    ['unknown procedure', 'B1,9.999,HL-X001,online,2025-03-03T09:00,,,,4,0,,,0,0,0,', 2, 'procedure_code', /9\.999/],
    ['unknown unit', 'B1,1.001,XX-404,online,2025-03-03T09:00,,,,4,0,,,0,0,0,', 2, 'unit_code', /XX-404/],
    ['resolved before received', 'B1,1.001,HL-X001,online,2025-03-03T09:00,,2025-03-02T09:00,,10,0,,,0,0,0,', 2, 'resolved_at', /trước/],
    ['date that does not parse', 'B1,1.001,HL-X001,online,2025-02-30T09:00,,,,4,0,,,0,0,0,', 2, 'received_at', /không hợp lệ/],
    ['status outside 1–10', 'B1,1.001,HL-X001,online,2025-03-03T09:00,,,,11,0,,,0,0,0,', 2, 'status', /từ 1 đến 10/],
  ];
  it.each(cases)('%s', async (_name, line, row, field, message) => {
    const before = await dossierCount();
    const good = 'OK1,1.001,HL-X001,online,2025-03-03T09:00,,,,4,0,,,0,0,0,';
    const res = await office.upload('/api/onestop/dossiers/import', 'bad.csv', `${HEADER}\n${good}\n${line}\n`);
    expect(res.statusCode).toBe(400);
    const issue = res.json().details.find((d: { field: string }) => d.field === field);
    expect(issue).toMatchObject({ row: row + 1, field });
    expect(issue.message).toMatch(message);
    expect(await dossierCount()).toBe(before);
    expect(await t.ctx.db.selectFrom('onestop_dossiers').select('dossier_code').where('dossier_code', '=', 'OK1').executeTakeFirst()).toBeUndefined();
  });

  it('a dossier code twice in one file names both rows', async () => {
    const before = await dossierCount();
    const line = 'DUP,1.001,HL-X001,online,2025-03-03T09:00,,,,4,0,,,0,0,0,';
    const res = await office.upload('/api/onestop/dossiers/import', 'dup.csv', `${HEADER}\nA1,1.001,HL-X001,online,2025-03-03T09:00,,,,4,0,,,0,0,0,\n${line}\n${line}\n`);
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ row: 4, field: 'dossier_code', message: 'mã hồ sơ "DUP" trùng với dòng 3' }]);
    expect(await dossierCount()).toBe(before);
    const jobs = await get('/api/onestop/imports');
    expect(jobs[0]).toMatchObject({ status: 'failed', errorCount: 1 });
  });

  it('a missing column is refused on row 1', async () => {
    const res = await office.upload('/api/onestop/dossiers/import', 'cols.csv', 'dossier_code,unit_code\nA,HL-X001\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ row: 1, field: 'procedure_code' });
  });
});

describe('a commune focal point sees only its own unit', () => {
  it('indicators, drill-down and imports', async () => {
    const focal = await t.login('daumoi.x001');
    const units = (await focal.get(`/api/onestop/indicators?by=unit&granularity=all&asOf=${AS_OF}`)).json() as Row[];
    expect(units.map((r) => r.unitCode)).toEqual(['HL-X001']);
    expect((await focal.get(`/api/onestop/indicators?by=unit&unitId=${x002}`)).statusCode).toBe(403);
    expect((await focal.get(`/api/onestop/indicators?by=unit&unitId=${x001}`)).statusCode).toBe(200);
    const list = (await focal.get('/api/onestop/dossiers?filter=all')).json();
    expect(new Set(list.rows.map((d: { unitCode: string }) => d.unitCode))).toEqual(new Set(['HL-X001']));
    expect((await focal.upload('/api/onestop/dossiers/import', 'd.csv', DOSSIERS)).statusCode).toBe(403);
    const s766 = (await focal.get('/api/onestop/index766?period=2025')).json();
    expect(s766.scores.map((s: { unitCode: string }) => s.unitCode)).toEqual(['HL-X001']);
  });
});

describe('a data leaf follows the imports', () => {
  it('is registered and its value changes after a new import', async () => {
    expect(leafFeeds).toContain(onestopLeafFeed);
    const leaf = { itemCode: '3.4', maxPoints: 2, rule: { type: 'data', indicator: 'on_time_rate' } };
    const first = await onestopLeafFeed.resolve(t.ctx.db, { year: 2025, unitCodes: ['HL-X001'], leaves: [leaf] });
    const v1 = first.get('HL-X001')!.get('3.4')!;
    expect(v1.value).toBe(66.67);
    expect(v1.provenance).toMatch(/lượt nhập #\d+ ngày .*6 hồ sơ .*on_time_rate = on_time ÷ resolved = 4\/6/);
    // D03 was late (resolved 11/3 in Vietnam); the one-stop system corrects it to 10/3 in a new export.
    const fixed = DOSSIERS.replace('2025-03-10T17:30:00Z', '2025-03-10T09:30:00Z');
    expect((await office.upload('/api/onestop/dossiers/import', 'fixed.csv', fixed)).json()).toMatchObject({ inserted: 0, updated: 12 });
    const second = await onestopLeafFeed.resolve(t.ctx.db, { year: 2025, unitCodes: ['HL-X001'], leaves: [leaf] });
    expect(second.get('HL-X001')!.get('3.4')!.value).toBe(83.33);
  });
});

describe('calendar, procedures, Index 766', () => {
  it('due dates come from the shipped calendar, and an imported calendar changes them atomically', async () => {
    expect((await get('/api/onestop/due?received=2025-01-24T10:00&days=1')).dueDate).toBe('2025-02-03');
    expect((await get('/api/onestop/calendar')).years).toEqual([2025, 2026]);
    const bad = await office.upload('/api/onestop/calendar/import', 'c.csv', 'date,kind,name\n2027-01-01,holiday,Tết\n2027-01-04,workday,sai\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0]).toMatchObject({ row: 3, field: 'kind' });
    expect((await get('/api/onestop/calendar')).years).toEqual([2025, 2026]);
    const ok = await office.upload('/api/onestop/calendar/import', 'c.csv', 'date,kind,name\n2027-01-01,holiday,Tết Dương lịch\n');
    expect(ok.json()).toEqual({ rows: 1, years: [2027] });
    expect((await get('/api/onestop/due?received=2026-12-31T10:00&days=1')).dueDate).toBe('2027-01-04');
  });

  it('summarises the catalogue: online levels, significant cuts, savings sentence', async () => {
    const s = await get('/api/onestop/procedures/summary?by=level');
    expect(s.total).toMatchObject({ count: 3, full: 1, partial: 1, none: 1, online: 2, online_rate: 66.67, full_online_rate: 33.33, significant_cut: 1, average_cut_percent: 25 });
    expect(s.rows.map((r: { key: { level: string }; count: number }) => [r.key.level, r.count])).toEqual([['commune', 2], ['province', 1]]);
    expect(s.savings.sentence).toMatch(/^Rút ngắn thời gian giải quyết \d+ hồ sơ, tiết kiệm ước tính/);
  });

  it('scores 766 and reconciles with the portal down to the dossiers', async () => {
    const s = await get(`/api/onestop/index766?period=2025-03&asOf=${AS_OF}`);
    const x1 = s.scores.find((x: { unitCode: string }) => x.unitCode === 'HL-X001');
    const timeliness = x1.groups.find((g: { code: string }) => g.code === 'timeliness');
    expect(timeliness.indicators[0]).toMatchObject({ input: 'on_time_rate', status: 'scored' });
    const portal = `unit_code,period,field,value\nHL-X001,2025-03,group:timeliness,20\nHL-X001,2025-03,total,${x1.total}\nHL-X001,2025-03,input:status_synced_rate,100\n`;
    expect((await office.upload('/api/onestop/index766/portal', 'portal.csv', portal)).statusCode).toBe(200);
    const r = await get(`/api/onestop/index766/reconcile?period=2025-03&asOf=${AS_OF}`);
    const diff = r.differences.find((d: { unitCode: string; field: string }) => d.unitCode === 'HL-X001' && d.field === 'group:timeliness');
    expect(diff.portal).toBe(20);
    expect(diff.explanations[0]).toMatchObject({ group: 'timeliness', filter: 'late_or_overdue', count: 1, sample: ['D04'] });
    const badPortal = await office.upload('/api/onestop/index766/portal', 'p.csv', 'unit_code,period,field,value\nHL-X001,2025-13,total,1\n');
    expect(badPortal.json().details[0]).toMatchObject({ row: 2, field: 'period' });
  });
});
