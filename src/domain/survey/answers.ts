// Validation of one response against its form: the same rules for the web form, kiosks and file imports.
import { type Question, type ShowIf, type SurveyForm, optionValues } from './form';

export type RawAnswer = string | number | readonly string[] | null | undefined;
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;

export interface AnswerIssue {
  question: string;
  message: string;
  /** `error` rejects the response; `dropped` only reports an answer that was removed (a hidden question). */
  severity: 'error' | 'dropped';
}

export interface AnswerOptions {
  /** From methodology/config/survey.json (answers.defaultTextMaxLength) when a question sets none. */
  defaultTextMaxLength: number;
  /** Files keep partial responses (formats.md: a likert answer may be empty); live forms enforce `required`. */
  enforceRequired?: boolean;
}

const LIKERT_MIN = 1;
const LIKERT_MAX = 5; // the scale is the question type itself ("likert5"), not a methodology choice

function isEmpty(raw: RawAnswer): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  if (Array.isArray(raw)) return raw.length === 0;
  return false;
}

// The answer codes of a form, worked out once per form object: a live campaign validates every response
// against the same cached form.
const layouts = new WeakMap<SurveyForm, { known: ReadonlySet<string>; codes: readonly (readonly string[])[] }>();

function layoutOf(form: SurveyForm) {
  let l = layouts.get(form);
  if (!l || l.codes.length !== form.questions.length) {
    const codes = form.questions.map((q) => (q.type === 'matrix' ? (q.rows ?? []).map((r) => r.code) : [q.code]));
    l = { known: new Set(codes.flat()), codes };
    layouts.set(form, l);
  }
  return l;
}

/**
 * Checks and normalises one response. Unknown codes and out-of-range answers are errors; answers to
 * questions hidden by their showIf are dropped (and reported) so they never reach the indices.
 */
export function validateAnswers(
  form: SurveyForm,
  answers: Readonly<Record<string, RawAnswer>>,
  options: AnswerOptions,
): { answers: Answers; issues: AnswerIssue[] } {
  const issues: AnswerIssue[] = [];
  const out: Answers = {};
  const { known, codes: codesOf } = layoutOf(form);
  for (const c of Object.keys(answers)) {
    if (!known.has(c) && !isEmpty(answers[c])) issues.push({ question: c, message: `mã câu hỏi "${c}" không có trong phiếu`, severity: 'error' });
  }
  for (const [i, q] of form.questions.entries()) {
    const codes = codesOf[i];
    const visible = !q.showIf || showIfHolds(q.showIf, out);
    for (const c of codes) {
      const raw = answers[c];
      if (isEmpty(raw)) {
        if (visible && q.required && options.enforceRequired) issues.push({ question: c, message: 'câu hỏi bắt buộc chưa được trả lời', severity: 'error' });
        continue;
      }
      if (!visible) {
        issues.push({ question: c, message: 'câu hỏi bị ẩn theo điều kiện hiển thị; câu trả lời bị bỏ qua', severity: 'dropped' });
        continue;
      }
      const value = normalise(q, c, raw, options, issues);
      if (value !== undefined) out[c] = value;
    }
  }
  return { answers: out, issues };
}

function normalise(q: Question, c: string, raw: RawAnswer, options: AnswerOptions, issues: AnswerIssue[]): AnswerValue | undefined {
  const fail = (message: string) => {
    issues.push({ question: c, message, severity: 'error' });
    return undefined;
  };
  const text = Array.isArray(raw) ? raw.join(';') : String(raw).trim();
  switch (q.type) {
    case 'likert5':
    case 'matrix': {
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < LIKERT_MIN || n > LIKERT_MAX) return fail(`câu trả lời "${text}" ngoài thang điểm ${LIKERT_MIN}–${LIKERT_MAX}`);
      return n;
    }
    case 'number': {
      const n = Number(text);
      if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(n)) return fail(`"${text}" không phải là số (dùng dấu chấm thập phân)`);
      return n;
    }
    case 'choice': {
      if (!optionValues(q).includes(text)) return fail(`lựa chọn "${text}" không có trong danh sách (${optionValues(q).join(', ')})`);
      return text;
    }
    case 'multi': {
      const picked = Array.isArray(raw) ? raw.map((s) => s.trim()) : text.split(';').map((s) => s.trim());
      const allowed = optionValues(q);
      const bad = picked.filter((p) => !allowed.includes(p));
      if (bad.length > 0) return fail(`lựa chọn ${bad.map((b) => `"${b}"`).join(', ')} không có trong danh sách (${allowed.join(', ')})`);
      return [...new Set(picked)];
    }
    case 'text': {
      const max = q.maxLength ?? options.defaultTextMaxLength;
      // count characters as people see them, so Vietnamese diacritics and emoji are not counted twice
      const length = [...text].length;
      if (length > max) return fail(`câu trả lời dài ${length} ký tự, vượt quá giới hạn ${max} ký tự`);
      return text;
    }
  }
}

/** True when the condition holds on the answers given so far (a hidden or unanswered target hides the question). */
export function showIfHolds(cond: ShowIf, answers: Readonly<Answers>): boolean {
  const given = answers[cond.question];
  if (given === undefined) return false;
  const wanted = (cond.in ?? [cond.equals!]).map(String);
  const values = Array.isArray(given) ? given : [String(given)];
  return values.some((v) => wanted.includes(v));
}
