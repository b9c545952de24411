// The one-stop indicator dashboard (issue 5, "Performance"): 150 units × 24 months must answer within 200 ms.
// Its own data, generated in SQL from the seed (setseed): 1,000,000 classified dossiers (CHISO_BENCH_DOSSIERS)
// over 150 units × 24 months and 3 channels, about 4 % still open (some overdue on the as-of date), and the
// monthly summary built from them with the import's own GROUP BY. Timed through the whole server:
// GET /api/onestop/indicators?by=unit,period&granularity=month (the dashboard's per-unit trend and late-rate
// ranking) and by=period (its province line), median of several runs.
// Anchor: one hand-written SQL GROUP BY over the dossiers computing the same counts per unit × month; the
// benchmark checks the served counts against it before it reports anything.
import { sql } from 'kysely';
import type { Db } from '../src/db/database';
import { rebuildMonthlySummary } from '../src/modules/onestop/onestop.repository';
import type { BenchResult, Benchmark } from './harness';
import { medianOf, openInProcessApp } from './lib/in-process-app';

const GOAL_MS = 200;
const FROM_YM = 202412;
const MONTHS = 24;
const AS_OF = '2026-11-30';

/** Dossiers straight into onestop_dossiers (already classified), then onestop_monthly as the merge builds it. */
export async function seedDashboard(db: Db, seed: number, unitsN: number, dossiers: number): Promise<void> {
  const units = await db
    .insertInto('units')
    .values(Array.from({ length: unitsN }, (_, i) => ({ code: `BD${String(i + 1).padStart(3, '0')}`, name: `Đơn vị đo hiệu năng ${i + 1}`, group_code: i < 31 ? 'department' : 'commune' })))
    .returning('id')
    .execute();
  const ids = units.map((u) => Number(u.id));
  await sql`select setseed(${(seed % 1000) / 1000})`.execute(db);
  // One statement so setseed and random() share the session. received_ym over the 24 months from FROM_YM;
  // 4 % open (no resolution), of the resolved 85 % on or before the due date, some of them early.
  await sql`
    insert into onestop_dossiers (dossier_code, procedure_code, unit_id, channel, status, paid_online, digitized, e_result, rating,
      received, received_date, received_ym, resolved_date, due_date, outcome, apology_ok, import_id)
    select 'HS' || lpad(g::text, 8, '0'), 'P' || (1 + (r1 * 300)::int), (${ids}::bigint[])[1 + floor(r2 * ${unitsN})::int],
      (array['direct', 'online', 'post'])[1 + floor(r3 * 3)::int], 1, r4 < 0.3, r4 < 0.7, r5 < 0.5,
      case when r5 < 0.6 then 1 + floor(r6 * 5)::int end,
      true, rd, (extract(year from rd) * 100 + extract(month from rd))::int,
      case when r7 < 0.04 then null else rd + (case when r8 < 0.85 then floor(r8 * 10)::int else 10 + floor(r8 * 8)::int end) end,
      rd + 9, case when r7 < 0.04 then 'open' when r8 < 0.85 then 'on_time' else 'late' end, r6 < 0.5, 1
    from (
      select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8,
        (date '2024-12-01' + floor(random() * (date '2026-11-30' - date '2024-12-01' + 1))::int) rd
      from generate_series(1, ${dossiers}) g
    ) x`.execute(db);
  await rebuildMonthlySummary(db);
  // as autovacuum leaves the tables a little after an import (statistics, and the visibility map that lets
  // the open-dossier count read its index alone)
  await sql`vacuum analyze onestop_dossiers`.execute(db);
  await sql`vacuum analyze onestop_monthly`.execute(db);
}

/** The anchor: the dashboard's counts per unit × month in one GROUP BY over the dossiers. */
const anchorQuery = () => sql<{ unit_id: number; ym: number; received: number; resolved: number; late: number; overdue: number; online: number }>`
  select unit_id, received_ym as ym, count(*)::int as received, count(resolved_date)::int as resolved,
    (count(*) filter (where resolved_date > due_date))::int as late,
    (count(*) filter (where resolved_date is null and due_date < ${AS_OF}::date))::int as overdue,
    (count(*) filter (where channel = 'online'))::int as online
  from onestop_dossiers where received and received_ym between ${FROM_YM} and 202611
  group by unit_id, received_ym`;

interface Row {
  unitId: number;
  period: string;
  counts: { received: number; resolved: number; late: number; overdue: number; online: number };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'indicator dashboard, 150 units × 24 months (PostgreSQL)',
    async run(env): Promise<BenchResult> {
      const unitsN = env.quick ? 30 : 150;
      const dossiers = Number(process.env.CHISO_BENCH_DOSSIERS ?? (env.quick ? 20_000 : 1_000_000));
      const runs = env.quick ? 3 : 9;
      const app = await openInProcessApp({ dataDir: env.tmpDir, databaseUrl: env.pgUrl });
      try {
        const { db } = app.ctx;
        const t0 = performance.now();
        await seedDashboard(db, env.seed, unitsN, dossiers);
        env.log(`${dossiers.toLocaleString('en-US')} dossiers for ${unitsN} units × ${MONTHS} months seeded in ${Math.round(performance.now() - t0)} ms`);

        const perUnit = `/api/onestop/indicators?by=unit,period&granularity=month&from=2024-12&to=2026-11&asOf=${AS_OF}`;
        const province = `/api/onestop/indicators?by=period&granularity=month&from=2024-12&to=2026-11&asOf=${AS_OF}`;
        const first = await app.get(perUnit);
        if (first.status !== 200) throw new Error(`${perUnit}: ${first.status} ${first.body.slice(0, 300)}`);
        const served = JSON.parse(first.body) as Row[];
        // Same counts from both, or the comparison means nothing.
        const anchorRows = (await anchorQuery().execute(db)).rows;
        const byKey = new Map(served.map((r) => [`${r.unitId}|${r.period.replace('-', '')}`, r.counts]));
        if (anchorRows.length !== served.length) throw new Error(`rows: SQL ${anchorRows.length}, server ${served.length}`);
        for (const a of anchorRows) {
          const c = byKey.get(`${a.unit_id}|${a.ym}`);
          const same = c && c.received === a.received && c.resolved === a.resolved && c.late === a.late && c.overdue === a.overdue && c.online === a.online;
          if (!same) throw new Error(`unit ${a.unit_id} month ${a.ym}: server ${JSON.stringify(c)}, SQL ${JSON.stringify(a)}`);
        }

        const http = await medianOf(runs, 2, async () => {
          const r = await app.get(perUnit);
          if (r.status !== 200) throw new Error(`${perUnit}: ${r.status}`);
        });
        const line = await medianOf(runs, 2, async () => {
          const r = await app.get(province);
          if (r.status !== 200) throw new Error(`${province}: ${r.status}`);
        });
        const anchor = await medianOf(runs, 2, () => anchorQuery().execute(db));
        env.log(
          `GET by=unit,period median ${http.median.toFixed(1)} ms [${http.samples.join(', ')}] (${served.length} rows, ${first.body.length} bytes); by=period ${line.median.toFixed(1)} ms; SQL ${anchor.median.toFixed(1)} ms`,
        );
        return {
          figure: http.median,
          unit: 'ms',
          anchor: anchor.median,
          anchorLabel: 'one GROUP BY over the dossiers',
          goal: `≤ ${GOAL_MS} ms`,
          met: http.median <= GOAL_MS,
          extra: {
            units: unitsN,
            months: MONTHS,
            dossiers,
            rows: served.length,
            responseBytes: first.body.length,
            runs,
            samplesMs: http.samples,
            provinceLineMedianMs: Math.round(line.median * 10) / 10,
            provinceLineSamplesMs: line.samples,
            anchorSamplesMs: anchor.samples,
            countsCheckedAgainstSql: true,
            route: 'GET /api/onestop/indicators?by=unit,period&granularity=month',
          },
        };
      } finally {
        await app.close();
      }
    },
  },
];
