// /onestop/index766: the five groups of Index 766 per unit for a period, the total, and the
// reconciliation with the portal's published figures down to the dossiers that explain each difference.
import { WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fmtDate, fmtNumber, fmtPercent } from '../../lib/format';
import { useSettings } from './DashboardPage';
import { DossiersDrawer, type DossiersTarget } from './DossiersDrawer';
import { PeriodPicker } from './PeriodPicker';
import { periodLabel } from './periods';
import type { Difference, Index766, Reconciliation, Score766 } from './types';
import { usePeriodChoice } from './usePeriodChoice';
import './i18n';
import './onestop.css';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
const statusColor = { scored: 'green', no_data: 'default', missing_input: 'orange' } as const;

function Points({ points, max }: { points: number; max: number }) {
  return (
    <span className="score-cell">
      {fmtNumber(points)} <small>/ {fmtNumber(max)}</small>
    </span>
  );
}

export default function Index766Page() {
  const { t } = useTranslation('onestop');
  const { granularity, setGranularity, province: periodsQ, periods, period, setPeriod } = usePeriodChoice('year');
  const [search, setSearch] = useState('');
  const [drill, setDrill] = useState<DossiersTarget | null>(null);
  const settings = useSettings();
  const scores = useQuery({
    queryKey: ['onestop', 'index766', period],
    enabled: !!period,
    queryFn: () => api<Index766>(`/api/onestop/index766?period=${period}`),
  });
  const recon = useQuery({
    queryKey: ['onestop', 'reconcile', period],
    enabled: !!period,
    queryFn: () => api<Reconciliation>(`/api/onestop/index766/reconcile?period=${period}`),
  });
  const groups = settings.data?.index766.groups ?? [];
  const groupTitle = new Map(groups.map((g) => [g.code, g.title]));

  const shown = useMemo(() => {
    const f = fold(search.trim());
    const rows = scores.data?.scores ?? [];
    return f ? rows.filter((s) => fold(`${s.unitName} ${s.unitCode}`).includes(f)) : rows;
  }, [scores.data, search]);
  const diffs = recon.data?.differences ?? [];
  const noPortal = diffs.filter((d) => d.field === 'presence' && d.portal === null);
  const real = diffs.filter((d) => !(d.field === 'presence' && d.portal === null));
  const fieldLabel = (f: string) =>
    f.startsWith('group:') ? (groupTitle.get(f.slice(6)) ?? f.slice(6)) : t(`index766.fields.${f}`, { defaultValue: f });
  const error = periodsQ.error ?? scores.error ?? recon.error;

  return (
    <>
      <div className="toolbar">
        <PeriodPicker
          granularity={granularity}
          onGranularity={setGranularity}
          periods={periods}
          period={period}
          onPeriod={setPeriod}
        />
        {settings.data && (
          <Typography.Text type="secondary" style={{ maxWidth: 620 }}>
            {t('index766.source')}: {settings.data.index766.source}
          </Typography.Text>
        )}
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('common.error')}
          description={(error as Error).message}
          style={{ marginBottom: 16 }}
        />
      )}
      {periodsQ.data && periods.length === 0 && <Alert type="info" showIcon title={t('noData')} />}
      {period && (
        <Card
          className="index766-scores"
          title={`${t('index766.scoresTitle')} — ${periodLabel(period)}`}
          extra={
            <Input.Search
              allowClear
              placeholder={t('ranking.search')}
              className="head-search w240"
              onChange={(e) => setSearch(e.target.value)}
            />
          }
        >
          {scores.data && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {settings.data?.index766.name} · {t('asOf', { date: fmtDate(scores.data.asOf) })}
            </Typography.Paragraph>
          )}
          <Table<Score766>
            size="small"
            rowKey="unitCode"
            loading={scores.isLoading}
            dataSource={shown}
            scroll={{ x: 1050 }}
            pagination={{ pageSize: 15, showSizeChanger: false }}
            expandable={{ expandedRowRender: (s) => <ScoreDetail score={s} /> }}
            columns={[
              {
                title: t('index766.unit'),
                dataIndex: 'unitName',
                fixed: 'left',
                width: 220,
                render: (v, s) => <span title={s.unitCode}>{v}</span>,
              },
              { title: t('index766.dossiers'), dataIndex: 'dossiers', align: 'right', render: fmtNumber },
              ...groups.map((g) => ({
                title: (
                  <span>
                    {g.title} <small style={{ color: '#9ca3af' }}>({fmtNumber(g.maxPoints)})</small>
                  </span>
                ),
                key: g.code,
                align: 'right' as const,
                render: (_: unknown, s: Score766) => {
                  const x = s.groups.find((y) => y.code === g.code);
                  return x ? <Points points={x.points} max={x.maxPoints} /> : '—';
                },
              })),
              {
                title: t('index766.total'),
                dataIndex: 'total',
                align: 'right',
                render: (v: number, s) => (
                  <Space size={4}>
                    {s.missingInputs.length > 0 && (
                      <Tooltip
                        title={`${t('index766.lowerBound', { n: s.missingInputs.length })}: ${s.missingInputs.join(', ')}`}
                      >
                        <WarningOutlined style={{ color: '#d97706' }} />
                      </Tooltip>
                    )}
                    <Typography.Text strong>
                      <Points points={v} max={s.maxPoints} />
                    </Typography.Text>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {period && (
        <Card className="index766-reconcile" title={t('index766.reconcile')} style={{ marginTop: 16 }}>
          {noPortal.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('index766.noPortal', { n: fmtNumber(noPortal.length) })}
              style={{ marginBottom: 12 }}
            />
          )}
          {recon.data && real.length === 0 && noPortal.length === 0 && (
            <Alert type="success" showIcon title={t('index766.reconcileNone')} />
          )}
          {real.length > 0 && (
            <Table<Difference>
              size="small"
              rowKey={(d) => `${d.unitCode}\u0000${d.field}`}
              dataSource={real}
              scroll={{ x: 900 }}
              pagination={{ pageSize: 15, showSizeChanger: false }}
              expandable={{
                rowExpandable: (d) => d.explanations.length > 0,
                expandedRowRender: (d) => (
                  <Table
                    size="small"
                    rowKey="group"
                    pagination={false}
                    dataSource={d.explanations}
                    columns={[
                      { title: t('index766.field'), dataIndex: 'group', render: (g: string) => groupTitle.get(g) ?? g },
                      { title: t('index766.explain'), dataIndex: 'label' },
                      { title: t('index766.dossiers'), dataIndex: 'count', align: 'right', render: fmtNumber },
                      {
                        title: '',
                        dataIndex: 'sample',
                        render: (s: string[]) => <Typography.Text type="secondary">{s.join(', ')}</Typography.Text>,
                      },
                      {
                        title: '',
                        render: (_, e) =>
                          e.filter && e.count > 0 && d.unitId ? (
                            <Button
                              size="small"
                              onClick={() => setDrill({ unitId: d.unitId!, unitName: d.unitName, period, filter: e.filter! })}
                            >
                              {t('index766.viewDossiers')}
                            </Button>
                          ) : null,
                      },
                    ]}
                  />
                ),
              }}
              columns={[
                { title: t('index766.unit'), dataIndex: 'unitName', render: (v, d) => v || d.unitCode },
                { title: t('index766.field'), dataIndex: 'field', render: fieldLabel },
                { title: t('index766.ours'), dataIndex: 'ours', align: 'right', render: fmtNumber },
                { title: t('index766.portal'), dataIndex: 'portal', align: 'right', render: fmtNumber },
                {
                  title: t('index766.difference'),
                  dataIndex: 'difference',
                  align: 'right',
                  render: (v: number | null) =>
                    v === null ? '—' : <Tag color={v < 0 ? 'red' : 'blue'}>{`${v > 0 ? '+' : ''}${fmtNumber(v)}`}</Tag>,
                },
                {
                  title: t('index766.explain'),
                  render: (_, d) =>
                    d.explanations.length
                      ? t('index766.explainCount', {
                          groups: d.explanations.filter((e) => e.count > 0).length,
                          n: fmtNumber(d.explanations.reduce((a, e) => a + e.count, 0)),
                        })
                      : '—',
                },
              ]}
            />
          )}
        </Card>
      )}
      <DossiersDrawer target={drill} onClose={() => setDrill(null)} />
    </>
  );
}

function ScoreDetail({ score }: { score: Score766 }) {
  const { t } = useTranslation('onestop');
  const rows = score.groups.flatMap((g) => g.indicators.map((i) => ({ ...i, group: g.title })));
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.group}\u0000${r.code}`}
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('index766.field'), dataIndex: 'group' },
        {
          title: t('index766.indicator'),
          dataIndex: 'code',
          render: (c: string, r) => (
            <Space size={4}>
              <span>{t(`metrics.${r.input}`, { defaultValue: c })}</span>
              {!r.confirmed && (
                <Tooltip title={t('index766.unconfirmed')}>
                  <Tag color="default" style={{ marginInlineEnd: 0 }}>
                    *
                  </Tag>
                </Tooltip>
              )}
            </Space>
          ),
        },
        { title: t('index766.input'), dataIndex: 'input', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('index766.rate'), dataIndex: 'rate', align: 'right', render: fmtPercent },
        { title: t('index766.points'), align: 'right', render: (_, r) => <Points points={r.points} max={r.maxPoints} /> },
        {
          title: t('index766.status'),
          dataIndex: 'status',
          render: (s: keyof typeof statusColor) => <Tag color={statusColor[s]}>{t(`index766.statuses.${s}`)}</Tag>,
        },
      ]}
    />
  );
}
