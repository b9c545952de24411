import { useQuery } from '@tanstack/react-query';
import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fmtDateTime } from '../../lib/format';

interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { data = [], isLoading } = useQuery({ queryKey: ['audit'], queryFn: () => api<AuditRow[]>('/api/audit?limit=200') });
  return (
    <div className="page">
      <Typography.Title level={2}>{t('nav.audit')}</Typography.Title>
      <Card>
        <Table
          rowKey="id"
          size="small"
          loading={isLoading}
          dataSource={data}
          scroll={{ x: true }}
          columns={[
            { title: 'Thời điểm', dataIndex: 'at', render: fmtDateTime, width: 150 },
            { title: 'Người thực hiện', dataIndex: 'actor' },
            { title: 'Thao tác', dataIndex: 'action' },
            { title: 'Đối tượng', render: (_, r) => `${r.entity}${r.entityId ? ` #${r.entityId}` : ''}` },
            { title: 'Trước', dataIndex: 'before', render: (v) => (v ? <code className="json-cell">{JSON.stringify(v)}</code> : '—') },
            { title: 'Sau', dataIndex: 'after', render: (v) => (v ? <code className="json-cell">{JSON.stringify(v)}</code> : '—') },
            { title: 'Địa chỉ', dataIndex: 'ip' },
          ]}
        />
      </Card>
    </div>
  );
}
