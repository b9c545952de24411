// /assessment/cycles/:id/appraisal — the appraisers' queue: submitted units, oldest submission first.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { rowNumberOffset } from '../../lib/table';
import { fmtDateTime } from '../../lib/format';
import { stateColor, useCycle } from './hooks';
import './assessment.css';
import './i18n';
import type { QueueRow } from './types';

const PAGE_SIZE = 50;

export default function AppraisalQueuePage() {
  const { t } = useTranslation('assessment');
  const { id } = useParams();
  const cycle = useCycle(id);
  const q = useQuery({ queryKey: ['assessment', 'queue', id], queryFn: () => api<QueueRow[]>(`/api/cycles/${id}/appraisal-queue`) });
  // the table's page, kept here so "STT" counts on from the pages before (antd's row index restarts at 0 on each)
  const [page, setPage] = useState(1);
  if (q.error) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const rows = q.data ?? [];
  const offset = rowNumberOffset(page, rows.length, PAGE_SIZE);
  return (
    <div className="page assessment-page">
      <Link to={`/assessment/cycles/${id}`}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {cycle.data?.name ?? t('cycle')}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('queueTitle')}
        </Typography.Title>
        {cycle.data && <Tag color={stateColor[cycle.data.state]}>{String(t(`states.${cycle.data.state}`))}</Tag>}
      </Space>
      <Card>
        <Table<QueueRow>
          rowKey="unitId"
          loading={q.isLoading}
          dataSource={rows}
          pagination={{ pageSize: PAGE_SIZE, current: page, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t('emptyQueue')} /> }}
          columns={[
            { title: 'STT', width: 60, render: (_, __, i) => offset + i + 1 },
            { title: t('unit'), dataIndex: 'unitName', render: (v, r) => <Link to={`/assessment/cycles/${id}/appraisal/${r.unitId}`}>{v}</Link> },
            { title: t('group'), dataIndex: 'group', render: (g) => String(t(`groups.${g}`, { defaultValue: g })) },
            { title: t('submittedAt'), dataIndex: 'submittedAt', render: fmtDateTime },
            {
              title: t('reviewed'),
              width: 240,
              render: (_, r) => <Progress percent={r.total ? Math.round((100 * r.reviewed) / r.total) : 0} size="small" format={() => `${r.reviewed}/${r.total}`} />,
            },
            {
              title: '',
              render: (_, r) => (
                <Link to={`/assessment/cycles/${id}/appraisal/${r.unitId}`}>
                  <Button size="small" type="primary">
                    {t('review')}
                  </Button>
                </Link>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
