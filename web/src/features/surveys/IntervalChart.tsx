// Index with its Wilson 95 % interval as a horizontal band (ECharts): the band is what makes two units
// comparable or not, so it is drawn, not just printed.
import ReactECharts from 'echarts-for-react';
import { fmtPercent } from '../../lib/format';

export interface IntervalPoint {
  label: string;
  index: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  muted?: boolean;
}

export function IntervalChart({ points, height }: { points: IntervalPoint[]; height?: number }) {
  const rows = [...points].reverse(); // ECharts draws the first category at the bottom
  const option = {
    grid: { left: 8, right: 24, top: 16, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const p = rows[params[0]?.dataIndex ?? 0];
        return p ? `<b>${p.label}</b><br/>${fmtPercent(p.index)} (${fmtPercent(p.ciLow)} – ${fmtPercent(p.ciHigh)})<br/>n = ${p.n ?? '—'}` : '';
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    yAxis: { type: 'category', data: rows.map((p) => p.label), axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      { type: 'bar', stack: 'ci', silent: true, itemStyle: { color: 'transparent' }, data: rows.map((p) => p.ciLow ?? 0), barWidth: 14 },
      {
        type: 'bar',
        stack: 'ci',
        name: 'Khoảng tin cậy 95 %',
        data: rows.map((p) => ({ value: p.ciLow === null || p.ciHigh === null ? 0 : p.ciHigh - p.ciLow, itemStyle: { color: p.muted ? '#d1d5db' : '#93c5fd', borderRadius: 4 } })),
        barWidth: 14,
      },
      { type: 'scatter', name: 'Chỉ số', symbolSize: 12, data: rows.map((p) => ({ value: p.index, itemStyle: { color: p.muted ? '#6b7280' : '#0b4f8a' } })) },
    ],
  };
  return <ReactECharts option={option} style={{ height: height ?? Math.max(160, 34 * points.length + 50) }} notMerge />;
}

export function TrendChart({ months, values }: { months: string[]; values: (number | null)[] }) {
  const option = {
    grid: { left: 8, right: 24, top: 16, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtPercent(v) },
    xAxis: { type: 'category', data: months.map((m) => m.split('-').reverse().join('/')) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [{ type: 'line', data: values, smooth: false, symbolSize: 8, itemStyle: { color: '#0b4f8a' } }],
  };
  return <ReactECharts option={option} style={{ height: 240 }} notMerge />;
}
