// /onestop/procedures: the catalogue at a glance (counts by level and online level, share fully online,
// procedures with a significant time cut and the average cut, the savings sentence) and a searchable list.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Input, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fmtNumber, fmtPercent, viCollator } from '../../lib/format';
import type { Procedure, ProcedureSummary, ProcedureSummaryRow } from './types';
import './i18n';
import './onestop.css';

type By = 'level' | 'unit' | 'sector';
const LEVEL_ORDER = ['central', 'province', 'district', 'commune'];
const byLevel = (a: ProcedureSummaryRow, b: ProcedureSummaryRow) =>
  LEVEL_ORDER.indexOf(a.key.level ?? '') - LEVEL_ORDER.indexOf(b.key.level ?? '');
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
const onlineColor = { full: 'green', partial: 'blue', none: 'default', unknown: 'default' } as const;

function vnd(n: number) {
  return `${fmtNumber(n)} đ`;
}

export default function ProceduresPage() {
  const { t } = useTranslation('onestop');
  const [by, setBy] = useState<By>('level');
  const [year, setYear] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const summaryOf = (b: By) => ({
    queryKey: ['onestop', 'procedures', 'summary', b, year],
    queryFn: () => api<ProcedureSummary>(`/api/onestop/procedures/summary?by=${b}${year ? `&year=${year}` : ''}`),
    placeholderData: (prev: ProcedureSummary | undefined) => prev,
  });
  const summary = useQuery(summaryOf('level'));
  const grouped = useQuery(summaryOf(by));
  const list = useQuery({ queryKey: ['onestop', 'procedures'], queryFn: () => api<Procedure[]>('/api/onestop/procedures') });
  // Unit names for the unit codes of the catalogue (codes alone when the user may not list units).
  const units = useQuery({
    queryKey: ['units'],
    queryFn: () => api<{ code: string; name: string }[]>('/api/units'),
    retry: false,
  });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  const unitLabel = (code: string | null | undefined) => (code ? (unitName.get(code) ?? code) : '—');
  const filtered = useMemo(() => {
    const f = fold(search.trim());
    const rows = [...(list.data ?? [])].sort((a, b) => viCollator.compare(a.code, b.code));
    return f
      ? rows.filter((p) =>
          fold(`${p.code} ${p.name} ${p.sector} ${p.unitCode ?? ''} ${unitName.get(p.unitCode ?? '') ?? ''}`).includes(f),
        )
      : rows;
  }, [list.data, search, unitName]);
  const s = summary.data;
  const total = s?.total;
  const thisYear = new Date().getFullYear();
  const levelLabel = (l: string) => t(`procedures.levels.${l}`, { defaultValue: l });
  const groupLabel = (r: ProcedureSummaryRow) =>
    by === 'level' ? levelLabel(r.key.level ?? '') : by === 'unit' ? unitLabel(r.key.unit) : r.key.sector || '—';
  const error = summary.error ?? grouped.error ?? list.error;

  return (
    <>
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('common.error')}
          description={(error as Error).message}
          style={{ marginBottom: 16 }}
        />
      )}
      {s && !total && <Empty description={t('procedures.empty')} />}
      {s && total && (
        <>
          <Row gutter={[16, 16]} className="kpis">
            <Col xs={24} sm={12} lg={6}>
              <Card className="kpi-card">
                <div className="kpi-title">{t('procedures.total')}</div>
                <div className="kpi-value">{fmtNumber(total.count)}</div>
                <div className="kpi-sub">
                  {[...s.rows]
                    .sort(byLevel)
                    .map((r) => `${levelLabel(r.key.level ?? '')}: ${fmtNumber(r.count)}`)
                    .join(' · ')}
                </div>
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card className="kpi-card">
                <div className="kpi-title">{t('procedures.online')}</div>
                <div className="kpi-value">{fmtPercent(total.online_rate)}</div>
                <div className="kpi-sub">{t('procedures.onlineSub', { n: fmtNumber(total.online) })}</div>
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card className="kpi-card">
                <div className="kpi-title">{t('procedures.full')}</div>
                <div className="kpi-value">{fmtPercent(total.full_online_rate)}</div>
                <div className="kpi-sub">{t('procedures.fullSub', { n: fmtNumber(total.full) })}</div>
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card className="kpi-card">
                <div className="kpi-title">{t('procedures.cut', { p: fmtNumber(s.significantCutPercent) })}</div>
                <div className="kpi-value">{fmtNumber(total.significant_cut)}</div>
                <div className="kpi-sub">
                  {t('procedures.cutSub', {
                    n: fmtPercent(total.significant_cut_rate),
                    avg: fmtPercent(total.average_cut_percent),
                  })}
                </div>
              </Card>
            </Col>
          </Row>
          <Card className="savings" style={{ marginTop: 16 }}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap align="start">
              <div>
                <div style={{ opacity: 0.85, fontSize: 13, marginBottom: 4 }}>{t('procedures.savings')}</div>
                <div className="savings-sentence">{s.savings.sentence}</div>
                <div className="savings-note">
                  {t('procedures.savingsNote', {
                    days: fmtNumber(Math.round(s.savings.workingDaysSaved)),
                    value: vnd(s.valuePerDayVnd),
                  })}
                </div>
              </div>
              <Select<number | null>
                aria-label={t('procedures.year')}
                value={year}
                onChange={setYear}
                style={{ minWidth: 140 }}
                options={[
                  { value: null, label: t('procedures.allYears') },
                  ...[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) })),
                ]}
              />
            </Space>
          </Card>
          <Card
            style={{ marginTop: 16 }}
            title={t('procedures.title')}
            extra={
              <Space>
                <Typography.Text type="secondary">{t('procedures.by')}</Typography.Text>
                <Segmented<By>
                  value={by}
                  onChange={setBy}
                  options={(['level', 'unit', 'sector'] as const).map((b) => ({
                    value: b,
                    label: t(`procedures.byOptions.${b}`),
                  }))}
                />
              </Space>
            }
          >
            <Table<ProcedureSummaryRow>
              size="small"
              rowKey={(r) => JSON.stringify(r.key)}
              dataSource={by === 'level' ? [...(grouped.data?.rows ?? [])].sort(byLevel) : (grouped.data?.rows ?? [])}
              loading={grouped.isFetching}
              pagination={(grouped.data?.rows.length ?? 0) > 15 ? { pageSize: 15 } : false}
              scroll={{ x: 900 }}
              summary={() => (
                <Table.Summary.Row style={{ fontWeight: 600 }}>
                  <Table.Summary.Cell index={0}>{t('procedures.sum')}</Table.Summary.Cell>
                  {(
                    [
                      ['count', fmtNumber(total.count)],
                      ['full', fmtNumber(total.full)],
                      ['partial', fmtNumber(total.partial)],
                      ['none', fmtNumber(total.none)],
                      ['online_rate', fmtPercent(total.online_rate)],
                      ['full_online_rate', fmtPercent(total.full_online_rate)],
                    ] as const
                  ).map(([k, v], i) => (
                    <Table.Summary.Cell key={k} index={i + 1} align="right">
                      {v}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={7} align="right">
                    {fmtNumber(total.significant_cut)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={8} align="right">
                    {fmtPercent(total.average_cut_percent)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
              columns={[
                { title: t(`procedures.byOptions.${by}`), render: (_, r) => groupLabel(r) },
                { title: t('procedures.count'), dataIndex: 'count', align: 'right', render: fmtNumber },
                { title: t('procedures.fullCol'), dataIndex: 'full', align: 'right', render: fmtNumber },
                { title: t('procedures.partial'), dataIndex: 'partial', align: 'right', render: fmtNumber },
                { title: t('procedures.none'), dataIndex: 'none', align: 'right', render: fmtNumber },
                { title: t('procedures.onlineRate'), dataIndex: 'online_rate', align: 'right', render: fmtPercent },
                { title: t('procedures.fullRate'), dataIndex: 'full_online_rate', align: 'right', render: fmtPercent },
                {
                  title: t('procedures.significant', { p: fmtNumber(s.significantCutPercent) }),
                  dataIndex: 'significant_cut',
                  align: 'right',
                  render: fmtNumber,
                },
                { title: t('procedures.avgCut'), dataIndex: 'average_cut_percent', align: 'right', render: fmtPercent },
              ]}
            />
          </Card>
        </>
      )}
      <Card
        style={{ marginTop: 16 }}
        title={`${t('procedures.list')} (${fmtNumber(filtered.length)})`}
        extra={
          <Input.Search
            allowClear
            aria-label={t('procedures.search')}
            placeholder={t('procedures.search')}
            className="head-search w300"
            onChange={(e) => setSearch(e.target.value)}
          />
        }
      >
        <Table<Procedure>
          className="onestop-procedures"
          size="small"
          rowKey="code"
          loading={list.isLoading}
          dataSource={filtered}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: t('procedures.code'), dataIndex: 'code', width: 100 },
            { title: t('procedures.name'), dataIndex: 'name' },
            { title: t('procedures.sector'), dataIndex: 'sector' },
            { title: t('procedures.level'), dataIndex: 'level', render: levelLabel },
            {
              title: t('procedures.time'),
              align: 'right',
              render: (_, p) =>
                p.processingHours !== null
                  ? t('procedures.hours', { n: fmtNumber(p.processingHours) })
                  : p.processingDays !== null
                    ? t('procedures.days', { n: fmtNumber(p.processingDays) })
                    : '—',
            },
            {
              title: t('procedures.onlineLevel'),
              dataIndex: 'onlineLevel',
              render: (l: Procedure['onlineLevel']) => (
                <Tag color={onlineColor[l ?? 'unknown']}>{t(`procedures.onlineLevels.${l ?? 'unknown'}`)}</Tag>
              ),
            },
            {
              title: t('procedures.fee'),
              dataIndex: 'feeVnd',
              align: 'right',
              render: (v: number | null) => (v === null ? '—' : vnd(v)),
            },
            {
              title: t('procedures.cutCol'),
              dataIndex: 'cutPercent',
              align: 'right',
              render: (v: number | null) => (v ? `${fmtNumber(v)} %` : '—'),
            },
            {
              title: t('procedures.unit'),
              dataIndex: 'unitCode',
              render: (v: string | null) => <span title={v ?? ''}>{unitLabel(v)}</span>,
            },
          ]}
        />
      </Card>
    </>
  );
}
