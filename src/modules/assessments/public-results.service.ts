// The public results page: what the UBND tỉnh's decision publishes — final points, percent, band and rank
// per unit and per area, and the change against last year — for published cycles only. Self-scores,
// gaps, pending items and anything of a cycle not yet published stay inside the back office.
import type { AppContext } from '../../app-context';
import { AppError } from '../../errors';
import * as repo from './assessments.repository';
import { cycleResultsOf } from './results.service';

export async function listPublishedCycles(ctx: AppContext) {
  const cycles = await repo.listCycles(ctx.db);
  return cycles
    .filter((c) => c.state === 'published')
    .map((c) => ({ id: Number(c.id), name: c.name, year: c.year, publishedAt: c.published_at ? new Date(c.published_at).toISOString() : null }));
}

export async function publishedResults(ctx: AppContext, cycleId: number) {
  const cycle = await repo.findCycle(ctx.db, cycleId);
  // An unpublished cycle does not exist for the public: 404, not 403.
  if (cycle?.state !== 'published') throw new AppError('not_found', 'Không có kết quả công bố của kỳ đánh giá này');
  const full = await cycleResultsOf(ctx, cycle);
  return {
    cycle: { id: full.cycle.id, name: full.cycle.name, year: full.cycle.year, publishedAt: cycle.published_at ? new Date(cycle.published_at).toISOString() : null },
    groups: full.groups.map((g) => ({
      unitGroup: g.unitGroup,
      framework: { code: g.framework.code, name: g.framework.name, bands: g.framework.bands, areas: g.framework.areas },
      units: g.units.map((u) => ({
        unitCode: u.unitCode,
        unitName: u.unitName,
        points: u.points,
        maxPoints: u.maxPoints,
        percent: u.percent,
        band: u.band,
        rank: u.rank,
        of: u.of,
        areas: u.areas.map((a) => ({ code: a.code, points: a.points, maxPoints: a.maxPoints, percent: a.percent, rank: a.rank })),
        change: u.change,
      })),
    })),
  };
}
