"use client";
// A chart of plain, serialisable series (Recharts), with the numbers behind it a click away and a
// CSV of them whose cells cannot run as spreadsheet formulas. Every campaign figure renders here.
import { useId, useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { csvRow } from "@/lib/csv-out";
import type { TChartSpec } from "@/lib/figures/chart-spec";
import { formatChartValue } from "@/lib/format";
import styles from "./chart.module.css";

export type { TSeries, TChartRow } from "@/lib/figures/chart-spec";

type TProps = TChartSpec & {
  /** File name of the CSV download, without extension. */
  fileName: string;
  height?: number;
};

// Drawn in the browser only. A responsive chart cannot be drawn on the server (it has no width
// there) but Recharts still built every chart's store and tree on each request: the Overview's five
// charts cost the server more than they gave. The box keeps its height while the chart loads.
const SeriesPlot = dynamic(() => import("./series-plot").then((m) => m.SeriesPlot), { ssr: false });

export function SeriesChart({ title, caption, xLabel, series, rows, kind = "bar", stacked = false, fileName, height = 260, categorical = false }: TProps) {
  const id = useId();
  const [numbersOpen, setNumbersOpen] = useState(false);
  const plotHeight = categorical ? height + 40 : height;
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
        <div role="img" aria-label={`${title}: ${rows.length} ${xLabel.toLowerCase()} values; the numbers are in the table below`} style={{ minHeight: plotHeight }}>
          <SeriesPlot kind={kind} stacked={stacked} series={series} rows={rows} height={plotHeight} categorical={categorical} />
        </div>
      )}
      {/* The table and the CSV are drawn when opened: the Overview's five figures put some 450 table
          cells and five CSV data URLs into every visit, for tables that are mostly never opened. */}
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
                    {formatChartValue(r[s.key] ?? 0)}
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
