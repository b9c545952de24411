// The whole assessment workflow over the HTTP API on a tiny framework (test/fixtures/assessment/tiny-department.json)
// with two departments, HL-STP (demo users) and HL-STC (a head created here), and an injected clock that walks the
// timeline: self-assessment with evidence, submission rules and deadlines, appraisal, release, explanation, second
// review, the council's lock, then results, spreadsheets and the audit trail — every figure worked out by hand.
//
// The framework (max 19; bonus 3.3 and deduction 1.3 never count in the maximum):
//   area 1 (max 5): 1.1 binary 2 (evidence) · 1.2 tiered 3 / 2.25 / 1.5 / 0 · 1.3 deduction 0.5 each, max 1
//   area 2 (max 10): 2.1 ratio ≥100→4, ≥80→3, ≥50→1, ≥0→0 · 2.2 count 0.5 each, max 2 · 2.3 manual 2 (evidence) · 2.4 data 2
//   area 3 (max 4): 3.1 survey 3 · 3.2 binary 1 (N/A allowed) · 3.3 bonus 0.5 each, max 1
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/formats/csv';
import { rowCounts } from '../security/db-counts';
import { minimalPdf } from '../helpers/pdf';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';

const fixture = readFileSync(new URL('../fixtures/assessment/tiny-department.json', import.meta.url));

const PDF = minimalPdf();

// The timeline (Vietnam time = UTC+7).
const T = {
  selfOpensAt: '2027-01-05T08:00:00+07:00',
  selfClosesAt: '2027-01-31T17:00:00+07:00',
  appraisalClosesAt: '2027-02-20T17:00:00+07:00',
  explanationOpensAt: '2027-02-21T08:00:00+07:00',
  explanationClosesAt: '2027-03-05T17:00:00+07:00',
  secondReviewClosesAt: '2027-03-15T17:00:00+07:00',
  publicationAt: '2027-03-25T08:00:00+07:00',
};
let now = new Date('2027-01-10T09:00:00+07:00');
const at = (s: string) => {
  now = new Date(s);
};

let t: TestApp;
let office: Client; // cchc
let appraiser: Client; // thamdinh
let council: Client; // hoidong
let focalA: Client; // daumoi.stp
let headA: Client; // thutruong.stp
let headB: Client; // thutruong.stc (created here)
let outsider: Client; // daumoi.x001: a commune, not in the cycle
let frameworkId: number;
let cycleId: number;
let A: number; // HL-STP
let B: number; // HL-STC
let pdfFileId: number;

const leafUrl = (unit: number, code: string, what: string) => `/api/cycles/${cycleId}/units/${unit}/leaves/${encodeURIComponent(code)}/${what}`;
const selfPut = (c: Client, unit: number, code: string, body: Record<string, unknown>) => c.put(leafUrl(unit, code, 'self'), body);
const assessment = async (c: Client, unit: number) => {
  const res = await c.get(`/api/cycles/${cycleId}/units/${unit}/assessment`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { status: string; contentVisible: boolean; progress: { done: number; total: number }; leaves: Leaf[] };
};
interface StageDto {
  value: string | null;
  points: number | null;
  na: boolean;
  note: string | null;
  computedPoints: number | null;
}
interface Leaf {
  code: string;
  self: StageDto | null;
  appraised: StageDto | null;
  explained: StageDto | null;
  final: StageDto | null;
  adjusted: boolean;
  files: { id: number; name: string }[];
}
const leafOf = (a: { leaves: Leaf[] }, code: string) => a.leaves.find((l) => l.code === code)!;

function filesOnDisk(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(t.ctx.filesDir);
  return out.sort();
}

async function scoreRow(unit: number, code: string, stage: 'self' | 'appraised' | 'explained' | 'final') {
  return t.ctx.db
    .selectFrom('assessment_scores')
    .select(['value', 'points', 'na', 'note'])
    .where('cycle_id', '=', cycleId)
    .where('unit_id', '=', unit)
    .where('item_code', '=', code)
    .where('stage', '=', stage)
    .executeTakeFirst();
}

beforeAll(async () => {
  t = await createTestApp({ demo: 'units', clock: () => now });
  const units = await t.ctx.db.selectFrom('units').select(['id', 'code']).where('code', 'in', ['HL-STP', 'HL-STC']).execute();
  A = units.find((u) => u.code === 'HL-STP')!.id;
  B = units.find((u) => u.code === 'HL-STC')!.id;
  const admin = await t.login('admin');
  const u = await admin.post('/api/users', { username: 'thutruong.stc', displayName: 'Thủ trưởng Sở Tài chính', password: 'stc-password-123', grants: [{ role: 'unit_head', unitId: B }] });
  expect(u.statusCode, u.body).toBe(201);
  [office, appraiser, council, focalA, headA, outsider] = await Promise.all(['cchc', 'thamdinh', 'hoidong', 'daumoi.stp', 'thutruong.stp', 'daumoi.x001'].map((n) => t.login(n)));
  headB = await t.login('thutruong.stc', 'stc-password-123');
});
afterAll(async () => {
  await t?.close();
});

describe(`assessment workflow over the API on ${testDatabaseKind()}`, () => {
  it('imports and publishes the tiny framework, creates the cycle and opens self-assessment', async () => {
    const f = await office.upload('/api/frameworks/import', 'tiny-department.json', fixture);
    expect(f.statusCode, f.body).toBe(201);
    frameworkId = f.json().id;
    const body = {
      name: 'Kỳ thử nghiệm 2026',
      year: 2026,
      frameworks: [{ unitGroup: 'department', frameworkId }],
      unitCodes: ['HL-STP', 'HL-STC'],
      timeline: T,
    };
    const c = await office.post('/api/cycles', body);
    expect(c.statusCode, c.body).toBe(201);
    cycleId = c.json().id;
    expect(c.json()).toMatchObject({ state: 'draft', unitCount: 2, submittedCount: 0, frameworks: [{ unitGroup: 'department', code: 'T-SO-2026', leafCount: 10 }] });
    // a draft framework cannot open a cycle
    const early = await office.post(`/api/cycles/${cycleId}/advance`, { to: 'self_assessment' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('T-SO-2026');
    expect((await office.post(`/api/frameworks/${frameworkId}/publish`)).statusCode).toBe(200);
    const open = await office.post(`/api/cycles/${cycleId}/advance`, { to: 'self_assessment' });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json().state).toBe('self_assessment');
  });

  it('the focal point declares values and the rule computes the points', async () => {
    // [leaf, body, points by the rule]
    const cases: [string, Record<string, unknown>, number][] = [
      ['1.1', { value: 'yes' }, 2], // binary yes → max 2
      ['1.2', { value: 'Phần lớn' }, 2.25], // tier "Phần lớn" = 2.25 (75 % of 3)
      ['1.3', { value: '1' }, -0.5], // 1 occurrence × 0.5 deducted
      ['2.1', { value: '90' }, 3], // 90 % ≥ 80 → 3 (highest matching threshold)
      ['2.1', { value: '85' }, 3], // changed: 85 % ≥ 80 → 3
      ['2.2', { value: '3' }, 1.5], // 3 × 0.5 = 1.5 ≤ cap 2
      ['2.3', { points: 1.5 }, 1.5], // manual: typed points
      ['3.2', { na: true }, 0], // not applicable: leaves the maximum
      ['3.3', { value: '2' }, 1], // bonus 2 × 0.5 = 1 = cap 1
    ];
    for (const [code, body, points] of cases) {
      const res = await selfPut(focalA, A, code, body);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(200);
      expect(res.json().computedPoints, code).toBe(points);
    }
    // a capped count: 5 × 0.5 = 2.5 → capped at 2 (on B, by its head)
    const b: [string, Record<string, unknown>, number][] = [
      ['1.1', { value: true, explanation: 'Kế hoạch số 12/KH-STC ngày 05/01/2026, bản giấy lưu tại văn thư' }, 2],
      ['1.2', { value: 'Đầy đủ' }, 3],
      ['1.3', { value: '0' }, 0],
      ['2.1', { value: '100%' }, 4], // "100%" with the sign is read as 100 → 4
      ['2.2', { value: '5' }, 2], // 5 × 0.5 = 2.5 capped at 2
      ['2.3', { points: 2, explanation: 'Biên bản rà soát số 3/BB-STC' }, 2],
      ['3.2', { value: 'no' }, 0],
      ['3.3', { value: '3' }, 1], // bonus 3 × 0.5 = 1.5 capped at 1
    ];
    for (const [code, body, points] of b) {
      const res = await selfPut(headB, B, code, body);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(200);
      expect(res.json().computedPoints, code).toBe(points);
    }
    // data and survey leaves are fed, never self-scored
    for (const code of ['2.4', '3.1']) {
      const res = await selfPut(focalA, A, code, { value: '100' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(`"${code}"`);
    }
    const progress = (await focalA.get(`/api/cycles/${cycleId}/progress`)).json();
    expect(progress).toEqual([expect.objectContaining({ unitCode: 'HL-STP', status: 'draft', done: 8, total: 8 })]);
    const all = (await office.get(`/api/cycles/${cycleId}/progress`)).json();
    expect(all.map((p: { unitCode: string; done: number; total: number }) => [p.unitCode, p.done, p.total])).toEqual([
      ['HL-STC', 8, 8],
      ['HL-STP', 8, 8],
    ]);
  });

  it('refuses bad input naming the leaf, and writes nothing', async () => {
    const before = await rowCounts(t.ctx.db);
    const disk = filesOnDisk();
    const bad: [string, Record<string, unknown>, number][] = [
      ['2.3', { points: 2.5 }, 400], // above the max 2
      ['2.3', { points: -1 }, 400], // below the floor 0
      ['1.3', { points: -0.5 }, 400], // points typed on a rule that computes them (deduction)
      ['1.1', { value: 'maybe' }, 400], // binary takes yes/no
      ['1.2', { value: 'Xuất sắc' }, 400], // not a tier label
      ['2.1', { value: 'tám mươi' }, 400], // ratio takes a percentage
      ['2.2', { value: '2.5' }, 400], // count takes a whole number
      ['2.2', { value: '-1' }, 400],
      ['1.1', { na: true }, 400], // N/A not allowed on 1.1
      ['3.2', { na: true, value: 'yes' }, 400], // N/A with a value
      ['2.3', { value: '1', points: 1 }, 400], // both value and points
      ['9.9', { value: 'yes' }, 404], // unknown item code
    ];
    for (const [code, body, status] of bad) {
      const res = await selfPut(focalA, A, code, body);
      expect(res.statusCode, `${code} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.json().message, `${code} ${JSON.stringify(body)}`).toContain(`"${code}"`);
    }
    const uploads: [string, string, Buffer, number][] = [
      ['executable renamed .pdf', 'ke-hoach.pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(300, 0)]), 415],
      ['a name with a path', '../../../etc/ke-hoach.pdf', PDF, 400],
      ['a Windows path', 'C:\\Users\\a\\ke-hoach.pdf', PDF, 400],
      ['an empty file', 'ke-hoach.pdf', Buffer.alloc(0), 400],
      ['a PDF named .docx', 'ke-hoach.docx', PDF, 415],
    ];
    for (const [label, name, bytes, status] of uploads) {
      const res = await focalA.upload(leafUrl(A, '1.1', 'files'), name, bytes);
      expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
      expect(res.json().message, label).toContain('"1.1"');
    }
    const unknownLeaf = await focalA.upload(leafUrl(A, '9.9', 'files'), 'ke-hoach.pdf', PDF);
    expect(unknownLeaf.statusCode).toBe(404);
    expect(unknownLeaf.json().message).toContain('"9.9"');
    expect(await rowCounts(t.ctx.db)).toEqual(before);
    expect(filesOnDisk()).toEqual(disk);
    // the stored declarations are those of the previous test
    expect(await scoreRow(A, '2.3', 'self')).toMatchObject({ value: null, points: 1.5, na: false });
  });

  it('a unit cannot read or change another unit’s draft; the office sees only progress until submission', async () => {
    for (const c of [headB, outsider]) {
      const read = await c.get(`/api/cycles/${cycleId}/units/${A}/assessment`);
      expect([403, 404], read.body).toContain(read.statusCode);
      const write = await selfPut(c, A, '2.1', { value: '100' });
      expect([403, 404], write.body).toContain(write.statusCode);
    }
    const up = await focalA.upload(leafUrl(A, '1.1', 'files'), 'ke-hoach-cchc-2026.pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ itemCode: '1.1', stage: 'self', name: 'ke-hoach-cchc-2026.pdf', mime: 'application/pdf', size: PDF.length });
    pdfFileId = up.json().id;
    const mine = await focalA.get(`/api/evidence/${pdfFileId}`);
    expect(mine.statusCode).toBe(200);
    expect(Buffer.compare(mine.rawPayload, PDF)).toBe(0);
    // another unit, and the office before submission, do not get the draft's file
    expect((await headB.get(`/api/evidence/${pdfFileId}`)).statusCode).toBe(404);
    expect((await office.get(`/api/evidence/${pdfFileId}`)).statusCode).toBe(404);
    const seen = await assessment(office, A);
    expect(seen.contentVisible).toBe(false);
    expect(seen.leaves.every((l) => l.self === null && l.files.length === 0)).toBe(true);
    expect(seen.progress).toEqual({ done: 8, total: 8 });
  });

  it('a leaf requiring evidence without a file or an explanation blocks submission, naming the leaf', async () => {
    // 1.1 now has its PDF; 2.3 (evidence required) has neither file nor explanation
    const res = await headA.post(`/api/cycles/${cycleId}/units/${A}/submit`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('"2.3"');
    expect(res.json().message).not.toContain('"1.1"');
    expect(res.json().details).toEqual([{ itemCode: '2.3', message: expect.stringContaining('tài liệu kiểm chứng') }]);
    // the focal point cannot submit: that is the head's
    expect((await focalA.post(`/api/cycles/${cycleId}/units/${A}/submit`)).statusCode).toBe(403);
    const fix = await selfPut(focalA, A, '2.3', { points: 1.5, explanation: 'Đã rà soát 45 thủ tục; báo cáo số 7/BC-STP gửi kèm bản giấy' });
    expect(fix.statusCode, fix.body).toBe(200);
    const b = await headB.post(`/api/cycles/${cycleId}/units/${B}/submit`);
    expect(b.statusCode, b.body).toBe(200);
  });

  it('withdraw and resubmit before the deadline; after it the submission is refused until the office extends it', async () => {
    at('2027-01-20T10:00:00+07:00');
    const submit = () => headA.post(`/api/cycles/${cycleId}/units/${A}/submit`);
    const withdraw = () => headA.post(`/api/cycles/${cycleId}/units/${A}/withdraw`);
    expect((await submit()).json()).toMatchObject({ status: 'submitted' });
    const locked = await selfPut(focalA, A, '2.2', { value: '4' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().message).toContain('rút lại');
    expect((await withdraw()).json()).toEqual({ status: 'draft', submittedAt: null });
    expect((await selfPut(focalA, A, '2.2', { value: '3' })).statusCode).toBe(200);
    expect((await submit()).statusCode).toBe(200);
    expect((await withdraw()).statusCode).toBe(200);

    at('2027-02-01T09:00:00+07:00'); // past 17:00 on 31/01/2027
    const late = await submit();
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'deadline_passed', message: 'Đã hết hạn tự đánh giá (hạn chót 17:00 ngày 31/01/2027)' });
    expect((await selfPut(focalA, A, '2.2', { value: '3' })).json().code).toBe('deadline_passed');
    // deadlines are extended in practice: the office moves the closing time, and the head submits again
    const ext = await office.patch(`/api/cycles/${cycleId}`, { timeline: { ...T, selfClosesAt: '2027-02-05T17:00:00+07:00' } });
    expect(ext.statusCode, ext.body).toBe(200);
    const ok = await submit();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ status: 'submitted', submittedAt: '2027-02-01T02:00:00.000Z' });
    expect((await office.get(`/api/cycles/${cycleId}`)).json()).toMatchObject({ submittedCount: 2 });
  });

  it('the appraiser sees the queue, cannot change a self-score, adjusts leaves with a comment', async () => {
    const open = await office.post(`/api/cycles/${cycleId}/advance`, { to: 'appraisal' });
    expect(open.statusCode, open.body).toBe(200);
    at('2027-02-10T09:00:00+07:00');
    const q = (await appraiser.get(`/api/cycles/${cycleId}/appraisal-queue`)).json();
    // B submitted on 10/01, A on 01/02; 8 own leaves each (2.4 and 3.1 are fed)
    expect(q.map((u: { unitCode: string; reviewed: number; total: number }) => [u.unitCode, u.reviewed, u.total])).toEqual([
      ['HL-STC', 0, 8],
      ['HL-STP', 0, 8],
    ]);
    expect((await focalA.get(`/api/cycles/${cycleId}/appraisal-queue`)).statusCode).toBe(403);

    const selfBefore = await scoreRow(A, '2.1', 'self');
    const change = await selfPut(appraiser, A, '2.1', { value: '100' });
    expect(change.statusCode).toBe(403);
    expect(await scoreRow(A, '2.1', 'self')).toEqual(selfBefore);

    const noComment = await appraiser.put(leafUrl(A, '2.1', 'appraisal'), { action: 'adjust', value: '75' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().message).toContain('"2.1"');
    const over = await appraiser.put(leafUrl(A, '2.3', 'appraisal'), { action: 'adjust', points: 3, comment: 'quá' });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toContain('"2.3"');
    const fed = await appraiser.put(leafUrl(A, '2.4', 'appraisal'), { action: 'adjust', value: '50', comment: 'x' });
    expect(fed.statusCode).toBe(400);
    expect(fed.json().message).toContain('"2.4"');

    const adj21 = await appraiser.put(leafUrl(A, '2.1', 'appraisal'), { action: 'adjust', value: '75', comment: 'Sổ theo dõi cho thấy tỷ lệ đúng hạn 75%' });
    expect(adj21.statusCode, adj21.body).toBe(200);
    expect(adj21.json()).toMatchObject({ value: '75', computedPoints: 1 }); // 75 % ≥ 50 → 1
    const adj12 = await appraiser.put(leafUrl(A, '1.2', 'appraisal'), { action: 'adjust', value: 'Một phần', comment: 'Còn 3 nhiệm vụ chưa hoàn thành' });
    expect(adj12.json()).toMatchObject({ computedPoints: 1.5 });
    for (const code of ['1.1', '1.3', '2.2', '2.3', '3.2', '3.3']) {
      const res = await appraiser.put(leafUrl(A, code, 'appraisal'), { action: 'confirm' });
      expect(res.statusCode, `${code}: ${res.body}`).toBe(200);
    }
    expect(await scoreRow(A, '2.1', 'self')).toEqual(selfBefore);
    const q2 = (await appraiser.get(`/api/cycles/${cycleId}/appraisal-queue`)).json();
    expect(q2.find((u: { unitCode: string }) => u.unitCode === 'HL-STP').reviewed).toBe(8);
    // the appraiser now sees the self content and the file
    const seen = await assessment(appraiser, A);
    expect(seen.contentVisible).toBe(true);
    expect(leafOf(seen, '1.1').files.map((f) => f.name)).toEqual(['ke-hoach-cchc-2026.pdf']);
    expect((await appraiser.get(`/api/evidence/${pdfFileId}`)).statusCode).toBe(200);
  });

  it('the unit sees no adjustment before release', async () => {
    const a = await assessment(focalA, A);
    expect(a.leaves.every((l) => l.appraised === null && l.final === null && !l.adjusted)).toBe(true);
    expect(leafOf(a, '2.1').self).toMatchObject({ value: '85', computedPoints: 3 });
    // results are the office's until the council locks them
    const early = await headA.get(`/api/cycles/${cycleId}/results`);
    expect([403, 409]).toContain(early.statusCode);
    expect(early.json().message).toContain('chưa được Hội đồng chốt');
  });

  it('the council’s spreadsheet: scores.csv import is atomic with row-numbered errors', async () => {
    const before = await rowCounts(t.ctx.db);
    const badCsv = [
      'unit_code,item_code,stage,value,points,na,note',
      'HL-STC,1.1,appraised,yes,,,',
      'HL-STC,9.9,appraised,,1,,', // row 3: unknown item
      'HL-STC,2.3,appraised,,2.5,,', // row 4: above max 2
      'HL-STC,1.2,self,Đầy đủ,,,', // row 5: self-scores are the unit's
      'HL-SNV,1.1,appraised,yes,,,', // row 6: not in the cycle
      'HL-STC,1.1,appraised,,,1,', // row 7: N/A not allowed on 1.1
      'HL-STC,2.2,appraised,2.5,,,', // row 8: a count must be whole
      'HL-STC,2.4,appraised,,2,,', // row 9: 2.4 takes its points from the one-stop data, as on the appraisal screen
    ].join('\n');
    const res = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', badCsv);
    expect(res.statusCode, res.body).toBe(400);
    const details = res.json().details as { row: number; field: string; message: string }[];
    expect([...new Set(details.map((d) => d.row))]).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const msg = (row: number) => details.filter((d) => d.row === row).map((d) => d.message).join(' | ');
    expect(msg(3)).toContain('9.9');
    expect(msg(4)).toContain('2.3');
    expect(msg(5)).toContain('self');
    expect(msg(6)).toContain('HL-SNV');
    expect(msg(7)).toContain('1.1');
    expect(msg(8)).toContain('2.2');
    expect(msg(9)).toBe('tiêu chí "2.4" lấy điểm từ dữ liệu/khảo sát, không nhập điểm thẩm định qua tệp');
    expect(await rowCounts(t.ctx.db)).toEqual(before);

    // B's appraisal confirms its self-scores, through the spreadsheet
    const good = [
      'unit_code,item_code,stage,value,points,na,note',
      'HL-STC,1.1,appraised,yes,,,Đã đối chiếu bản giấy',
      'HL-STC,1.2,appraised,Đầy đủ,,,',
      'HL-STC,1.3,appraised,0,,,',
      'HL-STC,2.1,appraised,100,,,',
      'HL-STC,2.2,appraised,5,,,',
      'HL-STC,2.3,appraised,,2,,',
      'HL-STC,3.2,appraised,no,,,',
      'HL-STC,3.3,appraised,3,,,',
    ].join('\n');
    const ok = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ rows: 8 });
    expect(await scoreRow(B, '1.1', 'appraised')).toEqual({ value: 'yes', points: null, na: false, note: 'Đã đối chiếu bản giấy' });
    expect(await scoreRow(B, '2.3', 'appraised')).toEqual({ value: null, points: 2, na: false, note: null });
  });

  it('after release the unit sees the adjustments and explains them before the deadline', async () => {
    at('2027-02-21T09:00:00+07:00');
    // the appraisal window closed yesterday at 17:00: the spreadsheet can no longer change an appraisal either
    const closed = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', 'unit_code,item_code,stage,value,points,na,note\nHL-STC,2.2,appraised,4,,,\n');
    expect(closed.statusCode, closed.body).toBe(400);
    expect(closed.json().details).toEqual([
      { row: 2, field: 'stage', message: 'điểm thẩm định (appraised) của "2.2" không nhập được: Đã hết hạn thẩm định (hạn chót 17:00 ngày 20/02/2027)' },
    ]);
    const rel = await office.post(`/api/cycles/${cycleId}/advance`, { to: 'explanation' });
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json().releasedAt).toBe('2027-02-21T02:00:00.000Z');
    const a = await assessment(focalA, A);
    expect(leafOf(a, '2.1')).toMatchObject({ adjusted: true, appraised: { value: '75', computedPoints: 1, note: 'Sổ theo dõi cho thấy tỷ lệ đúng hạn 75%' } });
    expect(leafOf(a, '1.2')).toMatchObject({ adjusted: true, appraised: { value: 'Một phần', computedPoints: 1.5 } });
    expect(a.leaves.filter((l) => l.adjusted).map((l) => l.code)).toEqual(['1.2', '2.1']);

    const notAdjusted = await headA.put(leafUrl(A, '1.1', 'explanation'), { text: 'Không cần' });
    expect(notAdjusted.statusCode).toBe(409);
    expect(notAdjusted.json().message).toContain('"1.1"');
    expect((await focalA.put(leafUrl(A, '2.1', 'explanation'), { text: 'x' })).statusCode).toBe(403); // the head explains
    expect((await headB.put(leafUrl(A, '2.1', 'explanation'), { text: 'x' })).statusCode).toBe(403);
    // no new evidence in this cycle's explanation round
    const file = await headA.upload(leafUrl(A, '2.1', 'explanation/files'), 'so-theo-doi.pdf', PDF);
    expect(file.statusCode).toBe(409);

    const e21 = await headA.put(leafUrl(A, '2.1', 'explanation'), { text: 'Sổ một cửa ghi 80% (160/200 hồ sơ) đúng hạn', value: '80' });
    expect(e21.statusCode, e21.body).toBe(200);
    expect(e21.json()).toMatchObject({ value: '80', computedPoints: 3 }); // 80 % ≥ 80 → 3 (inclusive)
    const e12 = await headA.put(leafUrl(A, '1.2', 'explanation'), { text: 'Ba nhiệm vụ đã xong trong tháng 12', value: 'Phần lớn' });
    expect(e12.json()).toMatchObject({ computedPoints: 2.25 });

    // The office's spreadsheet does no more than the screens: in the explanation phase it changes no
    // appraisal and sets no final score; a row equal to the stored appraisal changes nothing and passes.
    const before = await rowCounts(t.ctx.db);
    const changed = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', 'unit_code,item_code,stage,value,points,na,note\nHL-STC,2.3,appraised,,2,,\nHL-STC,2.2,appraised,4,,,\nHL-STC,2.2,final,4,,,\n');
    expect(changed.statusCode, changed.body).toBe(400);
    expect(changed.json().details).toEqual([
      { row: 3, field: 'stage', message: 'điểm thẩm định (appraised) của "2.2" không nhập được: Kỳ đánh giá đang ở giai đoạn "Giải trình", không phải giai đoạn thẩm định' },
      { row: 4, field: 'stage', message: 'điểm cuối cùng (final) của "2.2" không nhập được: Kỳ đánh giá đang ở giai đoạn "Giải trình", không phải giai đoạn thẩm định lại' },
    ]);
    expect(await rowCounts(t.ctx.db)).toEqual(before);
    expect(await scoreRow(B, '2.2', 'appraised')).toEqual({ value: '5', points: null, na: false, note: null });
    const same = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', 'unit_code,item_code,stage,value,points,na,note\nHL-STC,2.3,appraised,,2,,\n');
    expect(same.statusCode, same.body).toBe(200);
    expect(await scoreRow(B, '2.3', 'appraised')).toEqual({ value: null, points: 2, na: false, note: null });

    at('2027-03-06T09:00:00+07:00');
    const late = await headA.put(leafUrl(A, '2.1', 'explanation'), { text: 'muộn', value: '100' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'deadline_passed', message: 'Đã hết hạn giải trình (hạn chót 17:00 ngày 05/03/2027)' });
  });

  it('second review sets the final scores; the export round-trips through the import', async () => {
    const open = await office.post(`/api/cycles/${cycleId}/advance`, { to: 'second_review' });
    expect(open.statusCode, open.body).toBe(200);
    const accept = await appraiser.put(leafUrl(A, '2.1', 'review'), { action: 'accept' });
    expect(accept.json()).toMatchObject({ stage: 'final', value: '80', computedPoints: 3 });
    const keep = await appraiser.put(leafUrl(A, '1.2', 'review'), { action: 'keep', comment: 'Giữ điểm thẩm định: chưa có minh chứng' });
    expect(keep.json()).toMatchObject({ stage: 'final', value: 'Một phần', computedPoints: 1.5 });

    const exp = await office.get(`/api/cycles/${cycleId}/scores/export`);
    expect(exp.statusCode).toBe(200);
    const csv = exp.body.replace(/^\uFEFF/, '');
    const { header, rows } = parseCsvRows(csv);
    expect(header).toEqual(['unit_code', 'item_code', 'stage', 'value', 'points', 'na', 'note']);
    // 8 self + 8 appraised for each unit, and A's 2 final rows
    expect(rows.length).toBe(34);
    expect(rows.filter((r) => r[0] === 'HL-STP' && r[1] === '2.1')).toEqual([
      ['HL-STP', '2.1', 'appraised', '75', '', '', 'Sổ theo dõi cho thấy tỷ lệ đúng hạn 75%'],
      ['HL-STP', '2.1', 'final', '80', '', '', ''],
      ['HL-STP', '2.1', 'self', '85', '', '', ''],
    ]);
    expect(rows.find((r) => r[0] === 'HL-STP' && r[1] === '3.2' && r[2] === 'self')).toEqual(['HL-STP', '3.2', 'self', '', '', '1', '']);
    expect(rows.find((r) => r[0] === 'HL-STC' && r[1] === '2.3' && r[2] === 'appraised')).toEqual(['HL-STC', '2.3', 'appraised', '', '2', '', '']);
    // re-importing the exported appraised/final rows changes no score
    const snapshot = await t.ctx.db.selectFrom('assessment_scores').select(['unit_id', 'item_code', 'stage', 'value', 'points', 'na', 'note']).where('cycle_id', '=', cycleId).orderBy(['unit_id', 'item_code', 'stage']).execute();
    const back = [header.join(','), ...csv.split(/\r?\n/).slice(1).filter((l) => l && !/^[^,]*,[^,]*,self,/.test(l))].join('\n');
    const re = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', back);
    expect(re.statusCode, re.body).toBe(200);
    expect(re.json()).toEqual({ rows: 18 });
    const after = await t.ctx.db.selectFrom('assessment_scores').select(['unit_id', 'item_code', 'stage', 'value', 'points', 'na', 'note']).where('cycle_id', '=', cycleId).orderBy(['unit_id', 'item_code', 'stage']).execute();
    expect(after).toEqual(snapshot);

    // the same through Excel: the .xlsx export has the scores.csv header; without its self rows it imports back unchanged
    const xlsx = await office.get(`/api/cycles/${cycleId}/scores/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['unit_code', 'item_code', 'stage', 'value', 'points', 'na', 'note']);
    expect(ws.actualRowCount).toBe(1 + 34);
    for (let i = ws.rowCount; i >= 2; i--) if (ws.getRow(i).getCell(3).value === 'self') ws.spliceRows(i, 1);
    const xre = await office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(xre.statusCode, xre.body).toBe(200);
    expect(xre.json()).toEqual({ rows: 18 });
    const afterXlsx = await t.ctx.db.selectFrom('assessment_scores').select(['unit_id', 'item_code', 'stage', 'value', 'points', 'na', 'note']).where('cycle_id', '=', cycleId).orderBy(['unit_id', 'item_code', 'stage']).execute();
    expect(afterXlsx).toEqual(snapshot);
  });

  it('the council finalises and locks', async () => {
    expect((await appraiser.post(`/api/cycles/${cycleId}/finalize`)).statusCode).toBe(403);
    expect((await office.post(`/api/cycles/${cycleId}/advance`, { to: 'finalized' })).statusCode).toBe(409);
    const fin = await council.post(`/api/cycles/${cycleId}/finalize`);
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json()).toMatchObject({ state: 'finalized', locked: true, lockedAt: '2027-03-06T02:00:00.000Z' });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['after', 'actor_name']).where('action', '=', 'cycles.finalize').where('entity_id', '=', String(cycleId)).executeTakeFirstOrThrow();
    // final rows copied at the lock: A's 6 own leaves without a review + B's 8; fed leaves 2.4/3.1 have no value
    expect(audit.after).toMatchObject({ locked: true, finalRowsAdded: 14 });
    expect(await scoreRow(A, '1.1', 'final')).toEqual({ value: 'yes', points: null, na: false, note: null });
    expect(await scoreRow(A, '3.2', 'final')).toEqual({ value: null, points: null, na: true, note: null });
    expect(await scoreRow(A, '2.4', 'final')).toBeUndefined();
  });

  it('results show points, maximum, percent, band, ranks, gaps and pending points as computed by hand', async () => {
    const res = await office.get(`/api/cycles/${cycleId}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.cycle).toMatchObject({ locked: true, provisional: false });
    expect(r.groups).toHaveLength(1);
    const g = r.groups[0];
    // 2.4 (2) + 3.1 (3) pending in each unit: 5 + 5
    expect(g.pendingPoints).toBe(10);
    expect(g.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['HL-STC', 'HL-STP']);
    const [b, a] = g.units;
    // B: area 1 = 2 + 3 + 0 = 5 / 5; area 2 = 4 + 2 + 2 + 0 (2.4 pending) = 8 / 10; area 3 = 0 (3.1 pending) + 0 + 1 bonus = 1 / 4
    //    total 14 / 19 = 73.684… → 73.68 % → Khá (≥ 65)
    expect(b).toMatchObject({
      points: 14,
      maxPoints: 19,
      percent: 73.68,
      band: 'Khá',
      rank: 1,
      of: 2,
      pendingPoints: 5,
      pendingItems: ['2.4', '3.1'],
      selfPoints: 14,
      gapPoints: 0,
      previous: null,
      change: null,
    });
    // A: area 1 = 2 + 1.5 (kept) − 0.5 = 3 / 5 = 60 %; area 2 = 3 (80 % accepted) + 1.5 + 1.5 + 0 = 6 / 10 = 60 %;
    //    area 3 = 0 + N/A + 1 = 1 / 3 (3.2 left the maximum) = 33.33 %; total 10 / 18 = 55.555… → 55.56 % → Trung bình
    //    self: 2 + 2.25 − 0.5 + 3 + 1.5 + 1.5 + 1 = 10.75 / 18 = 59.72 %; gap 10 − 10.75 = −0.75
    expect(a).toMatchObject({
      points: 10,
      maxPoints: 18,
      percent: 55.56,
      band: 'Trung bình',
      rank: 2,
      of: 2,
      pendingPoints: 5,
      pendingItems: ['2.4', '3.1'],
      selfPoints: 10.75,
      selfPercent: 59.72,
      gapPoints: -0.75,
      // 60 % and 60 % in code order; area 3 is not judged: its whole maximum (3.1, 3 points) is still pending
      weakestAreas: ['1', '2'],
    });
    const areas = (u: { areas: { code: string; points: number; maxPoints: number; percent: number; rank: number; pendingPoints: number }[] }) =>
      u.areas.map((x) => [x.code, x.points, x.maxPoints, x.percent, x.rank, x.pendingPoints]);
    // per-area ranks: B leads areas 1 (100 > 60) and 2 (80 > 60), A leads area 3 (33.33 > 25)
    expect(areas(b)).toEqual([
      ['1', 5, 5, 100, 1, 0],
      ['2', 8, 10, 80, 1, 2],
      ['3', 1, 4, 25, 2, 3],
    ]);
    expect(areas(a)).toEqual([
      ['1', 3, 5, 60, 2, 0],
      ['2', 6, 10, 60, 2, 2],
      ['3', 1, 3, 33.33, 1, 3],
    ]);

    const unit = (await office.get(`/api/cycles/${cycleId}/results/units/${A}`)).json();
    const item = (code: string) => unit.items.find((i: { code: string }) => i.code === code);
    expect(item('2.1')).toMatchObject({ self: 3, appraised: 1, explained: 3, final: 3, points: 3, gap: 0 });
    expect(item('1.2')).toMatchObject({ self: 2.25, appraised: 1.5, explained: 2.25, final: 1.5, points: 1.5, gap: -0.75 });
    expect(item('3.2')).toMatchObject({ na: true, countedMax: 0, points: 0 });
    expect(item('3.3')).toMatchObject({ ruleType: 'bonus', countedMax: 0, points: 1 });
    expect(item('1.3')).toMatchObject({ ruleType: 'deduction', countedMax: 0, points: -0.5 });
    expect(item('2.4')).toMatchObject({ pending: true, points: 0, countedMax: 2, self: null, final: null, gap: null });
    expect(item('3.1')).toMatchObject({ pending: true, points: 0, countedMax: 3 });

    // once locked, the unit, and a viewer, read the results too
    expect((await headA.get(`/api/cycles/${cycleId}/results/units/${A}`)).json()).toMatchObject({ points: 10, percent: 55.56 });
    expect((await (await t.login('xem')).get(`/api/cycles/${cycleId}/results`)).statusCode).toBe(200);

    // results.csv: the columns of formats.md, rows in rank order
    const csv = await office.get(`/api/cycles/${cycleId}/results.csv?group=department`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual([
      'unit_code,unit_name,points,max_points,percent,band,rank,points:1,points:2,points:3',
      'HL-STC,Sở Tài chính,14,19,73.68,Khá,1,5,8,1',
      'HL-STP,Sở Tư pháp,10,18,55.56,Trung bình,2,3,6,1',
    ]);
  });

  it('the unit sees the final scores; the scoring sheet has the issue’s columns', async () => {
    const a = await assessment(focalA, A);
    expect(leafOf(a, '2.1').final).toMatchObject({ value: '80', computedPoints: 3 });
    const res = await office.get(`/api/cycles/${cycleId}/units/${A}/sheet.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(8)).toEqual(['STT', 'Tiêu chí', 'Điểm tối đa', 'Số liệu', 'Cách tính', 'Tài liệu kiểm chứng', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm cuối cùng']);
    const rowOf = (code: string) => {
      for (let i = 9; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).value === code) return values(i);
      throw new Error(`no row ${code}`);
    };
    expect(rowOf('1.1')).toEqual(['1.1', 'Ban hành kế hoạch CCHC năm', 2, 'yes', 'Có: 2 điểm; Không: 0 điểm', 'ke-hoach-cchc-2026.pdf', 2, 2, 2]);
    // self 85 % → 3; the appraiser's 75 % → 1; final (explanation accepted) 80 % → 3
    expect(rowOf('2.1')).toEqual(['2.1', 'Tỷ lệ hồ sơ giải quyết đúng hạn (đơn vị tự khai)', 4, '85', '≥ 100%: 4; ≥ 80%: 3; ≥ 50%: 1; ≥ 0%: 0', '', 3, 1, 3]);
    // area 1: self 2 + 2.25 − 0.5 = 3.75; appraised 2 + 1.5 − 0.5 = 3; final 3
    expect(rowOf('1').slice(0, 3)).toEqual(['1', 'Chỉ đạo, điều hành', 5]);
    expect(rowOf('1').slice(6)).toEqual([3.75, 3, 3]);
  });

  it('nobody changes anything after the lock: the services refuse with a clear message, the database refuses raw SQL', async () => {
    const before = await rowCounts(t.ctx.db);
    const attempts: [string, Promise<{ statusCode: number; json(): { message: string } }>][] = [
      ['self', selfPut(focalA, A, '2.2', { value: '4' })],
      ['submit', headA.post(`/api/cycles/${cycleId}/units/${A}/withdraw`)],
      ['appraise', appraiser.put(leafUrl(A, '2.2', 'appraisal'), { action: 'adjust', value: '1', comment: 'sau khóa' })],
      ['explain', headA.put(leafUrl(A, '2.1', 'explanation'), { text: 'sau khóa', value: '100' })],
      ['review', appraiser.put(leafUrl(A, '2.2', 'review'), { action: 'set', value: '1', comment: 'sau khóa' })],
      ['upload', focalA.upload(leafUrl(A, '1.1', 'files'), 'them.pdf', PDF)],
      ['delete file', focalA.delete(`/api/evidence/${pdfFileId}`)],
      ['timeline', office.patch(`/api/cycles/${cycleId}`, { name: 'Đổi tên sau khóa' })],
      ['finalize', council.post(`/api/cycles/${cycleId}/finalize`)],
      ['import', office.upload(`/api/cycles/${cycleId}/scores/import`, 'scores.csv', 'unit_code,item_code,stage,value,points,na,note\nHL-STC,2.2,final,1,,,\n')],
    ];
    for (const [label, p] of attempts) {
      const res = await p;
      expect(res.statusCode, label).toBe(423);
      expect(res.json().message, label).toContain('đã chốt và khóa');
    }
    expect(await rowCounts(t.ctx.db)).toEqual(before);
    const refuse = async (q: ReturnType<typeof sql>) => {
      await expect(q.execute(t.ctx.db)).rejects.toThrow(/locked/);
    };
    await refuse(sql`update assessment_scores set points = 4 where cycle_id = ${cycleId} and unit_id = ${A} and item_code = '2.1' and stage = 'final'`);
    await refuse(sql`delete from assessment_scores where cycle_id = ${cycleId}`);
    await refuse(sql`insert into assessment_scores (cycle_id, unit_id, item_code, stage, points) values (${cycleId}, ${A}, '2.4', 'final', 2)`);
    await refuse(sql`delete from evidence_files where cycle_id = ${cycleId}`);
    await refuse(sql`update cycle_units set status = 'draft' where cycle_id = ${cycleId}`);
    await refuse(sql`update cycles set locked_at = null where id = ${cycleId}`);
    expect(await scoreRow(A, '2.1', 'final')).toEqual({ value: '80', points: null, na: false, note: null });
    // publishing stays possible after the lock, on its date
    at('2027-03-26T09:00:00+07:00');
    const pub = await office.post(`/api/cycles/${cycleId}/advance`, { to: 'published' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ state: 'published', locked: true });
  });

  it('every score change is in the audit log: who, before → after', async () => {
    const users = new Map((await t.ctx.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, Number(u.id)]));
    const trail = async (code: string, stage: string, unit = A) =>
      (
        await t.ctx.db
          .selectFrom('audit_log')
          .select(['actor_id', 'action', 'before', 'after'])
          .where('entity', '=', 'assessment_score')
          .where('entity_id', '=', `${cycleId}:${unit}:${code}:${stage}`)
          .orderBy('id')
          .execute()
      ).map((r) => ({ actor: Number(r.actor_id), action: r.action, before: r.before, after: r.after }));
    const decl = (value: string | null, points: number | null = null, na = false, note: string | null = null) => ({ value, points, na, note });
    const focal = users.get('daumoi.stp')!;
    expect(await trail('2.1', 'self')).toEqual([
      { actor: focal, action: 'assessment.self.save', before: null, after: decl('90') },
      { actor: focal, action: 'assessment.self.save', before: decl('90'), after: decl('85') },
    ]);
    const note23 = 'Đã rà soát 45 thủ tục; báo cáo số 7/BC-STP gửi kèm bản giấy';
    expect((await trail('2.3', 'self')).map((e) => [e.before, e.after])).toEqual([
      [null, decl(null, 1.5)],
      [decl(null, 1.5), decl(null, 1.5, false, note23)],
    ]);
    const appr = users.get('thamdinh')!;
    expect(await trail('2.1', 'appraised')).toEqual([
      { actor: appr, action: 'assessment.appraise.adjust', before: null, after: decl('75', null, false, 'Sổ theo dõi cho thấy tỷ lệ đúng hạn 75%') },
    ]);
    expect(await trail('2.1', 'explained')).toEqual([
      { actor: users.get('thutruong.stp')!, action: 'assessment.explain', before: null, after: decl('80', null, false, 'Sổ một cửa ghi 80% (160/200 hồ sơ) đúng hạn') },
    ]);
    expect(await trail('2.1', 'final')).toEqual([{ actor: appr, action: 'assessment.review.accept', before: null, after: decl('80') }]);
    // the imports: one entry per file, with the rows before and after
    const imports = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'before', 'after']).where('action', '=', 'assessment.scores.import').orderBy('id').execute();
    expect(imports).toHaveLength(4);
    expect(Number(imports[0].actor_id)).toBe(users.get('cchc'));
    expect((imports[0].before as unknown[]).every((b) => b === null)).toBe(true);
    expect(imports[0].after).toHaveLength(8);
    // the row equal to the stored appraisal, in the explanation phase: written as it was
    expect(imports[1].after).toHaveLength(1);
    expect(imports[1].before).toEqual([{ unitId: B, itemCode: '2.3', stage: 'appraised', value: null, points: 2, na: false }]);
    expect(imports[2].after).toHaveLength(18);
    expect((imports[2].before as unknown[]).filter((b) => b !== null)).toHaveLength(18);
    expect(imports[3].after).toEqual(imports[2].after);
    // every stored self/appraised/explained row (and each reviewed final row) has an audit entry whose "after" is what is stored
    const stored = await t.ctx.db.selectFrom('assessment_scores').select(['unit_id', 'item_code', 'stage', 'value', 'points', 'na', 'note']).where('cycle_id', '=', cycleId).where('unit_id', '=', A).execute();
    for (const s of stored.filter((r) => r.stage !== 'final' || r.item_code === '2.1' || r.item_code === '1.2')) {
      const last = (await trail(s.item_code, s.stage)).at(-1);
      expect(last?.after, `${s.item_code}/${s.stage}`).toEqual({ value: s.value, points: s.points === null ? null : Number(s.points), na: s.na, note: s.note });
    }
  });
});

function parseCsvRows(text: string): { header: string[]; rows: string[][] } {
  const { header, rows } = parseCsv(text);
  return { header, rows: rows.map((r) => header.map((h) => r[h] ?? '')) };
}
