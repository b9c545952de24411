import { describe, expect, it } from 'vitest';
import onestopJson from '../../../methodology/config/onestop.json';
import { parseOnestopConfig } from './onestop-config';
import { summarizeProcedures } from './procedures-summary';
import { daysSavedPerDossier, estimateSavings, formatVnd, savingsSentence } from './savings';
import type { OnlineLevel, Procedure } from './types';

const rules = parseOnestopConfig(onestopJson);

function proc(i: number, onlineLevel: OnlineLevel | null, cutPercent: number | null, level = 'province'): Procedure {
  return { code: `P${i}`, name: '', sector: '', level, processingDays: 10, processingHours: null, onlineLevel, feeVnd: 0, cutPercent, unitCode: null };
}

/**
 * Lào Cai 2022 (seeds/004): 1,972 procedures; 929 with ≥ 30 % less time; 1,761 online at level 3–4 (89 %).
 * Built as 800 full + 961 partial + 211 none; cuts: 929 at ≥ 30 % (one exactly 30), 500 at 29.99, the rest none.
 */
function laoCai2022(): Procedure[] {
  const out: Procedure[] = [];
  for (let i = 0; i < 1972; i++) {
    const online: OnlineLevel = i < 800 ? 'full' : i < 1761 ? 'partial' : 'none';
    const cut = i < 928 ? 50 : i === 928 ? 30 : i < 1429 ? 29.99 : null;
    out.push(proc(i, online, cut, i % 3 === 0 ? 'province' : i % 3 === 1 ? 'district' : 'commune'));
  }
  return out;
}

describe('summarizeProcedures', () => {
  it('answers the Lào Cai 2022 figures (threshold from onestop.json)', () => {
    const [s] = summarizeProcedures(laoCai2022(), { significantCutPercent: rules.significantCutPercent });
    expect(s).toMatchObject({ count: 1972, full: 800, partial: 961, none: 211, online: 1761, significant_cut: 929 });
    expect(s.online_rate).toBe(89.3); // 1761 ÷ 1972 = 89.300 %
    expect(s.full_online_rate).toBe(40.57); // 800 ÷ 1972 = 40.568 %
    expect(s.significant_cut_rate).toBe(47.11); // "đạt 47%" in the article
    // (928 × 50 + 30 + 500 × 29.99) ÷ 1429 = (46400 + 30 + 14995) ÷ 1429 = 61425 ÷ 1429 = 42.9846…
    expect(s.average_cut_percent).toBe(42.98);
  });

  it('groups by level, ordered by key', () => {
    const rows = summarizeProcedures(laoCai2022(), { by: ['level'], significantCutPercent: 30 });
    expect(rows.map((r) => [r.key.level, r.count])).toEqual([
      ['commune', 657],
      ['district', 657],
      ['province', 658],
    ]);
  });

  it('empty catalogue: no rows; unknown online levels counted apart', () => {
    expect(summarizeProcedures([], { significantCutPercent: 30 })).toEqual([]);
    const [s] = summarizeProcedures([proc(1, null, null)], { significantCutPercent: 30 });
    expect([s.unknown, s.online_rate, s.average_cut_percent]).toEqual([1, 0, null]);
  });
});

describe('savings estimate', () => {
  it('legal time = applied time ÷ (1 − cut): 5 days at a 50 % cut saves 5 days', () => {
    expect(daysSavedPerDossier({ ...proc(1, 'full', 50), processingDays: 5 })).toBe(5);
    expect(daysSavedPerDossier(proc(1, 'full', 0))).toBe(0);
    expect(daysSavedPerDossier(proc(1, 'full', null))).toBe(0);
  });

  it('writes the Vietnamese sentence: 52,340 dossiers × 5 days × 229,300 đ ≈ 60 tỷ', () => {
    const p = { ...proc(1, 'full', 50), processingDays: 5 };
    const e = estimateSavings(new Map([['P1', 52_340], ['P2', 100]]), new Map([['P1', p], ['P2', proc(2, 'none', 0)]]), 229_300);
    expect(e.dossiers).toBe(52_340);
    expect(e.workingDaysSaved).toBe(261_700);
    expect(e.valueVnd).toBe(60_007_810_000);
    expect(e.sentence).toBe('Rút ngắn thời gian giải quyết 52.340 hồ sơ, tiết kiệm ước tính 60 tỷ đồng');
  });

  it('formats money in Vietnamese words', () => {
    expect(formatVnd(1_500_000_000)).toBe('1,5 tỷ đồng');
    expect(formatVnd(350_000_000)).toBe('350 triệu đồng');
    expect(formatVnd(12_000)).toBe('12.000 đồng');
    expect(savingsSentence(0, 0)).toBe('Rút ngắn thời gian giải quyết 0 hồ sơ, tiết kiệm ước tính 0 đồng');
  });

  it('the value of a day is a configured assumption', () => expect(rules.valuePerDayVnd).toBeGreaterThan(0));
});
