// /onestop: the indicator dashboard — a period, the province's KPIs against the late-rate target, a trend
// per unit, units ranked by late rate, and a drill-down to each unit's late dossiers with apology status.
import { useQuery } from '@tanstack/react-query';
import { FileSearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Input, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fmtNumber, fmtPercent, viCollator } from '../../lib/format';
import { DossiersDrawer, type DossiersTarget } from './DossiersDrawer';
import { TrendChart } from './TrendChart';
import { PeriodPicker } from './PeriodPicker';
import { periodLabel } from './periods';
import type { IndicatorRow, RateName, Settings } from './types';
import { usePeriodChoice } from './usePeriodChoice';
import './i18n';
import './onestop.css';

type Metric = 'lateRate' | RateName;
const METRICS: Metric[] = [
  'lateRate',
  'on_time_rate',
  'online_rate',
  'digitized_rate',
  'e_result_rate',
  'paid_online_rate',
  'apology_compliance_rate',
  'satisfied_rate',
];
const metricOf = (r: IndicatorRow | undefined, m: Metric) => (r ? (m === 'lateRate' ? r.lateRate : r.rates[m]) : null);
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export function useSettings() {
  return useQuery({
    queryKey: ['onestop', 'settings'],
    queryFn: () => api<Settings>('/api/onestop/settings'),
    staleTime: 10 * 60_000,
  });
}

export default function DashboardPage() {
  const { t } = useTranslation('onestop');
  const { granularity, setGranularity, province, periods, period, setPeriod } = usePeriodChoice('month');
  const [metric, setMetric] = useState<Metric>('lateRate');
  const [pickedUnits, setPickedUnits] = useState<string[] | null>(null);
  const [search, setSearch] = useState('');
  const [drill, setDrill] = useState<DossiersTarget | null>(null);
  const settings = useSettings();
  const perUnit = useQuery({
    queryKey: ['onestop', 'indicators', 'unit,period', granularity],
    queryFn: () => api<IndicatorRow[]>(`/api/onestop/indicators?by=unit,period&granularity=${granularity}`),
  });
  const kpi = province.data?.find((r) => r.period === period);
  const previous = period ? province.data?.[periods.indexOf(period) - 1] : undefined;
  /** Change against the previous period in percentage points; `higherIsBetter` colours it. */
  const delta = (m: Metric, higherIsBetter: boolean): ReactNode => {
    const now = metricOf(kpi, m);
    const before = metricOf(previous, m);
    if (now === null || before === null || !previous?.period) return null;
    const d = Math.round((now - before) * 100) / 100;
    const dir = d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
    const tone = dir === 'flat' ? '' : (dir === 'up') === higherIsBetter ? `${dir}-good` : `${dir}-bad`;
    const sign = d > 0 ? '▲ +' : d < 0 ? '▼ −' : '';
    return (
      <div className={`kpi-delta ${tone}`}>
        {t('kpi.delta', { d: `${sign}${fmtNumber(Math.abs(d))}`, period: periodLabel(previous.period) })}
      </div>
    );
  };
  const target = settings.data?.lateRateMaxPercent ?? 2;

  const ranking = useMemo(() => {
    const rows = (perUnit.data ?? []).filter((r) => r.period === period);
    return rows.sort(
      (a, b) =>
        (b.lateRate ?? -1) - (a.lateRate ?? -1) ||
        b.counts.late - a.counts.late ||
        viCollator.compare(a.unitName ?? '', b.unitName ?? ''),
    );
  }, [perUnit.data, period]);
  const rankOf = useMemo(() => new Map(ranking.map((r, i) => [r.unitCode, i + 1])), [ranking]);
  const shown = useMemo(() => {
    const f = fold(search.trim());
    return f ? ranking.filter((r) => fold(`${r.unitName} ${r.unitCode}`).includes(f)) : ranking;
  }, [ranking, search]);

  const unitNames = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of perUnit.data ?? []) if (r.unitCode) m.set(r.unitCode, r.unitName ?? r.unitCode);
    return m;
  }, [perUnit.data]);
  // By default the five units with the most late dossiers in the period: a rate over two dossiers is noise.
  const trendUnits =
    pickedUnits ??
    [...ranking]
      .filter((r) => r.counts.late > 0)
      .sort((a, b) => b.counts.late - a.counts.late || b.counts.resolved - a.counts.resolved)
      .slice(0, 5)
      .map((r) => r.unitCode!);
  const series = useMemo(() => {
    const byKey = new Map((perUnit.data ?? []).map((r) => [`${r.unitCode}\u0000${r.period}`, r]));
    const byPeriod = new Map((province.data ?? []).map((r) => [r.period, r]));
    return [
      { name: t('trend.province'), province: true, values: periods.map((p) => metricOf(byPeriod.get(p), metric)) },
      ...trendUnits.map((u) => ({
        name: unitNames.get(u) ?? u,
        values: periods.map((p) => metricOf(byKey.get(`${u}\u0000${p}`), metric)),
      })),
    ];
  }, [perUnit.data, province.data, periods, trendUnits, metric, unitNames, t]);

  const error = province.error ?? perUnit.error ?? settings.error;
  const late = kpi?.lateRate ?? null;
  const over = late !== null && late >= target;
  const targetText = t('kpi.target', { v: fmtNumber(target) });

  return (
    <>
      <div className="toolbar">
        <PeriodPicker
          granularity={granularity}
          onGranularity={setGranularity}
          periods={periods}
          period={period}
          onPeriod={setPeriod}
          loading={province.isLoading}
        />
        {settings.data && (
          <Typography.Text type="secondary" title={settings.data.lateRateSource}>
            {targetText}
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
      {province.data && periods.length === 0 && <Empty description={t('noData')} />}
      {kpi && (
        <Row gutter={[16, 16]} className="kpis">
          <Kpi
            title={t('kpi.received')}
            value={fmtNumber(kpi.counts.received)}
            sub={t('kpi.resolved', { n: fmtNumber(kpi.counts.resolved) })}
          />
          <Kpi
            title={t('kpi.onTime')}
            value={fmtPercent(kpi.rates.on_time_rate)}
            sub={t('kpi.onTimeSub', { n: fmtNumber(kpi.counts.on_time) })}
            extra={delta('on_time_rate', true)}
          />
          <Kpi
            title={t('kpi.late')}
            value={fmtPercent(late)}
            tone={late === null ? undefined : over ? 'bad' : 'good'}
            sub={t('kpi.lateSub', { late: fmtNumber(kpi.counts.late), overdue: fmtNumber(kpi.counts.overdue) })}
            extra={
              late !== null && (
                <>
                  {delta('lateRate', false)}
                  <div className="kpi-target">
                    <Tag color={over ? 'red' : 'green'}>{over ? t('kpi.overTarget') : t('kpi.withinTarget')}</Tag>
                    <Typography.Text type="secondary">{targetText}</Typography.Text>
                  </div>
                </>
              )
            }
          />
          <Kpi
            title={t('kpi.online')}
            value={fmtPercent(kpi.rates.online_rate)}
            sub={t('kpi.onlineSub', { n: fmtNumber(kpi.counts.online) })}
            extra={delta('online_rate', true)}
          />
          <Kpi
            title={t('kpi.digitized')}
            value={fmtPercent(kpi.rates.digitized_rate)}
            sub={t('kpi.digitizedSub', { n: fmtNumber(kpi.counts.digitized) })}
            extra={delta('digitized_rate', true)}
          />
          <Kpi
            title={t('kpi.satisfied')}
            value={fmtPercent(kpi.rates.satisfied_rate)}
            sub={t('kpi.satisfiedSub', { n: fmtNumber(kpi.counts.satisfied), rated: fmtNumber(kpi.counts.rated) })}
            extra={delta('satisfied_rate', true)}
          />
        </Row>
      )}
      {periods.length > 0 && (
        <Card
          title={t('trend.title')}
          style={{ marginTop: 16 }}
          extra={
            <Select<Metric>
              aria-label={t('trend.metric')}
              size="small"
              style={{ minWidth: 210 }}
              value={metric}
              onChange={setMetric}
              options={METRICS.map((m) => ({ value: m, label: t(`metrics.${m}`) }))}
            />
          }
        >
          <Select
            mode="multiple"
            allowClear
            aria-label={t('trend.units')}
            placeholder={t('trend.unitsPlaceholder')}
            style={{ width: '100%', marginBottom: 8 }}
            value={trendUnits}
            onChange={(v) => setPickedUnits(v)}
            maxTagCount="responsive"
            optionFilterProp="label"
            options={[...unitNames]
              .sort((a, b) => viCollator.compare(a[1], b[1]))
              .map(([code, name]) => ({ value: code, label: name }))}
          />
          <TrendChart
            periods={periods}
            series={series}
            percentAxis={metric !== 'lateRate'}
            target={metric === 'lateRate' ? target : undefined}
            targetLabel={t('trend.targetLine', { v: fmtNumber(target) })}
          />
        </Card>
      )}
      {period && (
        <Card
          title={`${t('ranking.title')} — ${periodLabel(period)}`}
          style={{ marginTop: 16 }}
          extra={
            <Input.Search
              allowClear
              placeholder={t('ranking.search')}
              className="head-search w240"
              onChange={(e) => setSearch(e.target.value)}
            />
          }
        >
          <Table<IndicatorRow>
            className="onestop-ranking"
            size="small"
            rowKey="unitCode"
            loading={perUnit.isLoading}
            dataSource={shown}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 15, showSizeChanger: false }}
            onRow={(r) => ({
              style: { cursor: 'pointer' },
              onClick: () => setDrill({ unitId: r.unitId!, unitName: r.unitName ?? '', period }),
            })}
            columns={[
              { title: t('ranking.rank'), width: 56, align: 'right', render: (_, r) => rankOf.get(r.unitCode) },
              {
                title: t('ranking.unit'),
                dataIndex: 'unitName',
                width: 200,
                render: (v, r) => <span title={r.unitCode}>{v}</span>,
              },
              {
                title: t('ranking.received'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtNumber(r.counts.received)}</span>,
              },
              {
                title: t('ranking.resolved'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtNumber(r.counts.resolved)}</span>,
              },
              {
                title: t('ranking.late'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtNumber(r.counts.late)}</span>,
              },
              {
                title: t('ranking.overdue'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtNumber(r.counts.overdue)}</span>,
              },
              {
                title: t('ranking.lateRate'),
                align: 'right',
                render: (_, r) => (
                  <span className={`num ${r.lateRate !== null && r.lateRate >= target ? 'late-bad' : ''}`}>
                    {fmtPercent(r.lateRate)}
                  </span>
                ),
              },
              {
                title: t('ranking.online'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtPercent(r.rates.online_rate)}</span>,
              },
              {
                title: t('ranking.digitized'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtPercent(r.rates.digitized_rate)}</span>,
              },
              {
                title: t('ranking.satisfied'),
                align: 'right',
                render: (_, r) => <span className="num">{fmtPercent(r.rates.satisfied_rate)}</span>,
              },
              {
                title: t('ranking.dossiers'),
                align: 'center',
                render: (_, r) =>
                  r.counts.late_or_overdue > 0 ? (
                    <Tooltip title={t('ranking.openHint')}>
                      <Button
                        size="small"
                        icon={<FileSearchOutlined />}
                        aria-label={`${t('ranking.open')} (${fmtNumber(r.counts.late_or_overdue)})`}
                        onClick={(e) => {
                          e.stopPropagation();
                          setDrill({ unitId: r.unitId!, unitName: r.unitName ?? '', period });
                        }}
                      >
                        {fmtNumber(r.counts.late_or_overdue)}
                      </Button>
                    </Tooltip>
                  ) : null,
              },
            ]}
          />
        </Card>
      )}
      <DossiersDrawer target={drill} onClose={() => setDrill(null)} />
    </>
  );
}

function Kpi({
  title,
  value,
  sub,
  tone,
  extra,
}: {
  title: string;
  value: string;
  sub?: string;
  tone?: 'good' | 'bad';
  extra?: ReactNode;
}) {
  return (
    <Col xs={24} sm={12} lg={8} xxl={4}>
      <Card className="kpi-card">
        <div className="kpi-title">{title}</div>
        <div className={`kpi-value ${tone ?? ''}`}>{value}</div>
        {sub && <div className="kpi-sub">{sub}</div>}
        {extra}
      </Card>
    </Col>
  );
}
