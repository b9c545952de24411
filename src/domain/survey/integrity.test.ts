import { describe, expect, it } from 'vitest';
import { integrityFlags } from './integrity';
import { likertForm } from './test-forms';

const options = { straightLiningMinQuestions: 4, minCompletionSeconds: 60, honeypotField: 'website' };
const form = likertForm({ 1: 3, 2: 2 });

describe('integrityFlags', () => {
  it('flags identical likert answers over at least k questions', () => {
    expect(integrityFlags(form, { answers: { E1Q1: 5, E1Q2: 5, E1Q3: 5, E2Q1: 5 } }, options)).toEqual(['straight_lining']);
    // only 3 answered: too few to tell
    expect(integrityFlags(form, { answers: { E1Q1: 5, E1Q2: 5, E1Q3: 5 } }, options)).toEqual([]);
    expect(integrityFlags(form, { answers: { E1Q1: 5, E1Q2: 5, E1Q3: 5, E2Q1: 4 } }, options)).toEqual([]);
  });

  it('flags responses finished too fast and filled honeypots', () => {
    const startedAt = new Date('2025-03-14T08:00:00Z');
    const fast = { answers: {}, startedAt, submittedAt: new Date('2025-03-14T08:00:59Z'), hiddenFields: { website: 'http://spam' } };
    expect(integrityFlags(form, fast, options)).toEqual(['too_fast', 'honeypot']);
    const fine = { answers: {}, startedAt, submittedAt: new Date('2025-03-14T08:01:00Z'), hiddenFields: { website: '' } };
    expect(integrityFlags(form, fine, options)).toEqual([]);
    // paper forms have no start time
    expect(integrityFlags(form, { answers: {}, submittedAt: startedAt }, options)).toEqual([]);
  });
});
