// The history of one leaf's score: every stage as it stands now, and the audit trail of each (who, when, before → after).
import { useQuery } from '@tanstack/react-query';
import { Drawer, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtDateTime, fmtNumber } from '../../lib/format';
import { DeclarationText } from './DeclaredInput';
import type { AuditRow, LeafDto } from './types';

const STAGES = ['self', 'appraised', 'explained', 'final'] as const;

function brief(v: unknown): string {
  if (!v || typeof v !== 'object') return '—';
  const o = v as { value?: unknown; points?: unknown; na?: unknown; note?: unknown };
  const parts: string[] = [];
  if (o.na) parts.push('không áp dụng');
  if (o.value !== null && o.value !== undefined) parts.push(`số liệu: ${String(o.value)}`);
  if (o.points !== null && o.points !== undefined) parts.push(`điểm: ${fmtNumber(Number(o.points))}`);
  if (o.note) parts.push(`ghi chú: ${String(o.note).slice(0, 120)}`);
  return parts.join('; ') || '—';
}

export function LeafHistoryDrawer({ cycleId, unitId, leaf, onClose }: { cycleId: number; unitId: number; leaf: LeafDto | null; onClose: () => void }) {
  const { t } = useTranslation('assessment');
  const { data: me } = useMe();
  const canAudit = hasPermission(me, 'audit.read');
  const audit = useQuery({
    queryKey: ['assessment', 'audit', cycleId, unitId, leaf?.code],
    enabled: !!leaf && canAudit,
    queryFn: async () => {
      const lists = await Promise.all(
        STAGES.map((s) => api<AuditRow[]>(`/api/audit?entity=assessment_score&entityId=${encodeURIComponent(`${cycleId}:${unitId}:${leaf!.code}:${s}`)}&limit=100`)),
      );
      return lists.flat().sort((a, b) => a.id - b.id);
    },
  });
  const rows = leaf ? STAGES.map((s) => ({ stage: s, dto: leaf[s] })).filter((r) => r.dto) : [];
  return (
    <Drawer open={!!leaf} onClose={onClose} size={720} title={leaf ? t('historyTitle', { code: leaf.code }) : ''}>
      {leaf && (
        <>
          <Typography.Paragraph strong>{leaf.title}</Typography.Paragraph>
          <Table
            rowKey="stage"
            size="small"
            pagination={false}
            dataSource={rows}
            locale={{ emptyText: <Empty description="—" /> }}
            columns={[
              { title: t('stage'), dataIndex: 'stage', render: (s: string) => <Tag>{String(t(`stages.${s}`))}</Tag> },
              { title: t('value'), render: (_, r) => <DeclarationText leaf={leaf} stage={r.dto} /> },
              { title: t('points'), align: 'right', render: (_, r) => fmtNumber(r.dto?.computedPoints) },
              { title: t('note'), render: (_, r) => r.dto?.note ?? '—' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('audit')}
          </Typography.Title>
          {canAudit ? (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              loading={audit.isLoading}
              dataSource={audit.data ?? []}
              columns={[
                { title: t('at'), dataIndex: 'at', render: fmtDateTime, width: 140 },
                { title: t('actor'), dataIndex: 'actor', render: (v) => v ?? 'Hệ thống' },
                { title: t('stage'), dataIndex: 'entityId', render: (v: string) => String(t(`stages.${v.split(':').pop()}`)) },
                { title: t('before'), dataIndex: 'before', render: brief },
                { title: t('after'), dataIndex: 'after', render: brief },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('noAudit')}</Typography.Text>
          )}
        </>
      )}
    </Drawer>
  );
}
