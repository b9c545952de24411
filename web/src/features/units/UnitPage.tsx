import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { fmtDate } from '../../lib/format';
import type { UnitDto, UnitHistory } from './types';

export default function UnitPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const unit = useQuery({ queryKey: ['unit', id], queryFn: () => api<UnitDto>(`/api/units/${id}`) });
  const history = useQuery({ queryKey: ['unit', id, 'history'], queryFn: () => api<UnitHistory>(`/api/units/${id}/history`) });
  if (unit.error) return <Alert type="error" showIcon title={(unit.error as Error).message} />;
  const u = unit.data;
  const byDepth = new Map<number, UnitHistory['predecessors']>();
  for (const p of history.data?.predecessors ?? []) byDepth.set(p.depth, [...(byDepth.get(p.depth) ?? []), p]);
  return (
    <div className="page">
      <Link to="/units">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {t('common.back')}
        </Button>
      </Link>
      <Typography.Title level={2}>{u?.name ?? t('common.loading')}</Typography.Title>
      {u && (
        <Card>
          <Descriptions column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('units.code')}>{u.code}</Descriptions.Item>
            <Descriptions.Item label={t('units.group')}>{t(`groups.${u.group}`, u.group)}</Descriptions.Item>
            <Descriptions.Item label={t('units.parent')}>{u.parentCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('units.validFrom')}>{fmtDate(u.validFrom)}</Descriptions.Item>
            <Descriptions.Item label={t('units.validTo')}>{u.validTo ? fmtDate(u.validTo) : <Tag color="green">{t('units.current')}</Tag>}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Typography.Title level={3} style={{ marginTop: 24 }}>
        {t('units.history')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card title={t('units.predecessors')} className="history-card">
            {history.data && history.data.predecessors.length === 0 && <Empty description={t('units.none')} />}
            <Timeline
              items={[...byDepth.entries()].map(([depth, list]) => ({
                children: (
                  <div>
                    <Typography.Text type="secondary">{depth === 1 ? 'Trực tiếp' : `Cấp ${depth}`}</Typography.Text>
                    {list.map((p) => (
                      <div key={p.code}>
                        <Link to={`/units/${p.id}`}>{p.name}</Link> <Typography.Text type="secondary">({p.code}, đến {fmtDate(p.validTo)})</Typography.Text>
                      </div>
                    ))}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('units.successors')}>
            {history.data && history.data.successors.length === 0 ? (
              <Empty description={t('units.none')} />
            ) : (
              history.data?.successors.map((s) => (
                <div key={s.code}>
                  <Link to={`/units/${s.id}`}>{s.name}</Link> <Typography.Text type="secondary">({s.code}, từ {fmtDate(s.validFrom)})</Typography.Text>
                </div>
              ))
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
