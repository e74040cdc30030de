"use client";
// The clusters of a case: name (to the cluster page), origin, status, size, confidence and the
// strongest signals. Rows come from the server, already filtered and ordered.
import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import type { TClusterListItem } from "@/lib/clusters/queries";
import { formatCount } from "@/lib/format";
import { SignalList } from "./signal-list";

const col = createColumnHelper<TClusterListItem>();

export function ClusterTable({ caseId, rows }: { caseId: string; rows: TClusterListItem[] }) {
  const columns = [
    col.accessor("name", {
      header: "Cluster",
      cell: (c) => (
        <Link href={`/cases/${caseId}/clusters/${c.row.original.id}`} className="cell-wrap">
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor("origin", { header: "Origin", cell: (c) => <span className="badge">{c.getValue()}</span> }),
    col.accessor("status", { header: "Status", cell: (c) => <span className={`badge cluster-${c.getValue()}`}>{c.getValue()}</span> }),
    col.accessor("accountCount", { header: "Accounts", cell: (c) => <span className="num">{formatCount(c.getValue())}</span> }),
    col.accessor("confidence", { header: "Confidence", cell: (c) => (c.getValue() === null ? "—" : `${Math.round((c.getValue() ?? 0) * 100)}%`) }),
    col.accessor("signals", { header: "Strongest signals", cell: (c) => <SignalList signals={c.getValue()} /> }),
  ];
  const table = useServerTable(rows, columns);
  return <DataTable table={table} empty={{ title: "No clusters here", hint: "Import accounts with cluster labels, or suggest clusters from their linking signals." }} />;
}
