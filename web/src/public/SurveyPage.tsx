// The public survey by link: /s/c/:campaignCode (web link, or ?u=UNIT&k=qr from a counter QR) and /s/:token
// (the one-time code printed on a dossier receipt). No login, anonymous.
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { FormRenderer } from './FormRenderer';
import { S } from './strings';
import { usePublicCampaign, useSubmission } from './use-public-form';
import './survey.css';

export default function SurveyPage() {
  const { token, campaignCode } = useParams();
  const [search] = useSearchParams();
  const url = token ? `/api/public/surveys/t/${encodeURIComponent(token)}` : campaignCode ? `/api/public/surveys/c/${encodeURIComponent(campaignCode)}` : null;
  const { data, error } = usePublicCampaign(url);
  const channel = token || search.get('k') === 'qr' ? 'qr' : 'web';
  const s = useSubmission(data, channel, { token: token?.toUpperCase() });
  const [unit, setUnit] = useState<string>(search.get('u') ?? '');
  const [dossier, setDossier] = useState('');
  const fixedUnit = data?.unit ?? (search.get('u') && data?.units.some((u) => u.code === search.get('u')) ? search.get('u') : null);
  const unitName = data?.units.find((u) => u.code === (fixedUnit ?? unit))?.name;

  return (
    <div className="sv-page">
      <header className="sv-head">
        <h1>{data?.form.title ?? 'Khảo sát sự hài lòng'}</h1>
        {data && <div className="sv-sub">{unitName && fixedUnit ? unitName : data.name}</div>}
      </header>
      <main className="sv-wrap">
        {error && <div className="sv-error">{error}</div>}
        {!data && !error && <p>{S.loading}</p>}
        {data?.used && <div className="sv-error">{S.usedToken}</div>}
        {data && data.status === 'closed' && <div className="sv-error">{S.closed}</div>}
        {data && s.done && (
          <div className="sv-card sv-thanks" role="status">
            <h2>{S.thanksTitle}</h2>
            <p>{S.thanksText}</p>
          </div>
        )}
        {data && !s.done && !data.used && data.status === 'open' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void s.submit(fixedUnit ?? unit, dossier.trim() || undefined);
            }}
          >
            <p className="sv-note">{S.anonymous}</p>
            {!fixedUnit && (
              <div className="sv-card">
                <label className="sv-label" htmlFor="sv-unit">
                  {S.chooseUnit}
                </label>
                <select id="sv-unit" className="sv-select" value={unit} onChange={(e) => setUnit(e.target.value)} required>
                  <option value="">{S.chooseUnitPlaceholder}</option>
                  {data.units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {!token && (
              <div className="sv-card">
                <label className="sv-label" htmlFor="sv-dossier">
                  {S.dossierCode}
                </label>
                <input id="sv-dossier" className="sv-input" value={dossier} maxLength={64} onChange={(e) => setDossier(e.target.value)} autoComplete="off" />
              </div>
            )}
            <FormRenderer form={data.form} answers={s.answers} onChange={s.setAnswer} missing={s.missing} />
            <div className="sv-hp" aria-hidden="true">
              <label>
                {data.honeypotField}
                <input tabIndex={-1} autoComplete="off" name={data.honeypotField} value={s.honeypot} onChange={(e) => s.setHoneypot(e.target.value)} />
              </label>
            </div>
            {s.error && <div className="sv-error">{s.error}</div>}
            <div className="sv-actions">
              <span />
              <button type="submit" className="sv-btn" disabled={s.sending}>
                {s.sending ? S.sending : S.submit}
              </button>
            </div>
          </form>
        )}
      </main>
    </div>
  );
}
