import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { likertQuestions } from '../domain/survey/form';
import { SurveyFormError, parseSurveyForm } from './survey-form.format';

const formsDir = new URL('../../methodology/forms/', import.meta.url);

describe('parseSurveyForm', () => {
  it('every shipped form in methodology/forms passes validation', () => {
    const files = readdirSync(formsDir).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['sipas-2025.json', 'xhh-so-2025.json']));
    for (const f of files) expect(() => parseSurveyForm(readFileSync(new URL(f, formsDir), 'utf8')), f).not.toThrow();
  });

  it('the SIPAS form measures all five elements with several likert items each', () => {
    const form = parseSurveyForm(readFileSync(new URL('sipas-2025.json', formsDir), 'utf8'));
    for (const e of [1, 2, 3, 4, 5]) expect(likertQuestions(form).filter((q) => q.element === e).length).toBeGreaterThanOrEqual(3);
    expect(form.source).toContain('1001/QĐ-BNV');
  });

  it('names the question in schema errors, by code or by position, in Vietnamese', () => {
    const text = JSON.stringify({
      code: 'F',
      title: 't',
      unitGroup: 'commune',
      questions: [{ code: 'Q1', text: 'x', type: 'likert7' }, { text: 'không mã', type: 'text' }],
    });
    try {
      parseSurveyForm(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SurveyFormError);
      const issues = (err as SurveyFormError).issues;
      expect(issues.map((i) => i.question)).toEqual(['Q1', 'thứ 2']);
      expect(issues[0].message).toMatch(/^trường "type": /);
      expect(issues[1].message).toMatch(/^trường "code": /);
      expect((err as Error).message).toMatch(/^Câu Q1: trường "type"/);
    }
  });

  it('reports rule problems after the schema, and bad JSON', () => {
    const dup = { code: 'F', title: 't', unitGroup: 'commune', questions: [{ code: 'A', text: 'a', type: 'likert5' }, { code: 'A', text: 'b', type: 'likert5' }] };
    expect(() => parseSurveyForm(JSON.stringify(dup))).toThrow('Câu A: mã "A" bị trùng trong phiếu');
    expect(() => parseSurveyForm('{ "code": ')).toThrow(/^Tệp phiếu không phải JSON hợp lệ/);
  });
});
