"use client";
// The case list: a TanStack table whose paging, sorting and filtering all happen on the server.
// The table only reflects the URL; every change goes back into the URL and the page re-queries.
import { DataTable, useServerTable } from "@/components/ui/data-table";
import {
  createColumnHelper,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import Link from "next/link";
import type { TCaseListParams } from "@/lib/cases/schema";
import { SeverityBadge, StatusBadge } from "@/components/ui/badge";
import { CaseListFilters } from "./case-list-filters";
import { CaseListPager } from "./case-list-pager";
import { formatDateTime, formatWindow } from "@/lib/format";
import { useUrlParams } from "@/components/ui/use-url-params";
import { TableWrap } from "@/components/ui/table-wrap";

export type TCaseListRow = {
  id: string;
  ref: string;
  title: string;
  status: string;
  severity: string;
  suspectedActor: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  updatedAt: string;
  lead: { id: string; name: string };
};

const SORTABLE = new Set(["ref", "title", "status", "severity", "windowStart", "updatedAt"]);
const col = createColumnHelper<TCaseListRow>();

const columns = [
  col.accessor("ref", {
    header: "Ref",
    cell: (c) => (
      <Link href={`/cases/${c.row.original.id}`} className="mono nowrap">
        {c.getValue()}
      </Link>
    ),
  }),
  col.accessor("title", { header: "Title", cell: (c) => <span className="cell-title">{c.getValue()}</span> }),
  col.accessor("status", { header: "Status", cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor("severity", { header: "Severity", cell: (c) => <SeverityBadge severity={c.getValue()} /> }),
  col.accessor("suspectedActor", { header: "Suspected actor", enableSorting: false, cell: (c) => c.getValue() ?? "—" }),
  col.accessor("windowStart", { header: "Window", cell: (c) => <span className="nowrap">{formatWindow(c.getValue(), c.row.original.windowEnd)}</span> }),
  col.accessor((r) => r.lead.name, { id: "lead", header: "Lead", enableSorting: false, cell: (c) => <span className="nowrap">{c.getValue()}</span> }),
  col.accessor("updatedAt", { header: "Updated", cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span> }),
];

type TProps = { rows: TCaseListRow[]; total: number; params: TCaseListParams; leads: { id: string; name: string }[] };

export function CaseListView({ rows, total, params, leads }: TProps) {
  const { update, pending } = useUrlParams();
  const sorting: SortingState = [{ id: params.sort, desc: params.dir === "desc" }];
  const pageCount = Math.max(1, Math.ceil(total / params.size));

  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    const s = next[0];
    if (!s || !SORTABLE.has(s.id)) update({ sort: undefined, dir: undefined }, { resetPage: true });
    else update({ sort: s.id, dir: s.desc ? "desc" : "asc" }, { resetPage: true });
  }
  const table = useServerTable(rows, columns, { pageCount, state: { sorting, pagination: { pageIndex: params.page - 1, pageSize: params.size } }, onSortingChange });

  return (
    <section aria-label="Case list">
      <CaseListFilters params={params} leads={leads} onChange={update} />
      <TableWrap label="Cases table" busy={pending}>
        <DataTable table={table} sortable={SORTABLE} empty={{ title: "No cases match.", hint: params.q || params.status || params.severity || params.lead
                ? "Try clearing the search or a filter."
                : "Cases you open or are assigned to will appear here." }} />
      </TableWrap>
      <CaseListPager
        page={params.page}
        pageCount={pageCount}
        total={total}
        size={params.size}
        canPrev={params.page > 1}
        canNext={params.page < pageCount}
        onChange={update}
      />
    </section>
  );
}
