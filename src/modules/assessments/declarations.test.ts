import { describe, expect, it } from 'vitest';
import type { ScoreRecord } from './assessments.repository';
import { entriesFor } from './declarations';

const row = (item_code: string, stage: ScoreRecord['stage'], d: Partial<Pick<ScoreRecord, 'value' | 'points' | 'na' | 'note'>> = {}): ScoreRecord => ({
  unit_id: 7,
  item_code,
  stage,
  value: d.value ?? null,
  points: d.points ?? null,
  na: d.na ?? false,
  note: d.note ?? null,
});

describe('engine entries from stored rows', () => {
  it('the explanation replaces the appraisal when it declares a score, the final row wins, undeclared rows give nothing', () => {
    const rows = [
      row('1.1', 'self', { points: 1 }),
      row('1.1', 'appraised', { points: 0.5 }),
      row('1.1', 'explained', { points: 0.75 }), // replaces the appraised 0.5
      row('1.2', 'self', { value: 'yes' }),
      row('1.2', 'appraised', { points: 0 }),
      row('1.2', 'explained', { value: '' }), // declares nothing: the appraisal stays
      row('1.3', 'self', { na: true }),
      row('1.3', 'final', { points: 2, note: 'Hội đồng' }),
      row('1.4', 'self'), // nothing declared at all
    ];
    const expected = [
      { itemCode: '1.1', stage: 'self', points: 1 },
      { itemCode: '1.1', stage: 'appraised', points: 0.75 },
      { itemCode: '1.2', stage: 'self', value: 'yes' },
      { itemCode: '1.2', stage: 'appraised', points: 0 },
      { itemCode: '1.3', stage: 'self', na: true },
      { itemCode: '1.3', stage: 'final', points: 2 },
    ];
    expect(entriesFor(rows, { self: true, appraisal: true })).toEqual(expected);
    // a unit before release sees its own stage only; the appraisal without the self-assessment
    expect(entriesFor(rows, { self: true, appraisal: false })).toEqual(expected.filter((e) => e.stage === 'self'));
    expect(entriesFor(rows, { self: false, appraisal: true })).toEqual(expected.filter((e) => e.stage !== 'self'));
    // rows in any order give the same entries per item
    expect(entriesFor([...rows].reverse(), { self: true, appraisal: true })).toEqual(expect.arrayContaining(expected));
  });
});
