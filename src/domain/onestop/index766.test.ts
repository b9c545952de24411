import { describe, expect, it } from 'vitest';
import index766Json from '../../../methodology/config/index-766.json';
import { score766, inputsFromCounts, scoreIndicator } from './index766';
import { parseIndex766Config } from './index766-config';
import { emptyCounts } from './indicators';
import { reconcile766 } from './reconcile766';

const config = parseIndex766Config(index766Json);

describe('index-766.json', () => {
  it('has the five confirmed group maxima summing to 100', () => {
    expect(config.groups.map((g) => [g.code, g.maxPoints, g.confirmed])).toEqual([
      ['publicity', 18, true],
      ['timeliness', 20, true],
      ['digitisation', 22, true],
      ['online_services', 22, true],
      ['satisfaction', 18, true],
    ]);
  });
  it('marks only the two known point values as confirmed, every formula as not', () => {
    const all = config.groups.flatMap((g) => g.indicators);
    expect(all.filter((i) => i.pointsConfirmed).map((i) => [i.code, i.points])).toEqual([
      ['procedures_published_on_time', 4],
      ['satisfied_procedures', 6],
    ]);
    expect(all.every((i) => !i.confirmed && i.note)).toBe(true);
  });
  it('refuses indicator points that do not add up to the group maximum', () => {
    const bad = structuredClone(index766Json);
    bad.groups[0].indicators[0].points = 5;
    expect(() => parseIndex766Config(bad)).toThrow(/publicity/);
  });
});

describe('score766 on a hand example', () => {
  // Unit U1, 2025-03, counts: received 10, resolved 8, on_time 6, online 5, paid_online 3, digitized 8,
  // e_result 4, late_or_overdue 2 with 1 compliant apology, rated 5 with 4 satisfied.
  const counts = {
    ...emptyCounts(),
    received: 10,
    resolved: 8,
    on_time: 6,
    online: 5,
    paid_online: 3,
    digitized: 8,
    e_result: 4,
    late_or_overdue: 2,
    apology_compliant: 1,
    rated: 5,
    satisfied: 4,
  };
  const inputs = {
    ...inputsFromCounts(counts),
    procedures_published_on_time_rate: 100,
    status_synced_rate: 90,
    procedures_information_complete_rate: 50,
    reused_data_rate: 25,
    full_online_procedures_rate: 40,
    feedback_handled_rate: null, // no feedback received: full points (ifNoData)
    // online_satisfied_rate not supplied
  };
  const s = score766(config, 'U1', '2025-03', inputs);
  const group = (code: string) => s.groups.find((g) => g.code === code)!;

  it('publicity: 4 × 100 % + 8 × 90 % + 6 × 50 % = 4 + 7.2 + 3 = 14.2', () => expect(group('publicity').points).toBe(14.2));
  it('timeliness: 14 × 75 % (6/8) + 6 × 50 % (1/2) = 10.5 + 3 = 13.5', () => expect(group('timeliness').points).toBe(13.5));
  it('digitisation: 10 × 80 % + 8 × 50 % (4/8) + 4 × 25 % = 8 + 4 + 1 = 13', () => expect(group('digitisation').points).toBe(13));
  it('online services: 8 × 40 % + 8 × 50 % + 6 × 30 % = 3.2 + 4 + 1.8 = 9', () => expect(group('online_services').points).toBe(9));
  it('satisfaction: 6 × 80 % + 6 (no feedback) + 0 (missing) = 10.8', () => expect(group('satisfaction').points).toBe(10.8));
  it('total 14.2 + 13.5 + 13 + 9 + 10.8 = 60.5, with the missing input listed', () => {
    expect(s.total).toBe(60.5);
    expect(s.maxPoints).toBe(100);
    expect(s.missingInputs).toEqual(['online_satisfied_rate']);
  });

  it('threshold formulas: highest matching minPercent wins', () => {
    const ind = {
      code: 'x',
      title: '',
      points: 10,
      input: 'r',
      confirmed: false,
      pointsConfirmed: false,
      formula: { type: 'thresholds' as const, ifNoData: 'zero' as const, thresholds: [{ minPercent: 0, points: 0 }, { minPercent: 95, points: 10 }, { minPercent: 80, points: 6 }] },
    };
    expect([scoreIndicator(ind, 96).points, scoreIndicator(ind, 80).points, scoreIndicator(ind, 79.99).points]).toEqual([10, 6, 0]);
    expect(scoreIndicator(ind, null)).toMatchObject({ points: 0, status: 'no_data' });
  });

  it('reconciles with portal figures per unit, period and field', () => {
    const diffs = reconcile766([s], [
      { unitCode: 'U1', period: '2025-03', total: 62.5, groups: { publicity: 14.2, timeliness: 15.5 } },
      { unitCode: 'U2', period: '2025-03', total: 70 },
    ]);
    expect(diffs).toEqual([
      { unitCode: 'U1', period: '2025-03', field: 'group:timeliness', ours: 13.5, portal: 15.5, difference: -2 },
      { unitCode: 'U1', period: '2025-03', field: 'total', ours: 60.5, portal: 62.5, difference: -2 },
      { unitCode: 'U2', period: '2025-03', field: 'presence', ours: null, portal: 70, difference: null },
    ]);
    expect(reconcile766([s], [{ unitCode: 'U1', period: '2025-03', total: 60.504 }])).toEqual([]);
  });
});
