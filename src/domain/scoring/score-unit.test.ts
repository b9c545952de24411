import { describe, expect, it } from 'vitest';
import type { Framework } from '../framework/types';
import { type ScoreEntry, bandFor, scoreUnit } from './score-unit';
import { sampleFramework } from './test-support';

describe('scoreUnit', () => {
  // Hand computation (sampleFramework, max 11 + 20 before N/A):
  //  1.1 self yes, appraised no → appraised wins → 0        1.2 self "Đạt" → 3
  //  1.3 final 85 % → threshold 80 → 1                       1.4 N/A → leaves the max (−4)
  //  1.5 bonus 1 occurrence × 0.5 → 0.5, not in the max
  //  area 1: 0 + 3 + 1 + 0.5 = 4.5 of 2 + 3 + 2 = 7 → 64.2857… → 64.29 %
  //  2.1 count 2 → 2   2.2 deduction 3 × 0.5 → −1.5   2.3 unscored → 0 of 5
  //  2.4 survey unscored → pending 6 (0 of 6)   2.5 data 96 % → 5   2.6.1 yes → 1
  //  area 2: 2 − 1.5 + 0 + 0 + 5 + 1 = 6.5 of 3 + 5 + 6 + 5 + 1 = 20 → 32.5 %
  //  total 11 of 27 → 40.7407… → 40.74 % → band "Yếu"
  const entries: ScoreEntry[] = [
    { itemCode: '1.1', stage: 'self', value: 'yes' },
    { itemCode: '1.1', stage: 'appraised', value: 'no', note: 'thiếu kế hoạch' },
    { itemCode: '1.2', stage: 'self', value: 'Đạt' },
    { itemCode: '1.3', stage: 'final', value: '85' },
    { itemCode: '1.4', stage: 'appraised', na: true },
    { itemCode: '1.5', stage: 'self', value: '1' },
    { itemCode: '2.1', stage: 'self', value: '2' },
    { itemCode: '2.2', stage: 'final', value: '3' },
    { itemCode: '2.4', stage: 'self', points: 6 },
    { itemCode: '2.5', stage: 'final', value: '96' },
    { itemCode: '2.6.1', stage: 'final', value: 'có' },
  ];
  const r = scoreUnit(sampleFramework(), entries);

  it('totals, N/A shrinking the max, bonus outside the max, unscored leaf counted with 0', () => {
    expect(r.points).toBe(11);
    expect(r.maxPoints).toBe(27);
    expect(r.percent).toBe(40.74);
    expect(r.band).toBe('Yếu');
  });

  it('per-area points, max and percent', () => {
    expect(r.areas.map((a) => [a.code, a.points, a.maxPoints, a.percent, a.pendingPoints])).toEqual([
      ['1', 4.5, 7, 64.29, 0],
      ['2', 6.5, 20, 32.5, 6],
    ]);
  });

  it('the latest stage wins and every stage is kept for audit', () => {
    const item = r.items.find((i) => i.code === '1.1')!;
    expect(item.stage).toBe('appraised');
    expect(item.points).toBe(0);
    expect(item.stages.map((s) => [s.stage, s.points])).toEqual([
      ['self', 2],
      ['appraised', 0],
    ]);
    expect(item.stages[1].note).toBe('thiếu kế hoạch');
  });

  it('survey leaves are never self-scored: the self score is kept but the leaf stays pending', () => {
    const survey = r.items.find((i) => i.code === '2.4')!;
    expect(survey.pending).toBe(true);
    expect(survey.points).toBe(0);
    expect(survey.stages[0].error).toContain('không tự chấm');
    expect(r.pendingPoints).toBe(6);
    expect(r.pendingItems).toEqual(['2.4']);
  });

  it('group subtotals and countedMax', () => {
    expect(r.groups.find((g) => g.code === '2.6')).toEqual({ code: '2.6', points: 1, maxPoints: 1 });
    expect(r.items.find((i) => i.code === '1.4')!.countedMax).toBe(0);
    expect(r.items.find((i) => i.code === '1.5')!.countedMax).toBe(0);
    expect(r.items.find((i) => i.code === '2.3')).toMatchObject({ scored: false, points: 0, countedMax: 5 });
  });

  it('final > appraised > self whatever the input order', () => {
    const s = scoreUnit(sampleFramework(), [
      { itemCode: '1.1', stage: 'final', value: 'yes' },
      { itemCode: '1.1', stage: 'self', value: 'no' },
      { itemCode: '1.1', stage: 'appraised', value: 'no' },
    ]);
    expect(s.items[0]).toMatchObject({ stage: 'final', points: 2 });
  });

  it('entries for unknown codes or groups are reported, not scored', () => {
    const s = scoreUnit(sampleFramework(), [{ itemCode: '2.6', stage: 'self', value: 'yes' }]);
    expect(s.ignored).toHaveLength(1);
    expect(s.points).toBe(0);
  });

  it('a deduction cannot take an area below zero', () => {
    const s = scoreUnit(sampleFramework(), [{ itemCode: '2.2', stage: 'final', value: '4' }]);
    expect(s.areas[1].points).toBe(0);
    expect(s.points).toBe(0);
  });

  it('bonus can lift points without raising the maximum', () => {
    const s = scoreUnit(sampleFramework(), [
      { itemCode: '1.1', stage: 'final', value: 'yes' },
      { itemCode: '1.5', stage: 'final', value: '2' },
    ]);
    expect(s.areas[0]).toMatchObject({ points: 3, maxPoints: 11 });
  });

  it('everything N/A gives no percent and no band', () => {
    const fw: Framework = { ...sampleFramework(), items: [sampleFramework().items[0]] };
    fw.items = [{ code: 'A', title: 'A', children: [{ code: 'A.1', title: 'x', maxPoints: 2, rule: { type: 'manual' }, allowNotApplicable: true }] }];
    const s = scoreUnit(fw, [{ itemCode: 'A.1', stage: 'final', na: true }]);
    expect(s).toMatchObject({ points: 0, maxPoints: 0, percent: null, band: null });
  });
});

describe('bands', () => {
  const bands = sampleFramework().bands;
  it('minPercent is inclusive; the first band reached wins', () => {
    expect(bandFor(bands, 80)).toBe('Tốt');
    expect(bandFor(bands, 79.99)).toBe('Khá');
    expect(bandFor(bands, 65)).toBe('Khá');
    expect(bandFor(bands, 50)).toBe('Trung bình');
    expect(bandFor(bands, 49.99)).toBe('Yếu');
    expect(bandFor(bands, 0)).toBe('Yếu');
    expect(bandFor(bands, 104)).toBe('Tốt');
  });

  it('the band is taken on the rounded percent (64.995 → 65 → Khá)', () => {
    const fw: Framework = {
      ...sampleFramework(),
      items: [{ code: 'A', title: 'A', children: [{ code: 'A.1', title: 'x', maxPoints: 200, rule: { type: 'manual' } }] }],
    };
    const s = scoreUnit(fw, [{ itemCode: 'A.1', stage: 'final', points: 129.99 }]);
    expect(s.percent).toBe(65);
    expect(s.band).toBe('Khá');
  });
});
