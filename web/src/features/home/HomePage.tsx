import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../auth/useMe';
import { fmtNumber } from '../../lib/format';
import type { UnitDto } from '../units/types';

const ROLE_LABELS: Record<string, string> = {
  system_admin: 'Quản trị hệ thống',
  reform_admin: 'Quản trị CCHC (Sở Nội vụ)',
  appraiser: 'Thẩm định viên',
  council_member: 'Thành viên Hội đồng',
  unit_focal: 'Cán bộ đầu mối',
  unit_head: 'Thủ trưởng đơn vị',
  interviewer: 'Điều tra viên',
  viewer: 'Người xem',
};

export default function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const units = useQuery({ queryKey: ['units', 'current'], queryFn: () => api<UnitDto[]>('/api/units?current=1') });
  const count = (g?: string) => (units.data ?? []).filter((u) => !g || u.group === g).length;
  return (
    <div className="page">
      <Typography.Title level={2}>{t('home.welcome', { name: me?.displayName })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title={t('home.units')} value={fmtNumber(count())} loading={units.isLoading} />
          </Card>
        </Col>
        <Col xs={12} sm={8}>
          <Card>
            <Statistic title={t('home.departments')} value={fmtNumber(count('department'))} loading={units.isLoading} />
          </Card>
        </Col>
        <Col xs={12} sm={8}>
          <Card>
            <Statistic title={t('home.communes')} value={fmtNumber(count('commune'))} loading={units.isLoading} />
          </Card>
        </Col>
      </Row>
      <Card title={t('home.roles')} style={{ marginTop: 16 }}>
        {me?.grants.map((g) => (
          <Tag key={`${g.role}-${g.unitId}`} color="blue" style={{ marginBottom: 8 }}>
            {ROLE_LABELS[g.role] ?? g.role}
            {g.unitName ? ` — ${g.unitName}` : ' — toàn tỉnh'}
          </Tag>
        ))}
      </Card>
    </div>
  );
}
