// /surveys: campaigns and forms of the province.
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDate, fmtNumber } from '../../lib/format';
import './i18n';
import type { CampaignSummary, FormSummary } from './types';

export const statusColor = { draft: 'default', open: 'green', closed: 'blue' } as const;

export default function SurveysPage() {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const { data: me } = useMe();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [importError, setImportError] = useState<string | null>(null);
  const campaigns = useQuery({ queryKey: ['surveys', 'campaigns'], queryFn: () => api<CampaignSummary[]>('/api/surveys/campaigns') });
  const forms = useQuery({ queryKey: ['surveys', 'forms'], queryFn: () => api<FormSummary[]>('/api/surveys/forms') });
  const canManage = hasPermission(me, 'surveys.manage');

  return (
    <div className="page">
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canManage && (
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => nav('/surveys/campaigns/new')}>
              {t('newCampaign')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => nav('/surveys/forms/new')}>
              {t('newForm')}
            </Button>
            <Upload
              accept=".json,application/json"
              showUploadList={false}
              beforeUpload={async (file) => {
                setImportError(null);
                try {
                  const json = JSON.parse(await file.text());
                  const r = await api<{ id: number; code: string; version: number }>('/api/surveys/forms', { method: 'POST', body: json });
                  message.success(t('builder.saved', r));
                  await qc.invalidateQueries({ queryKey: ['surveys', 'forms'] });
                } catch (e) {
                  setImportError(e instanceof ApiError ? e.message : `JSON: ${(e as Error).message}`);
                }
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{t('importForm')}</Button>
            </Upload>
          </Space>
        )}
      </Space>
      {importError && <Alert type="error" showIcon closable onClose={() => setImportError(null)} description={<pre className="error-pre">{importError}</pre>} style={{ marginBottom: 16 }} />}
      <Card>
        <Tabs
          items={[
            {
              key: 'campaigns',
              label: t('campaigns'),
              children: (
                <Table
                  rowKey="id"
                  loading={campaigns.isLoading}
                  dataSource={campaigns.data ?? []}
                  scroll={{ x: true }}
                  pagination={false}
                  columns={[
                    { title: t('code'), dataIndex: 'code', render: (v, c) => <Link to={`/surveys/campaigns/${c.id}`}>{v}</Link> },
                    { title: t('name'), dataIndex: 'name', render: (v, c) => <Link to={`/surveys/campaigns/${c.id}`}>{v}</Link> },
                    { title: t('form'), render: (_, c) => `${c.formCode} v${c.formVersion}` },
                    { title: t('kind'), dataIndex: 'kind', render: (k) => <Tag>{String(t(`kinds.${k}`))}</Tag> },
                    { title: t('period'), render: (_, c) => `${fmtDate(c.periodStart)} – ${fmtDate(c.periodEnd)}` },
                    { title: t('units'), dataIndex: 'units', align: 'right', render: fmtNumber },
                    { title: t('responses'), dataIndex: 'responses', align: 'right', render: fmtNumber },
                    { title: t('status'), dataIndex: 'status', render: (s: CampaignSummary['status']) => <Tag color={statusColor[s]}>{String(t(`statuses.${s}`))}</Tag> },
                  ]}
                />
              ),
            },
            {
              key: 'forms',
              label: t('forms'),
              children: (
                <Table
                  rowKey="id"
                  loading={forms.isLoading}
                  dataSource={forms.data ?? []}
                  scroll={{ x: true }}
                  pagination={false}
                  columns={[
                    { title: t('code'), dataIndex: 'code', render: (v, f) => <Link to={`/surveys/forms/${f.id}`}>{v}</Link> },
                    { title: t('name'), dataIndex: 'title' },
                    { title: t('kind'), dataIndex: 'kind', render: (k) => <Tag>{String(t(`kinds.${k}`))}</Tag> },
                    { title: t('version'), dataIndex: 'version', align: 'right' },
                    { title: t('questions'), dataIndex: 'questions', align: 'right' },
                    { title: '', render: (_, f) => <a href={`/api/surveys/forms/${f.id}/export`}>{t('exportForm')}</a> },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
