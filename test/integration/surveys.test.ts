// Surveys over the API on a small campaign: hand-computed indices and Wilson intervals, one response per
// dossier / token / device id, an offline batch replayed twice, every bad input of the issue, flagged
// responses held out until reviewed, and survey points reaching an assessment leaf through the feed.
import { readFileSync, readdirSync } from 'node:fs';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { sociologicalPoints, surveyPointsForLeaf } from '../../src/domain/survey';
import { leafFeeds } from '../../src/modules/assessments/leaf-feeds';
import { surveyLeafFeed } from '../../src/modules/surveys/surveys.feed';
import { setSubmissionLimits } from '../../src/modules/surveys/surveys.limits';
import { progressCounts } from '../../src/modules/surveys/surveys.repository';
import { sipasCounts, sipasCountsFromResponses } from '../../src/modules/surveys/surveys.results';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';

const tiny = JSON.parse(readFileSync(new URL('../fixtures/survey-server/tiny-sipas.json', import.meta.url), 'utf8'));
const year = new Date().getUTCFullYear();
let t: TestApp;
let office: Client;
let campaignId: number;
let seq = 0;
const cid = () => `test-${Date.now().toString(36)}-${++seq}`;
const longAgo = () => new Date(Date.now() - 5 * 60_000).toISOString();

function submit(body: Record<string, unknown>) {
  return t.anonymous.post('/api/public/surveys/responses', { campaign: 'T1', channel: 'web', startedAt: longAgo(), ...body });
}

beforeAll(async () => {
  // The demo's forms and users, but no demo dossiers: the planner starts from typed populations.
  process.env.CHISO_DEMO_DOSSIERS = '0';
  t = await createTestApp({ demo: true });
  setSubmissionLimits({ perAddress: 100_000, perDevice: 100_000 });
  office = await t.login('cchc');
  const f = await office.post('/api/surveys/forms', tiny);
  expect(f.statusCode).toBe(201);
  const c = await office.post('/api/surveys/campaigns', {
    code: 'T1',
    name: 'Đợt thử',
    formId: f.json().id,
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    channels: ['qr', 'kiosk', 'web', 'interviewer', 'paper'],
    units: [{ unitCode: 'HL-X001', population: 400 }, { unitCode: 'HL-X002', target: 3 }],
  });
  expect(c.statusCode, c.body).toBe(201);
  campaignId = c.json().id;
});
afterAll(async () => {
  setSubmissionLimits(null);
  await t?.close();
});

describe(`surveys on ${testDatabaseKind()}`, () => {
  it('stores form versions and exports the form JSON', async () => {
    const again = await office.post('/api/surveys/forms', { ...tiny, title: 'Phiếu thử, sửa lần 2' });
    expect(again.json().version).toBe(2);
    const list = (await office.get('/api/surveys/forms')).json();
    const mine = list.find((f: { code: string }) => f.code === 'T-SIPAS');
    expect(mine).toMatchObject({ version: 2, versions: 2, kind: 'sipas' });
    expect(list.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['SIPAS-2025', 'XHH-SO-2025']));
    const exported = await office.get(`/api/surveys/forms/${mine.id}/export`);
    expect(JSON.parse(exported.body).title).toBe('Phiếu thử, sửa lần 2');
  });

  it('refuses a broken form naming the question', async () => {
    const res = await office.post('/api/surveys/forms', { ...tiny, questions: [...tiny.questions, { code: 'Q1', type: 'likert5', text: 'trùng' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('Q1');
  });

  it('plans the sample size from the typed population (no one-stop data)', async () => {
    const plan = (await office.get(`/api/surveys/campaigns/${campaignId}/plan`)).json();
    expect(plan.source).toBe('typed');
    const x1 = plan.units.find((u: { code: string }) => u.code === 'HL-X001');
    // ⌈400 ÷ (1 + 400·0.05²)⌉ = 200
    expect(x1).toMatchObject({ population: 400, sampleSize: 200, target: 200 });
  });

  it('plans from the unit’s dossiers once one-stop data exists', async () => {
    // 3 dossiers received by HL-X001 in the campaign's year (status 1 = registered online is not received)
    const procedures = 'code,name,sector,level,processing_days,online_level,fee_vnd,cut_percent\nSV.1,Thủ tục thử,Tư pháp,commune,3,full,0,0\n';
    expect((await office.upload('/api/onestop/procedures/import', 'p.csv', procedures)).statusCode).toBe(200);
    const rows = [
      `SV-D1,SV.1,HL-X001,online,${year}-03-02T09:00,,,,4,0,,,0,0,0,`,
      `SV-D2,SV.1,HL-X001,direct,${year}-03-03T09:00,,,,4,0,,,0,0,0,`,
      `SV-D3,SV.1,HL-X001,direct,${year}-03-04T09:00,,,,4,0,,,0,0,0,`,
      `SV-D4,SV.1,HL-X001,online,${year}-03-05T09:00,,,,1,0,,,0,0,0,`,
    ];
    const csv = `dossier_code,procedure_code,unit_code,channel,received_at,due_at,resolved_at,returned_at,status,paused_days,apology_at,new_due_at,paid_online,digitized,e_result,rating\n${rows.join('\n')}\n`;
    const imp = await office.upload('/api/onestop/dossiers/import', 'd.csv', csv);
    expect(imp.statusCode, imp.body).toBe(200);
    const plan = (await office.get(`/api/surveys/campaigns/${campaignId}/plan`)).json();
    expect(plan.source).toBe('dossiers');
    // N = 3 received → ⌈3 ÷ (1 + 3·0.05²)⌉ = ⌈2.978⌉ = 3
    expect(plan.units.find((u: { code: string }) => u.code === 'HL-X001')).toMatchObject({ population: 3, populationSource: 'dossiers', sampleSize: 3 });
  });

  it('computes hand-checked indices and Wilson intervals over the API', async () => {
    const answers = [
      ['HL-X001', { Q1: 5, Q2: 4, Q3: 3 }],
      ['HL-X001', { Q1: 3, Q2: 2, Q3: 4 }],
      ['HL-X001', { Q1: 4, Q3: 5 }],
      ['HL-X002', { Q1: 1, Q2: 2, Q3: 4 }],
      ['HL-X002', { Q1: 5, Q2: 1, Q3: 2 }],
      ['HL-X002', { Q1: 2, Q2: 3, Q3: 1 }],
    ] as const;
    for (const [unit, a] of answers) {
      const res = await submit({ unit, answers: a, clientId: cid() });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe('stored');
    }
    const r = (await office.get(`/api/surveys/campaigns/${campaignId}/results`)).json();
    const x1 = r.units.find((u: { code: string }) => u.code === 'HL-X001');
    expect(x1.rows).toEqual([
      { unitCode: 'HL-X001', element: 1, index: 60, n: 5, ciLow: 23.07, ciHigh: 88.24 },
      { unitCode: 'HL-X001', element: 2, index: 66.67, n: 3, ciLow: 20.77, ciHigh: 93.85 },
      { unitCode: 'HL-X001', element: 'overall', index: 63.33, n: null, ciLow: null, ciHigh: null },
    ]);
    const x2 = r.units.find((u: { code: string }) => u.code === 'HL-X002');
    expect(x2.rows.map((x: { index: number }) => x.index)).toEqual([16.67, 33.33, 25]);
    expect(x2.rows[0]).toMatchObject({ n: 6, ciLow: 3.01, ciHigh: 56.35 });
    expect(x2.rows[1]).toMatchObject({ n: 3, ciLow: 6.15, ciHigh: 79.23 });
    // province: element 1 = 4/11, element 2 = 3/6, overall = mean of the unrounded shares
    expect(r.province.rows).toEqual([
      { unitCode: '', element: 1, index: 36.36, n: 11, ciLow: 15.17, ciHigh: 64.62 },
      { unitCode: '', element: 2, index: 50, n: 6, ciLow: 18.76, ciHigh: 81.24 },
      { unitCode: '', element: 'overall', index: 43.18, n: null, ciLow: null, ciHigh: null },
    ]);
    // three responses each, under the minimum (config: 30): shown, not ranked
    expect(r.units.every((u: { rank: number | null; belowMinimum: boolean }) => u.rank === null && u.belowMinimum)).toBe(true);
    expect(r.province.responses).toBe(6);
  });

  it('accepts a replay of the same device id once, idempotently', async () => {
    const id = cid();
    const a = await submit({ unit: 'HL-X001', answers: { Q1: 4 }, clientId: id });
    const b = await submit({ unit: 'HL-X001', answers: { Q1: 4 }, clientId: id });
    expect(a.json().status).toBe('stored');
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual({ status: 'duplicate', id: a.json().id });
    const n = await t.ctx.db.selectFrom('survey_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('takes one response per dossier code: the second is refused with a clear message', async () => {
    const a = await submit({ unit: 'HL-X001', channel: 'kiosk', dossierCode: 'HS-0001', answers: { Q1: 5 }, clientId: cid() });
    expect(a.statusCode).toBe(200);
    const b = await submit({ unit: 'HL-X002', channel: 'kiosk', dossierCode: 'HS-0001', answers: { Q1: 1 }, clientId: cid() });
    expect(b.statusCode).toBe(409);
    expect(b.json().message).toContain('mỗi hồ sơ chỉ được đánh giá một lần');
  });

  it('takes one response per one-time receipt token', async () => {
    const tokens = (await office.post(`/api/surveys/campaigns/${campaignId}/tokens`, { unitCode: 'HL-X002', dossierCodes: ['HS-0100'] })).json();
    const again = (await office.post(`/api/surveys/campaigns/${campaignId}/tokens`, { unitCode: 'HL-X002', dossierCodes: ['HS-0100'] })).json();
    expect(again[0].token).toBe(tokens[0].token); // reprinting the receipt gives the same code
    const token = tokens[0].token as string;
    const info = (await t.anonymous.get(`/api/public/surveys/t/${token}`)).json();
    expect(info).toMatchObject({ unit: 'HL-X002', used: false });
    const a = await submit({ token, channel: 'qr', answers: { Q1: 4, Q2: 4, Q3: 4 }, clientId: cid() });
    expect(a.statusCode, a.body).toBe(200);
    const b = await submit({ token, channel: 'qr', answers: { Q1: 1 }, clientId: cid() });
    expect(b.statusCode).toBe(409);
    expect((await t.anonymous.get(`/api/public/surveys/t/${token}`)).json().used).toBe(true);
    const row = await t.ctx.db.selectFrom('survey_responses').select(['dossier_code', 'unit_id']).where('id', '=', a.json().id).executeTakeFirstOrThrow();
    expect(row.dossier_code).toBe('HS-0100');
    // the token's dossier is taken for every channel
    const c = await submit({ unit: 'HL-X002', channel: 'kiosk', dossierCode: 'HS-0100', answers: { Q1: 1 }, clientId: cid() });
    expect(c.statusCode).toBe(409);
    const bad = await submit({ token: 'NOPE1234', channel: 'qr', answers: { Q1: 1 }, clientId: cid() });
    expect(bad.statusCode).toBe(404);
  });

  it('answers every bad input with a clear message', async () => {
    const outside = await submit({ unit: 'HL-X001', answers: { Q1: 6 } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().message).toContain('ngoài thang điểm 1–5');
    const unknown = await submit({ unit: 'HL-X001', answers: { Q1: 4, Q99: 3 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('mã câu hỏi "Q99" không có trong phiếu');
    const long = await submit({ unit: 'HL-X001', answers: { GY0: 'co', GY1: 'ạ'.repeat(51) } });
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toContain('vượt quá giới hạn 50 ký tự');
    const huge = await submit({ unit: 'HL-X001', answers: { GY0: 'co', GY1: 'x'.repeat(1_100_000) } });
    expect(huge.statusCode).toBe(413);
    const otherUnit = await submit({ unit: 'HL-STP', answers: { Q1: 4 } });
    expect(otherUnit.statusCode).toBe(400);
    expect(otherUnit.json().message).toContain('không thuộc đợt khảo sát');
    const noCampaign = await submit({ campaign: 'KHONG-CO', unit: 'HL-X001', answers: { Q1: 4 } });
    expect(noCampaign.statusCode).toBe(404);
    const extra = await submit({ unit: 'HL-X001', answers: { Q1: 4 }, userName: 'Nguyễn Văn A' });
    expect(extra.statusCode).toBe(400); // nothing beyond the form is accepted: anonymous by default
  });

  it('limits submissions per device', async () => {
    setSubmissionLimits({ perDevice: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await submit({ unit: 'HL-X001', answers: { Q1: 4 }, device: 'kiosk-ratelimit', clientId: cid() })).statusCode);
    setSubmissionLimits({ perDevice: 100_000 });
    expect(codes).toEqual([200, 200, 429]);
  });

  it('keeps flagged responses out of the indices until a person accepts them', async () => {
    const before = (await office.get(`/api/surveys/campaigns/${campaignId}/results`)).json();
    const fast = await submit({ unit: 'HL-X002', answers: { Q1: 5, Q2: 5, Q3: 5 }, startedAt: new Date().toISOString(), clientId: cid() });
    const bot = await submit({ unit: 'HL-X002', answers: { Q1: 5, Q2: 5, Q3: 5 }, hidden: { website: 'http://spam' }, clientId: cid() });
    expect(fast.json().status).toBe('stored'); // the respondent is not told: the flag is for reviewers
    expect(bot.json().status).toBe('stored');
    const mid = (await office.get(`/api/surveys/campaigns/${campaignId}/results`)).json();
    const x2 = (r: typeof mid) => r.units.find((u: { code: string }) => u.code === 'HL-X002');
    expect(x2(mid).responses).toBe(x2(before).responses);
    expect(mid.pending).toBe(2);
    const queue = (await office.get(`/api/surveys/campaigns/${campaignId}/review`)).json();
    expect(queue.map((q: { flags: string[] }) => q.flags)).toEqual([['too_fast'], ['honeypot']]);
    expect((await office.post(`/api/surveys/responses/${fast.json().id}/review`, { decision: 'accepted' })).statusCode).toBe(200);
    expect((await office.post(`/api/surveys/responses/${bot.json().id}/review`, { decision: 'rejected' })).statusCode).toBe(200);
    const after = (await office.get(`/api/surveys/campaigns/${campaignId}/results`)).json();
    expect(x2(after).responses).toBe(x2(before).responses + 1);
    expect(after.pending).toBe(0);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'survey_response.review').execute();
    expect(audit).toHaveLength(2);
  });

  it('stores an offline batch once even when it is replayed twice', async () => {
    const interviewer = await t.login('dieutra');
    const bundle = (await interviewer.get('/api/surveys/interviewer/bundle')).json();
    expect(bundle.campaigns.map((c: { code: string }) => c.code)).toContain('T1');
    const batch = {
      device: 'tablet-07',
      responses: [
        { clientId: 'dev07-0001-aaaa', campaign: 'T1', unit: 'HL-X001', submittedAt: new Date(Date.now() - 3600_000).toISOString(), answers: { Q1: 5, Q2: 5, Q3: 4 } },
        { clientId: 'dev07-0002-bbbb', campaign: 'T1', unit: 'HL-X001', submittedAt: new Date(Date.now() - 3000_000).toISOString(), answers: { Q1: 2, Q3: 2 } },
        { clientId: 'dev07-0003-cccc', campaign: 'T1', unit: 'HL-X001', answers: { Q1: 9 } },
      ],
    };
    const before = (await office.get(`/api/surveys/campaigns/${campaignId}/progress`)).json();
    const first = (await interviewer.post('/api/surveys/interviewer/sync', batch)).json();
    expect(first.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'rejected']);
    expect(first.results[2].message).toContain('ngoài thang điểm');
    const second = (await interviewer.post('/api/surveys/interviewer/sync', batch)).json();
    expect(second.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate', 'rejected']);
    const after = (await office.get(`/api/surveys/campaigns/${campaignId}/progress`)).json();
    const x1 = (p: typeof after) => p.units.find((u: { code: string }) => u.code === 'HL-X001');
    expect(x1(after).responses).toBe(x1(before).responses + 2);
    expect(x1(after).byChannel.interviewer).toBe(2);
    // an interviewer cannot sync for a unit outside the campaign or use the back office
    expect((await interviewer.get(`/api/surveys/campaigns/${campaignId}/results`)).statusCode).toBe(403);
  });

  it('takes paper forms from staff, with partial answers', async () => {
    const res = await office.post('/api/surveys/paper', { clientId: cid(), campaign: 'T1', unit: 'HL-X002', answers: { Q3: 5 } });
    expect(res.statusCode, res.body).toBe(200);
    const p = (await office.get(`/api/surveys/campaigns/${campaignId}/progress`)).json();
    expect(p.units.find((u: { code: string }) => u.code === 'HL-X002').byChannel.paper).toBe(1);
    const commune = await t.login('daumoi.x001');
    expect((await commune.post('/api/surveys/paper', { clientId: cid(), campaign: 'T1', unit: 'HL-X001', answers: {} })).statusCode).toBe(403);
    // a unit-bound reader sees its own unit's results only
    const own = (await commune.get(`/api/surveys/campaigns/${campaignId}/results`)).json();
    expect(own.units.map((u: { code: string }) => u.code)).toEqual(['HL-X001']);
  });

  it('exports responses with stable columns and results as xlsx', async () => {
    await office.post('/api/surveys/forms', { ...tiny, questions: [...tiny.questions, { code: 'Q4', type: 'likert5', element: 2, text: 'Câu mới' }] });
    const csv = (await office.get(`/api/surveys/campaigns/${campaignId}/responses.csv`)).body;
    const header = csv.split('\n')[0];
    expect(header).toBe('response_id,form_code,unit_code,channel,submitted_at,Q1,Q2,Q3,GY0,GY1,Q4');
    const xlsx = await office.get(`/api/surveys/campaigns/${campaignId}/responses.xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const res = await office.get(`/api/surveys/campaigns/${campaignId}/results.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('prints a PDF sheet of counter QR codes', async () => {
    const res = await office.get(`/api/surveys/campaigns/${campaignId}/qr.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('feeds sociological points into a framework leaf of type survey', async () => {
    expect(leafFeeds.some((f) => f.kind === 'survey')).toBe(true);
    const forms = (await office.get('/api/surveys/forms')).json();
    const xhh = forms.find((f: { code: string }) => f.code === 'XHH-SO-2025');
    const c = await office.post('/api/surveys/campaigns', {
      code: 'XHH-T', name: 'XHH thử', formId: xhh.id, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`,
      channels: ['paper'], units: [{ unitCode: 'HL-STP', target: 3 }],
    });
    expect(c.statusCode, c.body).toBe(201);
    for (const a of ['A', 'B', 'C']) {
      const r = await office.post('/api/surveys/paper', { clientId: cid(), campaign: 'XHH-T', unit: 'HL-STP', answers: { 'XHH.1': a } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const feed = leafFeeds.find((f) => f.kind === 'survey')!;
    expect(feed).toBe(surveyLeafFeed);
    const values = await feed.resolve(t.ctx.db, {
      year,
      unitCodes: ['HL-STP', 'HL-X001'],
      leaves: [
        { itemCode: '8.2.1', maxPoints: 2, rule: { type: 'survey', source: 'sociological:XHH.1' } },
        { itemCode: '8.1', maxPoints: 5, rule: { type: 'survey', source: 'sipas:overall' } },
      ],
    });
    // (100 + 60 + 20) ÷ 3 = 60 % of the item's 2 points = 1.2
    const stp = values.get('HL-STP')!.get('8.2.1')!;
    expect(stp.value).toBe(60);
    expect(stp.provenance).toContain('XHH-T');
    expect(sociologicalPoints(stp.value, 2)).toBe(1.2);
    expect(surveyPointsForLeaf('sociological:XHH.1', 2, { sociological: { 'XHH.1': stp.value } })).toBe(1.2);
    // SIPAS reaches the commune's leaf from the latest campaign of the year measuring it
    const x1 = values.get('HL-X001')!.get('8.1')!;
    expect(x1.value).toBeGreaterThan(0);
    expect(x1.provenance).toMatch(/SIPAS chung/);
  });
  it('keeps the summary cells equal to the responses: a review moves a response in and out, a replayed batch adds once', async () => {
    const c = await office.post('/api/surveys/campaigns', {
      code: 'T2', name: 'Đợt thử ô tổng hợp', formId: (await office.get(`/api/surveys/campaigns/${campaignId}`)).json().formId,
      periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, channels: ['web', 'interviewer', 'paper'], units: [{ unitCode: 'HL-X001' }],
    });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    const post = (body: Record<string, unknown>) => submit({ campaign: 'T2', unit: 'HL-X001', clientId: cid(), ...body });
    const unit = async () => {
      const r = (await office.get(`/api/surveys/campaigns/${id}/results`)).json();
      const u = r.units[0];
      return { responses: u.responses, pending: r.pending, e1: [u.rows[0].index, u.rows[0].n], e2: [u.rows[1].index, u.rows[1].n] };
    };
    expect((await post({ answers: { Q1: 5, Q2: 4, Q3: 3 } })).json().status).toBe('stored');
    expect((await post({ answers: { Q1: 2, Q3: 4 } })).json().status).toBe('stored');
    const fast = (await post({ answers: { Q1: 4, Q2: 4, Q3: 4 }, startedAt: new Date().toISOString() })).json();
    // element 1: answers 5, 4, 2 → 2 of 3 satisfied; element 2: 3, 4 → 1 of 2; the flagged response waits
    expect(await unit()).toEqual({ responses: 2, pending: 1, e1: [66.67, 3], e2: [50, 2] });
    expect((await office.post(`/api/surveys/responses/${fast.id}/review`, { decision: 'accepted' })).statusCode).toBe(200);
    // accepted: element 1 gains 4, 4 → 4 of 5; element 2 gains 4 → 2 of 3
    expect(await unit()).toEqual({ responses: 3, pending: 0, e1: [80, 5], e2: [66.67, 3] });

    const interviewer = await t.login('dieutra');
    const batch = { device: 'tablet-t2', responses: [{ clientId: `t2-dev-${cid()}`, campaign: 'T2', unit: 'HL-X001', answers: { Q1: 1, Q2: 1, Q3: 1 } }] };
    expect((await interviewer.post('/api/surveys/interviewer/sync', batch)).json().results[0].status).toBe('stored');
    expect((await interviewer.post('/api/surveys/interviewer/sync', batch)).json().results[0].status).toBe('duplicate');
    // counted once: element 1 → 4 of 7; element 2 → 2 of 4
    expect(await unit()).toEqual({ responses: 4, pending: 0, e1: [57.14, 7], e2: [50, 4] });
    expect((await office.post('/api/surveys/paper', { clientId: cid(), campaign: 'T2', unit: 'HL-X001', answers: { Q3: 5 } })).statusCode).toBe(200);
    // paper: element 2 → 3 of 5
    expect(await unit()).toEqual({ responses: 5, pending: 0, e1: [57.14, 7], e2: [60, 5] });

    // a reviewer changes their mind: the accepted response leaves again (element 1: 5, 4, 2, 1, 1 → 2 of 5;
    // element 2: 3, 4, 1, 5 → 2 of 4); a rejected bot never enters
    expect((await office.post(`/api/surveys/responses/${fast.id}/review`, { decision: 'rejected' })).statusCode).toBe(200);
    const bot = (await post({ answers: { Q1: 5, Q2: 5, Q3: 5 }, hidden: { website: 'x' } })).json();
    expect((await office.post(`/api/surveys/responses/${bot.id}/review`, { decision: 'rejected' })).statusCode).toBe(200);
    expect(await unit()).toEqual({ responses: 4, pending: 0, e1: [40, 5], e2: [50, 4] });
    const p = (await office.get(`/api/surveys/campaigns/${id}/progress`)).json();
    // every stored response is tracked, the two rejected included: web 2 + fast + bot = 4, interviewer 1, paper 1
    expect(p.units[0]).toMatchObject({ responses: 6, pending: 0, rejected: 2, byChannel: { web: 4, interviewer: 1, paper: 1 } });

    // a response deleted straight in the database leaves the cells too
    await t.ctx.db.deleteFrom('survey_responses').where('campaign_id', '=', id).where('channel', '=', 'paper').execute();
    // element 2 back to 3, 4, 1 → 1 of 3
    expect(await unit()).toEqual({ responses: 3, pending: 0, e1: [40, 5], e2: [33.33, 3] });

    // every campaign of the database (the demo's included): the cells equal the sums over the responses
    const key = (x: { unitId: number; channel: string; month: string }) => `${x.unitId}|${x.channel}|${x.month}`;
    const sorted = <T extends { unitId: number; channel: string; month: string }>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const campaigns = await t.ctx.db.selectFrom('survey_campaigns').select('id').execute();
    for (const { id: cId } of campaigns) {
      expect(sorted(await sipasCounts(t.ctx.db, cId))).toEqual(sorted(await sipasCountsFromResponses(t.ctx.db, cId)));
      const direct = await t.ctx.db
        .selectFrom('survey_responses')
        .select(['unit_id', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', cId)
        .groupBy(['unit_id', 'channel'])
        .execute();
      const fromCells = new Map((await progressCounts(t.ctx.db, cId)).map((x) => [`${x.unit_id}|${x.channel}`, x.n]));
      expect(fromCells.size).toBe(direct.length);
      for (const d of direct) expect(fromCells.get(`${d.unit_id}|${d.channel}`)).toBe(Number(d.n));
    }
  });
});

describe(`the survey cells migration on ${testDatabaseKind()}`, () => {
  it('backfills the cells from the responses stored before it', async () => {
    const dir = new URL('../../src/db/migrations/', import.meta.url);
    const provider = {
      async getMigrations() {
        const out: Record<string, Migration> = {};
        for (const f of readdirSync(dir).filter((f) => /^\d{8}_\d{4}_.+\.ts$/.test(f)).sort()) out[f.replace(/\.ts$/, '')] = await import(new URL(f, dir).href);
        return out;
      },
    };
    const admin = process.env.TEST_DATABASE_URL;
    const name = `chiso_cells_${process.pid}_${Date.now().toString(36)}`;
    if (admin) {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`create database ${name}`);
      await c.end();
    }
    const d = admin ? await openDatabase({ url: admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) }) : await openDatabase({ dataDir: 'memory://' });
    try {
      // biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator takes Kysely<any> (migrations do not depend on the current schema types)
      const db = d.db as unknown as Kysely<any>;
      const migrator = new Migrator({ db, provider });
      const before = await migrator.migrateTo('20261121_0301_surveys');
      expect(before.error).toBeUndefined();
      await sql`
        insert into units (code, name, group_code) values ('C-A', 'Xã A', 'commune'), ('C-B', 'Xã B', 'commune');
        insert into survey_forms (code, version, title, unit_group, definition) values ('F', 1, 'Phiếu', 'commune', '{}');
        insert into survey_campaigns (code, name, form_id, period_start, period_end, channels)
          select 'C', 'Đợt', id, '2026-01-01', '2026-12-31', '{web,paper}' from survey_forms;`.execute(db);
      // hist slots: (element − 1) × 5 + (answer − 1); 2026-01-31 17:30 UTC is already February in Vietnam (UTC+7)
      const rows: [string, string, string, string, number[]][] = [
        ['C-A', 'web', '2026-01-10T03:00:00Z', 'ok', [4, 4]],
        ['C-A', 'web', '2026-01-31T17:30:00Z', 'ok', [0, 9]],
        ['C-A', 'paper', '2026-01-12T03:00:00Z', 'accepted', [4]],
        ['C-A', 'web', '2026-01-13T03:00:00Z', 'pending', [3]],
        ['C-B', 'web', '2026-01-14T03:00:00Z', 'rejected', [4]],
        ['C-B', 'web', '2026-01-15T03:00:00Z', 'ok', [1]],
      ];
      let i = 0;
      for (const [unit, channel, at, review, slots] of rows) {
        const hist = new Array<number>(25).fill(0);
        for (const s of slots) hist[s]++;
        await sql`insert into survey_responses (client_id, campaign_id, unit_id, channel, submitted_at, answers, hist, review)
          select ${`old-${++i}`}, c.id, u.id, ${channel}, ${at}::timestamptz, '{}'::jsonb, ${`{${hist.join(',')}}`}::smallint[], ${review}
          from survey_campaigns c, units u where c.code = 'C' and u.code = ${unit}`.execute(db);
      }
      const after = await migrator.migrateToLatest();
      expect(after.error).toBeUndefined();
      const cells = await sql<{ unit: string; channel: string; month: string; responses: number; pending: number; rejected: number; counted: number; h1: number; h5: number; h10: number; h2: number }>`
        select u.code as unit, x.channel, x.month::text as month, x.responses, x.pending, x.rejected, x.counted, x.h1, x.h2, x.h5, x.h10
        from survey_cells x join units u on u.id = x.unit_id order by 1, 2, 3`.execute(db);
      expect(cells.rows).toEqual([
        // A paper January: the accepted response (slot 4 → h5)
        { unit: 'C-A', channel: 'paper', month: '2026-01-01', responses: 1, pending: 0, rejected: 0, counted: 1, h1: 0, h2: 0, h5: 1, h10: 0 },
        // A web January: the ok one (slot 4 twice → h5 = 2) and the pending one (stored, not counted)
        { unit: 'C-A', channel: 'web', month: '2026-01-01', responses: 2, pending: 1, rejected: 0, counted: 1, h1: 0, h2: 0, h5: 2, h10: 0 },
        // A web February (Vietnam time): slots 0 and 9 → h1, h10
        { unit: 'C-A', channel: 'web', month: '2026-02-01', responses: 1, pending: 0, rejected: 0, counted: 1, h1: 1, h2: 0, h5: 0, h10: 1 },
        // B web January: one rejected (stored, not counted), one ok (slot 1 → h2)
        { unit: 'C-B', channel: 'web', month: '2026-01-01', responses: 2, pending: 0, rejected: 1, counted: 1, h1: 0, h2: 1, h5: 0, h10: 0 },
      ]);
      const campaign = await sql<{ id: number }>`select id from survey_campaigns where code = 'C'`.execute(db);
      const id = Number(campaign.rows[0].id);
      const key = (x: { unitId: number; channel: string; month: string }) => `${x.unitId}|${x.channel}|${x.month}`;
      const sorted = <T extends { unitId: number; channel: string; month: string }>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      expect(sorted(await sipasCounts(d.db, id))).toEqual(sorted(await sipasCountsFromResponses(d.db, id)));
    } finally {
      await d.close();
      if (admin) {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      }
    }
  });
});
