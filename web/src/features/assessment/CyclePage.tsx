// /assessment/cycles/:id — one cycle: timeline, frameworks, the office's actions and every unit's progress.
import { ArrowLeftOutlined, BarChartOutlined, DownloadOutlined, FileSearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Progress, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDateTime, viCollator } from '../../lib/format';
import { CycleActions } from './CycleActions';
import { ScoresImport, TimelineEditor } from './CycleTools';
import { isOffice, stateColor, useCycle } from './hooks';
import './assessment.css';
import './i18n';
import type { ProgressRow } from './types';

const STEP_OF: Record<string, number> = { draft: 0, self_assessment: 0, appraisal: 1, explanation: 2, second_review: 3, finalized: 4, published: 5 };

export default function CyclePage() {
  const { t } = useTranslation('assessment');
  const { id } = useParams();
  const { data: me } = useMe();
  const [q, setQ] = useState('');
  const c = useCycle(id);
  const progress = useQuery({ queryKey: ['assessment', 'progress', id], queryFn: () => api<ProgressRow[]>(`/api/cycles/${id}/progress`) });
  if (c.error) return <Alert type="error" showIcon title={(c.error as Error).message} />;
  if (!c.data) return <Spin />;
  const cycle = c.data;
  const office = isOffice(me);
  const canAppraise = hasPermission(me, 'assessment.appraise');
  const needle = q.trim().toLocaleLowerCase('vi');
  const rows = [...(progress.data ?? [])]
    .filter((r) => !needle || r.unitName.toLocaleLowerCase('vi').includes(needle) || r.unitCode.toLowerCase().includes(needle))
    .sort((a, b) => viCollator.compare(b.group, a.group) || viCollator.compare(a.unitName, b.unitName)); // departments, then communes

  return (
    <div className="page assessment-page">
      <Link to="/assessment">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('cycles')}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {cycle.name}
        </Typography.Title>
        <Space wrap>
          {canAppraise && (
            <Link to={`/assessment/cycles/${id}/appraisal`}>
              <Button icon={<FileSearchOutlined />}>{t('appraisalQueue')}</Button>
            </Link>
          )}
          {(office || cycle.locked) && (
            <Link to={`/assessment/cycles/${id}/results`}>
              <Button icon={<BarChartOutlined />}>{t('results')}</Button>
            </Link>
          )}
          {hasPermission(me, 'cycles.manage') && (
            <Button icon={<DownloadOutlined />} href={`/api/cycles/${id}/scores/export?format=xlsx`}>
              {t('exportScores')}
            </Button>
          )}
          {hasPermission(me, 'cycles.manage') && !cycle.locked && (
            <>
              <TimelineEditor cycle={cycle} />
              {cycle.state !== 'draft' && <ScoresImport cycle={cycle} />}
            </>
          )}
          <CycleActions cycle={cycle} />
        </Space>
      </Space>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('year')}>{cycle.year}</Descriptions.Item>
          <Descriptions.Item label={t('state')}>
            <Space size={4}>
              <Tag color={stateColor[cycle.state]}>{String(t(`states.${cycle.state}`))}</Tag>
              {cycle.locked && cycle.state === 'published' && <Tag color="red">{t('locked')}</Tag>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('progress')}>{t('submittedOf', { n: cycle.submittedCount, total: cycle.unitCount })}</Descriptions.Item>
          <Descriptions.Item label={t('allowNewEvidence')}>{cycle.allowNewEvidenceInExplanation ? t('yes') : t('no')}</Descriptions.Item>
          {[...cycle.frameworks]
            .sort((a, b) => viCollator.compare(b.unitGroup, a.unitGroup))
            .map((f) => (
              <Descriptions.Item key={f.unitGroup} label={String(t(`groups.${f.unitGroup}`, { defaultValue: f.unitGroup }))}>
                {`${f.code} (${f.leafCount} tiêu chí)`}
              </Descriptions.Item>
            ))}
        </Descriptions>
        <Steps
          size="small"
          current={STEP_OF[cycle.state]}
          status={cycle.state === 'draft' ? 'wait' : cycle.state === 'published' ? 'finish' : 'process'}
          items={[
            { title: t('states.self_assessment'), content: `${fmtDateTime(cycle.timeline.selfOpensAt)} – ${fmtDateTime(cycle.timeline.selfClosesAt)}` },
            { title: t('states.appraisal'), content: `${t('until')} ${fmtDateTime(cycle.timeline.appraisalClosesAt)}` },
            { title: t('states.explanation'), content: `${fmtDateTime(cycle.timeline.explanationOpensAt)} – ${fmtDateTime(cycle.timeline.explanationClosesAt)}` },
            { title: t('states.second_review'), content: `${t('until')} ${fmtDateTime(cycle.timeline.secondReviewClosesAt)}` },
            { title: t('lockStep'), content: cycle.lockedAt ? fmtDateTime(cycle.lockedAt) : '—' },
            { title: t('states.published'), content: fmtDateTime(cycle.publishedAt ?? cycle.timeline.publicationAt) },
          ]}
        />
      </Card>
      <Card title={t('progress')} extra={<Input.Search allowClear placeholder={t('unit')} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} />}>
        <Table<ProgressRow>
          rowKey="unitId"
          size="small"
          loading={progress.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: true }}
          columns={[
            { title: t('unit'), dataIndex: 'unitName', render: (v, r) => <Link to={`/assessment/cycles/${id}/units/${r.unitId}`}>{v}</Link> },
            { title: t('group'), dataIndex: 'group', render: (g) => String(t(`groups.${g}`, { defaultValue: g })) },
            { title: t('status'), dataIndex: 'status', render: (s) => <Tag color={s === 'submitted' ? 'green' : 'default'}>{String(t(`unitStatus.${s}`))}</Tag> },
            { title: t('submittedAt'), dataIndex: 'submittedAt', render: fmtDateTime },
            {
              title: t('done'),
              width: 220,
              render: (_, r) => <Progress percent={r.total ? Math.round((100 * r.done) / r.total) : 0} size="small" format={() => `${r.done}/${r.total}`} />,
            },
            {
              title: '',
              render: (_, r) =>
                canAppraise && r.status === 'submitted' && (cycle.state === 'appraisal' || cycle.state === 'second_review') ? (
                  <Link to={`/assessment/cycles/${id}/appraisal/${r.unitId}`}>{t('review')}</Link>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
