"use client";
// The Activity tab's events, newest first: when, who, what, and the details in words.
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { formatTimestamp } from "@/lib/format";
import styles from "./cases.module.css";

export type TActivityRow = { id: string; at: string; actor: string; label: string; details: string[] };

const col = createColumnHelper<TActivityRow>();
const columns = [
  col.accessor("at", { header: "When", meta: { className: "nowrap mono small" }, cell: (c) => <time dateTime={c.getValue()}>{formatTimestamp(c.getValue())}</time> }),
  col.accessor("actor", { header: "Who" }),
  col.accessor("label", { header: "What" }),
  col.accessor("details", {
    header: "Details",
    cell: (c) => (
      <ul className="detail-lines">
        {c.getValue().map((line, i) => (
          <li key={i} className="prewrap">
            {line}
          </li>
        ))}
      </ul>
    ),
  }),
];

export function ActivityTable({ rows }: { rows: TActivityRow[] }) {
  const table = useServerTable(rows, columns);
  return <DataTable table={table} className={styles.activityTable} wrap />;
}
