// The survey form as the public pages see it (formats.md §Surveys). Kept apart from src/domain so the
// public bundles do not carry zod; the server re-validates every answer with the domain.
export interface FormOption {
  value: string;
  label?: string;
}
export interface FormQuestion {
  code: string;
  text: string;
  type: 'likert5' | 'choice' | 'multi' | 'text' | 'number' | 'matrix';
  element?: number;
  options?: (string | FormOption)[];
  rows?: { code: string; text: string; element?: number }[];
  showIf?: { question: string; equals?: string | number; in?: (string | number)[] };
  required?: boolean;
  maxLength?: number;
}
export interface SurveyFormDef {
  code: string;
  title: string;
  unitGroup: string;
  source?: string;
  questions: FormQuestion[];
}
export type AnswerMap = Record<string, number | string | string[]>;

export const optionsOf = (q: FormQuestion): FormOption[] => (q.options ?? []).map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label ?? o.value }));

/** Same rule as the domain's showIfHolds: a question shows when its condition holds on earlier answers. */
export function isVisible(q: FormQuestion, answers: AnswerMap): boolean {
  if (!q.showIf) return true;
  const given = answers[q.showIf.question];
  if (given === undefined) return false;
  const wanted = (q.showIf.in ?? [q.showIf.equals as string | number]).map(String);
  return (Array.isArray(given) ? given : [String(given)]).some((v) => wanted.includes(v));
}

/** Drops answers of questions that became hidden, so what is sent is what the respondent saw. */
export function visibleAnswers(form: SurveyFormDef, answers: AnswerMap): AnswerMap {
  const out: AnswerMap = {};
  for (const q of form.questions) {
    if (!isVisible(q, out)) continue;
    const codes = q.type === 'matrix' ? (q.rows ?? []).map((r) => r.code) : [q.code];
    for (const c of codes) if (answers[c] !== undefined && answers[c] !== '') out[c] = answers[c];
  }
  return out;
}

/** Required visible questions still unanswered (the server checks the same with the domain). */
export function missingRequired(form: SurveyFormDef, answers: AnswerMap): string[] {
  const shown = visibleAnswers(form, answers);
  const missing: string[] = [];
  for (const q of form.questions) {
    if (!q.required || !isVisible(q, shown)) continue;
    const codes = q.type === 'matrix' ? (q.rows ?? []).map((r) => r.code) : [q.code];
    for (const c of codes) if (shown[c] === undefined) missing.push(c);
  }
  return missing;
}

/** Ids made on the device: random, so two devices never collide and a replay carries the same id. */
export function deviceId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function persistentDevice(key: string): string {
  try {
    let id = localStorage.getItem(key);
    if (!id) {
      id = deviceId().slice(0, 16);
      localStorage.setItem(key, id);
    }
    return id;
  } catch {
    return deviceId().slice(0, 16);
  }
}

export interface ApiFailure {
  status: number;
  message: string;
}

export async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw { status: res.status, message: (data as { message?: string }).message ?? `Lỗi ${res.status}` } satisfies ApiFailure;
  return data as T;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin' });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw { status: res.status, message: (data as { message?: string }).message ?? `Lỗi ${res.status}` } satisfies ApiFailure;
  return data as T;
}
