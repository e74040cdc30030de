"use client";
// The capability profile's table: tagged samples, the estimate with its interval, the statement.
import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { formatApproxCount, formatPercent, formatPercentRange } from "@/lib/analysis/estimate-format";
import { formatCount } from "@/lib/format";
import type { TCapabilityProfile } from "@/lib/samples/queries";

type TItem = TCapabilityProfile["items"][number];
const col = createColumnHelper<TItem>();

export function ProfileTable({ caseId, items }: { caseId: string; items: TItem[] }) {
  const columns = [
    col.accessor("name", { header: "Capability", cell: (c) => <Link href={`/cases/${caseId}/exchanges?samplesOnly=1&capability=${encodeURIComponent(c.row.original.key)}`}>{c.getValue()}</Link> }),
    col.accessor("annotatedSamples", { header: "Tagged samples", meta: { className: "num" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor("estimate", {
      id: "share",
      header: "Share of exchanges (95% CI)",
      meta: { className: "nowrap" },
      cell: (c) => {
        const e = c.getValue();
        return e ? `${formatPercent(e.share.p)} (${formatPercentRange(e.share.low, e.share.high)})` : "—";
      },
    }),
    col.accessor("estimate", {
      id: "count",
      header: "Exchanges (95% CI)",
      meta: { className: "nowrap" },
      cell: (c) => {
        const e = c.getValue();
        return e ? `≈ ${formatApproxCount(e.exchanges.count)} (${formatApproxCount(e.exchanges.low)}–${formatApproxCount(e.exchanges.high)})` : "—";
      },
    }),
    col.display({ id: "statement", header: "Statement", meta: { className: "small muted" }, cell: (c) => c.row.original.estimate?.statement ?? c.row.original.convenienceStatement }),
  ];
  const table = useServerTable(items, columns);
  return <DataTable table={table} label="Capability profile" wrap rowProps={(row) => ({ "data-testid": `profile-${row.original.key}` } as React.HTMLAttributes<HTMLTableRowElement>)} />;
}
