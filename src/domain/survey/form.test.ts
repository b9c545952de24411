import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers';
import { type SurveyForm, likertQuestions, surveyFormSchema, validateForm } from './form';
import { mixedForm } from './test-forms';

const opts = { defaultTextMaxLength: 10 };

describe('validateForm', () => {
  it('accepts a well-formed form and expands matrix rows with their element', () => {
    expect(validateForm(mixedForm)).toEqual([]);
    expect(likertQuestions(mixedForm).map((q) => [q.code, q.element, q.parent])).toEqual([
      ['L1', 1, 'L1'],
      ['M1', 3, 'M'],
      ['M2', 2, 'M'], // a row's own element wins over the matrix's
      ['F1', 5, 'F1'],
    ]);
  });

  it('names each broken question with a Vietnamese message', () => {
    const bad: SurveyForm = {
      code: 'B',
      title: 'Sai',
      unitGroup: 'commune',
      questions: [
        { code: 'A', text: 'a', type: 'likert5', element: 6 },
        { code: 'A', text: 'trùng', type: 'text' },
        { code: 'C', text: 'c', type: 'choice', options: ['x'] },
        { code: 'D', text: 'd', type: 'number', element: 2 },
        { code: 'E', text: 'e', type: 'likert5', showIf: { question: 'Z', equals: 1 } },
        { code: 'F', text: 'f', type: 'likert5', showIf: { question: 'G', equals: 1 } },
        { code: 'G', text: 'g', type: 'likert5' },
        { code: 'H', text: 'h', type: 'multi' },
        { code: 'I', text: 'i', type: 'likert5', showIf: { question: 'C', in: ['y'] } },
      ],
    };
    const issues = validateForm(bad);
    const by = (q: string) => issues.filter((i) => i.question === q).map((i) => i.message);
    expect(by('A')).toEqual(['yếu tố SIPAS phải là số nguyên từ 1 đến 5 (đang là 6)', 'mã "A" bị trùng trong phiếu']);
    expect(by('C')).toEqual(['câu hỏi loại choice cần ít nhất 2 lựa chọn (options)']);
    expect(by('D')).toEqual(['chỉ câu hỏi thang 5 mức (likert5 hoặc ma trận likert) mới gắn yếu tố SIPAS']);
    expect(by('E')[0]).toContain('phải dựa vào một câu hỏi đứng trước');
    expect(by('F')[0]).toContain('không có câu "G" trước câu này'); // G exists, but later
    expect(by('H')).toEqual(['câu hỏi loại multi cần ít nhất 2 lựa chọn (options)']);
    expect(by('I')).toEqual(['điều kiện hiển thị dùng giá trị "y" không có trong lựa chọn của câu "C"']);
  });

  it('finds a matrix row code that repeats a question code', () => {
    const f = surveyFormSchema.parse({
      code: 'X',
      title: 'x',
      unitGroup: 'commune',
      questions: [
        { code: 'Q', text: 'q', type: 'likert5' },
        { code: 'M', text: 'm', type: 'matrix', rows: [{ code: 'Q', text: 'r' }] },
      ],
    });
    expect(validateForm(f)).toEqual([{ question: 'M', message: 'mã "Q" bị trùng trong phiếu' }]);
  });

  it('requires exactly one of equals / in in showIf', () => {
    const r = surveyFormSchema.safeParse({
      code: 'X',
      title: 'x',
      unitGroup: 'commune',
      questions: [{ code: 'Q', text: 'q', type: 'likert5', showIf: { question: 'P' } }],
    });
    expect(r.success).toBe(false);
  });
});

describe('validateAnswers', () => {
  it('normalises valid answers of every type', () => {
    const r = validateAnswers(mixedForm, { L1: '5', M1: 4, M2: '', FB: 'co', F1: '2', KENH: 'bao;mang', TUOI: '42', YK: 'Tốt', YK2: 'ổn' }, opts);
    expect(r.issues).toEqual([]);
    expect(r.answers).toEqual({ L1: 5, M1: 4, FB: 'co', F1: 2, KENH: ['bao', 'mang'], TUOI: 42, YK: 'Tốt', YK2: 'ổn' });
  });

  it('reports unknown codes, answers off the scale, options not listed, text too long', () => {
    const r = validateAnswers(mixedForm, { L1: '6', M1: '0', X9: '3', FB: 'maybe', KENH: 'bao;tv', TUOI: '4,5', YK: 'dài quá', YK2: 'x'.repeat(11) }, opts);
    expect(r.issues.map((i) => [i.question, i.severity, i.message])).toEqual([
      ['X9', 'error', 'mã câu hỏi "X9" không có trong phiếu'],
      ['L1', 'error', 'câu trả lời "6" ngoài thang điểm 1–5'],
      ['M1', 'error', 'câu trả lời "0" ngoài thang điểm 1–5'],
      ['FB', 'error', 'lựa chọn "maybe" không có trong danh sách (co, khong)'],
      ['KENH', 'error', 'lựa chọn "tv" không có trong danh sách (bao, dai, mang)'],
      ['TUOI', 'error', '"4,5" không phải là số (dùng dấu chấm thập phân)'],
      ['YK', 'error', 'câu trả lời dài 7 ký tự, vượt quá giới hạn 5 ký tự'],
      // no maxLength on the question: the configured default (10 here) applies
      ['YK2', 'error', 'câu trả lời dài 11 ký tự, vượt quá giới hạn 10 ký tự'],
    ]);
  });

  it('counts Vietnamese characters, not UTF-16 units or bytes', () => {
    expect(validateAnswers(mixedForm, { YK: 'Được' }, opts).issues).toEqual([]);
  });

  it('drops answers to questions hidden by showIf and reports them', () => {
    const r = validateAnswers(mixedForm, { FB: 'khong', F1: '1' }, opts);
    expect(r.answers).toEqual({ FB: 'khong' });
    expect(r.issues).toEqual([{ question: 'F1', severity: 'dropped', message: 'câu hỏi bị ẩn theo điều kiện hiển thị; câu trả lời bị bỏ qua' }]);
    // unanswered condition hides too
    expect(validateAnswers(mixedForm, { F1: '4' }, opts).answers).toEqual({});
  });

  it('enforces required questions only when asked (live forms, not file imports)', () => {
    expect(validateAnswers(mixedForm, {}, opts).issues).toEqual([]);
    expect(validateAnswers(mixedForm, {}, { ...opts, enforceRequired: true }).issues).toEqual([
      { question: 'YK2', severity: 'error', message: 'câu hỏi bắt buộc chưa được trả lời' },
    ]);
  });
});
