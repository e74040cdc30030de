"use client";
// Events one a row: when, who, what, and the details. The case's activity log and an evidence
// item's chain of custody are both this. Rows come in the caller's order; the details are
// whatever the caller renders (lines, a note with a warning).
import { createColumnHelper } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { formatTimestamp } from "@/lib/format";
import { DataTable, useServerTable, type TDataTableProps } from "./data-table";

export type TEvent = { id: string; at: string; who: string; what: string; details: ReactNode };

type TProps = {
  events: TEvent[];
  /** Headings of the third and fourth columns, where not "What" and "Details". */
  headers?: { what: string; details: string };
} & Pick<TDataTableProps<TEvent>, "className" | "bare" | "wrap" | "label">;

const col = createColumnHelper<TEvent>();

export function EventTable({ events, headers = { what: "What", details: "Details" }, ...look }: TProps) {
  const columns = [
    col.accessor("at", { header: "When", meta: { className: "nowrap" }, cell: (c) => <time dateTime={c.getValue()}>{formatTimestamp(c.getValue())}</time> }),
    col.accessor("who", { header: "Who" }),
    col.accessor("what", { header: headers.what }),
    col.accessor("details", { header: headers.details, cell: (c) => c.getValue() }),
  ];
  const table = useServerTable(events, columns);
  return <DataTable table={table} {...look} />;
}
