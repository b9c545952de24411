// Kiosk mode for a tablet at the counter: one question per screen with large touch targets; it returns to
// the start screen after a submission and when left idle, so the next citizen never sees earlier answers.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { FormRenderer } from './FormRenderer';
import { isVisible, persistentDevice, visibleAnswers } from './form-types';
import { S } from './strings';
import { usePublicCampaign, useSubmission } from './use-public-form';
import './survey.css';

// Interface timings, not methodology: long enough to read a question, short enough that a half-filled
// form is not left for the next person.
const IDLE_RESET_MS = 90_000;
const THANKS_MS = 8_000;

export default function KioskPage() {
  const { campaignCode = '', unitCode = '' } = useParams();
  const { data, error } = usePublicCampaign(`/api/public/surveys/c/${encodeURIComponent(campaignCode)}`);
  const device = useMemo(() => persistentDevice('chiso.kiosk.device'), []);
  const s = useSubmission(data, 'kiosk', { device });
  const [started, setStarted] = useState(false);
  const [step, setStep] = useState(0);
  const [countdown, setCountdown] = useState(0);
  const lastTouch = useRef(Date.now());

  // `s` is a new object on every render; depend on its stable reset only, or the thank-you timer below would
  // start over at every countdown tick and the kiosk would never return to the start screen
  const { reset } = s;
  const restart = useCallback(() => {
    reset();
    setStarted(false);
    setStep(0);
  }, [reset]);

  // idle reset while a form is open
  useEffect(() => {
    const touch = () => {
      lastTouch.current = Date.now();
    };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    const timer = setInterval(() => {
      if (started && !s.done && Date.now() - lastTouch.current > IDLE_RESET_MS) restart();
    }, 1000);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
      clearInterval(timer);
    };
  }, [started, s.done, restart]);

  // thank-you screen, then back to the start
  useEffect(() => {
    if (!s.done) return;
    setCountdown(Math.round(THANKS_MS / 1000));
    const tick = setInterval(() => setCountdown((c) => Math.max(0, c - 1)), 1000);
    const t = setTimeout(restart, THANKS_MS);
    return () => {
      clearInterval(tick);
      clearTimeout(t);
    };
  }, [s.done, restart]);

  const unit = data?.units.find((u) => u.code === unitCode);
  const visible = data ? data.form.questions.filter((q) => isVisible(q, visibleAnswers(data.form, s.answers))) : [];
  const current = visible[Math.min(step, visible.length - 1)];
  const last = step >= visible.length - 1;
  const answeredCurrent = current
    ? current.type === 'matrix'
      ? (current.rows ?? []).every((r) => s.answers[r.code] !== undefined)
      : s.answers[current.code] !== undefined
    : false;

  return (
    <div className="sv-page kiosk">
      <header className="sv-head">
        <h1>{unit?.name ?? unitCode}</h1>
        {data && <div className="sv-sub">{data.form.title}</div>}
      </header>
      <main className="sv-wrap">
        {error && <div className="sv-error">{error}</div>}
        {data && !unit && <div className="sv-error">Đơn vị {unitCode} không thuộc đợt khảo sát này.</div>}
        {data && unit && s.done && (
          <div className="sv-card sv-thanks" role="status" data-testid="kiosk-thanks">
            <h2>{S.thanksTitle}</h2>
            <p>{S.thanksText}</p>
            <p className="sv-note">{S.kioskResetIn(countdown)}</p>
          </div>
        )}
        {data && unit && !s.done && !started && (
          <div className="kiosk-start">
            <p>{S.kioskIntro}</p>
            <button type="button" className="sv-btn" onClick={() => setStarted(true)} data-testid="kiosk-start">
              {S.kioskStart}
            </button>
            <p className="sv-note">{S.anonymous}</p>
          </div>
        )}
        {data && unit && !s.done && started && current && (
          <div>
            <div className="sv-progress" aria-hidden="true">
              <div style={{ width: `${Math.round(((step + 1) / visible.length) * 100)}%` }} />
            </div>
            <FormRenderer
              form={data.form}
              answers={s.answers}
              only={[current]}
              missing={s.missing}
              onChange={(code, v) => {
                s.setAnswer(code, v);
                // a single likert answer moves on by itself: one tap per question at the counter. A second tap
                // (a changed mind) within the delay must not skip the next question: advance from this step only.
                const from = step;
                if (current.type === 'likert5' && !last) setTimeout(() => setStep((x) => (x === from ? x + 1 : x)), 250);
              }}
            />
            {s.error && <div className="sv-error">{s.error}</div>}
            <div className="sv-actions">
              <button type="button" className="sv-btn sv-ghost" onClick={() => (step === 0 ? restart() : setStep(step - 1))}>
                {S.kioskBack}
              </button>
              {last ? (
                <button type="button" className="sv-btn" disabled={s.sending} onClick={() => void s.submit(unitCode)} data-testid="kiosk-submit">
                  {s.sending ? S.sending : S.submit}
                </button>
              ) : (
                <button type="button" className="sv-btn" onClick={() => setStep(step + 1)} disabled={!!current.required && !answeredCurrent}>
                  {S.kioskNext}
                </button>
              )}
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
