"use client";
// The Recharts drawing of a SeriesChart (components/charts/series-chart.tsx), loaded in the browser only.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { PALETTE, type TChartSpec } from "@/lib/figures/chart-spec";
import { formatAxisValue, formatChartValue } from "@/lib/format";

type TProps = Pick<TChartSpec, "series" | "rows" | "kind" | "stacked" | "categorical"> & { height: number };

export function SeriesPlot({ series, rows, kind = "bar", stacked = false, categorical = false, height }: TProps) {
  const Chart = kind === "line" ? LineChart : kind === "area" ? AreaChart : BarChart;
  const marks = series.map((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const common = { dataKey: s.key, name: s.label, isAnimationActive: false, ...(stacked ? { stackId: "all" } : {}) };
    if (kind === "line") return <Line key={s.key} {...common} type="monotone" stroke={color} dot={false} strokeWidth={2} />;
    if (kind === "area") return <Area key={s.key} {...common} type="monotone" stroke={color} fill={color} fillOpacity={0.35} />;
    return <Bar key={s.key} {...common} fill={color} />;
  });
  return (
    <Chart data={rows} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      {categorical ? (
        <XAxis dataKey="x" tick={{ fontSize: 10 }} interval={0} angle={-25} textAnchor="end" height={72} />
      ) : (
        <XAxis dataKey="x" tick={{ fontSize: 11 }} minTickGap={16} />
      )}
      <YAxis tickFormatter={formatAxisValue} tick={{ fontSize: 11 }} width={56} allowDecimals={false} />
      <Tooltip formatter={(v) => formatChartValue(v)} />
      {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
      {marks}
    </Chart>
  );
}
