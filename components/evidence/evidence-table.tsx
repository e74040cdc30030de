import { Fragment } from "react";
import { formatDateTime, formatTimestamp } from "@/lib/format";
import { formatBytes } from "@/lib/format";
import type { TEvidenceJson } from "@/lib/evidence/queries";
import { CopyButton } from "./copy-button";

const KIND_LABEL: Record<string, string> = { import_file: "Imported file", attachment: "Attachment", export: "Export" };

/** Evidence items with their hash and, per item, the chain of custody (oldest event first). */
export function EvidenceTable({ items }: { items: TEvidenceJson[] }) {
  return (
    <div className="table-wrap evidence-wrap">
      <table className="data-table evidence-table">
        <thead>
          <tr>
            <th scope="col">Original name</th>
            <th scope="col">Kind</th>
            <th scope="col">Media type</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Acquired</th>
            <th scope="col">Source</th>
            <th scope="col">
              <span className="sr-only">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <Fragment key={e.id}>
              <tr>
                <td>
                  <span className="cell-title">{e.originalName}</span>
                  {e.description && <div className="small muted">{e.description}</div>}
                </td>
                <td className="nowrap">{KIND_LABEL[e.kind] ?? e.kind}</td>
                <td className="mono small nowrap">{e.mediaType}</td>
                <td className="nowrap num" title={`${e.sizeBytes.toLocaleString("en-US")} bytes`}>
                  {formatBytes(e.sizeBytes)}
                </td>
                <td>
                  <div className="hash-cell">
                    <code className="hash">{e.sha256}</code>
                    <CopyButton value={e.sha256} what={`SHA-256 of ${e.originalName}`} />
                  </div>
                </td>
                <td>
                  {e.acquiredBy}
                  <div className="small muted nowrap">{formatDateTime(e.acquiredAt)}</div>
                </td>
                <td>{e.source}</td>
                <td>
                  <a className="btn btn-small" href={`/api/v1/evidence/${encodeURIComponent(e.id)}/download`} download aria-label={`Download ${e.originalName}`}>
                    Download
                  </a>
                </td>
              </tr>
              <tr className="custody-row">
                <td colSpan={8}>
                  <details>
                    <summary>
                      Chain of custody ({e.custody.length} {e.custody.length === 1 ? "event" : "events"})
                    </summary>
                    {e.custody.length === 0 ? (
                      <p className="muted small">No custody events recorded.</p>
                    ) : (
                      <table className="custody-table">
                        <thead>
                          <tr>
                            <th scope="col">When</th>
                            <th scope="col">Who</th>
                            <th scope="col">Action</th>
                            <th scope="col">Note</th>
                          </tr>
                        </thead>
                        <tbody>
                          {e.custody.map((c, i) => (
                            <tr key={i}>
                              <td className="nowrap">{formatTimestamp(c.at)}</td>
                              <td>{c.actor}</td>
                              <td>{c.action}</td>
                              <td className="prewrap">
                                {c.note || "—"}
                                {c.sha256 && c.sha256 !== e.sha256 && <div className="small danger-text">SHA-256 at this step differs: {c.sha256}</div>}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </details>
                </td>
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
