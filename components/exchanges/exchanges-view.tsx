"use client";
// The exchanges table over (possibly) tens of millions of rows: keyset pages from the server, no
// totals of filtered sets. The URL holds dir, account, from, to, model, samplesOnly and cursor.
import { FilterSelect } from "@/components/ui/filter-select";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { SearchField } from "@/components/ui/search-field";
import { useDebouncedSearch } from "@/components/ui/use-debounced-search";
import { useUrlParams } from "@/components/ui/use-url-params";
import { formatCount, formatTimestamp } from "@/lib/format";
import type { TExchangeSummary } from "@/lib/exchanges/queries";
import { ExchangeViewer } from "./exchange-viewer";
import styles from "./exchanges.module.css";
import { TableWrap } from "@/components/ui/table-wrap";

export type TExchangeUrlState = {
  dir: "asc" | "desc";
  account: string;
  from: string;
  to: string;
  model: string;
  samplesOnly: boolean;
  cursor: string;
};

type TProps = {
  caseId: string;
  rows: TExchangeSummary[];
  nextCursor: string | null;
  state: TExchangeUrlState;
  models: string[];
};

const col = createColumnHelper<TExchangeSummary>();
const num = (v: number | null) => (v === null ? "—" : formatCount(v));

type TOpen = { id: string; exchangeId: string };
type TUpdate = ReturnType<typeof useUrlParams>["update"];

/** A filter change starts again at the first page. */
const filterWith = (update: TUpdate) => (patch: Record<string, string | null>) => update({ ...patch, cursor: null });

/** The table's columns; `view` opens an exchange in the viewer. */
function exchangeColumns(caseId: string, view: (open: TOpen) => void) {
  return [
    col.accessor("timestamp", { header: "Time", cell: (c) => <span className="nowrap">{formatTimestamp(c.getValue())}</span> }),
    col.accessor("exchangeId", { header: "Exchange ID", cell: (c) => <span className="mono nowrap">{c.getValue()}</span> }),
    col.accessor("accountId", {
      header: "Account",
      cell: (c) => (
        <Link
          href={`/cases/${caseId}/accounts?q=${encodeURIComponent(c.getValue())}`}
          className="mono nowrap"
          onClick={(e) => e.stopPropagation()}
        >
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor("model", { header: "Model", cell: (c) => <span className="nowrap">{c.getValue()}</span> }),
    col.accessor("promptTokens", { header: "Prompt tokens", cell: (c) => <span className="num">{num(c.getValue())}</span> }),
    col.accessor("completionTokens", { header: "Completion tokens", cell: (c) => <span className="num">{num(c.getValue())}</span> }),
    col.accessor("isSample", {
      header: "Sample",
      cell: (c) => (c.getValue() ? <span aria-label="sample" title="Has prompt/response text">✓</span> : <span className="sr-only">no</span>),
    }),
    col.display({
      id: "view",
      header: () => <span className="sr-only">Open</span>,
      cell: (c) => (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`View exchange ${c.row.original.exchangeId}`}
          onClick={(e) => {
            e.stopPropagation();
            view({ id: c.row.original.id, exchangeId: c.row.original.exchangeId });
          }}
        >
          View
        </button>
      ),
    }),
  ];
}

export function ExchangesView({ caseId, rows, nextCursor, state, models }: TProps) {
  const { update, pending } = useUrlParams();
  const [open, setOpen] = useState<TOpen | null>(null);
  const filter = filterWith(update);

  const table = useServerTable(rows, exchangeColumns(caseId, setOpen));

  const filtered = !!(state.account || state.from || state.to || state.model || state.samplesOnly);
  const newest = state.dir === "desc";

  return (
    <section aria-label="Exchanges">
      <ExchangeFilters state={state} models={models} update={update} />

      <div className={styles.listBar}>
        <span className="muted small">{filtered ? "Filtered. " : ""}Dates are UTC; “To” includes that whole day. Click a sample row to read it.</span>
        <button type="button" className="btn btn-small" onClick={() => filter({ dir: newest ? "asc" : null })}>
          {newest ? "Show oldest first" : "Show newest first"}
        </button>
      </div>

      <TableWrap label="Exchanges table" busy={pending}>
        <DataTable
          table={table}
          empty={{ title: "No exchanges match.", hint: filtered ? "Try clearing a filter." : state.cursor ? "This page is past the end." : "Import an exchanges file above to fill this table." }}
          rowProps={(row) => {
            const r = row.original;
            return r.isSample ? { className: "row-clickable", onClick: () => setOpen({ id: r.id, exchangeId: r.exchangeId }) } : {};
          }}
        />
      </TableWrap>

      <nav className="pager" aria-label="Pages">
        <span className="pager-status">{state.cursor ? "Later page" : newest ? "Newest exchanges" : "Oldest exchanges"}</span>
        <div className="pager-buttons">
          <button type="button" className="btn" disabled={!state.cursor} onClick={() => update({ cursor: null })}>
            {newest ? "Newest" : "Oldest"}
          </button>
          <button type="button" className="btn" disabled={!nextCursor} onClick={() => update({ cursor: nextCursor })}>
            Next page
          </button>
        </div>
      </nav>

      {open && <ExchangeViewer key={open.id} id={open.id} exchangeId={open.exchangeId} onClose={() => setOpen(null)} />}
    </section>
  );
}

/** The filter bar; every change goes to the URL and starts again at the first page. */
function ExchangeFilters({ state, models, update }: { state: TExchangeUrlState; models: string[]; update: TUpdate }) {
  const [account, onAccount] = useDebouncedSearch(state.account, (text) => update({ account: text, cursor: null }, { replace: true }), 400);
  // The checkbox answers the click at once; the URL (and so the server's rows) follows.
  const [samplesOnly, setSamplesOnly] = useState(state.samplesOnly);
  const [urlSamplesOnly, setUrlSamplesOnly] = useState(state.samplesOnly);
  if (state.samplesOnly !== urlSamplesOnly) {
    setUrlSamplesOnly(state.samplesOnly);
    setSamplesOnly(state.samplesOnly);
  }
  const filter = filterWith(update);

  return (
    <div className="filters filters-5" role="search">
      <SearchField id="ex-account" label="Account" placeholder="Exact account id" value={account} onChange={onAccount} />
      <div className="field">
        <label htmlFor="ex-from">From</label>
        <input id="ex-from" type="date" value={state.from} onChange={(e) => filter({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="ex-to">To</label>
        <input id="ex-to" type="date" value={state.to} onChange={(e) => filter({ to: e.target.value })} />
      </div>
      <FilterSelect
        id="ex-model"
        label="Model"
        value={state.model}
        anyLabel="Any model"
        options={models.map((m) => ({ value: m, label: m }))}
        onChange={(v) => filter({ model: v })}
      />
      <div className="field field-check">
        <input
          id="ex-samples"
          type="checkbox"
          checked={samplesOnly}
          onChange={(e) => {
            setSamplesOnly(e.target.checked);
            filter({ samplesOnly: e.target.checked ? "1" : null });
          }}
        />
        <label htmlFor="ex-samples">Samples only</label>
      </div>
    </div>
  );
}
