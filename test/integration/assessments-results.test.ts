// Results of the demo cycles over the API: the 2024 cycle ran on the pre-merger units (Bắc Hà, Nghĩa Lộ), the 2025
// cycle on the merged province (Hoàng Liên), the 2026 cycle is open. The demo scores are generated, so the checks
// here recompute each published figure from the other figures the API gives (lineage, ranks, weakest areas, gaps,
// pending points) and from the exported scores.csv run through the one engine, as `chiso results` would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeResults, resultsToCsv } from '../../src/cli/commands/results';
import { flattenLeaves } from '../../src/domain/framework/tree';
import type { Framework } from '../../src/domain/framework/types';
import { round2, roundPoints } from '../../src/domain/scoring/round';
import { parseCsv } from '../../src/formats/csv';
import { parseScores, scoresByUnit } from '../../src/formats/scores.format';
import { listScorePacks, listScores, packRecords, parsePackValues } from '../../src/modules/assessments/assessments.repository';
import { type Client, type TestApp, createTestApp, testDatabaseKind } from '../helpers/test-app';

interface Area {
  code: string;
  points: number;
  maxPoints: number;
  percent: number | null;
  rank: number | null;
  previousRank: number | null;
  pendingPoints: number;
}
interface UnitDto {
  unitId: number;
  unitCode: string;
  unitName: string;
  submitted: boolean;
  points: number;
  maxPoints: number;
  percent: number | null;
  band: string | null;
  rank: number | null;
  of: number;
  pendingPoints: number;
  pendingItems: string[];
  selfPoints: number;
  gapPoints: number;
  areas: Area[];
  previous: { year: number; unitCodes: string[]; points: number; percent: number | null; rank: number | null; of: number } | null;
  change: { points: number; percent: number | null; rank: number | null } | null;
  weakestAreas: string[];
  areasLostRank: string[];
}
interface GroupDto {
  unitGroup: string;
  framework: { id: number; code: string; areas: { code: string }[] };
  pendingPoints: number;
  units: UnitDto[];
}

/** Every unit's score rows as its pack holds them (what the results read). */
async function listScoresByUnit(db: TestApp['ctx']['db'], cycleId: number) {
  const out = new Map<number, ReturnType<typeof packRecords>>();
  for (const [unitId, packed] of await listScorePacks(db, cycleId)) out.set(unitId, packRecords(unitId, parsePackValues(packed)!));
  return out;
}

let t: TestApp;
let office: Client;
const cycles: Record<number, { id: number; state: string }> = {};
const results: Record<number, GroupDto[]> = {};
const resultsCsv: Record<string, string> = {}; // 2025 results.csv per unit group, as the API serves it
const group = (year: number, g: string) => results[year].find((x) => x.unitGroup === g)!;
const unit = (year: number, code: string) => results[year].flatMap((g) => g.units).find((u) => u.unitCode === code)!;
/** competition rank: 1 + how many strictly higher (percents are already rounded to 2 decimals). */
const rankIn = (p: number | null, all: (number | null)[]) => (p === null ? null : 1 + all.filter((q) => q !== null && q > p).length);

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  office = await t.login('cchc');
  for (const c of (await office.get('/api/cycles')).json() as { id: number; year: number; state: string }[]) cycles[c.year] = c;
  for (const year of [2024, 2025, 2026]) {
    const res = await office.get(`/api/cycles/${cycles[year].id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    results[year] = res.json().groups;
  }
}, 300_000);
afterAll(async () => {
  await t?.close();
});

describe(`results of the demo cycles on ${testDatabaseKind()}`, () => {
  it('has the 2024 cycle on pre-merger units and the 2025 cycle on the current ones', () => {
    expect([cycles[2024].state, cycles[2025].state, cycles[2026].state]).toEqual(['published', 'finalized', 'self_assessment']);
    const codes = (y: number) => results[y].flatMap((g) => g.units.map((u) => u.unitCode));
    expect(codes(2024).every((c) => c.startsWith('BH-') || c.startsWith('NL-'))).toBe(true);
    expect(codes(2025).every((c) => c.startsWith('HL-'))).toBe(true);
    expect(codes(2025)).toEqual(expect.arrayContaining(['HL-STP', 'HL-SNV', 'HL-X001']));
  });

  it('year over year through the merger: previous values of a merged unit are those of its predecessors', () => {
    // HL-STP = Sở Tư pháp of Bắc Hà + Sở Tư pháp of Nghĩa Lộ (demo/units.csv successors)
    const u = unit(2025, 'HL-STP');
    expect(u.previous?.year).toBe(2024);
    expect(u.previous?.unitCodes).toEqual(['BH-STP', 'NL-STP']);
    const preds = ['BH-STP', 'NL-STP'].map((c) => unit(2024, c));
    const deps2024 = group(2024, 'department').units;
    // previous points = mean of the predecessors' points; percent = mean of their percents (2 decimals)
    const prevPoints = roundPoints((preds[0].points + preds[1].points) / 2);
    const prevPercent = round2((preds[0].percent! + preds[1].percent!) / 2);
    // previous rank: the rank that mean percent takes among the other 2024 departments
    const others = deps2024.filter((d) => !['BH-STP', 'NL-STP'].includes(d.unitCode)).map((d) => d.percent);
    expect(u.previous).toMatchObject({ points: prevPoints, percent: prevPercent, rank: rankIn(prevPercent, others), of: deps2024.filter((d) => d.rank !== null && !['BH-STP', 'NL-STP'].includes(d.unitCode)).length + 1 }); // the ranked others and the merged whole
    expect(u.change).toEqual({ points: roundPoints(u.points - prevPoints), percent: round2(u.percent! - prevPercent), rank: u.previous!.rank! - u.rank! });

    // HL-SNV merged four departments (Nội vụ and Lao động - TB&XH of both provinces)
    const snv = unit(2025, 'HL-SNV');
    expect(snv.previous?.unitCodes).toEqual(['BH-SLDTBXH', 'BH-SNV', 'NL-SLDTBXH', 'NL-SNV']);
    const four = snv.previous!.unitCodes.map((c) => unit(2024, c));
    const p4 = round2(four.reduce((s, x) => s + x.percent!, 0) / 4);
    expect(snv.previous!.percent).toBe(p4);
    expect(snv.previous!.points).toBe(roundPoints(four.reduce((s, x) => s + x.points, 0) / 4));
    expect(snv.previous!.rank).toBe(rankIn(p4, deps2024.filter((d) => !snv.previous!.unitCodes.includes(d.unitCode)).map((d) => d.percent)));
    // previous area ranks: the mean area percent among the other 2024 departments; areas that lost rank follow
    const areaPrevRank = (code: string) => {
      const mine = four.map((x) => x.areas.find((a) => a.code === code)!.percent!);
      const otherAreas = deps2024.filter((d) => !snv.previous!.unitCodes.includes(d.unitCode)).map((d) => d.areas.find((a) => a.code === code)!.percent);
      return rankIn(round2(mine.reduce((s, x) => s + x, 0) / mine.length), otherAreas);
    };
    for (const a of snv.areas) expect(a.previousRank, `area ${a.code}`).toBe(areaPrevRank(a.code));
    expect(snv.areasLostRank).toEqual(snv.areas.filter((a) => a.rank! > a.previousRank!).map((a) => a.code));

    // every 2025 unit with predecessors in 2024 has a previous; each merged commune names only 2024 units
    const known = new Set(results[2024].flatMap((g) => g.units.map((x) => x.unitCode)));
    for (const x of results[2025].flatMap((g) => g.units)) {
      expect(x.previous, x.unitCode).not.toBeNull();
      expect(x.previous!.unitCodes.every((c) => known.has(c)), x.unitCode).toBe(true);
    }
  });

  it('per-area ranks are competition ranks within the unit group; weakest areas are the three lowest percents', () => {
    for (const g of results[2025]) {
      const areaCodes = g.framework.areas.map((a) => a.code);
      for (const code of areaCodes) {
        const percents = g.units.map((u) => u.areas.find((a) => a.code === code)!.percent);
        for (const [i, u] of g.units.entries()) expect(u.areas.find((a) => a.code === code)!.rank, `${u.unitCode} area ${code}`).toBe(rankIn(percents[i], percents));
      }
      const overall = g.units.map((u) => u.percent);
      for (const [i, u] of g.units.entries()) expect(u.rank, u.unitCode).toBe(rankIn(overall[i], overall));
      // sorted by rank; "of" is the number of ranked units of the group
      expect(g.units.map((u) => u.rank)).toEqual([...g.units.map((u) => u.rank)].sort((a, b) => a! - b!));
      expect(new Set(g.units.map((u) => u.of))).toEqual(new Set([g.units.length]));
      for (const u of g.units) {
        const weakest = [...u.areas]
          .filter((a) => a.percent !== null)
          .sort((a, b) => a.percent! - b.percent! || a.code.localeCompare(b.code, 'vi', { numeric: true }))
          .slice(0, 3)
          .map((a) => a.code);
        expect(u.weakestAreas, u.unitCode).toEqual(weakest);
        expect(u.points, u.unitCode).toBe(roundPoints(u.areas.reduce((s, a) => s + a.points, 0)));
        expect(u.percent, u.unitCode).toBe(round2((u.points * 100) / u.maxPoints));
      }
    }
  });

  it('self vs final gap per unit and per leaf', async () => {
    const units = results[2025].flatMap((g) => g.units);
    const adjusted = units.filter((u) => u.gapPoints !== 0);
    expect(adjusted.length).toBeGreaterThan(0); // about one leaf in ten is adjusted in the demo data
    const u = unit(2025, 'HL-STP');
    const detail = (await office.get(`/api/cycles/${cycles[2025].id}/results/units/${u.unitId}`)).json() as {
      gapPoints: number;
      items: { code: string; ruleType: string; self: number | null; final: number | null; points: number; gap: number | null }[];
    };
    expect(detail.gapPoints).toBe(u.gapPoints);
    for (const i of detail.items) {
      if (i.ruleType === 'data' || i.ruleType === 'survey') {
        expect(i.self, i.code).toBeNull(); // never self-scored
        expect(i.gap, i.code).toBeNull();
      } else expect(i.gap, i.code).toBe(roundPoints(i.final! - i.self!));
    }
    // the unit's gap = the sum of its leaves' gaps: survey/data points were never claimed, so they are no gap
    expect(u.gapPoints).toBe(roundPoints(detail.items.reduce((s, i) => s + (i.gap ?? 0), 0)));
    for (const code of ['HL-SNV', 'HL-X001']) {
      const other = unit(2025, code);
      const d = (await office.get(`/api/cycles/${cycles[2025].id}/results/units/${other.unitId}`)).json() as { items: { gap: number | null }[] };
      expect(other.gapPoints, code).toBe(roundPoints(d.items.reduce((s, i) => s + (i.gap ?? 0), 0)));
    }
  });

  it('in the open cycle a unit that has not submitted has no rank and no band yet', () => {
    for (const g of results[2026]) {
      for (const u of g.units.filter((x) => !x.submitted)) expect([u.unitCode, u.rank, u.band]).toEqual([u.unitCode, null, null]);
      // of = how many submitted units of the group are ranked
      const submitted = g.units.filter((x) => x.submitted).length;
      for (const u of g.units) expect(u.of, u.unitCode).toBe(submitted);
    }
  });

  it('data and survey leaves show as pending in the open cycle, with their points counted', async () => {
    for (const g of results[2026]) {
      const fw = (await office.get(`/api/frameworks/${g.framework.id}`)).json().framework as Framework;
      const fed = flattenLeaves(fw).filter((l) => l.leaf.rule.type === 'data' || l.leaf.rule.type === 'survey');
      expect(fed.length, g.unitGroup).toBeGreaterThan(0);
      const pending = roundPoints(fed.reduce((s, l) => s + l.leaf.maxPoints, 0));
      for (const u of g.units) {
        expect(u.pendingItems, u.unitCode).toEqual(fed.map((l) => l.leaf.code));
        expect(u.pendingPoints, u.unitCode).toBe(pending);
        for (const a of u.areas) {
          expect(a.pendingPoints).toBe(roundPoints(fed.filter((l) => l.areaCode === a.code).reduce((s, l) => s + l.leaf.maxPoints, 0)));
        }
      }
      expect(g.pendingPoints).toBe(roundPoints(pending * g.units.length));
    }
    // the finalized cycle materialized its fed leaves: nothing pending there
    expect(results[2025].every((g) => g.pendingPoints === 0)).toBe(true);
    const detail = (await office.get(`/api/cycles/${cycles[2026].id}/results/units/${unit(2026, 'HL-X001').unitId}`)).json();
    const fedItems = detail.items.filter((i: { ruleType: string }) => i.ruleType === 'data' || i.ruleType === 'survey');
    expect(fedItems.every((i: { pending: boolean; points: number }) => i.pending && i.points === 0)).toBe(true);
  });

  it('results.csv has the columns of formats.md and the figures of the JSON', async () => {
    for (const year of [2025]) {
      for (const g of results[year]) {
        const res = await office.get(`/api/cycles/${cycles[year].id}/results.csv?group=${g.unitGroup}`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/csv');
        resultsCsv[g.unitGroup] = res.body.replace(/^\uFEFF/, '');
        const { header, rows } = parseCsv(res.body.replace(/^\uFEFF/, ''));
        expect(header).toEqual(['unit_code', 'unit_name', 'points', 'max_points', 'percent', 'band', 'rank', ...g.framework.areas.map((a) => `points:${a.code}`)]);
        expect(rows.map((r) => r.unit_code)).toEqual(g.units.map((u) => u.unitCode));
        for (const [i, u] of g.units.entries()) {
          const r = rows[i];
          expect(r, u.unitCode).toEqual({
            unit_code: u.unitCode,
            unit_name: u.unitName,
            points: String(u.points),
            max_points: String(u.maxPoints),
            percent: String(u.percent),
            band: u.band ?? '',
            rank: String(u.rank),
            ...Object.fromEntries(u.areas.map((a) => [`points:${a.code}`, String(a.points)])),
          });
        }
      }
    }
    expect((await office.get(`/api/cycles/${cycles[2025].id}/results.csv?group=district`)).statusCode).toBe(404);
  });

  it('the exported scores.csv, run through the engine as `chiso results` does, gives the same results', async () => {
    const res = await office.get(`/api/cycles/${cycles[2025].id}/scores/export`);
    expect(res.statusCode).toBe(200);
    const csv = Buffer.from(res.body.replace(/^\uFEFF/, ''));
    expect(res.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('unit_code,item_code,stage,value,points,na,note');
    for (const g of results[2025]) {
      const fw = (await office.get(`/api/frameworks/${g.framework.id}`)).json().framework as Framework;
      const mine = new Set(g.units.map((u) => u.unitCode));
      const text = csv.toString('utf8').split(/\r?\n/);
      const subset = Buffer.from([text[0], ...text.slice(1).filter((l) => mine.has(l.split(',')[0]))].join('\n'));
      const rows = computeResults(fw, scoresByUnit(await parseScores(subset, fw)), new Map(g.units.map((u) => [u.unitCode, { name: u.unitName, group: g.unitGroup }])));
      expect(rows.map((r) => [r.unitCode, r.result.points, r.result.maxPoints, r.result.percent, r.result.band, r.rank])).toEqual(
        g.units.map((u) => [u.unitCode, u.points, u.maxPoints, u.percent, u.band, u.rank]),
      );
      expect(resultsToCsv(fw, rows)).toBe(resultsCsv[g.unitGroup]);
    }
    // the locked cycle refuses an import, naming the lock
    const imp = await office.upload(`/api/cycles/${cycles[2025].id}/scores/import`, 'scores.csv', csv);
    expect(imp.statusCode).toBe(423);
    expect(imp.json().message).toContain('đã chốt và khóa');
  });

  it('once a unit submits in the open cycle, the feeds score its data/survey leaves and only the unanswered stay pending', async () => {
    const c = cycles[2026].id;
    const x = unit(2026, 'HL-X001');
    const [focal, head] = await Promise.all([t.login('daumoi.x001'), t.login('thutruong.x001')]);
    const a = (await focal.get(`/api/cycles/${c}/units/${x.unitId}/assessment`)).json() as {
      leaves: { code: string; fed: boolean; maxPoints: number; evidenceRequired: boolean; rule: { type: string; levels?: { label: string }[] } }[];
    };
    const valueFor = (rule: { type: string; levels?: { label: string }[] }): Record<string, unknown> => {
      switch (rule.type) {
        case 'binary':
          return { value: 'yes' };
        case 'tiered':
          return { value: rule.levels![0].label };
        case 'ratio':
          return { value: '100' };
        case 'manual':
          return { points: 0 };
        default:
          return { value: '0' }; // count, deduction, bonus
      }
    };
    for (const l of a.leaves.filter((l) => !l.fed)) {
      const res = await focal.put(`/api/cycles/${c}/units/${x.unitId}/leaves/${l.code}/self`, { ...valueFor(l.rule), ...(l.evidenceRequired ? { explanation: 'Bản giấy lưu tại văn phòng' } : {}) });
      expect(res.statusCode, `${l.code}: ${res.body}`).toBe(200);
    }
    const sub = await head.post(`/api/cycles/${c}/units/${x.unitId}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    const g = (await office.get(`/api/cycles/${c}/results`)).json().groups.find((gr: GroupDto) => gr.unitGroup === 'commune') as GroupDto;
    const mine = g.units.find((u) => u.unitCode === 'HL-X001')!;
    const detail = (await office.get(`/api/cycles/${c}/results/units/${x.unitId}`)).json() as {
      pendingPoints: number;
      pendingItems: string[];
      items: { code: string; ruleType: string; maxPoints: number; points: number; pending: boolean; provenance: string | null }[];
    };
    const fedItems = detail.items.filter((i) => i.ruleType === 'data' || i.ruleType === 'survey');
    const answered = fedItems.filter((i) => i.provenance !== null);
    // a fed leaf is either answered (with where the figure came from) or pending; the pending points are the unanswered maxima
    for (const i of fedItems) expect(i.pending, i.code).toBe(i.provenance === null);
    for (const i of answered) expect(i.points >= 0 && i.points <= i.maxPoints, i.code).toBe(true);
    expect(mine.pendingItems).toEqual(fedItems.filter((i) => i.pending).map((i) => i.code));
    expect(mine.pendingPoints).toBe(roundPoints(fedItems.filter((i) => i.pending).reduce((s, i) => s + i.maxPoints, 0)));
    expect(detail.pendingPoints).toBe(mine.pendingPoints);
    // the other communes have not submitted: every fed leaf of theirs is still pending
    const all = roundPoints(fedItems.reduce((s, i) => s + i.maxPoints, 0));
    expect(g.units.filter((u) => u.unitCode !== 'HL-X001').every((u) => u.pendingPoints === all)).toBe(true);
    expect(g.pendingPoints).toBe(roundPoints(all * (g.units.length - 1) + mine.pendingPoints));
    // the only submitted commune is ranked 1 of 1; weakest areas judge what is known, pending points aside
    expect([mine.rank, mine.of]).toEqual([1, 1]);
    const known = mine.areas
      .map((ar) => ({ code: ar.code, p: ar.pendingPoints > 0 ? (ar.maxPoints - ar.pendingPoints > 0 ? round2((ar.points * 100) / (ar.maxPoints - ar.pendingPoints)) : null) : ar.percent }))
      .filter((ar): ar is { code: string; p: number } => ar.p !== null)
      .sort((p, q) => p.p - q.p || p.code.localeCompare(q.code, 'vi', { numeric: true }))
      .slice(0, 3)
      .map((ar) => ar.code);
    expect(mine.weakestAreas).toEqual(known);
    // what-if starts from the same figures as the results, fed leaves included; one leaf at its maximum adds its headroom
    const leaf = detail.items.find((i) => i.ruleType !== 'data' && i.ruleType !== 'survey' && i.points < i.maxPoints)!;
    const one = (await office.post(`/api/cycles/${c}/units/${x.unitId}/what-if`, { changes: [{ itemCode: leaf.code, points: leaf.maxPoints }] })).json();
    expect([one.before.points, one.rankBefore], JSON.stringify(one)).toEqual([mine.points, 1]);
    expect(one.deltaPoints).toBe(roundPoints(leaf.maxPoints - leaf.points));
  });

  it('a unit sees its group’s published results, and not another unit’s open draft', async () => {
    const x = await t.login('daumoi.x001');
    expect((await x.get(`/api/cycles/${cycles[2025].id}/results`)).statusCode).toBe(200);
    const other = unit(2026, 'HL-STP');
    const draft = await x.get(`/api/cycles/${cycles[2026].id}/units/${other.unitId}/assessment`);
    expect([403, 404]).toContain(draft.statusCode);
    expect([403, 404, 409]).toContain((await x.get(`/api/cycles/${cycles[2026].id}/results/units/${other.unitId}`)).statusCode);
  });

  it('the public page shows published cycles only, with the final figures and none of the working ones', async () => {
    // 2024 is published in the demo; 2025 is finalized (locked, not yet published); 2026 is open
    const list = await t.anonymous.get('/api/public/results');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((c: { year: number }) => c.year)).toEqual([2024]);
    expect((await t.anonymous.get(`/api/public/results/${cycles[2025].id}`)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/public/results/${cycles[2026].id}`)).statusCode).toBe(404);
    const pub = await t.anonymous.get(`/api/public/results/${cycles[2024].id}`);
    expect(pub.statusCode).toBe(200);
    const groups = pub.json().groups as { unitGroup: string; units: Record<string, unknown>[] }[];
    expect(groups.map((g) => g.unitGroup).sort()).toEqual(results[2024].map((g) => g.unitGroup).sort());
    for (const g of groups) {
      const inside = group(2024, g.unitGroup).units;
      // same units in the same order, with the back office's final figures
      expect(g.units.map((u) => u.unitCode)).toEqual(inside.map((u) => u.unitCode));
      for (const u of g.units) {
        const o = inside.find((x) => x.unitCode === u.unitCode)!;
        expect(u).toMatchObject({ points: o.points, maxPoints: o.maxPoints, percent: o.percent, band: o.band, rank: o.rank, of: o.of });
        for (const hidden of ['selfPoints', 'selfPercent', 'gapPoints', 'pendingItems', 'unitId', 'submitted']) expect(u).not.toHaveProperty(hidden);
      }
    }
  });

  it('the packed score read gives exactly the rows of the plain read, whatever the free text holds', async () => {
    const c = cycles[2026].id;
    const x = unit(2026, 'HL-X001');
    const plainByUnit = async (db: typeof t.ctx.db) => {
      const m = new Map<number, unknown[]>();
      for (const r of await listScores(db, c)) m.set(r.unit_id, [...(m.get(r.unit_id) ?? []), r]);
      return m;
    };
    const sorted = (m: Map<number, unknown[]>) => [...m].sort((a, b) => a[0] - b[0]).map(([k, v]) => [k, [...v].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)))]);
    const rollback = new Error('rollback');
    await t.ctx.db
      .transaction()
      .execute(async (trx) => {
        // a note and a value with a tab, a newline, quotes and a backslash; an empty (not null) value; a zero
        const odd = [
          { item_code: 'ZZ.1', stage: 'self' as const, value: '', points: 0, na: false, note: 'dòng 1\tcột\ndòng "2" \\ hết' },
          { item_code: 'ZZ.2', stage: 'appraised' as const, value: 'a\tb', points: 1.25, na: true, note: null },
        ];
        await trx.insertInto('assessment_scores').values(odd.map((r) => ({ cycle_id: c, unit_id: x.unitId, ...r }))).execute();
        const packed = await listScoresByUnit(trx, c);
        expect(packed.get(x.unitId)!.filter((r) => r.item_code.startsWith('ZZ.'))).toEqual(expect.arrayContaining(odd.map((r) => ({ unit_id: x.unitId, ...r }))));
        expect(sorted(packed)).toEqual(sorted(await plainByUnit(trx)));
        // an item code with a tab in it, a changed score and a deleted one: the pack follows each statement
        await trx.insertInto('assessment_scores').values({ cycle_id: c, unit_id: x.unitId, item_code: 'ZZ\t3', stage: 'self', value: null, points: 2, na: false, note: null }).execute();
        expect(sorted(await listScoresByUnit(trx, c))).toEqual(sorted(await plainByUnit(trx)));
        await trx.updateTable('assessment_scores').set({ points: 0.5, note: 'sửa' }).where('cycle_id', '=', c).where('unit_id', '=', x.unitId).where('item_code', '=', 'ZZ.1').execute();
        await trx.deleteFrom('assessment_scores').where('cycle_id', '=', c).where('unit_id', '=', x.unitId).where('item_code', '=', 'ZZ.2').execute();
        const after = (await listScoresByUnit(trx, c)).get(x.unitId)!;
        expect(after.find((r) => r.item_code === 'ZZ.1')).toMatchObject({ points: 0.5, note: 'sửa' });
        expect(after.some((r) => r.item_code === 'ZZ.2')).toBe(false);
        expect(sorted(await listScoresByUnit(trx, c))).toEqual(sorted(await plainByUnit(trx)));
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
  });

  it('served results follow every change: a submission, a changed score, a renamed unit (units not touched are not rescored)', async () => {
    const c = cycles[2026].id;
    const get = async () => ((await office.get(`/api/cycles/${c}/results`)).json().groups as GroupDto[]).flatMap((g) => g.units);
    const x = unit(2026, 'HL-X001');
    const before = await get();
    const wasSubmitted = before.find((u) => u.unitCode === 'HL-X001')!.submitted;
    // a manual leaf of the 2026 commune framework; its self-score (if any) is put back at the end
    const fw = (await t.ctx.db.selectFrom('cycle_units').innerJoin('frameworks', 'frameworks.id', 'cycle_units.framework_id').select('frameworks.tree').where('cycle_id', '=', c).where('unit_id', '=', x.unitId).executeTakeFirstOrThrow()).tree as Framework;
    const leaf = flattenLeaves(fw).map((l) => l.leaf).find((l) => l.rule.type === 'manual' && l.maxPoints > 0)!;
    expect(leaf).toBeDefined();
    const own = (await listScores(t.ctx.db, c, x.unitId)).filter((r) => r.item_code === leaf.code);
    expect(own.every((r) => r.stage === 'self')).toBe(true);
    const selfScore = (points: number) => t.ctx.db.insertInto('assessment_scores').values({ cycle_id: c, unit_id: x.unitId, item_code: leaf.code, stage: 'self', points })
      .onConflict((oc) => oc.columns(['cycle_id', 'unit_id', 'item_code', 'stage']).doUpdateSet({ points, value: null, na: false })).execute();
    const setStatus = (status: 'draft' | 'submitted') => t.ctx.db.updateTable('cycle_units').set({ status }).where('cycle_id', '=', c).where('unit_id', '=', x.unitId).execute();
    const name = (await t.ctx.db.selectFrom('units').select('name').where('id', '=', x.unitId).executeTakeFirstOrThrow()).name;
    try {
      await setStatus('draft');
      const draft = (await get()).find((u) => u.unitCode === 'HL-X001')!;
      expect([draft.submitted, draft.rank, draft.points]).toEqual([false, null, 0]);
      await selfScore(leaf.maxPoints);
      await setStatus('submitted');
      const submitted = (await get()).find((u) => u.unitCode === 'HL-X001')!;
      expect(submitted.submitted).toBe(true);
      expect(submitted.rank).not.toBeNull();
      const p1 = submitted.points;
      // the self-score moves from the leaf's maximum to 0: the total drops by exactly that maximum
      await selfScore(0);
      const changed = (await get()).find((u) => u.unitCode === 'HL-X001')!;
      expect(changed.points).toBe(roundPoints(p1 - leaf.maxPoints));
      await t.ctx.db.updateTable('units').set({ name: `${name} (đổi tên)` }).where('id', '=', x.unitId).execute();
      expect((await get()).find((u) => u.unitCode === 'HL-X001')!.unitName).toBe(`${name} (đổi tên)`);
    } finally {
      await t.ctx.db.updateTable('units').set({ name }).where('id', '=', x.unitId).execute();
      await setStatus(wasSubmitted ? 'submitted' : 'draft');
      await t.ctx.db.deleteFrom('assessment_scores').where('cycle_id', '=', c).where('unit_id', '=', x.unitId).where('item_code', '=', leaf.code).execute();
      if (own.length) await t.ctx.db.insertInto('assessment_scores').values(own.map((r) => ({ cycle_id: c, ...r }))).execute();
    }
    // back where it started: the same figures for every unit
    expect(await get()).toEqual(before);
  });

  // Two connections at once need PostgreSQL; the embedded engine has one and runs transactions in turn.
  it.runIf(testDatabaseKind() === 'postgres')('two transactions saving two leaves of one unit at once both reach the pack', async () => {
    const c = cycles[2026].id;
    const x = unit(2026, 'HL-X001');
    const [a, b] = ['ZZ.c1', 'ZZ.c2'].map((item_code) => ({ item_code, points: 1 }));
    await t.ctx.db.insertInto('assessment_scores').values([a, b].map((r) => ({ cycle_id: c, unit_id: x.unitId, stage: 'self' as const, ...r }))).execute();
    const setPoints = (db: typeof t.ctx.db, code: string, points: number) =>
      db.updateTable('assessment_scores').set({ points }).where('cycle_id', '=', c).where('unit_id', '=', x.unitId).where('item_code', '=', code).where('stage', '=', 'self').execute();
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => (releaseFirst = r));
    let firstSaved!: () => void;
    const firstHasSaved = new Promise<void>((r) => (firstSaved = r));
    try {
      const first = t.ctx.db.transaction().execute(async (trx) => {
        await setPoints(trx, a.item_code, 0.25);
        firstSaved();
        await firstMayCommit;
      });
      await firstHasSaved;
      // the second saves another leaf of the same unit while the first holds the pack; it waits, then rebuilds
      const second = t.ctx.db.transaction().execute((trx) => setPoints(trx, b.item_code, 0.75));
      await new Promise((r) => setTimeout(r, 200));
      releaseFirst();
      await Promise.all([first, second]);
      const pack = (await listScoresByUnit(t.ctx.db, c)).get(x.unitId)!;
      expect(pack.find((r) => r.item_code === a.item_code && r.stage === 'self')!.points).toBe(0.25);
      expect(pack.find((r) => r.item_code === b.item_code && r.stage === 'self')!.points).toBe(0.75);
    } finally {
      releaseFirst();
      await t.ctx.db.deleteFrom('assessment_scores').where('cycle_id', '=', c).where('unit_id', '=', x.unitId).where('item_code', 'in', [a.item_code, b.item_code]).execute();
    }
  });
});
