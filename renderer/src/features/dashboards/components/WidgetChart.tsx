import { AreaChart, BarChart, DonutChart, FunnelChart, LineChart } from '@mantine/charts';
import type { Chart } from '../../../../../core/contract';
import { formatFigure } from '../figures';

const COLORS = ['blue.6', 'orange.6', 'teal.6', 'grape.6', 'red.6', 'cyan.6', 'lime.7', 'pink.6'];

type Props = { chart: Chart; locale: string; currency: string; onDrill: (key: string, label: string) => void; label: string };

/** One widget's chart; clicking a bar, point or slice opens the records behind it. */
export function WidgetChart({ chart, locale, currency, onDrill, label }: Props) {
  const fmt = (v: number) => formatFigure(v, chart.valueFormat, locale, chart.currency ?? currency, { compact: true });
  const fmtFull = (v: number) => formatFigure(v, chart.valueFormat, locale, chart.currency ?? currency);
  const drillAt = (index: number | null | undefined) => {
    if (index === null || index === undefined || !chart.drillKeyField) return;
    const row = chart.data[index];
    const key = row?.[chart.drillKeyField];
    if (key !== null && key !== undefined) onDrill(String(key), String(row?.[chart.dataKey] ?? key));
  };
  const series = chart.series.map((s, i) => ({ name: s.name, label: s.label, color: COLORS[i % COLORS.length]! }));
  const common = { 'aria-label': label, role: 'img' as const, 'data-chart': chart.type };

  if (chart.type === 'funnel' || chart.type === 'donut') {
    const valueKey = chart.series[0]?.name ?? 'value';
    const data = chart.data.map((r, i) => ({ key: String(r[chart.drillKeyField ?? chart.dataKey] ?? i), name: String(r[chart.dataKey] ?? ''), value: Number(r[valueKey] ?? 0), color: COLORS[i % COLORS.length]! }));
    if (chart.type === 'funnel') {
      return (
        <FunnelChart
          {...common}
          data={data}
          size={210}
          withLabels
          labelsPosition="inside"
          valueFormatter={fmtFull}
          withTooltip
          funnelProps={{ onClick: (_d: unknown, index: number) => drillAt(index), style: { cursor: 'pointer' } }}
        />
      );
    }
    return (
      <DonutChart
        {...common}
        data={data}
        size={170}
        thickness={26}
        withLabels
        withLabelsLine
        valueFormatter={fmtFull}
        pieProps={{ onClick: (_d: unknown, index: number) => drillAt(index), style: { cursor: 'pointer' } }}
      />
    );
  }

  if (chart.type === 'area' || chart.type === 'line') {
    const Comp = chart.type === 'area' ? AreaChart : LineChart;
    const onClick = (state: { activeTooltipIndex?: number | string | null } | null) => drillAt(state?.activeTooltipIndex === undefined || state?.activeTooltipIndex === null ? null : Number(state.activeTooltipIndex));
    return (
      <Comp
        {...common}
        h={220}
        data={chart.data}
        dataKey={chart.dataKey}
        series={series}
        curveType="monotone"
        withLegend
        valueFormatter={fmt}
        tooltipProps={{ formatter: (v: unknown) => fmtFull(Number(v)) }}
        {...(chart.type === 'area' ? { areaChartProps: { onClick, style: { cursor: 'pointer' } } } : { lineChartProps: { onClick, style: { cursor: 'pointer' } } })}
      />
    );
  }

  // many named bars read better lying down, names on the left
  const lying = chart.data.length > 6;
  const short = (v: unknown) => (String(v).length > 16 ? `${String(v).slice(0, 15)}…` : String(v));
  return (
    <BarChart
      {...common}
      h={lying ? Math.max(220, chart.data.length * 26) : 220}
      data={chart.data}
      dataKey={chart.dataKey}
      series={series}
      withLegend={series.length > 1}
      valueFormatter={fmt}
      orientation={lying ? 'vertical' : 'horizontal'}
      tickLine={lying ? 'x' : 'y'}
      {...(lying ? { yAxisProps: { width: 120, interval: 0, tickFormatter: short } } : { xAxisProps: { interval: 0, tickFormatter: short } })}
      barProps={{ onClick: (_d: unknown, index: number) => drillAt(index), style: { cursor: 'pointer' } }}
    />
  );
}
