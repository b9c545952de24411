import { describe, expect, it } from 'vitest';
import { compareVi, sortByVietnameseName } from './collate';
import { competitionRanks, rankUnits } from './rank';
import type { AreaResult } from './score-unit';

const area = (code: string, percent: number | null): AreaResult => ({ code, title: code, points: 0, maxPoints: 1, percent, pendingPoints: 0 });

describe('ranks', () => {
  it('competition ranks 1, 2, 2, 4 on percent rounded to 2 decimals', () => {
    expect(competitionRanks([90, 85.5, 85.5, 70])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([85.504, 85.495, 99])).toEqual([2, 2, 1]);
    expect(competitionRanks([null, 50])).toEqual([null, 1]);
  });

  it('ranks within each unit group, overall and per area', () => {
    const ranks = rankUnits([
      { unitCode: 'A', group: 'department', result: { percent: 80, areas: [area('1', 90), area('2', 70)] } },
      { unitCode: 'B', group: 'department', result: { percent: 80, areas: [area('1', 60), area('2', 100)] } },
      { unitCode: 'C', group: 'department', result: { percent: 75, areas: [area('1', 95), area('2', 55)] } },
      { unitCode: 'X', group: 'commune', result: { percent: 50, areas: [area('1', 50), area('2', 50)] } },
    ]);
    expect(ranks.map((r) => [r.unitCode, r.rank, r.areaRanks['1'], r.areaRanks['2'], r.of])).toEqual([
      ['A', 1, 2, 2, 3],
      ['B', 1, 3, 1, 3],
      ['C', 3, 1, 3, 3],
      ['X', 1, 1, 1, 1],
    ]);
  });
});

describe('Vietnamese order', () => {
  it('sorts names in the Vietnamese alphabet (Đ after D, Ă/Â after A)', () => {
    const names = ['Sở Y tế', 'Sở Đào tạo', 'Sở Du lịch', 'Sở Ăn uống', 'Sở An ninh'];
    expect([...names].sort(compareVi)).toEqual(['Sở An ninh', 'Sở Ăn uống', 'Sở Du lịch', 'Sở Đào tạo', 'Sở Y tế']);
    const rows = sortByVietnameseName([{ n: 'B', c: 'X10' }, { n: 'B', c: 'X9' }, { n: 'A', c: 'Z' }], (r) => r.n, (r) => r.c);
    expect(rows.map((r) => r.c)).toEqual(['Z', 'X9', 'X10']);
  });
});
