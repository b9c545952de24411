// The one-stop feed of framework leaves of type `data`: a leaf names an indicator in `rule.indicator`
// (a formats.md rate such as on_time_rate, or late_rate) and gets the unit's value over the cycle year,
// with where it came from. Imported for its side effect by onestop.routes.ts, so it is registered
// whenever the route table is loaded (server, tests, CLI serve).
import type { Db } from '../../db/database';
import { RATE_DEFINITIONS, type RateName } from '../../domain/onestop/indicators';
import { percent } from '../../domain/onestop/rates';
import { type FeedLeaf, type FeedValue, type LeafFeed, registerLeafFeed } from '../assessments/leaf-feeds';
import { onestopSettings } from './onestop.config';
import { todayInVietnam } from './onestop.periods';
import * as repo from './onestop.repository';
import { countsFromRaw } from './onestop.service';

const fmtDate = (d: Date | string | null) => (d ? new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(d)) : '');
const fmtNum = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

export const onestopLeafFeed: LeafFeed = {
  kind: 'data',
  async resolve(db: Db, q: { year: number; unitCodes: string[]; leaves: FeedLeaf[] }) {
    const out = new Map<string, Map<string, FeedValue>>();
    const wanted = q.leaves.filter((l) => typeof l.rule.indicator === 'string' && (l.rule.indicator in RATE_DEFINITIONS || l.rule.indicator === 'late_rate'));
    if (wanted.length === 0 || q.unitCodes.length === 0) return out;
    const units = (await repo.allUnits(db)).filter((u) => q.unitCodes.includes(u.code));
    if (units.length === 0) return out;
    // formats.md: overdue is judged at the as-of date, today by default; a past year is judged at its end.
    const today = todayInVietnam();
    const asOf = `${q.year}-12-31` < today ? `${q.year}-12-31` : today;
    const raw = await repo.countIndicators(db, {
      by: ['unit'],
      granularity: 'all',
      fromYm: q.year * 100 + 1,
      toYm: q.year * 100 + 12,
      asOf,
      scope: 'all',
      unitIds: units.map((u) => u.id),
    });
    const job = await repo.latestDoneJob(db, 'dossiers');
    const { rules } = onestopSettings();
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const r of raw) {
      const unit = byId.get(Number(r.unit_id));
      if (!unit) continue;
      const counts = countsFromRaw(r, rules.satisfiedMinRating);
      const values = new Map<string, FeedValue>();
      for (const leaf of wanted) {
        const name = leaf.rule.indicator as string;
        const [num, den] = name === 'late_rate' ? (['late', 'resolved'] as const) : RATE_DEFINITIONS[name as RateName];
        const value = percent(counts[num], counts[den]);
        if (value === null) continue; // no denominator: the leaf stays pending rather than scoring 0
        const source = job ? `lượt nhập #${job.id} ngày ${fmtDate(job.finished_at)}` : 'dữ liệu một cửa';
        values.set(leaf.itemCode, {
          value,
          provenance: `${source}, ${fmtNum(counts.received)} hồ sơ tiếp nhận năm ${q.year} của ${unit.code}, quy tắc ${name} = ${num} ÷ ${den} = ${fmtNum(counts[num])}/${fmtNum(counts[den])} (tính đến ${asOf})`,
        });
      }
      if (values.size) out.set(unit.code, values);
    }
    return out;
  },
};

registerLeafFeed(onestopLeafFeed);
