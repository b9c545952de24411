import { describe, expect, it } from 'vitest';
import { scoreUnit } from './score-unit';
import { sampleFramework } from './test-support';
import { gapToTarget, whatIf } from './what-if';

describe('whatIf', () => {
  it('rescoring an item gives new totals and the rank change among peers', () => {
    // before: 1.1 no → 0 of 31 → 0 %; after: 1.1 yes → 2 of 31 → 6.45 %
    const r = whatIf(sampleFramework(), [{ itemCode: '1.1', stage: 'final', value: 'no' }], [{ itemCode: '1.1', value: 'yes' }], [5, 3]);
    expect(r.before.points).toBe(0);
    expect(r.after.points).toBe(2);
    expect(r.after.percent).toBe(6.45);
    expect(r.deltaPoints).toBe(2);
    expect(r.rankBefore).toBe(3);
    expect(r.rankAfter).toBe(1);
  });
});

describe('gapToTarget', () => {
  it('points needed and the leaves with the most headroom, enough to cover the gap', () => {
    // 1.1 yes (2), 1.2 Đạt (3) → area 1 = 5; 2.2 deduction 2 × 0.5 = −1 → area 2 floored at 0 → 5 of 31
    // target 50 % → 15.5 − 5 = 10.5 needed; headroom: 2.4 survey 6, 2.3 5, 2.5 5, 1.4 4 … → 6 + 5 ≥ 10.5
    const res = scoreUnit(sampleFramework(), [
      { itemCode: '1.1', stage: 'final', value: 'yes' },
      { itemCode: '1.2', stage: 'final', value: 'Đạt' },
      { itemCode: '2.2', stage: 'final', value: '2' },
    ]);
    const gap = gapToTarget(res, 50);
    expect(gap.pointsNeeded).toBe(10.5);
    expect(gap.reachable).toBe(true);
    expect(gap.leaves.map((l) => [l.code, l.headroom])).toEqual([
      ['2.4', 6],
      ['2.3', 5],
    ]);
    expect(gapToTarget(res, 10).pointsNeeded).toBe(0);
    expect(gapToTarget(res, 200).reachable).toBe(false);
  });
});
