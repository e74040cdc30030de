"use client";
// Evidence items with their hash and, under each, its chain of custody (oldest event first).
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { EventTable } from "@/components/ui/event-table";
import { formatBytes, formatDateTime } from "@/lib/format";
import type { TEvidenceJson } from "@/lib/evidence/queries";
import { CopyButton } from "./copy-button";
import styles from "./evidence.module.css";

const KIND_LABEL: Record<string, string> = { import_file: "Imported file", attachment: "Attachment", export: "Export" };

function Custody({ item }: { item: TEvidenceJson }) {
  const events = item.custody.map((c, i) => ({
    id: String(i),
    at: c.at,
    who: c.actor,
    what: c.action,
    details: (
      <>
        {c.note || "—"}
        {c.sha256 && c.sha256 !== item.sha256 && <div className="small danger-text">SHA-256 at this step differs: {c.sha256}</div>}
      </>
    ),
  }));
  return (
    <details>
      <summary>
        Chain of custody ({item.custody.length} {item.custody.length === 1 ? "event" : "events"})
      </summary>
      {events.length === 0 ? (
        <p className="muted small">No custody events recorded.</p>
      ) : (
        <EventTable events={events} headers={{ what: "Action", details: "Note" }} className={styles.custodyTable} bare />
      )}
    </details>
  );
}

const col = createColumnHelper<TEvidenceJson>();
const columns = [
  col.accessor("originalName", {
    header: "Original name",
    cell: (c) => (
      <>
        <span className="cell-title">{c.getValue()}</span>
        {c.row.original.description && <div className="small muted">{c.row.original.description}</div>}
      </>
    ),
  }),
  col.accessor("kind", { header: "Kind", meta: { className: "nowrap" }, cell: (c) => KIND_LABEL[c.getValue()] ?? c.getValue() }),
  col.accessor("mediaType", { header: "Media type", meta: { className: "mono small nowrap" } }),
  col.accessor("sizeBytes", {
    header: "Size",
    meta: { className: "nowrap num" },
    cell: (c) => <span title={`${c.getValue().toLocaleString("en-US")} bytes`}>{formatBytes(c.getValue())}</span>,
  }),
  col.accessor("sha256", {
    header: "SHA-256",
    cell: (c) => (
      <div className={styles.hashCell}>
        <code className="hash">{c.getValue()}</code>
        <CopyButton value={c.getValue()} what={`SHA-256 of ${c.row.original.originalName}`} />
      </div>
    ),
  }),
  col.accessor("acquiredBy", {
    header: "Acquired",
    cell: (c) => (
      <>
        {c.getValue()}
        <div className="small muted nowrap">{formatDateTime(c.row.original.acquiredAt)}</div>
      </>
    ),
  }),
  col.accessor("source", { header: "Source" }),
  col.display({
    id: "download",
    header: () => <span className="sr-only">Download</span>,
    cell: (c) => (
      <a className="btn btn-small" href={`/api/v1/evidence/${encodeURIComponent(c.row.original.id)}/download`} download aria-label={`Download ${c.row.original.originalName}`}>
        Download
      </a>
    ),
  }),
];

export function EvidenceTable({ items }: { items: TEvidenceJson[] }) {
  const table = useServerTable(items, columns);
  return <DataTable table={table} wrap subRow={(row) => <Custody item={row.original} />} subRowClassName={styles.custodyRow} />;
}
