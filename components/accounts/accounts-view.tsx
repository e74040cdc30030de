"use client";
// The accounts table: TanStack renders, the server filters, sorts and pages (keyset). Every change
// goes into the URL (sort, dir, cluster, status, country, asn, q, cursor) and the page re-queries.
import { FilterSelect } from "@/components/ui/filter-select";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { createColumnHelper, type SortingState, type Updater } from "@tanstack/react-table";
import { SearchField } from "@/components/ui/search-field";
import { useDebouncedSearch } from "@/components/ui/use-debounced-search";
import { useUrlParams } from "@/components/ui/use-url-params";
import { formatCount, formatDateTime } from "@/lib/format";
import type { TAccountJson } from "@/lib/accounts/queries";
import styles from "./accounts.module.css";
import { TableWrap } from "@/components/ui/table-wrap";

export type TAccountUrlState = {
  sort: "createdAt" | "externalId";
  dir: "asc" | "desc";
  cluster: string;
  status: string;
  country: string;
  asn: string;
  q: string;
  cursor: string;
};

type TProps = {
  rows: TAccountJson[];
  total: number;
  nextCursor: string | null;
  state: TAccountUrlState;
  clusters: { id: string; name: string; accountCount: number }[];
  countries: { value: string; count: number }[];
  asns: { value: number; count: number }[];
};

const SORTABLE = new Set(["createdAt", "externalId"]);
const STATUSES = ["active", "suspended", "banned"] as const;
const STATUS_CLASS: Record<string, string> = { active: styles.statusActive, suspended: styles.statusSuspended, banned: styles.statusBanned };
const col = createColumnHelper<TAccountJson>();

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : v);

const columns = [
  col.accessor("accountId", { id: "externalId", header: "Account ID", cell: (c) => <span className="mono nowrap">{c.getValue()}</span> }),
  col.accessor("createdAt", { id: "createdAt", header: "Created", cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span> }),
  col.accessor("email", { header: "Email", enableSorting: false, cell: (c) => <span className="cell-wrap">{dash(c.getValue())}</span> }),
  col.accessor("country", { header: "Country", enableSorting: false, cell: (c) => dash(c.getValue()) }),
  col.accessor("signupIp", { header: "Signup IP", enableSorting: false, cell: (c) => <span className="mono">{dash(c.getValue())}</span> }),
  col.accessor("asn", { header: "ASN", enableSorting: false, cell: (c) => <span className="nowrap">{c.getValue() === null ? "—" : `AS${c.getValue()}`}</span> }),
  col.accessor("paymentFingerprint", { header: "Payment fingerprint", enableSorting: false, cell: (c) => <span className="mono">{dash(c.getValue())}</span> }),
  col.accessor("userAgent", {
    header: "User agent",
    enableSorting: false,
    cell: (c) => (
      <span className={styles.cellUa} title={c.getValue() ?? undefined}>
        {dash(c.getValue())}
      </span>
    ),
  }),
  col.accessor("status", { header: "Status", enableSorting: false, cell: (c) => <span className={`badge ${STATUS_CLASS[c.getValue()] ?? ""}`}>{c.getValue()}</span> }),
  col.accessor("clusters", {
    header: "Clusters",
    enableSorting: false,
    cell: (c) => (c.getValue().length ? c.getValue().map((k) => k.name).join(", ") : "—"),
  }),
];

export function AccountsView({ rows, total, nextCursor, state, clusters, countries, asns }: TProps) {
  const { update, pending } = useUrlParams();
  const sorting: SortingState = [{ id: state.sort, desc: state.dir === "desc" }];
  const [q, onSearch] = useDebouncedSearch(state.q, (text) => update({ q: text, cursor: null }, { replace: true }));

  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    const s = next[0];
    if (!s || !SORTABLE.has(s.id)) update({ sort: null, dir: null, cursor: null });
    else update({ sort: s.id, dir: s.desc ? "desc" : "asc", cursor: null });
  }

  const filter = (patch: Record<string, string>) => update({ ...patch, cursor: null });
  const table = useServerTable(rows, columns, { state: { sorting }, onSortingChange });

  const filtered = !!(state.q || state.cluster || state.status || state.country || state.asn);

  return (
    <section aria-label="Accounts">
      <div className="filters filters-5" role="search">
        <SearchField id="acc-search" label="Search" placeholder="Account id prefix, email, name" value={q} onChange={onSearch} />
        <FilterSelect
          id="acc-cluster"
          label="Cluster"
          value={state.cluster}
          anyLabel="Any cluster"
          options={clusters.map((c) => ({ value: c.id, label: `${c.name} (${formatCount(c.accountCount)})` }))}
          onChange={(v) => filter({ cluster: v })}
        />
        <FilterSelect
          id="acc-status"
          label="Status"
          value={state.status}
          anyLabel="Any status"
          options={STATUSES.map((s) => ({ value: s, label: s }))}
          onChange={(v) => filter({ status: v })}
        />
        <FilterSelect
          id="acc-country"
          label="Country"
          value={state.country}
          anyLabel="Any country"
          options={countries.map((c) => ({ value: c.value, label: `${c.value} (${formatCount(c.count)})` }))}
          onChange={(v) => filter({ country: v })}
        />
        <FilterSelect
          id="acc-asn"
          label="ASN"
          value={state.asn}
          anyLabel="Any ASN"
          options={asns.map((a) => ({ value: String(a.value), label: `AS${a.value} (${formatCount(a.count)})` }))}
          onChange={(v) => filter({ asn: v })}
        />
      </div>

      <p className={styles.matchCount} aria-live="polite">
        {formatCount(total)} {total === 1 ? "account matches" : "accounts match"}
      </p>

      <TableWrap label="Accounts table" busy={pending}>
        <DataTable table={table} sortable={SORTABLE} empty={{ title: "No accounts match.", hint: filtered ? "Try clearing the search or a filter." : state.cursor ? "This page is past the end; go back to the first page." : "Import an accounts file above to fill this table." }} />
      </TableWrap>

      <nav className="pager" aria-label="Pages">
        <span className="pager-status">{state.cursor ? "Later page" : "First page"}</span>
        <div className="pager-buttons">
          <button type="button" className="btn" disabled={!state.cursor} onClick={() => update({ cursor: null })}>
            First page
          </button>
          <button type="button" className="btn" disabled={!nextCursor} onClick={() => update({ cursor: nextCursor })}>
            Next page
          </button>
        </div>
      </nav>
    </section>
  );
}
