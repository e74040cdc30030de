"use client";
// Evidence items with their hash and, under each, its chain of custody (oldest event first).
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { formatBytes, formatDateTime, formatTimestamp } from "@/lib/format";
import type { TEvidenceJson } from "@/lib/evidence/queries";
import { CopyButton } from "./copy-button";
import styles from "./evidence.module.css";

const KIND_LABEL: Record<string, string> = { import_file: "Imported file", attachment: "Attachment", export: "Export" };

type TCustody = TEvidenceJson["custody"][number] & { id: string; itemSha256: string };

const cc = createColumnHelper<TCustody>();
const custodyColumns = [
  cc.accessor("at", { header: "When", meta: { className: "nowrap" }, cell: (c) => formatTimestamp(c.getValue()) }),
  cc.accessor("actor", { header: "Who" }),
  cc.accessor("action", { header: "Action" }),
  cc.accessor("note", {
    header: "Note",
    meta: { className: "prewrap" },
    cell: (c) => (
      <>
        {c.getValue() || "—"}
        {c.row.original.sha256 && c.row.original.sha256 !== c.row.original.itemSha256 && <div className="small danger-text">SHA-256 at this step differs: {c.row.original.sha256}</div>}
      </>
    ),
  }),
];

function Custody({ item }: { item: TEvidenceJson }) {
  const table = useServerTable(
    item.custody.map((c, i) => ({ ...c, id: String(i), itemSha256: item.sha256 })),
    custodyColumns,
  );
  return (
    <details>
      <summary>
        Chain of custody ({item.custody.length} {item.custody.length === 1 ? "event" : "events"})
      </summary>
      {item.custody.length === 0 ? <p className="muted small">No custody events recorded.</p> : <DataTable table={table} className={styles.custodyTable} bare />}
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
