// One line per chosen unit (and the province, dashed) over the periods, with the late-rate target as a
// horizontal line: the shape the reform office reads at a glance.
import ReactECharts from 'echarts-for-react';
import { fmtPercent } from '../../lib/format';
import { shortPeriod } from './periods';

export interface TrendSeries {
  name: string;
  values: (number | null)[];
  province?: boolean;
}

const PALETTE = ['#0b4f8a', '#c2410c', '#15803d', '#7c3aed', '#0891b2', '#b45309', '#be185d', '#4d7c0f'];

export function TrendChart({
  periods,
  series,
  target,
  targetLabel,
  percentAxis,
}: {
  periods: string[];
  series: TrendSeries[];
  target?: number;
  targetLabel?: string;
  percentAxis: boolean;
}) {
  let colour = 0;
  const option = {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => fmtPercent(v) },
    xAxis: { type: 'category', data: periods.map(shortPeriod), boundaryGap: false },
    yAxis: {
      type: 'value',
      min: 0,
      ...(percentAxis ? { max: 100 } : {}),
      axisLabel: { formatter: (v: number) => `${new Intl.NumberFormat('vi-VN').format(v)} %` },
    },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'line',
      data: s.values,
      connectNulls: true,
      symbolSize: s.province ? 6 : 5,
      lineStyle: s.province ? { type: 'dashed', width: 3, color: '#111827' } : { width: 2 },
      itemStyle: { color: s.province ? '#111827' : PALETTE[colour++ % PALETTE.length] },
      ...(i === 0 && target !== undefined
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#dc2626', type: 'solid', width: 2 },
              label: {
                formatter: targetLabel ?? '',
                position: 'insideStartTop',
                color: '#dc2626',
                fontWeight: 600,
                backgroundColor: 'rgba(255,255,255,0.9)',
                padding: [2, 6],
                borderRadius: 3,
              },
              data: [{ yAxis: target }],
            },
          }
        : {}),
    })),
  };
  return <ReactECharts className="onestop-trend" option={option} style={{ height: 340 }} notMerge />;
}
