import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Space, Switch, Table, Tag, Tree, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type ApiError, api, upload } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDate, viCollator } from '../../lib/format';
import type { UnitDto } from './types';

const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const isCurrent = (u: UnitDto) => (!u.validFrom || u.validFrom <= today) && (!u.validTo || u.validTo >= today);

interface TreeNode {
  key: string;
  title: React.ReactNode;
  children?: TreeNode[];
}

export default function UnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [historical, setHistorical] = useState(false);
  const [importError, setImportError] = useState<ApiError | null>(null);
  const { data = [], isLoading, error } = useQuery({ queryKey: ['units'], queryFn: () => api<UnitDto[]>('/api/units') });

  const visible = useMemo(() => {
    const q = search.trim().toLocaleLowerCase('vi');
    return data
      .filter((u) => historical || isCurrent(u))
      .filter((u) => !q || u.name.toLocaleLowerCase('vi').includes(q) || u.code.toLowerCase().includes(q));
  }, [data, search, historical]);

  const tree = useMemo(() => {
    const byParent = new Map<number | null, UnitDto[]>();
    const ids = new Set(visible.map((u) => u.id));
    for (const u of visible) {
      const p = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
      byParent.set(p, [...(byParent.get(p) ?? []), u]);
    }
    const build = (parent: number | null): TreeNode[] =>
      (byParent.get(parent) ?? [])
        .sort((a, b) => viCollator.compare(a.name, b.name))
        .map((u) => {
          const children = build(u.id);
          const groups = new Map<string, TreeNode[]>();
          for (const c of children) {
            const g = data.find((x) => `u${x.id}` === c.key)?.group ?? '';
            groups.set(g, [...(groups.get(g) ?? []), c]);
          }
          return {
            key: `u${u.id}`,
            title: (
              <span>
                <Link to={`/units/${u.id}`}>{u.name}</Link> <Typography.Text type="secondary">({u.code})</Typography.Text>
                {!isCurrent(u) && (
                  <Tag style={{ marginLeft: 8 }} color="default">
                    {t('units.ended')}
                  </Tag>
                )}
              </span>
            ),
            children:
              groups.size > 1
                ? [...groups.entries()].map(([g, list]) => ({
                    key: `u${u.id}-${g}`,
                    title: (
                      <b>
                        {t(`groups.${g}`, g)} ({list.length})
                      </b>
                    ),
                    children: list,
                  }))
                : children,
          };
        });
    return build(null);
  }, [visible, data, t]);

  const canManage = hasPermission(me, 'units.manage');
  return (
    <div className="page">
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('units.title')}
        </Typography.Title>
        {canManage && (
          <Space wrap>
            <Upload
              accept=".csv,.xlsx"
              showUploadList={false}
              customRequest={async ({ file }) => {
                setImportError(null);
                try {
                  const r = await upload<{ rows: number; inserted: number; updated: number }>('/api/units/import', file as File);
                  message.success(t('units.imported', r));
                  await qc.invalidateQueries({ queryKey: ['units'] });
                } catch (e) {
                  setImportError(e as ApiError);
                }
              }}
            >
              <Button icon={<UploadOutlined />}>{t('units.import')}</Button>
            </Upload>
            <Button icon={<DownloadOutlined />} href="/api/units/export.csv">
              {t('units.export')}
            </Button>
          </Space>
        )}
      </Space>
      {importError && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setImportError(null)}
          title={t('common.error')}
          description={<pre className="error-pre">{importError.message}</pre>}
          style={{ marginBottom: 16 }}
        />
      )}
      {error && <Alert type="error" showIcon title={(error as Error).message} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search placeholder={t('units.search')} allowClear onChange={(e) => setSearch(e.target.value)} style={{ width: 320, maxWidth: '100%' }} />
          <Space>
            <Switch checked={historical} onChange={setHistorical} aria-label={t('units.showHistorical')} />
            <span>{t('units.showHistorical')}</span>
          </Space>
        </Space>
        {isLoading ? (
          <Typography.Text>{t('common.loading')}</Typography.Text>
        ) : search ? (
          <Table
            rowKey="id"
            size="middle"
            dataSource={visible}
            pagination={{ pageSize: 50 }}
            scroll={{ x: true }}
            columns={[
              { title: t('units.code'), dataIndex: 'code', width: 140 },
              { title: t('units.name'), dataIndex: 'name', render: (v, u) => <Link to={`/units/${u.id}`}>{v}</Link> },
              { title: t('units.group'), dataIndex: 'group', render: (g: string) => String(t(`groups.${g}`, { defaultValue: g })) },
              { title: t('units.validFrom'), dataIndex: 'validFrom', render: fmtDate },
              { title: t('units.validTo'), dataIndex: 'validTo', render: fmtDate },
            ]}
          />
        ) : (
          <Tree
            treeData={tree}
            // Open the top level and the departments: the list people look for first.
            defaultExpandedKeys={[...tree.map((n) => n.key), ...tree.flatMap((n) => (n.children ?? []).filter((c) => String(c.key).endsWith('-department')).map((c) => c.key))]}
            showLine
            blockNode
            className="units-tree"
          />
        )}
      </Card>
    </div>
  );
}
