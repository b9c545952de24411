// Survey form definition (formats.md §Surveys) and its structural validation.
import { z } from 'zod';

export const QUESTION_TYPES = ['likert5', 'choice', 'multi', 'text', 'number', 'matrix'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The five SIPAS elements of 1001/QĐ-BNV; the names are shown in reports. */
export const SIPAS_ELEMENTS = [1, 2, 3, 4, 5] as const;
export type SipasElement = (typeof SIPAS_ELEMENTS)[number];

const code = z.string().trim().min(1, 'mã không được để trống').max(64, 'mã dài quá 64 ký tự');
const optionSchema = z.union([z.string().min(1), z.object({ value: z.string().min(1), label: z.string().optional() })]);
const scalar = z.union([z.string(), z.number()]);

const showIfSchema = z
  .object({ question: code, equals: scalar.optional(), in: z.array(scalar).min(1).optional() })
  .refine((s) => (s.equals === undefined) !== (s.in === undefined), { message: 'showIf cần đúng một trong hai: "equals" hoặc "in"' });

const matrixRowSchema = z.object({ code, text: z.string().min(1), element: z.number().optional() });

export const questionSchema = z.object({
  code,
  text: z.string().min(1, 'thiếu nội dung câu hỏi'),
  type: z.enum(QUESTION_TYPES),
  element: z.number().optional(),
  options: z.array(optionSchema).optional(),
  rows: z.array(matrixRowSchema).optional(),
  showIf: showIfSchema.optional(),
  required: z.boolean().optional(),
  maxLength: z.number().int().positive().optional(),
});

export const surveyFormSchema = z.object({
  code,
  title: z.string().min(1, 'thiếu tiêu đề phiếu'),
  unitGroup: z.string().min(1, 'thiếu nhóm đơn vị được đánh giá'),
  source: z.string().optional(),
  questions: z.array(questionSchema).min(1, 'phiếu phải có ít nhất một câu hỏi'),
});

export type SurveyForm = z.infer<typeof surveyFormSchema>;
export type Question = z.infer<typeof questionSchema>;
export type ShowIf = NonNullable<Question['showIf']>;

/** A problem in a form definition, naming the question (empty for the form itself). */
export interface FormIssue {
  question: string;
  message: string;
}

/** A likert item that is answered on its own: a likert5 question or one row of a likert matrix. */
export interface LikertItem {
  code: string;
  text: string;
  element?: SipasElement;
  /** The question that carries the showIf (the matrix for a row). */
  parent: string;
}

export function optionValues(q: Question): string[] {
  return (q.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
}

/** Every likert item with its SIPAS element, matrix rows expanded (a row inherits the matrix's element). */
export function likertQuestions(form: SurveyForm): LikertItem[] {
  const items: LikertItem[] = [];
  for (const q of form.questions) {
    if (q.type === 'likert5') items.push({ code: q.code, text: q.text, element: asElement(q.element), parent: q.code });
    if (q.type === 'matrix') {
      for (const r of q.rows ?? []) {
        items.push({ code: r.code, text: r.text, element: asElement(r.element ?? q.element), parent: q.code });
      }
    }
  }
  return items;
}

function asElement(e: number | undefined): SipasElement | undefined {
  return (SIPAS_ELEMENTS as readonly number[]).includes(e ?? 0) ? (e as SipasElement) : undefined;
}

/** Every answerable code (questions, and matrix rows instead of their matrix) in form order. */
export function answerCodes(form: SurveyForm): string[] {
  return form.questions.flatMap((q) => (q.type === 'matrix' ? (q.rows ?? []).map((r) => r.code) : [q.code]));
}

/**
 * Checks what the schema cannot: unique codes (matrix rows included), options where a choice needs them,
 * showIf pointing to an earlier question, SIPAS elements 1–5 only on likert items.
 */
export function validateForm(form: SurveyForm): FormIssue[] {
  const issues: FormIssue[] = [];
  const seen = new Set<string>();
  const earlier = new Map<string, Question>();
  const claim = (c: string, owner: string) => {
    if (seen.has(c)) issues.push({ question: owner, message: `mã "${c}" bị trùng trong phiếu` });
    seen.add(c);
  };
  for (const q of form.questions) {
    claim(q.code, q.code);
    const isChoice = q.type === 'choice' || q.type === 'multi';
    if (isChoice) {
      const values = optionValues(q);
      if (values.length < 2) issues.push({ question: q.code, message: `câu hỏi loại ${q.type} cần ít nhất 2 lựa chọn (options)` });
      if (new Set(values).size !== values.length) issues.push({ question: q.code, message: 'có lựa chọn bị trùng giá trị' });
      if (q.type === 'multi' && values.some((v) => v.includes(';'))) {
        issues.push({ question: q.code, message: 'giá trị lựa chọn của câu nhiều lựa chọn không được chứa dấu ";"' });
      }
    } else if (q.options !== undefined) {
      issues.push({ question: q.code, message: `câu hỏi loại ${q.type} không dùng options` });
    }
    if (q.type === 'matrix') {
      if (!q.rows || q.rows.length === 0) issues.push({ question: q.code, message: 'câu hỏi dạng ma trận cần ít nhất một dòng (rows)' });
      for (const r of q.rows ?? []) {
        claim(r.code, q.code);
        if (r.element !== undefined && !asElement(r.element)) {
          issues.push({ question: r.code, message: `yếu tố SIPAS phải là số nguyên từ 1 đến 5 (đang là ${r.element})` });
        }
      }
    } else if (q.rows !== undefined) {
      issues.push({ question: q.code, message: 'chỉ câu hỏi dạng ma trận (matrix) mới có rows' });
    }
    if (q.element !== undefined) {
      if (q.type !== 'likert5' && q.type !== 'matrix') {
        issues.push({ question: q.code, message: 'chỉ câu hỏi thang 5 mức (likert5 hoặc ma trận likert) mới gắn yếu tố SIPAS' });
      } else if (!asElement(q.element)) {
        issues.push({ question: q.code, message: `yếu tố SIPAS phải là số nguyên từ 1 đến 5 (đang là ${q.element})` });
      }
    }
    if (q.maxLength !== undefined && q.type !== 'text') {
      issues.push({ question: q.code, message: 'maxLength chỉ dùng cho câu hỏi dạng văn bản (text)' });
    }
    if (q.showIf) checkShowIf(q, earlier, issues);
    earlier.set(q.code, q);
  }
  return issues;
}

function checkShowIf(q: Question, earlier: Map<string, Question>, issues: FormIssue[]): void {
  const target = earlier.get(q.showIf!.question);
  if (!target) {
    issues.push({ question: q.code, message: `điều kiện hiển thị (showIf) phải dựa vào một câu hỏi đứng trước; không có câu "${q.showIf!.question}" trước câu này` });
    return;
  }
  if (target.type === 'matrix' || target.type === 'text') {
    issues.push({ question: q.code, message: `điều kiện hiển thị không thể dựa vào câu "${target.code}" loại ${target.type}` });
    return;
  }
  if (target.type === 'choice' || target.type === 'multi') {
    const allowed = new Set(optionValues(target));
    const wanted = q.showIf!.in ?? [q.showIf!.equals!];
    for (const w of wanted) {
      if (!allowed.has(String(w))) issues.push({ question: q.code, message: `điều kiện hiển thị dùng giá trị "${w}" không có trong lựa chọn của câu "${target.code}"` });
    }
  }
}
