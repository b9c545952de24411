// Asks every registered feed (one-stop data, surveys) for the values of `data`/`survey` leaves of a cycle.
import type { Db } from '../../db/database';
import { flattenLeaves } from '../../domain/framework/tree';
import type { Framework } from '../../domain/framework/types';
import { type FeedLeaf, type FeedValue, leafFeeds } from './leaf-feeds';

/** unit code → item code → value with provenance; leaves no feed answers for stay pending. */
export async function feedValues(db: Db, year: number, framework: Framework, unitCodes: string[]): Promise<Map<string, Map<string, FeedValue>>> {
  const out = new Map<string, Map<string, FeedValue>>();
  if (unitCodes.length === 0) return out;
  for (const feed of leafFeeds) {
    const leaves: FeedLeaf[] = flattenLeaves(framework)
      .filter((l) => l.leaf.rule.type === feed.kind)
      .map((l) => ({ itemCode: l.leaf.code, maxPoints: l.leaf.maxPoints, rule: l.leaf.rule as unknown as Record<string, unknown> }));
    if (leaves.length === 0) continue;
    const answer = await feed.resolve(db, { year, unitCodes, leaves });
    for (const [unit, values] of answer) {
      const mine = out.get(unit) ?? new Map<string, FeedValue>();
      for (const [item, v] of values) if (Number.isFinite(v.value)) mine.set(item, v);
      out.set(unit, mine);
    }
  }
  return out;
}
