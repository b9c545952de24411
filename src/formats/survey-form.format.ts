// Survey form JSON (formats.md §Surveys) → a validated form, or every problem named by its question.
import { z } from 'zod';
import { type FormIssue, type SurveyForm, surveyFormSchema, validateForm } from '../domain/survey/form';

/** Raised when a form file is rejected; `issues` name the question so the author can fix them in one pass. */
export class SurveyFormError extends Error {
  constructor(readonly issues: FormIssue[]) {
    super(issues.map((i) => (i.question ? `Câu ${i.question}: ${i.message}` : i.message)).join('\n'));
  }
}

export function parseSurveyForm(text: string): SurveyForm {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new SurveyFormError([{ question: '', message: `Tệp phiếu không phải JSON hợp lệ: ${(err as Error).message}` }]);
  }
  return surveyFormFrom(raw);
}

/** Validates an already-decoded form (the HTTP API receives JSON bodies). */
export function surveyFormFrom(raw: unknown): SurveyForm {
  // Vietnamese messages for this parse only: the global zod config belongs to the whole application
  const parsed = surveyFormSchema.safeParse(raw, { error: vietnamese });
  if (!parsed.success) throw new SurveyFormError(parsed.error.issues.map((i) => schemaIssue(raw, i)));
  const issues = validateForm(parsed.data);
  if (issues.length > 0) throw new SurveyFormError(issues);
  return parsed.data;
}

const vietnamese = z.locales.vi().localeError;

/** Names the question a schema problem sits in: its code when it has one, else its position. */
function schemaIssue(raw: unknown, issue: z.core.$ZodIssue): FormIssue {
  const path = issue.path;
  const field = path.length > 0 ? String(path[path.length - 1]) : '';
  if (path[0] === 'questions' && typeof path[1] === 'number') {
    const q = (raw as { questions?: unknown[] }).questions?.[path[1]] as { code?: unknown } | undefined;
    const name = typeof q?.code === 'string' && q.code.trim() !== '' ? q.code : `thứ ${path[1] + 1}`;
    const where = path.slice(2).join('.');
    return { question: name, message: where ? `trường "${where}": ${issue.message}` : issue.message };
  }
  return { question: '', message: field ? `trường "${path.join('.')}": ${issue.message}` : issue.message };
}
