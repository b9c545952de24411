// ECharts with only what the results page draws (heat map, radar): a much smaller bundle than the full build.
import { HeatmapChart, RadarChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { CSSProperties } from 'react';

echarts.use([HeatmapChart, RadarChart, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export function Chart({ option, style, className }: { option: object; style?: CSSProperties; className?: string }) {
  return <ReactEChartsCore echarts={echarts} option={option} style={style} className={className} notMerge />;
}
