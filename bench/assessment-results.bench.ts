// Results of a cycle of 150 units × 120 leaves with all three stages (self, appraised, final), generated
// from the seed straight into PostgreSQL, then timed through the whole server: GET /api/cycles/:id/results
// (routing, access, scoring every unit with the one engine, ranks, serialisation), median of several runs.
// Anchor: one hand-written SQL query computing the same totals per unit (the latest stage of each leaf,
// summed). Every leaf is `manual` with typed points, so the engine and the SQL must agree to the cent —
// the benchmark checks that before it reports anything.
import { sql } from 'kysely';
import type { Framework, LeafItem } from '../src/domain/framework/types';
import { cycleResults } from '../src/modules/assessments/results.service';
import type { BenchResult, Benchmark } from './harness';
import { medianOf, openInProcessApp } from './lib/in-process-app';
import { createRng } from './lib/rng';

const GOAL_MS = 100;
const AREAS = 8;

function framework(leavesTotal: number): Framework {
  const perArea = Math.ceil(leavesTotal / AREAS);
  let made = 0;
  const items = Array.from({ length: AREAS }, (_, a) => {
    const children: LeafItem[] = [];
    for (let l = 0; l < perArea && made < leavesTotal; l++, made++) {
      children.push({ code: `${a + 1}.${l + 1}`, title: `Tiêu chí ${a + 1}.${l + 1} (đo hiệu năng)`, maxPoints: 1 + (l % 3) * 0.5, rule: { type: 'manual' } });
    }
    return { code: String(a + 1), title: `Lĩnh vực ${a + 1}`, children };
  });
  return {
    code: 'BENCH-2026',
    name: 'Bộ chỉ số đo hiệu năng',
    year: 2026,
    unitGroup: 'commune',
    bands: [
      { label: 'Tốt', minPercent: 80 },
      { label: 'Khá', minPercent: 65 },
      { label: 'Trung bình', minPercent: 50 },
      { label: 'Yếu', minPercent: 0 },
    ],
    items,
  };
}

/** The anchor: the latest stage of every leaf, summed per unit, in one statement. */
const anchorQuery = (cycleId: number) => sql<{ unit_id: number; points: number }>`
  select unit_id, sum(points) as points from (
    select distinct on (unit_id, item_code) unit_id, item_code, points
    from assessment_scores
    where cycle_id = ${cycleId} and points is not null
    order by unit_id, item_code, case stage when 'final' then 4 when 'explained' then 3 when 'appraised' then 2 else 1 end desc
  ) latest
  group by unit_id`;

export const benchmarks: Benchmark[] = [
  {
    name: 'assessment results, 150 units × 120 leaves × 3 stages (PostgreSQL)',
    async run(env): Promise<BenchResult> {
      const unitsN = env.quick ? 20 : 150;
      const leavesN = env.quick ? 24 : 120;
      const runs = env.quick ? 3 : 9;
      const app = await openInProcessApp({ dataDir: env.tmpDir, databaseUrl: env.pgUrl });
      try {
        const { db } = app.ctx;
        const rng = createRng(env.seed).fork('assessment-results');
        const fw = framework(leavesN);
        const leaves = fw.items.flatMap((a) => (a.children ?? []) as LeafItem[]);
        const units = await db
          .insertInto('units')
          .values(Array.from({ length: unitsN }, (_, i) => ({ code: `BX${String(i + 1).padStart(3, '0')}`, name: `Xã đo hiệu năng ${i + 1}`, group_code: 'commune' })))
          .returning('id')
          .execute();
        const f = await db
          .insertInto('frameworks')
          .values({ code: fw.code, name: fw.name, year: fw.year, unit_group: 'commune', tree: JSON.stringify(fw), status: 'published' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const d = (s: string) => new Date(s);
        const cycle = await db
          .insertInto('cycles')
          .values({
            name: 'Kỳ đánh giá đo hiệu năng 2026',
            year: 2026,
            state: 'second_review',
            self_opens_at: d('2026-01-05T00:00:00Z'),
            self_closes_at: d('2026-02-01T00:00:00Z'),
            appraisal_closes_at: d('2026-03-01T00:00:00Z'),
            explanation_opens_at: d('2026-03-02T00:00:00Z'),
            explanation_closes_at: d('2026-03-20T00:00:00Z'),
            second_review_closes_at: d('2026-04-01T00:00:00Z'),
            publication_at: d('2026-04-15T00:00:00Z'),
            released_at: d('2026-03-01T00:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.insertInto('cycle_frameworks').values({ cycle_id: cycle.id, unit_group: 'commune', framework_id: f.id }).execute();
        await db
          .insertInto('cycle_units')
          .values(units.map((u) => ({ cycle_id: cycle.id, unit_id: u.id, framework_id: f.id, status: 'submitted' as const, submitted_at: d('2026-01-30T00:00:00Z') })))
          .execute();
        // Points in half steps within [0, max]: the appraiser moves some, the council a few of those.
        const halfSteps = (max: number) => rng.int(0, Math.round(max * 2)) / 2;
        const rows: { cycle_id: number; unit_id: number; item_code: string; stage: 'self' | 'appraised' | 'final'; points: number }[] = [];
        for (const u of units) {
          for (const leaf of leaves) {
            const self = halfSteps(leaf.maxPoints);
            const appraised = rng.bool(0.3) ? halfSteps(leaf.maxPoints) : self;
            const final = rng.bool(0.2) ? halfSteps(leaf.maxPoints) : appraised;
            rows.push({ cycle_id: cycle.id, unit_id: u.id, item_code: leaf.code, stage: 'self', points: self });
            rows.push({ cycle_id: cycle.id, unit_id: u.id, item_code: leaf.code, stage: 'appraised', points: appraised });
            rows.push({ cycle_id: cycle.id, unit_id: u.id, item_code: leaf.code, stage: 'final', points: final });
          }
        }
        for (let i = 0; i < rows.length; i += 5000) await db.insertInto('assessment_scores').values(rows.slice(i, i + 5000)).execute();
        await sql`analyze assessment_scores`.execute(db);
        env.log(`${unitsN} units × ${leavesN} leaves × 3 stages = ${rows.length} score rows`);

        // Same totals from both, or the comparison means nothing.
        const url = `/api/cycles/${cycle.id}/results`;
        const first = await app.get(url);
        if (first.status !== 200) throw new Error(`${url}: ${first.status} ${first.body.slice(0, 300)}`);
        const served = JSON.parse(first.body) as { groups: { units: { unitId: number; points: number; rank: number | null }[] }[] };
        const byUnit = new Map(served.groups.flatMap((g) => g.units).map((u) => [u.unitId, u.points]));
        const anchorRows = (await anchorQuery(cycle.id).execute(db)).rows;
        if (anchorRows.length !== unitsN || byUnit.size !== unitsN) throw new Error(`units: SQL ${anchorRows.length}, server ${byUnit.size}, expected ${unitsN}`);
        for (const r of anchorRows) {
          const p = byUnit.get(Number(r.unit_id));
          if (p === undefined || Math.abs(p - Number(r.points)) > 0.005) throw new Error(`unit ${r.unit_id}: server ${p} points, SQL ${r.points}`);
        }

        const http = await medianOf(runs, 2, async () => {
          const r = await app.get(url);
          if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
        });
        const service = await medianOf(runs, 1, () => cycleResults(app.ctx, app.actor, cycle.id));
        const anchor = await medianOf(runs, 2, () => anchorQuery(cycle.id).execute(db));
        env.log(`GET results median ${http.median.toFixed(1)} ms [${http.samples.join(', ')}]; service ${service.median.toFixed(1)} ms; SQL ${anchor.median.toFixed(1)} ms`);
        return {
          figure: http.median,
          unit: 'ms',
          anchor: anchor.median,
          anchorLabel: 'one SQL: latest stage per leaf, summed per unit',
          goal: `≤ ${GOAL_MS} ms`,
          met: http.median <= GOAL_MS,
          extra: {
            units: unitsN,
            leaves: leavesN,
            scoreRows: rows.length,
            runs,
            httpSamplesMs: http.samples,
            serviceMedianMs: Math.round(service.median * 10) / 10,
            serviceSamplesMs: service.samples,
            anchorSamplesMs: anchor.samples,
            responseBytes: first.body.length,
            totalsCheckedAgainstSql: true,
          },
        };
      } finally {
        await app.close();
      }
    },
  },
];
