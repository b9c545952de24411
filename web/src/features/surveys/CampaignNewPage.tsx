// /surveys/campaigns/new: form + units + period + channels (+ typed N per unit when there is no one-stop data).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorText } from '../../api/client';
import { viCollator } from '../../lib/format';
import type { UnitDto } from '../units/types';
import './i18n';
import type { FormSummary } from './types';

const CHANNELS = ['qr', 'kiosk', 'web', 'interviewer', 'paper'];

interface Values {
  formId: number;
  code: string;
  name: string;
  period: [Dayjs, Dayjs];
  channels: string[];
  units: string[];
}

export default function CampaignNewPage() {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const [population, setPopulation] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<string | null>(null);
  // a second click while creating would send the campaign twice. The ref, not the state, is the guard: both
  // clicks' validations end before React renders the first one's busy state.
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const forms = useQuery({ queryKey: ['surveys', 'forms'], queryFn: () => api<FormSummary[]>('/api/surveys/forms') });
  const units = useQuery({ queryKey: ['units', 'current'], queryFn: () => api<UnitDto[]>('/api/units?current=1') });
  const formId = Form.useWatch('formId', form);
  const selected = Form.useWatch('units', form) ?? [];
  const group = forms.data?.find((f) => f.id === formId)?.unitGroup;
  const candidates = useMemo(() => (units.data ?? []).filter((u) => !group || u.group === group).sort((a, b) => viCollator.compare(a.name, b.name)), [units.data, group]);
  const nameOf = new Map((units.data ?? []).map((u) => [u.code, u.name]));

  async function submit(v: Values) {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ id: number }>('/api/surveys/campaigns', {
        method: 'POST',
        body: {
          code: v.code,
          name: v.name,
          formId: v.formId,
          periodStart: v.period[0].format('YYYY-MM-DD'),
          periodEnd: v.period[1].format('YYYY-MM-DD'),
          channels: v.channels,
          units: v.units.map((unitCode) => ({ unitCode, ...(population[unitCode] ? { population: population[unitCode] } : {}) })),
        },
      });
      message.success(t('campaign.created'));
      nav(`/surveys/campaigns/${r.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return (
    <div className="page">
      <Link to="/surveys">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('title')}
        </Button>
      </Link>
      <Typography.Title level={2}>{t('newCampaign')}</Typography.Title>
      {error && <Alert type="error" showIcon description={<pre className="error-pre">{error}</pre>} style={{ marginBottom: 16 }} />}
      <Card>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ channels: CHANNELS, units: [] }} style={{ maxWidth: 900 }}>
          <Form.Item name="formId" label={t('campaign.form')} rules={[{ required: true }]}>
            <Select options={(forms.data ?? []).map((f) => ({ value: f.id, label: `${f.code} v${f.version} — ${f.title}` }))} />
          </Form.Item>
          <Space wrap style={{ width: '100%' }}>
            <Form.Item name="code" label={t('campaign.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{2,32}$/ }]}>
              <Input style={{ width: 240 }} placeholder="SIPAS-2026-Q1" />
            </Form.Item>
            <Form.Item name="period" label={t('campaign.period')} rules={[{ required: true }]}>
              <DatePicker.RangePicker format="DD/MM/YYYY" />
            </Form.Item>
          </Space>
          <Form.Item name="name" label={t('campaign.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="channels" label={t('channels')} rules={[{ required: true }]}>
            <Checkbox.Group options={CHANNELS.map((c) => ({ value: c, label: String(t(`channel.${c}`)) }))} />
          </Form.Item>
          <Form.Item name="units" label={t('campaign.units')} rules={[{ required: true }]}>
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" maxTagCount="responsive" options={candidates.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))} />
          </Form.Item>
          <Button style={{ marginBottom: 16 }} onClick={() => form.setFieldValue('units', candidates.map((u) => u.code))}>
            + {candidates.length} {t('units')}
          </Button>
          {selected.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => r}
              dataSource={selected}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('units'), render: (_, code) => `${nameOf.get(code) ?? code} (${code})` },
                {
                  title: t('campaign.population'),
                  render: (_, code) => <InputNumber min={1} value={population[code] ?? null} onChange={(v) => setPopulation((p) => ({ ...p, [code]: v }))} />,
                },
              ]}
            />
          )}
          <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }}>
            {t('campaign.create')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
