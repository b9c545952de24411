import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../api/client';
import { useMe } from '../../auth/useMe';

interface UserRow {
  id: number;
  username: string;
  displayName: string;
  isActive: boolean;
  isDemo: boolean;
  grants: { role: string; unitCode?: string | null; unitName?: string | null }[];
}

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data = [], isLoading } = useQuery({ queryKey: ['users'], queryFn: () => api<UserRow[]>('/api/users') });
  const { data: me } = useMe();
  const failed = (e: unknown) => message.error(errorText(e));
  const revoke = async (u: UserRow) => {
    try {
      const r = await api<{ revoked: number }>(`/api/users/${u.id}/revoke-sessions`, { method: 'POST' });
      message.success(`Đã thu hồi ${r.revoked} phiên của ${u.username}`);
    } catch (e) {
      failed(e);
    }
  };
  const toggle = async (u: UserRow) => {
    try {
      await api(`/api/users/${u.id}/active`, { method: 'POST', body: { active: !u.isActive } });
      message.success(u.isActive ? `Đã khóa ${u.username}` : `Đã mở khóa ${u.username}`);
      await qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      failed(e);
    }
  };
  return (
    <div className="page">
      <Typography.Title level={2}>{t('nav.users')}</Typography.Title>
      <Card>
        <Table
          rowKey="id"
          loading={isLoading}
          dataSource={data}
          scroll={{ x: true }}
          pagination={false}
          columns={[
            { title: 'Tên đăng nhập', dataIndex: 'username' },
            { title: 'Họ tên', dataIndex: 'displayName' },
            {
              title: 'Vai trò',
              dataIndex: 'grants',
              render: (gs: UserRow['grants']) => gs.map((g) => <Tag key={`${g.role}${g.unitCode}`}>{`${g.role}${g.unitCode ? ` @ ${g.unitCode}` : ''}`}</Tag>),
            },
            { title: 'Trạng thái', dataIndex: 'isActive', render: (a: boolean) => (a ? <Tag color="green">Hoạt động</Tag> : <Tag color="red">Đã khóa</Tag>) },
            {
              title: '',
              key: 'actions',
              render: (_, u) => (
                <Space>
                  <Popconfirm title="Thu hồi mọi phiên đăng nhập?" onConfirm={() => revoke(u)}>
                    <Button size="small">Thu hồi phiên</Button>
                  </Popconfirm>
                  {u.isActive ? (
                    // locking ends the user's sessions at once: asked first, and never offered on one's own row
                    <Popconfirm title={`Khóa tài khoản ${u.username}? Mọi phiên đăng nhập của tài khoản sẽ kết thúc.`} onConfirm={() => toggle(u)} disabled={u.id === me?.id}>
                      <Button size="small" danger disabled={u.id === me?.id} title={u.id === me?.id ? 'Không thể tự khóa tài khoản của chính mình' : undefined}>
                        Khóa
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => toggle(u)}>
                      Mở khóa
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
