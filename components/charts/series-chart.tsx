"use client";
// A chart of plain, serialisable series (Recharts), with the numbers behind it a click away and a
// CSV of them whose cells cannot run as spreadsheet formulas. Every campaign figure renders here.
import { useId, useMemo, useState } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { csvRow } from "@/lib/csv-out";
import { PALETTE, type TChartSpec } from "@/lib/figures/chart-spec";
import { formatCount } from "@/lib/format";
import styles from "./chart.module.css";

export type { TSeries, TChartRow } from "@/lib/figures/chart-spec";

type TProps = TChartSpec & {
  /** File name of the CSV download, without extension. */
  fileName: string;
  height?: number;
};

const tick = (v: unknown) => (typeof v === "number" ? formatCount(v) : String(v));

export function SeriesChart({ title, caption, xLabel, series, rows, kind = "bar", stacked = false, fileName, height = 260, categorical = false }: TProps) {
  const id = useId();
  const [numbersOpen, setNumbersOpen] = useState(false);
  const Chart = kind === "line" ? LineChart : kind === "area" ? AreaChart : BarChart;
  const marks = series.map((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const common = { dataKey: s.key, name: s.label, isAnimationActive: false, ...(stacked ? { stackId: "all" } : {}) };
    if (kind === "line") return <Line key={s.key} {...common} type="monotone" stroke={color} dot={false} strokeWidth={2} />;
    if (kind === "area") return <Area key={s.key} {...common} type="monotone" stroke={color} fill={color} fillOpacity={0.35} />;
    return <Bar key={s.key} {...common} fill={color} />;
  });
  return (
    <figure className={styles.figure} aria-labelledby={`${id}-t`}>
      <figcaption className={styles.head}>
        <h3 id={`${id}-t`} className={styles.title}>
          {title}
        </h3>
        {caption ? <p className="small muted">{caption}</p> : null}
      </figcaption>
      {rows.length === 0 ? (
        <p className={`muted small ${styles.empty}`}>Nothing to draw yet.</p>
      ) : (
        <div role="img" aria-label={`${title}: ${rows.length} ${xLabel.toLowerCase()} values; the numbers are in the table below`}>
          <Chart data={rows} responsive style={{ width: "100%", height: categorical ? height + 40 : height }} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {categorical ? (
              <XAxis dataKey="x" tick={{ fontSize: 10 }} interval={0} angle={-25} textAnchor="end" height={72} />
            ) : (
              <XAxis dataKey="x" tick={{ fontSize: 11 }} minTickGap={16} />
            )}
            <YAxis tickFormatter={tick} tick={{ fontSize: 11 }} width={56} allowDecimals={false} />
            <Tooltip formatter={(v) => tick(v)} />
            {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
            {marks}
          </Chart>
        </div>
      )}
      {/* The table and the CSV are drawn when opened: a case Overview has five figures of up to a few
          hundred rows each, and drawing them all on every visit cost the server a third of the page. */}
      <details className={styles.numbers} onToggle={(e) => setNumbersOpen(e.currentTarget.open)}>
        <summary>Show the numbers</summary>
        {numbersOpen ? <Numbers xLabel={xLabel} series={series} rows={rows} fileName={fileName} /> : null}
      </details>
    </figure>
  );
}

function Numbers({ xLabel, series, rows, fileName }: Pick<TProps, "xLabel" | "series" | "rows" | "fileName">) {
  const csvHref = useMemo(() => {
    const text = csvRow([xLabel, ...series.map((s) => s.label)]) + rows.map((r) => csvRow([r.x, ...series.map((s) => r[s.key] ?? 0)])).join("");
    return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
  }, [rows, series, xLabel]);
  return (
    <>
      <div className={styles.tableWrap}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{xLabel}</th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.x}>
                <td className="nowrap">{r.x}</td>
                {series.map((s) => (
                  <td key={s.key} className="num">
                    {tick(r[s.key] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <a className="btn btn-small" href={csvHref} download={`${fileName}.csv`}>
        Download CSV
      </a>
    </>
  );
}
