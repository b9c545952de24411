// The reform office's tools on a cycle page: edit the timeline (PATCH /api/cycles/:id, deadlines in Vietnam
// time, dd/mm/yyyy) and import appraised/final scores from scores.csv or .xlsx (all rows or none; the refused
// rows are listed with their row numbers). The server decides: its refusal is shown as it says it.
import { CalendarOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Switch, Table, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, errorText, upload } from '../../api/client';
import { fmtNumber } from '../../lib/format';
import './i18n';
import type { CycleDetail, Timeline } from './types';

const KEYS: (keyof Timeline)[] = [
  'selfOpensAt',
  'selfClosesAt',
  'appraisalClosesAt',
  'explanationOpensAt',
  'explanationClosesAt',
  'secondReviewClosesAt',
  'publicationAt',
];
const VN_OFFSET_MS = 7 * 3_600_000;
export const DATE_TIME_FORMAT = 'DD/MM/YYYY HH:mm';

/** An instant as the wall clock in Vietnam (UTC+7, no daylight saving), whatever the browser's time zone. */
export function toVnWallClock(iso: string): Dayjs {
  return dayjs(new Date(new Date(iso).getTime() + VN_OFFSET_MS).toISOString().slice(0, 19));
}
/** The picked wall clock as an instant in Vietnam time. */
export const fromVnWallClock = (d: Dayjs) => d.format('YYYY-MM-DDTHH:mm:ss+07:00');

export function TimelineEditor({ cycle }: { cycle: CycleDetail }) {
  const { t } = useTranslation('assessment');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function start() {
    form.setFieldsValue({
      name: cycle.name,
      allowNewEvidence: cycle.allowNewEvidenceInExplanation,
      ...Object.fromEntries(KEYS.map((k) => [k, toVnWallClock(cycle.timeline[k])])),
    });
    setError(null);
    setOpen(true);
  }

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const timeline = Object.fromEntries(KEYS.map((k) => [k, fromVnWallClock(v[k] as Dayjs)]));
      await api<CycleDetail>(`/api/cycles/${cycle.id}`, {
        method: 'PATCH',
        body: { name: v.name, allowNewEvidenceInExplanation: !!v.allowNewEvidence, timeline },
      });
      message.success(t('tools.timelineSaved'));
      await qc.invalidateQueries({ queryKey: ['assessment'] });
      setOpen(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button icon={<CalendarOutlined />} onClick={start}>
        {t('tools.editTimeline')}
      </Button>
      {open && (
        <Modal
          open
          title={t('tools.timelineTitle')}
          onCancel={() => setOpen(false)}
          onOk={() => void save()}
          okText={t('save')}
          cancelText={t('cancel')}
          confirmLoading={busy}
          width={640}
        >
          <Typography.Paragraph type="secondary">{t('tools.timelineHelp')}</Typography.Paragraph>
          {error && (
            <div data-testid="timeline-error" role="alert">
              <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />
            </div>
          )}
          <Form form={form} layout="vertical">
            <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 300 }]}>
              <Input />
            </Form.Item>
            {KEYS.map((k) => (
              <Form.Item
                key={k}
                name={k}
                label={t(`tl.${k}`)}
                rules={[{ required: true, message: t('tools.dateRequired') }]}
                style={{ display: 'inline-block', width: 'calc(50% - 8px)', marginRight: 8 }}
              >
                <DatePicker
                  id={`tl-${k}`}
                  showTime={{ format: 'HH:mm' }}
                  format={DATE_TIME_FORMAT}
                  placeholder="dd/mm/yyyy hh:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            ))}
            <Form.Item name="allowNewEvidence" label={t('allowNewEvidence')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}

interface RowIssue {
  row: number;
  field: string;
  message: string;
}

export function ScoresImport({ cycle }: { cycle: CycleDetail }) {
  const { t } = useTranslation('assessment');
  const [open, setOpen] = useState(false);
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<
    { ok: true; rows: number; name: string } | { ok: false; message: string; issues: RowIssue[]; name: string } | null
  >(null);

  async function send(file: File) {
    setBusy(true);
    setResult(null);
    try {
      const r = await upload<{ rows: number }>(`/api/cycles/${cycle.id}/scores/import`, file);
      setResult({ ok: true, rows: r.rows, name: file.name });
      await qc.invalidateQueries({ queryKey: ['assessment'] });
    } catch (e) {
      const issues =
        e instanceof ApiError && e.code === 'invalid_file' && Array.isArray(e.details) ? (e.details as RowIssue[]) : [];
      setResult({ ok: false, message: errorText(e), issues, name: file.name });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        icon={<UploadOutlined />}
        onClick={() => {
          setResult(null);
          setOpen(true);
        }}
      >
        {t('tools.importScores')}
      </Button>
      {open && (
        <Modal
          open
          title={t('tools.importTitle')}
          onCancel={() => setOpen(false)}
          footer={<Button onClick={() => setOpen(false)}>{t('tools.close')}</Button>}
          width={760}
        >
          <Typography.Paragraph type="secondary">{t('tools.importHelp')}</Typography.Paragraph>
          <Typography.Paragraph>
            <code>unit_code,item_code,stage,value,points,na,note</code>
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <UploadOutlined />
            </p>
            <p>{busy ? t('tools.importing') : t('tools.dropFile')}</p>
          </Upload.Dragger>
          {result?.ok && (
            <div data-testid="import-ok" role="status" style={{ marginTop: 12 }}>
              <Alert type="success" showIcon title={t('tools.imported', { n: fmtNumber(result.rows), name: result.name })} />
            </div>
          )}
          {result && !result.ok && (
            <div data-testid="import-error" role="alert" style={{ marginTop: 12 }}>
              <Alert
                type="error"
                showIcon
                title={
                  result.issues.length > 0
                    ? t('tools.importRefused', { n: result.issues.length, name: result.name })
                    : result.message
                }
                style={{ marginBottom: 8 }}
              />
              {result.issues.length > 0 && (
                <Table<RowIssue>
                  className="import-issues"
                  size="small"
                  rowKey={(r) => `${r.row}:${r.field}:${r.message}`}
                  dataSource={result.issues}
                  pagination={result.issues.length > 20 ? { pageSize: 20 } : false}
                  columns={[
                    { title: t('tools.row'), dataIndex: 'row', width: 70, align: 'right' },
                    {
                      title: t('tools.column'),
                      dataIndex: 'field',
                      width: 110,
                      render: (f: string) => (f ? <code>{f}</code> : '—'),
                    },
                    { title: t('tools.problem'), dataIndex: 'message' },
                  ]}
                />
              )}
            </div>
          )}
        </Modal>
      )}
    </>
  );
}
