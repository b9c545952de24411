// /onestop/import: dossiers (streamed, with a job polled for progress), procedures, calendar and the
// portal's Index 766 figures; a refused file shows every row-numbered error; recent imports below.
import { InboxOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Progress, Result, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, upload } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import i18n from '../../i18n';
import { fmtDateTime, fmtNumber } from '../../lib/format';
import type { Job, RowIssue } from './types';
import './i18n';
import './onestop.css';

const TEMPLATES = {
  dossiers:
    'dossier_code,procedure_code,unit_code,channel,received_at,due_at,resolved_at,returned_at,status,paused_days,apology_at,new_due_at,paid_online,digitized,e_result,rating',
  procedures: 'code,name,sector,level,processing_days,online_level,fee_vnd,cut_percent,processing_hours,unit_code',
  calendar: 'date,kind,name',
  portal: 'unit_code,period,field,value',
} as const;
type Kind = keyof typeof TEMPLATES;

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${fmtNumber(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
  if (n >= 1024) return `${fmtNumber(Math.round(n / 1024))} KB`;
  return `${fmtNumber(n)} B`;
}

function downloadTemplate(kind: Kind) {
  const url = URL.createObjectURL(new Blob([`\uFEFF${TEMPLATES[kind]}\n`], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${kind === 'portal' ? 'portal-766' : kind}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function IssuesTable({ issues, total }: { issues: RowIssue[]; total?: number }) {
  const { t } = useTranslation('onestop');
  return (
    <>
      <Typography.Text strong>{t('import.errorCount', { n: fmtNumber(total ?? issues.length) })}</Typography.Text>
      <Table<RowIssue>
        className="import-errors"
        size="small"
        style={{ marginTop: 8 }}
        rowKey={(r) => `${r.row}\u0000${r.field}\u0000${r.message}`}
        dataSource={issues}
        pagination={issues.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        columns={[
          {
            title: t('import.row'),
            dataIndex: 'row',
            width: 80,
            align: 'right',
            render: (v: number) => (v > 0 ? fmtNumber(v) : '—'),
          },
          {
            title: t('import.field'),
            dataIndex: 'field',
            width: 150,
            render: (v: string) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
          },
          { title: t('import.message'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}

function Dropper({ kind, busy, onFile }: { kind: Kind; busy: boolean; onFile: (f: File) => void }) {
  const { t } = useTranslation('onestop');
  return (
    <>
      <Upload.Dragger
        accept={kind === 'calendar' || kind === 'portal' ? `${ACCEPT}` : ACCEPT}
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          onFile(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
      </Upload.Dragger>
      <Button
        type="link"
        size="small"
        icon={<DownloadOutlined />}
        onClick={() => downloadTemplate(kind)}
        style={{ paddingLeft: 0, marginTop: 4 }}
      >
        {t('import.template')}
      </Button>
    </>
  );
}

function DossierImport() {
  const { t } = useTranslation('onestop');
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const job = useQuery({
    queryKey: ['onestop', 'job', jobId],
    enabled: jobId !== null,
    queryFn: () => api<Job>(`/api/onestop/imports/${jobId}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });

  async function start(file: File) {
    setFailure(null);
    setJobId(null);
    setUploading(true);
    let id: number | null = null;
    try {
      id = (
        await api<{ id: number }>('/api/onestop/imports', {
          method: 'POST',
          body: { kind: 'dossiers', filename: file.name.slice(0, 255), size: file.size },
        })
      ).id;
      setJobId(id);
      await upload(`/api/onestop/dossiers/import?job=${id}`, file);
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError(0, 'network', (e as Error).message));
    } finally {
      setUploading(false);
      if (id !== null) await qc.invalidateQueries({ queryKey: ['onestop', 'job', id] });
      await qc.invalidateQueries({ queryKey: ['onestop'] });
    }
  }

  const j = job.data;
  const running = uploading || j?.status === 'running';
  const percent =
    j?.status === 'done' ? 100 : j?.bytesTotal ? Math.min(99, Math.floor((j.bytesReceived / j.bytesTotal) * 100)) : undefined;
  const issues = j?.errors ?? (failure?.details as RowIssue[] | undefined) ?? null;
  return (
    <Card className="import-card import-dossiers" title={t('import.dossiers')}>
      <Typography.Paragraph type="secondary">{t('import.dossiersHint')}</Typography.Paragraph>
      <Dropper kind="dossiers" busy={running} onFile={(f) => void start(f)} />
      {(j || uploading) && (
        <div className="import-status" style={{ marginTop: 12 }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Text strong>
              {j ? `${j.filename} — ${t(`import.phases.${j.phase}`, { defaultValue: j.phase })}` : t('import.uploading')}
            </Typography.Text>
            {j && j.status !== 'failed' && (
              <Typography.Text type="secondary" className="num">
                {t('import.progress', { rows: fmtNumber(j.rowsProcessed) })}
                {j.bytesTotal
                  ? ` · ${t('import.bytes', { done: fmtBytes(j.status === 'done' ? j.bytesTotal : j.bytesReceived), total: fmtBytes(j.bytesTotal) })}`
                  : ''}
              </Typography.Text>
            )}
          </Space>
          {j?.status !== 'failed' && (
            <Progress
              className="import-progress"
              percent={percent ?? (running ? 50 : 100)}
              status={j?.status === 'done' ? 'success' : 'active'}
              showInfo={percent !== undefined || j?.status !== 'running'}
            />
          )}
        </div>
      )}
      {j?.status === 'done' && (
        <Alert
          className="import-done"
          type="success"
          showIcon
          style={{ marginTop: 8 }}
          title={t('import.done', {
            rows: fmtNumber(j.rowsProcessed),
            inserted: fmtNumber(j.inserted),
            updated: fmtNumber(j.updated),
          })}
          description={j.summary?.warnings?.length ? j.summary.warnings.join(' ') : undefined}
        />
      )}
      {!running && (j?.status === 'failed' || failure) && (
        <div className="import-failed" style={{ marginTop: 8 }}>
          <Alert
            type="warning"
            showIcon
            title={t('import.failed')}
            description={issues?.length ? undefined : failure?.message}
            style={{ marginBottom: 8 }}
          />
          {issues && issues.length > 0 && <IssuesTable issues={issues} total={j?.errorCount || undefined} />}
        </div>
      )}
    </Card>
  );
}

function SimpleImport({
  kind,
  url,
  title,
  hint,
  done,
}: {
  kind: Kind;
  url: string;
  title: string;
  hint: string;
  done: (r: Record<string, unknown>) => string;
}) {
  const { t } = useTranslation('onestop');
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  async function start(file: File) {
    setBusy(true);
    setOk(null);
    setFailure(null);
    try {
      setOk(done(await upload<Record<string, unknown>>(url, file)));
      await qc.invalidateQueries({ queryKey: ['onestop'] });
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError(0, 'network', (e as Error).message));
    } finally {
      setBusy(false);
    }
  }
  const issues = Array.isArray(failure?.details) ? (failure.details as RowIssue[]) : null;
  return (
    <Card className={`import-card import-${kind}`} title={title}>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <Dropper kind={kind} busy={busy} onFile={(f) => void start(f)} />
      {busy && <Progress percent={60} status="active" showInfo={false} />}
      {ok && <Alert type="success" showIcon title={ok} style={{ marginTop: 8 }} />}
      {failure && (
        <div style={{ marginTop: 8 }}>
          <Alert
            type="warning"
            showIcon
            title={t('import.failed')}
            description={issues?.length ? undefined : failure.message}
            style={{ marginBottom: 8 }}
          />
          {issues && issues.length > 0 && <IssuesTable issues={issues} />}
        </div>
      )}
    </Card>
  );
}

const statusColor = { running: 'processing', done: 'success', failed: 'error' } as const;

function duration(j: Job): ReactNode {
  if (!j.finishedAt) return '—';
  const s = (new Date(j.finishedAt).getTime() - new Date(j.createdAt).getTime()) / 1000;
  const t = i18n.getFixedT(null, 'onestop');
  return s < 60
    ? t('import.seconds', { n: fmtNumber(Math.round(s * 10) / 10) })
    : t('import.minutes', { n: fmtNumber(Math.round(s / 6) / 10) });
}

function RecentImports() {
  const { t } = useTranslation('onestop');
  const jobs = useQuery({
    queryKey: ['onestop', 'imports'],
    queryFn: () => api<Job[]>('/api/onestop/imports'),
    refetchInterval: (q) => (q.state.data?.some((j) => j.status === 'running') ? 2000 : false),
  });
  return (
    <Card title={t('import.recent')} style={{ marginTop: 16 }}>
      <Table<Job>
        className="recent-imports"
        size="small"
        rowKey="id"
        loading={jobs.isLoading}
        dataSource={jobs.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{
          rowExpandable: (j) => !!j.errors?.length,
          expandedRowRender: (j) => <IssuesTable issues={j.errors ?? []} total={j.errorCount} />,
        }}
        columns={[
          { title: t('import.at'), dataIndex: 'createdAt', render: fmtDateTime, width: 150 },
          { title: t('import.kind'), dataIndex: 'kind', render: (k: string) => t(`import.kinds.${k}`, { defaultValue: k }) },
          {
            title: t('import.file'),
            dataIndex: 'filename',
            render: (v: string) => (
              <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>
                {v || '—'}
              </Typography.Text>
            ),
          },
          {
            title: t('import.status'),
            dataIndex: 'status',
            render: (s: Job['status']) => <Tag color={statusColor[s]}>{t(`import.statuses.${s}`)}</Tag>,
          },
          {
            title: t('import.rows'),
            dataIndex: 'rowsProcessed',
            align: 'right',
            render: (n: number, j) => (j.status === 'failed' ? '—' : fmtNumber(n)),
          },
          { title: t('import.inserted'), dataIndex: 'inserted', align: 'right', render: fmtNumber },
          { title: t('import.updated'), dataIndex: 'updated', align: 'right', render: fmtNumber },
          {
            title: t('import.errors'),
            dataIndex: 'errorCount',
            align: 'right',
            render: (n: number) => (n ? <Typography.Text type="danger">{fmtNumber(n)}</Typography.Text> : '—'),
          },
          { title: t('import.duration'), render: (_, j) => duration(j) },
        ]}
      />
    </Card>
  );
}

export default function ImportPage() {
  const { t } = useTranslation('onestop');
  const { data: me } = useMe();
  if (!hasPermission(me, 'onestop.import')) return <Result status="403" title={t('import.noPermission')} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <DossierImport />
        </Col>
        <Col xs={24} xl={12}>
          <SimpleImport
            kind="procedures"
            url="/api/onestop/procedures/import"
            title={t('import.procedures')}
            hint={t('import.proceduresHint')}
            done={(r) =>
              t('import.done', {
                rows: fmtNumber(Number(r.rows)),
                inserted: fmtNumber(Number(r.inserted)),
                updated: fmtNumber(Number(r.updated)),
              })
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <SimpleImport
            kind="calendar"
            url="/api/onestop/calendar/import"
            title={t('import.calendar')}
            hint={t('import.calendarHint')}
            done={(r) => t('import.doneCalendar', { rows: fmtNumber(Number(r.rows)), years: (r.years as number[]).join(', ') })}
          />
        </Col>
        <Col xs={24} xl={12}>
          <SimpleImport
            kind="portal"
            url="/api/onestop/index766/portal"
            title={t('import.portal')}
            hint={t('import.portalHint')}
            done={(r) => t('import.donePortal', { rows: fmtNumber(Number(r.rows)) })}
          />
        </Col>
      </Row>
      <RecentImports />
    </>
  );
}
