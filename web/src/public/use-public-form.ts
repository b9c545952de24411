// Shared state of a public survey: load the campaign (by code or by receipt token), answers, submission.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AnswerMap, type ApiFailure, type SurveyFormDef, deviceId, getJson, missingRequired, postJson, visibleAnswers } from './form-types';

export interface PublicCampaign {
  code: string;
  name: string;
  status: 'open' | 'closed' | 'draft';
  periodStart: string;
  periodEnd: string;
  channels: string[];
  form: SurveyFormDef;
  units: { code: string; name: string }[];
  unit: string | null;
  honeypotField: string;
  used?: boolean;
}

export function usePublicCampaign(url: string | null) {
  const [data, setData] = useState<PublicCampaign | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    getJson<PublicCampaign>(url)
      .then(setData)
      .catch((e: ApiFailure) => setError(e.message));
  }, [url]);
  return { data, error };
}

export function useSubmission(campaign: PublicCampaign | null, channel: 'qr' | 'kiosk' | 'web', extra: { token?: string; device?: string }) {
  const [answers, setAnswers] = useState<AnswerMap>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [honeypot, setHoneypot] = useState('');
  // made once per filled form: a retry after a lost answer from the server is recognised as the same response
  const clientId = useRef(deviceId());
  const startedAt = useRef(new Date().toISOString());

  const reset = useCallback(() => {
    setAnswers({});
    setMissing([]);
    setError(null);
    setDone(false);
    setHoneypot('');
    clientId.current = deviceId();
    startedAt.current = new Date().toISOString();
  }, []);

  const setAnswer = useCallback((code: string, value: AnswerMap[string] | undefined) => {
    setAnswers((a) => {
      const next = { ...a };
      if (value === undefined) delete next[code];
      else next[code] = value;
      return next;
    });
    setMissing((m) => m.filter((c) => c !== code));
  }, []);

  const submit = useCallback(
    async (unit: string | null, dossierCode?: string) => {
      if (!campaign) return false;
      const miss = missingRequired(campaign.form, answers);
      setMissing(miss);
      if (miss.length) {
        setError('Vui lòng trả lời các câu bắt buộc');
        return false;
      }
      setSending(true);
      setError(null);
      try {
        const numeric: AnswerMap = {};
        for (const [k, v] of Object.entries(visibleAnswers(campaign.form, answers))) {
          const q = campaign.form.questions.find((x) => x.code === k);
          numeric[k] = q?.type === 'number' && typeof v === 'string' ? v.replace(',', '.') : v;
        }
        await postJson('/api/public/surveys/responses', {
          campaign: campaign.code,
          channel,
          ...(extra.token ? { token: extra.token } : { unit }),
          ...(dossierCode ? { dossierCode } : {}),
          clientId: clientId.current,
          device: extra.device,
          startedAt: startedAt.current,
          answers: numeric,
          hidden: { [campaign.honeypotField]: honeypot },
        });
        setDone(true);
        return true;
      } catch (e) {
        setError((e as ApiFailure).message ?? 'Chưa gửi được phiếu. Vui lòng thử lại.');
        return false;
      } finally {
        setSending(false);
      }
    },
    [campaign, answers, channel, extra.token, extra.device, honeypot],
  );

  return { answers, setAnswer, missing, sending, error, done, submit, reset, honeypot, setHoneypot };
}
