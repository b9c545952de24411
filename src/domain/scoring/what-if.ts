// Simulation for a unit: what changes if some items are scored differently, and how far it is to a target.
import type { Framework } from '../framework/types';
import type { Declared } from './declared';
import { competitionRanks } from './rank';
import { roundPoints, sumPoints } from './round';
import { type ItemResult, type ScoreEntry, type UnitResult, scoreUnit } from './score-unit';

export interface WhatIfChange extends Declared {
  itemCode: string;
}

export interface WhatIfResult {
  before: UnitResult;
  after: UnitResult;
  deltaPoints: number;
  deltaPercent: number | null;
  /** Ranks among `peers` (the other units of the group); null without peers or percent. */
  rankBefore: number | null;
  rankAfter: number | null;
}

/**
 * Applies each change as the item's final declaration (replacing whatever stage was latest) and rescores.
 * `peers` are the percents of the other units of the same group, for the rank change.
 */
export function whatIf(
  framework: Framework,
  entries: readonly ScoreEntry[],
  changes: readonly WhatIfChange[],
  peers: readonly (number | null)[] = [],
): WhatIfResult {
  const before = scoreUnit(framework, entries);
  const changed = new Set(changes.map((c) => c.itemCode));
  const simulated: ScoreEntry[] = [
    ...entries.filter((e) => !(changed.has(e.itemCode) && e.stage === 'final')),
    ...changes.map((c) => ({ ...c, stage: 'final' as const })),
  ];
  const after = scoreUnit(framework, simulated);
  const rankAmong = (p: number | null) => (peers.length === 0 || p === null ? null : competitionRanks([p, ...peers])[0]);
  return {
    before,
    after,
    deltaPoints: roundPoints(after.points - before.points),
    deltaPercent: before.percent === null || after.percent === null ? null : roundPoints(after.percent - before.percent),
    rankBefore: rankAmong(before.percent),
    rankAfter: rankAmong(after.percent),
  };
}

export interface Headroom {
  code: string;
  title: string;
  areaCode: string;
  ruleType: ItemResult['ruleType'];
  /** Points still available on the leaf: max − points (for a deduction: the points lost). */
  headroom: number;
}

export interface GapToTarget {
  targetPercent: number;
  currentPercent: number | null;
  /** Points to add (0 when the target is already met). */
  pointsNeeded: number;
  /** Whether the leaves' combined headroom can cover the gap. */
  reachable: boolean;
  /** Leaves with the most headroom first, just enough of them to cover the gap (all of them if unreachable). */
  leaves: Headroom[];
}

export function gapToTarget(result: UnitResult, targetPercent: number): GapToTarget {
  const needed = Math.max(0, roundPoints((targetPercent * result.maxPoints) / 100 - result.points));
  const all: Headroom[] = result.items
    .filter((i) => !i.na)
    .map((i) => ({
      code: i.code,
      title: i.title,
      areaCode: i.areaCode,
      ruleType: i.ruleType,
      headroom: roundPoints(i.ruleType === 'deduction' ? -i.points : i.maxPoints - i.points),
    }))
    .filter((h) => h.headroom > 0)
    .sort((a, b) => b.headroom - a.headroom);
  const leaves: Headroom[] = [];
  let covered = 0;
  for (const h of all) {
    if (covered >= needed) break;
    leaves.push(h);
    covered = sumPoints([covered, h.headroom]);
  }
  return { targetPercent, currentPercent: result.percent, pointsNeeded: needed, reachable: covered >= needed, leaves };
}
