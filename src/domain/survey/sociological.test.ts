import { describe, expect, it } from 'vitest';
import type { SurveyForm } from './form';
import { SociologicalAccumulator, parseSurveySource, sociologicalPoints, surveyPointsForLeaf } from './sociological';

const percent = { A: 100, B: 60, C: 20, D: 0 }; // as in methodology/config/survey.json
const abcd = ['A', 'B', 'C', 'D'];
const form: SurveyForm = {
  code: 'XHH',
  title: 'Điều tra xã hội học',
  unitGroup: 'department',
  questions: [
    { code: 'XHH.1', text: 'Chỉ đạo', type: 'choice', options: abcd },
    { code: 'XHH.2', text: 'Thủ tục', type: 'choice', options: [...abcd, 'KYK'] },
    { code: 'NOTE', text: 'Ghi chú', type: 'text' },
  ],
};

describe('sociological survey', () => {
  it('converts A–D to percentages and averages them per unit and item', () => {
    const acc = new SociologicalAccumulator(form, percent);
    acc.add('SO1', { 'XHH.1': 'A', 'XHH.2': 'B' });
    acc.add('SO1', { 'XHH.1': 'B', 'XHH.2': 'KYK' }); // "không ý kiến" is no rating
    acc.add('SO1', { 'XHH.1': 'C' });
    acc.add('SO2', { 'XHH.1': 'D', NOTE: 'x' });
    const r = acc.results();
    // SO1 XHH.1: (100 + 60 + 20) / 3 = 60 %; XHH.2: 60 / 1 = 60 %
    expect(r.get('SO1')!.get('XHH.1')).toEqual({ meanPercent: 60, n: 3 });
    expect(r.get('SO1')!.get('XHH.2')).toEqual({ meanPercent: 60, n: 1 });
    expect(r.get('SO2')!.get('XHH.2')).toEqual({ meanPercent: null, n: 0 });
    expect(r.get('SO2')!.has('NOTE')).toBe(false);
  });

  it('points = mean % × item max ÷ 100, 2 decimals', () => {
    // (100 + 60) / 2 = 80 % of 1.5 points = 1.2
    expect(sociologicalPoints(80, 1.5)).toBe(1.2);
    // (100 + 20 + 20) / 3 = 46.666…% of 2 points = 0.9333… → 0.93
    expect(sociologicalPoints(140 / 3, 2)).toBe(0.93);
  });

  it('surveyPointsForLeaf reads sociological and SIPAS sources', () => {
    const results = { sipas: { overall: 84.92, 3: 90.5 }, sociological: { 'XHH.1': 60, 'XHH.2': null } };
    expect(surveyPointsForLeaf('sociological:XHH.1', 2, results)).toBe(1.2);
    expect(surveyPointsForLeaf('sociological:XHH.2', 2, results)).toBeNull();
    expect(surveyPointsForLeaf('sociological:XHH.9', 2, results)).toBeNull();
    // 84.92 % of 6 points = 5.0952 → 5.1
    expect(surveyPointsForLeaf('sipas:overall', 6, results)).toBe(5.1);
    // 90.5 % of 1.5 = 1.3575 → 1.36 (half away from zero)
    expect(surveyPointsForLeaf('sipas:3', 1.5, results)).toBe(1.36);
    expect(surveyPointsForLeaf('sipas:1', 1.5, results)).toBeNull();
    expect(() => surveyPointsForLeaf('sipas:7', 1, results)).toThrow('không hợp lệ');
  });

  it('parseSurveySource', () => {
    expect(parseSurveySource('sipas:overall')).toEqual({ kind: 'sipas', element: 'overall' });
    expect(parseSurveySource('sipas:5')).toEqual({ kind: 'sipas', element: 5 });
    expect(parseSurveySource('sociological:XHH.3')).toEqual({ kind: 'sociological', question: 'XHH.3' });
    expect(parseSurveySource('papi:1')).toBeNull();
  });
});
