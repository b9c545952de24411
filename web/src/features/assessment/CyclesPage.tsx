// /assessment: the cycles of the province with their stage, timeline and progress; the office creates and
// advances cycles, a unit opens its own assessment, appraisers their queue.
import { BarChartOutlined, FileSearchOutlined, FormOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDate } from '../../lib/format';
import { CreateCycleModal } from './CreateCycleModal';
import { CycleActions } from './CycleActions';
import { isOffice, ownUnitIds, stateColor } from './hooks';
import './assessment.css';
import './i18n';
import type { Cycle, CycleDetail } from './types';

export default function CyclesPage() {
  const { t } = useTranslation('assessment');
  const { data: me } = useMe();
  const [creating, setCreating] = useState(false);
  const cycles = useQuery({ queryKey: ['assessment', 'cycles'], queryFn: () => api<Cycle[]>('/api/cycles') });
  const details = useQueries({
    queries: (cycles.data ?? []).map((c) => ({ queryKey: ['assessment', 'cycle', String(c.id)], queryFn: () => api<CycleDetail>(`/api/cycles/${c.id}`) })),
  });
  const detail = new Map(details.filter((d) => d.data).map((d) => [d.data!.id, d.data!]));
  const myUnit = ownUnitIds(me)[0];
  const canAppraise = hasPermission(me, 'assessment.appraise');
  const office = isOffice(me);
  const rows = [...(cycles.data ?? [])].sort((a, b) => b.year - a.year || b.id - a.id);

  return (
    <div className="page assessment-page">
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {hasPermission(me, 'cycles.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('newCycle')}
          </Button>
        )}
      </Space>
      <Card title={t('cycles')}>
        <Table<Cycle>
          rowKey="id"
          loading={cycles.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t('noCycles')} /> }}
          columns={[
            { title: t('year'), dataIndex: 'year', width: 70 },
            {
              title: t('name'),
              dataIndex: 'name',
              render: (v, c) => (
                <Link className="cycle-name" to={`/assessment/cycles/${c.id}`}>
                  {v}
                </Link>
              ),
            },
            {
              title: t('state'),
              dataIndex: 'state',
              render: (s: Cycle['state'], c) => (
                <Space size={4}>
                  <Tag color={stateColor[s]}>{String(t(`states.${s}`))}</Tag>
                  {c.locked && s === 'published' && <Tag color="red">{t('locked')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('timeline'),
              render: (_, c) => (
                <div className="timeline-cell">
                  <div>
                    <span>{t('selfWindow')}:</span> {`${fmtDate(c.timeline.selfOpensAt)} – ${fmtDate(c.timeline.selfClosesAt)}`}
                  </div>
                  <div>
                    <span>{t('tl.appraisalClosesAt')}:</span> {fmtDate(c.timeline.appraisalClosesAt)}
                  </div>
                  <div>
                    <span>{t('explainTitle')}:</span> {`${fmtDate(c.timeline.explanationOpensAt)} – ${fmtDate(c.timeline.explanationClosesAt)}`}
                  </div>
                  <div>
                    <span>{t('tl.publicationAt')}:</span> {fmtDate(c.timeline.publicationAt)}
                  </div>
                </div>
              ),
            },
            {
              title: t('progress'),
              width: 180,
              render: (_, c) => {
                const d = detail.get(c.id);
                if (!d) return null;
                const pct = d.unitCount ? Math.round((100 * d.submittedCount) / d.unitCount) : 0;
                return (
                  <Tooltip title={t('submittedOf', { n: d.submittedCount, total: d.unitCount })}>
                    <div>
                      <Progress percent={pct} size="small" />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('submittedOf', { n: d.submittedCount, total: d.unitCount })}
                      </Typography.Text>
                    </div>
                  </Tooltip>
                );
              },
            },
            {
              title: '',
              render: (_, c) => (
                <Space wrap size={4}>
                  {myUnit !== undefined && (
                    <Link to={`/assessment/cycles/${c.id}/units/${myUnit}`}>
                      <Button size="small" type={c.state === 'self_assessment' || c.state === 'explanation' ? 'primary' : 'default'} icon={<FormOutlined />}>
                        {t('myUnit')}
                      </Button>
                    </Link>
                  )}
                  {canAppraise && (c.state === 'appraisal' || c.state === 'second_review') && (
                    <Link to={`/assessment/cycles/${c.id}/appraisal`}>
                      <Button size="small" icon={<FileSearchOutlined />}>
                        {t('appraisalQueue')}
                      </Button>
                    </Link>
                  )}
                  {(office || c.locked) && (
                    <Link to={`/assessment/cycles/${c.id}/results`}>
                      <Button size="small" icon={<BarChartOutlined />}>
                        {t('results')}
                      </Button>
                    </Link>
                  )}
                  <CycleActions cycle={c} size="small" />
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating && <CreateCycleModal onClose={() => setCreating(false)} />}
    </div>
  );
}
