// Renders survey questions with plain elements: used by the web/QR page, the kiosk, the interviewer app and
// the back office builder's preview, so every channel shows the same form.
import type { AnswerMap, FormQuestion, SurveyFormDef } from './form-types';
import { isVisible, optionsOf, visibleAnswers } from './form-types';
import { S } from './strings';

interface Props {
  form: SurveyFormDef;
  answers: AnswerMap;
  onChange: (code: string, value: AnswerMap[string] | undefined) => void;
  /** only these questions (the kiosk shows one at a time); default all */
  only?: FormQuestion[];
  missing?: readonly string[];
}

export function FormRenderer({ form, answers, onChange, only, missing = [] }: Props) {
  const shown = visibleAnswers(form, answers);
  const list = (only ?? form.questions).filter((q) => isVisible(q, shown));
  return (
    <div className="sv-questions">
      {list.map((q, i) => (
        <QuestionBlock key={q.code} q={q} index={only ? undefined : i + 1} answers={answers} onChange={onChange} missing={missing} />
      ))}
    </div>
  );
}

function QuestionBlock({ q, index, answers, onChange, missing }: { q: FormQuestion; index?: number; answers: AnswerMap; onChange: Props['onChange']; missing: readonly string[] }) {
  const isMissing = q.type === 'matrix' ? (q.rows ?? []).some((r) => missing.includes(r.code)) : missing.includes(q.code);
  const titleId = `q-${q.code}`;
  return (
    <fieldset className={`sv-q${isMissing ? ' sv-missing' : ''}`} aria-labelledby={titleId}>
      <legend id={titleId} className="sv-q-title">
        {index !== undefined && <span className="sv-q-num">{index}.</span>} {q.text}
        {q.required && <span className="sv-req" title={S.requiredMark}> *</span>}
      </legend>
      {q.type === 'likert5' && <Likert name={q.code} value={answers[q.code]} onChange={(v) => onChange(q.code, v)} />}
      {q.type === 'matrix' &&
        (q.rows ?? []).map((r) => (
          <div key={r.code} className={`sv-row${missing.includes(r.code) ? ' sv-missing' : ''}`}>
            <div className="sv-row-text">{r.text}</div>
            <Likert name={r.code} value={answers[r.code]} onChange={(v) => onChange(r.code, v)} />
          </div>
        ))}
      {q.type === 'choice' && (
        <div className="sv-options" role="radiogroup">
          {optionsOf(q).map((o) => (
            // biome-ignore lint/a11y/useSemanticElements: a large styled button (≥ 48 px touch target for kiosk and phone) announced as a radio; a native <input type="radio"> would change the markup, focus and tap behaviour the survey pages and their browser tests rely on
            <button type="button" key={o.value} role="radio" aria-checked={answers[q.code] === o.value} className={`sv-opt${answers[q.code] === o.value ? ' on' : ''}`} onClick={() => onChange(q.code, o.value)}>
              {o.label}
            </button>
          ))}
        </div>
      )}
      {q.type === 'multi' && (
        <div className="sv-options">
          <div className="sv-hint">{S.multiHint}</div>
          {optionsOf(q).map((o) => {
            const picked = (answers[q.code] as string[] | undefined) ?? [];
            const on = picked.includes(o.value);
            return (
              // biome-ignore lint/a11y/useSemanticElements: a large styled button (≥ 48 px touch target) announced as a checkbox; a native <input type="checkbox"> would change the markup, focus and tap behaviour the survey pages and their browser tests rely on
              <button type="button" key={o.value} role="checkbox" aria-checked={on} className={`sv-opt${on ? ' on' : ''}`} onClick={() => onChange(q.code, on ? picked.filter((p) => p !== o.value) : [...picked, o.value])}>
                {o.label}
              </button>
            );
          })}
        </div>
      )}
      {q.type === 'number' && (
        <input className="sv-input" inputMode="decimal" placeholder={S.numberPlaceholder} aria-labelledby={titleId} value={(answers[q.code] as string | number | undefined) ?? ''} onChange={(e) => onChange(q.code, e.target.value === '' ? undefined : e.target.value)} />
      )}
      {q.type === 'text' && (
        <textarea className="sv-input" rows={3} maxLength={q.maxLength} placeholder={S.textPlaceholder} aria-labelledby={titleId} value={(answers[q.code] as string | undefined) ?? ''} onChange={(e) => onChange(q.code, e.target.value === '' ? undefined : e.target.value)} />
      )}
    </fieldset>
  );
}

function Likert({ name, value, onChange }: { name: string; value: AnswerMap[string] | undefined; onChange: (v: number) => void }) {
  return (
    <div className="sv-likert" role="radiogroup" aria-label={name}>
      {S.likert.map((label, i) => {
        const v = i + 1;
        return (
          // biome-ignore lint/a11y/useSemanticElements: each Likert point is a large styled button (number + label, ≥ 48 px touch target) announced as a radio; a native <input type="radio"> would change the markup, focus and tap behaviour the survey pages and their browser tests rely on
          <button type="button" key={v} role="radio" aria-checked={value === v} className={`sv-lk sv-lk-${v}${value === v ? ' on' : ''}`} onClick={() => onChange(v)}>
            <span className="sv-lk-n">{v}</span>
            <span className="sv-lk-l">{label}</span>
          </button>
        );
      })}
    </div>
  );
}
