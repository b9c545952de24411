// A new cycle (draft): year, one published framework per unit group, the timeline in Vietnam time.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, errorText } from '../../api/client';
import type { CycleDetail, FrameworkSummary, Timeline } from './types';

const KEYS: (keyof Timeline)[] = ['selfOpensAt', 'selfClosesAt', 'appraisalClosesAt', 'explanationOpensAt', 'explanationClosesAt', 'secondReviewClosesAt', 'publicationAt'];

/** The usual calendar: the year after the assessed year, January to March, 17:00. */
function defaults(year: number): Record<keyof Timeline, Dayjs> {
  const d = (m: number, day: number) => dayjs(`${year + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}T17:00:00`);
  return {
    selfOpensAt: d(1, 5).hour(8),
    selfClosesAt: d(1, 31),
    appraisalClosesAt: d(2, 20),
    explanationOpensAt: d(2, 21).hour(8),
    explanationClosesAt: d(3, 5),
    secondReviewClosesAt: d(3, 15),
    publicationAt: d(3, 25).hour(8),
  };
}

export function CreateCycleModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('assessment');
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fws = useQuery({ queryKey: ['assessment', 'frameworks', year], queryFn: () => api<FrameworkSummary[]>(`/api/frameworks?year=${year}`) });
  const published = (fws.data ?? []).filter((f) => f.status === 'published');
  const groups = [...new Set(published.map((f) => f.unitGroup))].sort();

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const timeline = Object.fromEntries(KEYS.map((k) => [k, (v[k] as Dayjs).format('YYYY-MM-DDTHH:mm:ss+07:00')]));
      const frameworks = groups.filter((g) => v[`fw_${g}`]).map((g) => ({ unitGroup: g, frameworkId: v[`fw_${g}`] as number }));
      const c = await api<CycleDetail>('/api/cycles', {
        method: 'POST',
        body: { name: v.name, year: v.year, allowNewEvidenceInExplanation: !!v.allowNewEvidence, frameworks, timeline },
      });
      message.success(t('created'));
      await qc.invalidateQueries({ queryKey: ['assessment'] });
      onClose();
      nav(`/assessment/cycles/${c.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('newCycle')} onCancel={onClose} onOk={() => void submit()} okText={t('create')} cancelText={t('cancel')} confirmLoading={busy} width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year, name: `Chỉ số CCHC năm ${year}`, ...defaults(year) }}
        onValuesChange={(changed) => {
          if (typeof changed.year === 'number' && changed.year >= 2000 && changed.year <= 2100) {
            setYear(changed.year);
            form.setFieldsValue({ name: `Chỉ số CCHC năm ${changed.year}`, ...defaults(changed.year) });
          }
        }}
      >
        <Form.Item name="year" label={t('year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 300 }]}>
          <Input />
        </Form.Item>
        {groups.map((g) => (
          <Form.Item key={g} name={`fw_${g}`} label={t('frameworkFor', { group: t(`groups.${g}`, { defaultValue: g }) })}>
            <Select allowClear options={published.filter((f) => f.unitGroup === g).map((f) => ({ value: f.id, label: `${f.code} — ${f.name}` }))} />
          </Form.Item>
        ))}
        {groups.length === 0 && !fws.isLoading && <Alert type="warning" showIcon title={`Chưa có bộ chỉ số đã ban hành cho năm ${year}`} style={{ marginBottom: 12 }} />}
        {KEYS.map((k) => (
          <Form.Item key={k} name={k} label={t(`tl.${k}`)} rules={[{ required: true }]} style={{ display: 'inline-block', width: 'calc(50% - 8px)', marginRight: 8 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        ))}
        <Form.Item name="allowNewEvidence" label={t('allowNewEvidence')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
