// /assessment/cycles/:id/results — per unit group: the table in Vietnamese order (sortable by rank, points,
// percent), band tags, change against last year; a heat map of areas × units; one unit's radar against the
// group average with its weakest areas; exports (results.csv, scores, the unit's scoring sheet).
import { ArrowLeftOutlined, DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ComponentProps, Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/useMe';
import { fmtNumber, fmtPercent, viCollator } from '../../lib/format';
import { rowNumberOffset } from '../../lib/table';
import { bandColor, isOffice, ownUnitIds, stateColor } from './hooks';
import { cycleResultsQuery } from './queries';
import './assessment.css';
import './i18n';
import type { GroupResult, UnitResult } from './types';

// ECharts (the largest part of this page's code) loads in parallel with the results instead of before them:
// the query starts as soon as the page's own small chunk runs, and the charts draw when both have arrived.
const chartModule = import('./Chart');
const LazyChart = lazy(() => chartModule.then((m) => ({ default: m.Chart })));

function Chart(props: ComponentProps<typeof LazyChart>) {
  return (
    <Suspense fallback={<div className={props.className} style={props.style} />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

/** Rows per page of the results table, once a group has more than 40 units. */
const PAGE_SIZE = 25;

// opened on demand: its form controls are no part of the first render
const WhatIfDrawer = lazy(() => import('./WhatIfDrawer').then((m) => ({ default: m.WhatIfDrawer })));

function Change({ u }: { u: UnitResult }) {
  if (!u.change) return <span className="change-same">—</span>;
  const { points, rank } = u.change;
  const arrow = (n: number | null) => (n === null || n === 0 ? '' : n > 0 ? '▲' : '▼');
  const cls = (n: number | null) => (n === null || n === 0 ? 'change-same' : n > 0 ? 'change-up' : 'change-down');
  const prev = u.previous;
  const tip = prev
    ? `Năm ${prev.year}${prev.unitCodes.length > 1 ? ` (bình quân ${prev.unitCodes.length} đơn vị trước sáp nhập)` : ''}: ${fmtNumber(prev.points)} điểm, ${fmtPercent(prev.percent)}, hạng ${prev.rank ?? '—'}/${prev.of}`
    : '';
  return (
    <Tooltip title={tip}>
      <Space orientation="vertical" size={0}>
        <span className={cls(points)}>{points === 0 ? '= điểm' : `${arrow(points)} ${fmtNumber(Math.abs(points))} đ`}</span>
        {rank !== null && <span className={cls(rank)}>{rank === 0 ? '= hạng' : `${arrow(rank)} ${Math.abs(rank)} hạng`}</span>}
      </Space>
    </Tooltip>
  );
}

/** The heat map's option, built once per group (selecting a unit must not redraw 150 × areas cells). */
function heatmapOption(group: GroupResult, areaLabel: string) {
  const units = [...group.units.filter((u) => u.submitted)].sort((a, b) => viCollator.compare(a.unitName, b.unitName)).reverse(); // first at the top
  const areas = group.framework.areas;
  const data: [number, number, number | '-'][] = [];
  units.forEach((u, y) => {
    const byCode = new Map(u.areas.map((r) => [r.code, r.percent]));
    areas.forEach((a, x) => {
      const p = byCode.get(a.code);
      data.push([x, y, p === null || p === undefined ? '-' : Math.round(p * 100) / 100]);
    });
  });
  const option = {
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number | '-'] }) => {
        const u = units[p.value[1]];
        const a = areas[p.value[0]];
        return `<b>${u.unitName}</b><br/>${a.code}. ${a.title}<br/>${p.value[2] === '-' ? '—' : fmtPercent(p.value[2])}`;
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: 70, containLabel: true },
    xAxis: {
      type: 'category',
      data: areas.map((a) => `${areaLabel} ${a.code}`),
      splitArea: { show: true },
      axisLabel: { interval: 0, rotate: 30 },
    },
    yAxis: {
      type: 'category',
      data: units.map((u) => u.unitName),
      splitArea: { show: true },
      axisLabel: { width: 200, overflow: 'truncate' },
    },
    visualMap: {
      min: 0,
      max: 100,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#d73027', '#fc8d59', '#fee08b', '#d9ef8b', '#91cf60', '#1a9850'] },
      formatter: (v: number) => `${fmtNumber(Math.round(v))} %`,
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: {
          show: units.length <= 30,
          formatter: (p: { value: [number, number, number | '-'] }) =>
            p.value[2] === '-' ? '' : fmtNumber(Math.round(p.value[2])),
        },
        progressive: 2000,
      },
    ],
  };
  // a long list (communes) scrolls inside the chart: 40 rows at a time, the first ones on top
  const zoom = units.length > 40;
  const shown = zoom
    ? {
        ...option,
        grid: { ...option.grid, right: 40 },
        dataZoom: [
          { type: 'slider', yAxisIndex: 0, right: 4, width: 16, startValue: units.length - 40, endValue: units.length - 1, showDetail: false },
          { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
        ],
      }
    : option;
  return { option: shown, height: zoom ? 40 * 22 + 110 : Math.max(260, units.length * 22 + 110) };
}

function Heatmap({ group }: { group: GroupResult }) {
  const { t } = useTranslation('assessment');
  const areaLabel = t('area');
  const { option, height } = useMemo(() => heatmapOption(group, areaLabel), [group, areaLabel]);
  return <Chart className="results-heatmap" option={option} style={{ height }} />;
}

/** The group average per area (of the submitted units), in the framework's area order. */
function groupAverage(group: GroupResult): number[] {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const u of group.units) {
    if (!u.submitted) continue;
    for (const r of u.areas) {
      if (typeof r.percent !== 'number') continue;
      const s = sums.get(r.code) ?? { sum: 0, n: 0 };
      s.sum += r.percent;
      s.n += 1;
      sums.set(r.code, s);
    }
  }
  return group.framework.areas.map((a) => {
    const s = sums.get(a.code);
    return s ? Math.round((s.sum / s.n) * 100) / 100 : 0;
  });
}

function Radar({ group, unit }: { group: GroupResult; unit: UnitResult }) {
  const { t } = useTranslation('assessment');
  const areas = group.framework.areas;
  const avg = useMemo(() => groupAverage(group), [group]);
  const mine = areas.map((a) => unit.areas.find((r) => r.code === a.code)?.percent ?? 0);
  const option = {
    tooltip: {},
    legend: { bottom: 0, data: [unit.unitName, t('groupAvg')] },
    radar: {
      indicator: areas.map((a) => ({
        name: `${a.code}. ${a.title.length > 16 ? `${a.title.slice(0, 15)}…` : a.title}`,
        max: 100,
      })),
      radius: '52%',
      center: ['50%', '48%'],
      axisName: { color: '#333', fontSize: 12 },
    },
    series: [
      {
        type: 'radar',
        data: [
          { value: mine, name: unit.unitName, areaStyle: { opacity: 0.25 }, itemStyle: { color: '#0b4f8a' } },
          { value: avg, name: t('groupAvg'), lineStyle: { type: 'dashed' }, itemStyle: { color: '#fa8c16' } },
        ],
      },
    ],
  };
  return <Chart className="results-radar" option={option} style={{ height: 380 }} />;
}

export default function ResultsPage() {
  const { t } = useTranslation('assessment');
  const { id } = useParams();
  const { data: me } = useMe();
  // staleTime: results preloaded at boot (boot-preload.ts) are used as they are, not fetched a second time on mount
  const r = useQuery({ ...cycleResultsQuery(id), staleTime: 30_000 });
  const [groupKey, setGroupKey] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [whatIfUnit, setWhatIfUnit] = useState<UnitResult | null>(null);
  // the table's page, kept here so "STT" counts on from the pages before (antd's row index restarts at 0 on each)
  const [page, setPage] = useState(1);
  const data = r.data;
  const group = data?.groups.find((g) => g.unitGroup === groupKey) ?? data?.groups[0];
  const rows = useMemo(
    () =>
      [...(group?.units ?? [])].sort(
        (a, b) => viCollator.compare(a.unitName, b.unitName) || viCollator.compare(a.unitCode, b.unitCode),
      ),
    [group],
  );
  if (r.error) return <Alert type="error" showIcon title={(r.error as Error).message} />;
  if (!data || !group) return <Spin />;
  const mine = ownUnitIds(me);
  const selected =
    group.units.find((u) => u.unitId === unitId) ?? group.units.find((u) => mine.includes(u.unitId)) ?? group.units[0];
  const canExport = hasPermission(me, 'cycles.manage');
  // the unit's scoring sheet and the what-if are the office's and the unit's own: the server refuses anyone else
  const canOpenUnit = !!selected && (isOffice(me) || mine.includes(selected.unitId));
  const paged = rows.length > 40;
  const offset = paged ? rowNumberOffset(page, rows.length, PAGE_SIZE) : 0;
  const areaTitle = new Map(group.framework.areas.map((a) => [a.code, a.title]));
  const rankKey = (u: UnitResult) => (u.submitted && u.rank !== null ? u.rank : Number.POSITIVE_INFINITY);
  const rankSort = (a: UnitResult, b: UnitResult) => rankKey(a) - rankKey(b);

  return (
    <div className="page assessment-page">
      <Link to={`/assessment/cycles/${id}`}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
          {data.cycle.name}
        </Button>
      </Link>
      <Space className="page-head" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {`${t('resultsTitle')} ${data.cycle.year}`}
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/cycles/${id}/results.csv?group=${encodeURIComponent(group.unitGroup)}`}>
            {t('exportCsv')}
          </Button>
          {canExport && (
            <>
              <Button icon={<FileExcelOutlined />} href={`/api/cycles/${id}/scores/export?format=xlsx`}>
                {t('exportScores')}
              </Button>
              <Button icon={<DownloadOutlined />} href={`/api/cycles/${id}/scores/export?format=csv`}>
                {t('exportScoresCsv')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color={stateColor[data.cycle.state]}>{String(t(`states.${data.cycle.state}`))}</Tag>
        {data.cycle.locked && <Tag color="red">{t('locked')}</Tag>}
        {group.pendingPoints > 0 && <Tag color="default">{t('pending', { points: fmtNumber(group.pendingPoints) })}</Tag>}
      </Space>
      {data.cycle.provisional && <Alert type="warning" showIcon title={t('provisional')} style={{ marginBottom: 12 }} />}
      {data.groups.length > 1 && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={group.unitGroup}
          onChange={(v) => {
            setGroupKey(String(v));
            setUnitId(null);
            setPage(1);
          }}
          options={data.groups.map((g) => ({
            value: g.unitGroup,
            label: `${String(t(`groups.${g.unitGroup}`, { defaultValue: g.unitGroup }))} (${g.units.length})`,
          }))}
        />
      )}
      <Card title={`${group.framework.code} — ${group.framework.name}`} style={{ marginBottom: 16 }}>
        {/* Scrolls sideways in its own box: antd's scroll.x adds a measuring row whose column widths are read
            back one by one, a forced layout of the whole page each (about half the first render of 150 units). */}
        <div style={{ overflowX: 'auto' }}>
          <Table<UnitResult>
            className="results-table"
            rowKey="unitId"
            size="small"
            dataSource={rows}
            pagination={paged ? { pageSize: PAGE_SIZE, current: page, onChange: setPage, showSizeChanger: false } : false}
            onRow={(u) => ({
              onClick: () => setUnitId(u.unitId),
              style: { cursor: 'pointer', background: u.unitId === selected?.unitId ? '#e6f4ff' : undefined },
            })}
            columns={[
              { title: 'STT', width: 56, render: (_, __, i) => offset + i + 1 },
              {
                title: t('unit'),
                dataIndex: 'unitName',
                sorter: (a, b) => viCollator.compare(a.unitName, b.unitName),
                render: (v, u) =>
                  u.submitted ? (
                    v
                  ) : (
                    <Space size={4}>
                      {v}
                      <Tag>{t('notSubmitted')}</Tag>
                    </Space>
                  ),
              },
              {
                title: t('points'),
                dataIndex: 'points',
                align: 'right',
                className: 'num',
                sorter: (a, b) => (a.submitted ? a.points : -1e9) - (b.submitted ? b.points : -1e9),
                render: (v: number, u) => (u.submitted ? fmtNumber(v) : '—'),
              },
              { title: t('maxPoints'), dataIndex: 'maxPoints', align: 'right', className: 'num', render: fmtNumber },
              {
                title: t('percent'),
                dataIndex: 'percent',
                align: 'right',
                className: 'num',
                sorter: (a, b) => (a.submitted ? (a.percent ?? -1) : -2) - (b.submitted ? (b.percent ?? -1) : -2),
                render: (v: number | null, u) => (u.submitted ? fmtPercent(v) : '—'),
              },
              {
                title: t('band'),
                dataIndex: 'band',
                render: (b: string | null, u) => (b && u.submitted ? <Tag color={bandColor(group.framework.bands, b)}>{b}</Tag> : '—'),
              },
              {
                title: t('rank'),
                dataIndex: 'rank',
                align: 'right',
                className: 'num',
                sorter: rankSort,
                render: (v: number | null, u) => (v === null || !u.submitted ? '—' : `${v}/${u.of}`),
              },
              { title: t('change'), className: 'num', render: (_, u) => (u.submitted ? <Change u={u} /> : '—') },
              {
                title: t('gap'),
                dataIndex: 'gapPoints',
                align: 'right',
                className: 'num',
                render: (v: number, u) => (!u.submitted ? '—' : v === 0 ? '0' : `${v > 0 ? '+' : ''}${fmtNumber(v)}`),
              },
            ]}
          />
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card title={t('heatmap')}>
            <Heatmap group={group} />
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card title={t('radar')}>
            <Select
              showSearch
              optionFilterProp="label"
              aria-label={t('selectUnit')}
              value={selected?.unitId}
              onChange={setUnitId}
              style={{ width: '100%', marginBottom: 8 }}
              options={rows.map((u) => ({ value: u.unitId, label: u.unitName }))}
            />
            {selected ? (
              <>
                <Radar group={group} unit={selected} />
                <Typography.Title level={5}>{t('weakest')}</Typography.Title>
                <List
                  size="small"
                  dataSource={selected.weakestAreas}
                  renderItem={(code) => {
                    const a = selected.areas.find((x) => x.code === code);
                    return (
                      <List.Item>
                        <Space wrap>
                          <Typography.Text>{`${code}. ${areaTitle.get(code) ?? ''}`}</Typography.Text>
                          <Tag color="red">{fmtPercent(a?.percent)}</Tag>
                          {!!a?.pendingPoints && <Tag>{t('pending', { points: fmtNumber(a.pendingPoints) })}</Tag>}
                          {a?.rank !== null && a?.rank !== undefined && (
                            <Typography.Text type="secondary">{`${t('rank')} ${a.rank}`}</Typography.Text>
                          )}
                        </Space>
                      </List.Item>
                    );
                  }}
                />
                {selected.areasLostRank.length > 0 && (
                  <Typography.Paragraph style={{ marginTop: 8 }}>
                    <Typography.Text type="secondary">{`${t('lostRank')}: `}</Typography.Text>
                    {selected.areasLostRank.map((c) => (
                      <Tag key={c} color="orange">{`${c}. ${areaTitle.get(c) ?? ''}`}</Tag>
                    ))}
                  </Typography.Paragraph>
                )}
                {canOpenUnit && (
                  <Button icon={<FileExcelOutlined />} href={`/api/cycles/${id}/units/${selected.unitId}/sheet.xlsx`}>
                    {`${t('scoringSheet')}: ${selected.unitName}`}
                  </Button>
                )}
                {canOpenUnit && selected.submitted && (
                  <Button style={{ marginLeft: 8 }} onClick={() => setWhatIfUnit(selected)}>{`${t('whatIf.open')}: ${selected.unitName}`}</Button>
                )}
                {whatIfUnit && (
                  <Suspense fallback={null}>
                    <WhatIfDrawer cycleId={id!} unitId={whatIfUnit.unitId} unitName={whatIfUnit.unitName} bands={group.framework.bands} onClose={() => setWhatIfUnit(null)} />
                  </Suspense>
                )}
              </>
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
