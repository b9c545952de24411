// The dossiers behind a figure: a unit's late and overdue dossiers with their apology-slip status (or
// those of another filter, for the Index 766 reconciliation), paged on the server.
import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fmtDate, fmtDateTime, fmtNumber } from '../../lib/format';
import { periodLabel } from './periods';
import type { DossierFilter, DossierList, DossierRow } from './types';

const PAGE = 20;

export const outcomeColor: Record<DossierRow['outcome'], string> = {
  late: 'red',
  overdue: 'volcano',
  pending: 'blue',
  early: 'green',
  on_time: 'green',
};
export const apologyColor: Record<DossierRow['apology'], string> = { compliant: 'green', late_slip: 'gold', none: 'red' };

export interface DossiersTarget {
  unitId: number;
  unitName: string;
  period?: string;
  filter?: DossierFilter;
}

export function DossiersDrawer({ target, onClose }: { target: DossiersTarget | null; onClose: () => void }) {
  const { t } = useTranslation('onestop');
  const [filter, setFilter] = useState<DossierFilter>(target?.filter ?? 'late_or_overdue');
  const [page, setPage] = useState(1);
  // Another unit or period opened: its filter and first page from this very render (an effect would first
  // fetch the new unit with the old filter and page).
  const [openedFor, setOpenedFor] = useState(target);
  if (target !== openedFor) {
    setOpenedFor(target);
    setFilter(target?.filter ?? 'late_or_overdue');
    setPage(1);
  }
  const q = useQuery({
    queryKey: ['onestop', 'dossiers', target?.unitId, target?.period, filter, page],
    enabled: !!target,
    queryFn: () => {
      const p = new URLSearchParams({
        unitId: String(target!.unitId),
        filter,
        limit: String(PAGE),
        offset: String((page - 1) * PAGE),
      });
      if (target?.period) p.set('period', target.period);
      return api<DossierList>(`/api/onestop/dossiers?${p}`);
    },
    // while the next page or filter loads, the rows shown stay; never another unit's or period's rows
    placeholderData: (prev, prevQuery) =>
      prevQuery && prevQuery.queryKey[2] === target?.unitId && prevQuery.queryKey[3] === target?.period ? prev : undefined,
  });
  const lateFilters = filter === 'late' || filter === 'overdue' || filter === 'late_or_overdue';
  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      size={Math.min(1180, typeof window !== 'undefined' ? window.innerWidth : 1180)}
      title={
        target ? (
          <Space orientation="vertical" size={0}>
            <span className="drawer-title">
              {lateFilters ? t('dossiers.title', { unit: target.unitName }) : t('dossiers.titleOther', { unit: target.unitName })}
            </span>
            {target.period && (
              <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                {periodLabel(target.period)}
              </Typography.Text>
            )}
          </Space>
        ) : null
      }
      destroyOnHidden
      rootClassName="onestop-drawer"
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('dossiers.filter')}</Typography.Text>
        <Select<DossierFilter>
          value={filter}
          style={{ minWidth: 280 }}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={(['late_or_overdue', 'late', 'overdue', 'not_digitized', 'not_online', 'unsatisfied', 'all'] as const).map(
            (f) => ({ value: f, label: t(`dossiers.filters.${f}`) }),
          )}
        />
        {q.data && <Tag color="default">{t('dossiers.total', { n: fmtNumber(q.data.total) })}</Tag>}
      </Space>
      {q.error && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {q.data && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('asOf', { date: fmtDate(q.data.asOf) })}
        </Typography.Paragraph>
      )}
      <Table<DossierRow>
        className="onestop-dossiers"
        size="small"
        rowKey="dossierCode"
        loading={q.isFetching}
        dataSource={q.data?.rows ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: PAGE, total: q.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          {
            title: t('dossiers.code'),
            dataIndex: 'dossierCode',
            fixed: 'left',
            render: (v) => <Typography.Text strong>{v}</Typography.Text>,
          },
          {
            title: t('dossiers.procedure'),
            dataIndex: 'procedureName',
            width: 280,
            render: (v, r) => (
              <Space orientation="vertical" size={0}>
                <span>{v ?? r.procedureCode}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.procedureCode} · {t(`dossiers.channels.${r.channel}`)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('dossiers.received'), dataIndex: 'receivedAt', render: fmtDateTime },
          {
            title: t('dossiers.due'),
            dataIndex: 'dueDate',
            render: (v, r) => (
              <Space orientation="vertical" size={0}>
                <span>{fmtDate(v)}</span>
                {r.dueComputed && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dossiers.dueComputed')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('dossiers.resolved'), dataIndex: 'resolvedAt', render: fmtDateTime },
          {
            title: t('dossiers.outcome'),
            dataIndex: 'outcome',
            render: (o: DossierRow['outcome']) => <Tag color={outcomeColor[o]}>{t(`dossiers.outcomes.${o}`)}</Tag>,
          },
          {
            title: t('dossiers.apology'),
            dataIndex: 'apology',
            render: (a: DossierRow['apology'], r) => (
              <Space orientation="vertical" size={0}>
                <Tag color={apologyColor[a]}>{t(`dossiers.apologies.${a}`)}</Tag>
                {r.apologyAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dossiers.apologyAt', { at: fmtDateTime(r.apologyAt) })}
                  </Typography.Text>
                )}
                {r.newDueAt && (
                  <Tooltip title={fmtDateTime(r.newDueAt)}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dossiers.newDue', { at: fmtDate(r.newDueAt) })}
                    </Typography.Text>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('dossiers.rating'), dataIndex: 'rating', align: 'right', render: (v) => (v === null ? '—' : `${v}/5`) },
        ]}
      />
    </Drawer>
  );
}
