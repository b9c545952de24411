// /surveys/paper?campaign=ID — staff type in paper forms: pick the campaign and the unit, then one small field
// per answer (digits 1–5 for the five-point scale, the option's number for a choice), Enter or Tab to move,
// Ctrl+Enter to save. The server checks every answer (POST /api/surveys/paper); its refusal is shown as sent
// (a dossier already rated, an answer outside the scale) and the paper stays on screen to be fixed. After a
// save the answers clear and the cursor goes back to the paper's number for the next form.
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type ApiError, api, errorText } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDateTime } from '../../lib/format';
import {
  type AnswerMap,
  type FormQuestion,
  type SurveyFormDef,
  isVisible,
  optionsOf,
  visibleAnswers,
} from '../../public/form-types';
import './i18n';
import './paper.css';
import type { CampaignDetail, CampaignSummary } from './types';

/** One typed field: a likert question, one row of a matrix, a choice, a number or a text. */
interface Slot {
  code: string;
  text: string;
  question: FormQuestion;
  kind: 'likert' | 'choice' | 'multi' | 'number' | 'text';
  group?: string;
}

function slotsOf(form: SurveyFormDef): Slot[] {
  const out: Slot[] = [];
  for (const q of form.questions) {
    if (q.type === 'matrix')
      for (const r of q.rows ?? []) out.push({ code: r.code, text: r.text, question: q, kind: 'likert', group: q.text });
    else if (q.type === 'likert5') out.push({ code: q.code, text: q.text, question: q, kind: 'likert' });
    else if (q.type === 'choice' || q.type === 'multi') out.push({ code: q.code, text: q.text, question: q, kind: q.type });
    else out.push({ code: q.code, text: q.text, question: q, kind: q.type === 'number' ? 'number' : 'text' });
  }
  return out;
}

/** A client id for the paper (idempotent if the same save is sent twice); works without a secure context. */
function newClientId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return `paper-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** What is typed, turned into the answer the server expects; a digit outside the scale is sent as typed. */
function toAnswer(slot: Slot, typed: string): number | string | string[] | undefined {
  const s = typed.trim();
  if (s === '') return undefined;
  if (slot.kind === 'likert') return /^\d+$/.test(s) ? Number(s) : s;
  if (slot.kind === 'number') return Number.isFinite(Number(s.replace(',', '.'))) ? Number(s.replace(',', '.')) : s;
  if (slot.kind === 'text') return s;
  const opts = optionsOf(slot.question);
  const pick = (d: string) => (/^\d+$/.test(d) && Number(d) >= 1 && Number(d) <= opts.length ? opts[Number(d) - 1].value : d);
  if (slot.kind === 'choice') return pick(s);
  return s
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(pick);
}

/** The client's own hint (the server decides): a likert digit must be 1–5, a choice number one of the options. */
function localProblem(slot: Slot, typed: string): boolean {
  const s = typed.trim();
  if (s === '') return false;
  if (slot.kind === 'likert') return !/^[1-5]$/.test(s);
  if (slot.kind === 'choice') return !/^\d+$/.test(s) || Number(s) < 1 || Number(s) > optionsOf(slot.question).length;
  if (slot.kind === 'multi')
    return s
      .split(/[\s,;]+/)
      .filter(Boolean)
      .some((d) => !/^\d+$/.test(d) || Number(d) < 1 || Number(d) > optionsOf(slot.question).length);
  return false;
}

interface Entered {
  id: number;
  at: string;
  unit: string;
  dossierCode: string | null;
  status: 'stored' | 'duplicate';
}

export default function PaperEntryPage() {
  const { t } = useTranslation('surveys');
  const { data: me } = useMe();
  const qc = useQueryClient();
  const { message: toast } = App.useApp();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign');
  const campaigns = useQuery({
    queryKey: ['surveys', 'campaigns'],
    queryFn: () => api<CampaignSummary[]>('/api/surveys/campaigns'),
  });
  const paperCampaigns = (campaigns.data ?? []).filter((c) => c.channels.includes('paper') && c.status !== 'draft');
  const detail = useQuery({
    queryKey: ['surveys', 'campaign', campaignId],
    queryFn: () => api<CampaignDetail>(`/api/surveys/campaigns/${campaignId}`),
    enabled: !!campaignId,
  });
  const camp = detail.data;
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [dossier, setDossier] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [clientId, setClientId] = useState(newClientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; questions: string[] } | null>(null);
  const [last, setLast] = useState<Entered | null>(null);
  const [entered, setEntered] = useState<Entered[]>([]);
  const inputs = useRef(new Map<string, HTMLInputElement | null>());
  const saveRef = useRef<HTMLButtonElement | null>(null);

  const slots = useMemo(() => (camp ? slotsOf(camp.definition) : []), [camp]);
  // the unit stays chosen from one paper to the next; a new campaign starts with its first unit
  useEffect(() => {
    if (camp && (!unit || !camp.unitList.some((u) => u.code === unit))) setUnit(camp.unitList[0]?.code);
  }, [camp, unit]);

  const raw: AnswerMap = {};
  for (const s of slots) {
    const a = toAnswer(s, typed[s.code] ?? '');
    if (a !== undefined) raw[s.code] = a;
  }
  const shown = camp ? visibleAnswers(camp.definition, raw) : {};
  const visible = (s: Slot) => isVisible(s.question, shown);
  const order = ['dossier', ...slots.filter(visible).map((s) => s.code)];

  function focusNext(from: string) {
    const i = order.indexOf(from);
    const next = order[i + 1];
    if (next) inputs.current.get(next)?.focus();
    else saveRef.current?.focus();
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>, code: string) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      focusNext(code);
    }
  }

  async function save() {
    if (!camp || !unit || busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        clientId,
        campaign: camp.code,
        unit,
        answers: shown,
        ...(dossier.trim() ? { dossierCode: dossier.trim() } : {}),
      };
      const r = await api<{ status: 'stored' | 'duplicate'; id: number }>('/api/surveys/paper', { method: 'POST', body });
      const row: Entered = {
        id: r.id,
        at: new Date().toISOString(),
        unit,
        dossierCode: dossier.trim() || null,
        status: r.status,
      };
      setLast(row);
      setEntered((xs) => [row, ...xs].slice(0, 50));
      setTyped({});
      setDossier('');
      setClientId(newClientId());
      await qc.invalidateQueries({ queryKey: ['surveys'] });
      inputs.current.get('dossier')?.focus();
    } catch (e) {
      const details = (e as ApiError).details as { issues?: { question: string }[] } | undefined;
      setLast(null);
      const questions = (details?.issues ?? []).map((i) => i.question);
      setError({ message: errorText(e), questions });
      // back to where the fix is: the first refused answer, else the dossier code (a dossier already rated)
      const target = inputs.current.get(questions.find((q) => inputs.current.get(q)) ?? 'dossier');
      target?.focus();
      target?.select();
      // the inline alert may be scrolled away while the clerk is at the bottom of the paper: a toast too
      toast.error({ content: `${t('paper.refused')}: ${errorText(e)}`, duration: 6 });
    } finally {
      setBusy(false);
    }
  }

  if (!hasPermission(me, 'surveys.manage')) return <Alert type="warning" showIcon title={t('paper.noPermission')} />;
  const unitName = (code: string) => camp?.unitList.find((u) => u.code === code)?.name ?? code;
  const hint = (s: Slot) => {
    if (s.kind === 'likert') return t('paper.likertHint');
    if (s.kind === 'choice' || s.kind === 'multi') {
      const opts = optionsOf(s.question)
        .map((o, i) => `${i + 1} ${o.label ?? o.value}`)
        .join(' · ');
      return s.kind === 'multi' ? `${opts} (${t('paper.multiHint')})` : opts;
    }
    return '';
  };
  const echo = (s: Slot) => {
    const v = typed[s.code]?.trim();
    if (!v || localProblem(s, v)) return null;
    if (s.kind === 'likert') return `${v} — ${t(`paper.likert.${v}`)}`;
    if (s.kind === 'choice') return optionsOf(s.question)[Number(v) - 1]?.label ?? null;
    return null;
  };

  return (
    <div className="page">
      <Link to={campaignId ? `/surveys/campaigns/${campaignId}` : '/surveys'}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {camp?.name ?? t('title')}
        </Button>
      </Link>
      <Typography.Title level={2}>{t('paper.title')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap align="end" size="large">
          <div className="paper-field">
            <div>{t('paper.campaign')}</div>
            <Select
              aria-label={t('paper.campaign')}
              style={{ width: 420 }}
              value={campaignId ? Number(campaignId) : undefined}
              placeholder={t('paper.pickCampaign')}
              loading={campaigns.isLoading}
              onChange={(v) => {
                setParams({ campaign: String(v) });
                setTyped({});
                setError(null);
                setLast(null);
              }}
              options={paperCampaigns.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
            />
          </div>
          {camp && (
            <div className="paper-field">
              <div>{t('paper.unit')}</div>
              <Select
                aria-label={t('paper.unit')}
                style={{ width: 320 }}
                showSearch
                optionFilterProp="label"
                value={unit}
                onChange={setUnit}
                options={camp.unitList.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
              />
            </div>
          )}
        </Space>
        {campaigns.data && paperCampaigns.length === 0 && <Empty description={t('paper.noCampaign')} />}
        {camp && camp.status === 'closed' && (
          <Alert type="info" showIcon title={t('paper.closedNote')} style={{ marginTop: 12 }} />
        )}
      </Card>
      {camp && (
        <Card
          title={t('paper.form', { code: camp.formCode, version: camp.formVersion })}
          extra={<Typography.Text type="secondary">{t('paper.keys')}</Typography.Text>}
        >
          {last && (
            <div data-testid="paper-ok" role="status">
              <Alert
                type={last.status === 'stored' ? 'success' : 'info'}
                showIcon
                title={
                  last.status === 'stored'
                    ? t('paper.stored', { id: last.id, unit: unitName(last.unit) })
                    : t('paper.duplicate', { id: last.id })
                }
                style={{ marginBottom: 12 }}
              />
            </div>
          )}
          {error && (
            <div data-testid="paper-error" role="alert">
              <Alert type="error" showIcon title={t('paper.refused')} description={error.message} style={{ marginBottom: 12 }} />
            </div>
          )}
          <div className="paper-row">
            <label htmlFor="paper-dossier" className="paper-label">
              <b>{t('paper.dossier')}</b>
              <div className="paper-hint">{t('paper.dossierHint')}</div>
            </label>
            <Input
              id="paper-dossier"
              ref={(el) => {
                inputs.current.set('dossier', el?.input ?? null);
              }}
              autoFocus
              style={{ width: 280 }}
              value={dossier}
              maxLength={64}
              onChange={(e) => setDossier(e.target.value)}
              onKeyDown={(e) => onKey(e, 'dossier')}
            />
          </div>
          <table className="paper-table">
            <tbody>
              {slots.map((s, i) => {
                const on = visible(s);
                const v = typed[s.code] ?? '';
                const bad = localProblem(s, v) || (error?.questions.includes(s.code) ?? false);
                const header = s.group && slots[i - 1]?.group !== s.group;
                return [
                  header ? (
                    <tr key={`${s.code}-group`}>
                      <td colSpan={3} className="paper-group">
                        {s.group}
                      </td>
                    </tr>
                  ) : null,
                  <tr key={s.code} className={on ? undefined : 'paper-off'}>
                    <td className="paper-code">{s.code}</td>
                    <td>
                      <label htmlFor={`paper-${s.code}`}>{s.text}</label>
                      {on && hint(s) && <div className="paper-hint">{hint(s)}</div>}
                      {!on && <div className="paper-hint">{t('paper.skipped')}</div>}
                    </td>
                    <td className="paper-input">
                      <Space>
                        <Input
                          id={`paper-${s.code}`}
                          aria-label={s.code}
                          ref={(el) => {
                            inputs.current.set(s.code, el?.input ?? null);
                          }}
                          disabled={!on}
                          status={bad ? 'error' : undefined}
                          inputMode={s.kind === 'text' ? 'text' : 'numeric'}
                          style={{
                            width: s.kind === 'text' ? 320 : s.kind === 'likert' || s.kind === 'choice' ? 56 : 120,
                            textAlign: s.kind === 'text' ? 'left' : 'center',
                          }}
                          maxLength={
                            s.kind === 'likert' || s.kind === 'choice' ? 1 : s.kind === 'text' ? s.question.maxLength : 20
                          }
                          value={v}
                          onChange={(e) => setTyped((x) => ({ ...x, [s.code]: e.target.value }))}
                          onKeyDown={(e) => onKey(e, s.code)}
                        />
                        {on && echo(s) && <Typography.Text type="secondary">{echo(s)}</Typography.Text>}
                      </Space>
                    </td>
                  </tr>,
                ];
              })}
            </tbody>
          </table>
          <Space style={{ marginTop: 16 }}>
            <Button
              ref={saveRef}
              type="primary"
              icon={<SaveOutlined />}
              loading={busy}
              disabled={!unit}
              onClick={() => void save()}
            >
              {t('paper.save')}
            </Button>
            <Button
              onClick={() => {
                setTyped({});
                setDossier('');
                setError(null);
                inputs.current.get('dossier')?.focus();
              }}
            >
              {t('paper.clear')}
            </Button>
          </Space>
        </Card>
      )}
      {entered.length > 0 && (
        <Card title={t('paper.session', { n: entered.filter((x) => x.status === 'stored').length })} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="id"
            dataSource={entered}
            pagination={false}
            columns={[
              { title: '#', dataIndex: 'id' },
              { title: t('paper.at'), dataIndex: 'at', render: fmtDateTime },
              { title: t('units'), dataIndex: 'unit', render: unitName },
              { title: t('paper.dossier'), dataIndex: 'dossierCode', render: (v) => v ?? '—' },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s) => <Tag color={s === 'stored' ? 'green' : 'default'}>{String(t(`paper.statuses.${s}`))}</Tag>,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
