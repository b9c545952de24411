// Signs that a response was not answered in earnest. They flag a response for review; they never
// delete it, because a citizen may truly be satisfied with everything.
import { type SurveyForm, likertQuestions } from './form';

export type IntegrityFlag = 'straight_lining' | 'too_fast' | 'honeypot';

export interface IntegrityOptions {
  /** integrity.straightLiningMinQuestions */
  straightLiningMinQuestions: number;
  /** integrity.minCompletionSeconds */
  minCompletionSeconds: number;
  /** integrity.honeypotField */
  honeypotField: string;
}

export interface IntegrityInput {
  answers: Readonly<Record<string, unknown>>;
  startedAt?: Date | null;
  submittedAt?: Date | null;
  /** the hidden fields of the web form, as sent */
  hiddenFields?: Readonly<Record<string, string | undefined>>;
}

/** All likert answers identical, over at least k answered likert items. */
export function isStraightLining(form: SurveyForm, answers: Readonly<Record<string, unknown>>, minQuestions: number): boolean {
  const given = likertQuestions(form)
    .map((q) => answers[q.code])
    .filter((a): a is number => typeof a === 'number');
  return given.length >= minQuestions && given.every((a) => a === given[0]);
}

export function isTooFast(startedAt: Date | null | undefined, submittedAt: Date | null | undefined, minSeconds: number): boolean {
  if (!startedAt || !submittedAt) return false; // paper and interviewer forms have no start time
  return (submittedAt.getTime() - startedAt.getTime()) / 1000 < minSeconds;
}

export function isHoneypotFilled(hiddenFields: IntegrityInput['hiddenFields'], field: string): boolean {
  return (hiddenFields?.[field] ?? '').trim() !== '';
}

export function integrityFlags(form: SurveyForm, input: IntegrityInput, options: IntegrityOptions): IntegrityFlag[] {
  const flags: IntegrityFlag[] = [];
  if (isStraightLining(form, input.answers, options.straightLiningMinQuestions)) flags.push('straight_lining');
  if (isTooFast(input.startedAt, input.submittedAt, options.minCompletionSeconds)) flags.push('too_fast');
  if (isHoneypotFilled(input.hiddenFields, options.honeypotField)) flags.push('honeypot');
  return flags;
}

export const INTEGRITY_FLAG_LABELS: Record<IntegrityFlag, string> = {
  straight_lining: 'Trả lời giống hệt nhau ở mọi câu thang điểm',
  too_fast: 'Thời gian hoàn thành phiếu quá ngắn',
  honeypot: 'Trường ẩn chống máy tự động đã bị điền',
};
