import { describe, expect, it } from 'vitest';
import type { LeafItem } from '../framework/types';
import { flattenLeaves } from '../framework/tree';
import { pointsForLeaf } from './points';
import { sampleFramework } from './test-support';

const leaf = (code: string): LeafItem => {
  const hit = flattenLeaves(sampleFramework()).find((l) => l.leaf.code === code);
  if (!hit) throw new Error(code);
  return hit.leaf;
};

describe('pointsForLeaf', () => {
  it('binary: every yes/no spelling, anything else refused', () => {
    for (const v of ['yes', 'Có', 'true', '1', true, 1]) expect(pointsForLeaf(leaf('1.1'), { value: v }).points).toBe(2);
    for (const v of ['no', 'KHÔNG', 'false', '0', false, 0]) expect(pointsForLeaf(leaf('1.1'), { value: v }).points).toBe(0);
    const r = pointsForLeaf(leaf('1.1'), { value: 'maybe' });
    expect(r.points).toBe(0);
    expect(r.error).toContain('"1.1"');
  });

  it('tiered: by label, case and spacing ignored; unknown label names the leaf', () => {
    expect(pointsForLeaf(leaf('1.2'), { value: 'đạt  MỘT phần' }).points).toBe(1.5);
    expect(pointsForLeaf(leaf('1.2'), { value: 'Đạt' }).points).toBe(3);
    expect(pointsForLeaf(leaf('1.2'), { value: 'Tốt' }).error).toMatch(/"1.2".*Tốt/);
  });

  it('ratio thresholds: highest matching minPercent wins; exactly at the threshold is inclusive', () => {
    expect(pointsForLeaf(leaf('1.3'), { value: '100' }).points).toBe(2);
    expect(pointsForLeaf(leaf('1.3'), { value: '99.99' }).points).toBe(1);
    expect(pointsForLeaf(leaf('1.3'), { value: 80 }).points).toBe(1);
    expect(pointsForLeaf(leaf('1.3'), { value: '79.9%' }).points).toBe(0);
    expect(pointsForLeaf(leaf('1.3'), { value: 'abc' }).error).toContain('"1.3"');
    expect(pointsForLeaf(leaf('1.3'), { value: '-5' }).error).toBeDefined();
  });

  it('ratio linear: max × percent / 100, capped at max', () => {
    // 4 × 87.5 / 100 = 3.5; 4 × 33.33 / 100 = 1.3332; 120 % would be 4.8 → capped 4
    expect(pointsForLeaf(leaf('1.4'), { value: '87.5' }).points).toBe(3.5);
    expect(pointsForLeaf(leaf('1.4'), { value: '33.33' }).points).toBe(1.3332);
    expect(pointsForLeaf(leaf('1.4'), { value: '120' }).points).toBe(4);
  });

  it('count: pointsEach × count capped at max; non-integers refused', () => {
    expect(pointsForLeaf(leaf('2.1'), { value: '2' }).points).toBe(2);
    expect(pointsForLeaf(leaf('2.1'), { value: '7' }).points).toBe(3);
    expect(pointsForLeaf(leaf('2.1'), { value: '1.5' }).error).toContain('số nguyên');
  });

  it('deduction: −pointsEach × count floored at −max; explicit points are −max..0', () => {
    expect(pointsForLeaf(leaf('2.2'), { value: '0' }).points).toBe(0);
    expect(pointsForLeaf(leaf('2.2'), { value: '3' }).points).toBe(-1.5);
    expect(pointsForLeaf(leaf('2.2'), { value: '10' }).points).toBe(-2);
    expect(pointsForLeaf(leaf('2.2'), { points: -1 }).points).toBe(-1);
    expect(pointsForLeaf(leaf('2.2'), { points: 1 }).error).toContain('-2..0');
    expect(pointsForLeaf(leaf('2.2'), { points: -3 }).error).toContain('-2..0');
  });

  it('bonus: per occurrence, capped at max', () => {
    expect(pointsForLeaf(leaf('1.5'), { value: '1' }).points).toBe(0.5);
    expect(pointsForLeaf(leaf('1.5'), { value: '5' }).points).toBe(1);
  });

  it('manual: a value or explicit points in 0..max; outside is an error naming the leaf', () => {
    expect(pointsForLeaf(leaf('2.3'), { value: '4.25' }).points).toBe(4.25);
    expect(pointsForLeaf(leaf('2.3'), { points: 5 }).points).toBe(5);
    const over = pointsForLeaf(leaf('2.3'), { points: 5.5 });
    expect(over.points).toBe(5); // clamped, and flagged
    expect(over.error).toBe('Tiêu chí "2.3": điểm 5.5 nằm ngoài khoảng 0..5');
    expect(pointsForLeaf(leaf('2.3'), { points: -1 }).error).toContain('0..5');
  });

  it('survey and data: a result percent; data through thresholds, survey in proportion', () => {
    expect(pointsForLeaf(leaf('2.4'), { value: '85' }).points).toBe(5.1); // 6 × 85 / 100
    expect(pointsForLeaf(leaf('2.5'), { value: '92.4' }).points).toBe(3);
    expect(pointsForLeaf(leaf('2.5'), { value: '95' }).points).toBe(5);
  });

  it('explicit points win over the value', () => {
    expect(pointsForLeaf(leaf('1.1'), { value: 'yes', points: 1 }).points).toBe(1);
  });

  it('na only where allowed', () => {
    expect(pointsForLeaf(leaf('1.4'), { na: true })).toEqual({ points: 0, na: true });
    expect(pointsForLeaf(leaf('1.1'), { na: true }).error).toContain('"1.1" không cho phép');
  });

  it('nothing declared is an error', () => {
    expect(pointsForLeaf(leaf('1.1'), {}).error).toContain('chưa có giá trị');
  });
});
