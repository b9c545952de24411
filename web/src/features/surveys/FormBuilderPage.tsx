// /surveys/forms/new and /surveys/forms/:id: the form builder with a live preview rendered by the same
// component the public pages use. Saving always creates a new version (the server validates with the domain).
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Input, InputNumber, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, errorText } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { FormRenderer } from '../../public/FormRenderer';
import type { AnswerMap, FormQuestion, SurveyFormDef } from '../../public/form-types';
import '../../public/survey.css';
import './i18n';

const TYPES: FormQuestion['type'][] = ['likert5', 'choice', 'multi', 'matrix', 'number', 'text'];

const blank: SurveyFormDef = {
  code: 'PHIEU-MOI',
  title: 'Phiếu khảo sát mới',
  unitGroup: 'commune',
  questions: [{ code: 'Q1', type: 'likert5', element: 1, text: 'Ông/Bà hài lòng với nơi ngồi chờ', required: true }],
};

const optionsText = (q: FormQuestion) => (q.options ?? []).map((o) => (typeof o === 'string' ? o : `${o.value}|${o.label ?? ''}`)).join('\n');
const parseOptions = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value, label] = l.split('|');
      return label ? { value: value.trim(), label: label.trim() } : value.trim();
    });
const rowsText = (q: FormQuestion) => (q.rows ?? []).map((r) => `${r.code}|${r.text}`).join('\n');
const parseRows = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [code, ...text] = l.split('|');
      return { code: code.trim(), text: text.join('|').trim() || code.trim() };
    });

/** A fresh identity for a question card (unique within the page; see `keys` in the builder). */
let lastKey = 0;
const newKey = () => ++lastKey;

/** Drops the fields a question type does not use, so the saved JSON is what formats.md describes. */
function clean(q: FormQuestion): FormQuestion {
  const out: FormQuestion = { code: q.code, type: q.type, text: q.text };
  if ((q.type === 'likert5' || q.type === 'matrix') && q.element) out.element = q.element;
  if (q.type === 'choice' || q.type === 'multi') out.options = q.options ?? [];
  if (q.type === 'matrix') out.rows = q.rows ?? [];
  if (q.type === 'text' && q.maxLength) out.maxLength = q.maxLength;
  if (q.showIf?.question) out.showIf = q.showIf;
  if (q.required) out.required = true;
  return out;
}

export default function FormBuilderPage() {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const { id } = useParams();
  const nav = useNavigate();
  const { data: me } = useMe();
  // saving a version needs surveys.manage (the server refuses anyone else): the others only read the form
  const canManage = hasPermission(me, 'surveys.manage');
  const existing = useQuery({ queryKey: ['surveys', 'form', id], queryFn: () => api<{ code: string; version: number; definition: SurveyFormDef }>(`/api/surveys/forms/${id}`), enabled: !!id && id !== 'new' });
  const [form, setForm] = useState<SurveyFormDef>(blank);
  // Each question card's identity (React key), moved and deleted with its question. Its code cannot serve:
  // it is edited in the card itself. The options and rows boxes keep their own text until they lose focus,
  // so a card keyed by its position showed — and on leaving the box saved — another question's options
  // after a move or a delete.
  const [keys, setKeys] = useState<number[]>(() => blank.questions.map(newKey));
  const [preview, setPreview] = useState<AnswerMap>({});
  const [error, setError] = useState<string | null>(null);
  // a second click while saving would store a second, identical version; the ref guards at once, before React
  // renders the button's loading state
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  // A saved version shows nothing editable until it has replaced the blank form: what was typed in the meantime
  // would be overwritten when it arrives.
  const [ready, setReady] = useState(!id || id === 'new');
  useEffect(() => {
    if (!existing.data) return;
    setForm(existing.data.definition);
    setKeys(existing.data.definition.questions.map(newKey));
    setReady(true);
  }, [existing.data]);

  const setQ = (i: number, patch: Partial<FormQuestion>) => setForm((f) => ({ ...f, questions: f.questions.map((q, k) => (k === i ? { ...q, ...patch } : q)) }));
  const swap = <T,>(xs: T[], i: number, j: number): T[] => {
    const out = [...xs];
    [out[i], out[j]] = [out[j], out[i]];
    return out;
  };
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= form.questions.length) return;
    setForm((f) => ({ ...f, questions: swap(f.questions, i, j) }));
    setKeys((ks) => swap(ks, i, j));
  };
  const remove = (i: number) => {
    setForm((f) => ({ ...f, questions: f.questions.filter((_, k) => k !== i) }));
    setKeys((ks) => ks.filter((_, k) => k !== i));
  };
  const add = () => {
    setForm((f) => ({ ...f, questions: [...f.questions, { code: `Q${f.questions.length + 1}`, type: 'likert5', text: '' }] }));
    setKeys((ks) => [...ks, newKey()]);
  };

  async function save() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ id: number; code: string; version: number }>('/api/surveys/forms', { method: 'POST', body: { ...form, questions: form.questions.map(clean) } });
      message.success(t('builder.saved', r));
      nav(`/surveys/forms/${r.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  const earlier = (i: number) => form.questions.slice(0, i).filter((q) => q.type !== 'matrix' && q.type !== 'text');

  return (
    <div className="page">
      <Link to="/surveys">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('title')}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('builder.title')}
        </Typography.Title>
        {canManage && (
          <Button type="primary" loading={busy} disabled={!ready} onClick={() => void save()}>
            {t('builder.save')}
          </Button>
        )}
      </Space>
      {canManage ? (
        <Typography.Paragraph type="secondary">{t('builder.versionNote')}</Typography.Paragraph>
      ) : (
        <Alert type="info" showIcon title={t('builder.readOnly')} style={{ marginBottom: 16 }} />
      )}
      {existing.data && (
        <Tag color="blue" data-testid="builder-version" style={{ marginBottom: 12 }}>
          {t('builder.version', { code: existing.data.code, version: existing.data.version })}
        </Tag>
      )}
      {existing.error && <Alert type="error" showIcon title={errorText(existing.error)} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} description={<pre className="error-pre">{error}</pre>} style={{ marginBottom: 16 }} />}
      {!ready ? (
        !existing.error && <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : (
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input addonBefore={t('code')} value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
              <Input addonBefore={t('name')} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
              <Space>
                <span>{t('builder.unitGroup')}</span>
                <Select
                  value={form.unitGroup}
                  style={{ width: 200 }}
                  onChange={(v) => setForm({ ...form, unitGroup: v })}
                  options={['commune', 'department', 'province'].map((g) => ({ value: g, label: String(t(`groups.${g}`, { ns: 'translation', defaultValue: g })) }))}
                />
              </Space>
            </Space>
          </Card>
          {form.questions.map((q, i) => (
            <Card
              key={keys[i]}
              data-testid="builder-question"
              size="small"
              style={{ marginBottom: 12 }}
              title={`${i + 1}. ${q.code}`}
              extra={
                canManage && (
                  <Space>
                    <Button size="small" icon={<ArrowUpOutlined />} aria-label={t('builder.up')} onClick={() => move(i, -1)} />
                    <Button size="small" icon={<ArrowDownOutlined />} aria-label={t('builder.down')} onClick={() => move(i, 1)} />
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('builder.remove')} onClick={() => remove(i)} />
                  </Space>
                )
              }
            >
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Input style={{ width: 140 }} value={q.code} onChange={(e) => setQ(i, { code: e.target.value })} aria-label={t('code')} />
                  <Select style={{ width: 200 }} value={q.type} onChange={(type) => setQ(i, { type })} options={TYPES.map((x) => ({ value: x, label: String(t(`builder.types.${x}`)) }))} aria-label={t('builder.type')} />
                  {(q.type === 'likert5' || q.type === 'matrix') && (
                    <Select
                      style={{ width: 200 }}
                      value={q.element ?? 0}
                      onChange={(e) => setQ(i, { element: e || undefined })}
                      options={[{ value: 0, label: `${t('builder.element')}: ${t('builder.noElement')}` }, ...[1, 2, 3, 4, 5].map((e) => ({ value: e, label: `${e}. ${t(`results.elements.${e}`)}` }))]}
                    />
                  )}
                  <Checkbox checked={!!q.required} onChange={(e) => setQ(i, { required: e.target.checked })}>
                    {t('builder.required')}
                  </Checkbox>
                </Space>
                <Input.TextArea autoSize value={q.text} placeholder={t('builder.text')} onChange={(e) => setQ(i, { text: e.target.value })} />
                {(q.type === 'choice' || q.type === 'multi') && (
                  <Input.TextArea autoSize={{ minRows: 2 }} placeholder={t('builder.options')} defaultValue={optionsText(q)} onBlur={(e) => setQ(i, { options: parseOptions(e.target.value) })} />
                )}
                {q.type === 'matrix' && <Input.TextArea autoSize={{ minRows: 2 }} placeholder={t('builder.rows')} defaultValue={rowsText(q)} onBlur={(e) => setQ(i, { rows: parseRows(e.target.value) })} />}
                {q.type === 'text' && (
                  <Space>
                    {t('builder.maxLength')}
                    <InputNumber min={1} value={q.maxLength} onChange={(v) => setQ(i, { maxLength: v ?? undefined })} />
                  </Space>
                )}
                <Space wrap>
                  <span>{t('builder.showIf')}</span>
                  <Select
                    allowClear
                    style={{ width: 160 }}
                    placeholder={t('builder.showIfQuestion')}
                    value={q.showIf?.question}
                    onChange={(v) => setQ(i, { showIf: v ? { question: v, equals: q.showIf?.equals ?? '' } : undefined })}
                    options={earlier(i).map((e) => ({ value: e.code, label: e.code }))}
                  />
                  {q.showIf && <Input style={{ width: 140 }} placeholder={t('builder.showIfValue')} value={String(q.showIf.equals ?? '')} onChange={(e) => setQ(i, { showIf: { question: q.showIf!.question, equals: e.target.value } })} />}
                </Space>
              </Space>
            </Card>
          ))}
          {canManage && (
            <Button icon={<PlusOutlined />} onClick={add}>
              {t('builder.addQuestion')}
            </Button>
          )}
        </Col>
        <Col xs={24} xl={11}>
          <Card title={t('builder.preview')} size="small" style={{ position: 'sticky', top: 80 }} styles={{ body: { background: '#eef2f7', maxHeight: '75vh', overflow: 'auto' } }}>
            <Typography.Title level={4}>{form.title}</Typography.Title>
            <FormRenderer form={{ ...form, questions: form.questions.map(clean) }} answers={preview} onChange={(c, v) => setPreview((a) => { const n = { ...a }; if (v === undefined) delete n[c]; else n[c] = v; return n; })} />
          </Card>
        </Col>
      </Row>
      )}
    </div>
  );
}
