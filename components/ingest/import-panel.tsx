"use client";
// The import card above the Accounts and Exchanges tables: drop or choose a file, watch it upload,
// then follow the import job (progress, rate, time left) until it lands or is rejected. Jobs that
// were already running when the page loaded are followed too, so leaving and coming back works.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { formatBytes, formatCount, formatDateTime, formatDuration, plural } from "@/lib/format";
import type { TImportJson } from "@/lib/ingest/queries";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { useFileDrop } from "@/components/ui/use-file-drop";
import { fetchImport, isActive, uploadImport, type TApiError, type TImportKind } from "./upload";
import styles from "./ingest.module.css";

type TProps = {
  caseId: string;
  kind: TImportKind;
  canImport: boolean;
  /** Why not, when canImport is false. */
  reason?: string;
  recent: TImportJson[];
};

type TUpload = { fileName: string; loaded: number; total: number; abort: () => void };
type TStats = { rowsPerSec: number | null; secondsLeft: number | null };

const ACCEPT = ".csv,.jsonl,.gz,.csv.gz,.jsonl.gz";
const POLL_MS = 700;
const SHOWN_ERRORS = 20;

const WHAT: Record<TImportKind, { title: string; file: string }> = {
  accounts: { title: "Import accounts", file: "an accounts CSV (.csv or .csv.gz)" },
  exchanges: { title: "Import exchanges", file: "an exchanges JSONL file (.jsonl or .jsonl.gz)" },
};

/** Server rows and what this page has polled since, newest first; a finished server row wins. */
function mergeJobs(server: TImportJson[], live: Record<string, TImportJson>): TImportJson[] {
  const byId = new Map(server.map((j) => [j.id, j]));
  for (const l of Object.values(live)) {
    const s = byId.get(l.id);
    if (!s || !(isActive(l) && !isActive(s))) byId.set(l.id, s ? { ...l, createdBy: l.createdBy ?? s.createdBy } : l);
  }
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function resultText(kind: TImportKind, j: TImportJson): string {
  const r = j.result ?? {};
  if (kind === "accounts") {
    return `Imported ${plural(r.accounts ?? j.rowsDone, "account", "accounts")}, ${plural(r.clustersCreated ?? 0, "new cluster", "new clusters")}`;
  }
  return `Imported ${plural(r.exchanges ?? j.rowsDone, "exchange", "exchanges")} (${plural(r.samples ?? 0, "sample", "samples")})`;
}

function percent(j: TImportJson): number {
  if (j.status === "succeeded") return 100;
  if (!j.sizeBytes) return 0;
  // The file read is not the end: indexes, the move into place and the evidence record follow.
  return Math.max(0, Math.min(99, Math.floor((j.bytesDone / j.sizeBytes) * 100)));
}

function stripLine(message: string): string {
  return message.replace(/^line \d+:\s*/, "");
}

type TFirstSeen = { t: number; rows: number; bytes: number };

/**
 * Rows per second and time left of a running job: measured from when this page first saw it, or
 * from its start until a second has passed here.
 */
function runningStats(j: TImportJson, first: TFirstSeen | undefined, now: number): TStats {
  let rowsPerSec: number | null = null;
  let bytesPerSec: number | null = null;
  if (first && now - first.t >= 1000) {
    const dt = (now - first.t) / 1000;
    rowsPerSec = (j.rowsDone - first.rows) / dt;
    bytesPerSec = (j.bytesDone - first.bytes) / dt;
  } else if (j.startedAt) {
    const dt = (now - Date.parse(j.startedAt)) / 1000;
    if (dt > 0.5) {
      rowsPerSec = j.rowsDone / dt;
      bytesPerSec = j.bytesDone / dt;
    }
  }
  const secondsLeft = bytesPerSec && bytesPerSec > 0 ? Math.max(0, j.sizeBytes - j.bytesDone) / bytesPerSec : null;
  return { rowsPerSec, secondsLeft };
}

/** The jobs the panel shows (the server's and the polled ones), the one in focus, and their rates. */
function useImportJobs(recent: TImportJson[]) {
  const router = useRouter();
  const [focusId, setFocusId] = useState<string | null>(null);
  const [live, setLive] = useState<Record<string, TImportJson>>({});
  const [stats, setStats] = useState<Record<string, TStats>>({});
  const firstSeen = useRef(new Map<string, TFirstSeen>());

  const jobs = mergeJobs(recent, live);
  const focus = focusId ? jobs.find((j) => j.id === focusId) : jobs.find(isActive);
  const activeKey = jobs
    .filter(isActive)
    .map((j) => j.id)
    .join(",");

  // Follow every queued or running import until it ends; refresh the page's data when one does.
  useEffect(() => {
    if (!activeKey) return;
    const ids = activeKey.split(",");
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function tick() {
      const results = await Promise.all(ids.map((id) => fetchImport(id).catch(() => null)));
      if (stopped) return;
      const now = Date.now();
      const updates: Record<string, TImportJson> = {};
      const nextStats: Record<string, TStats> = {};
      let finishedId: string | null = null;
      for (const j of results) {
        if (!j) continue;
        updates[j.id] = j;
        if (!isActive(j)) {
          finishedId = j.id;
          continue;
        }
        if (j.status !== "running") continue;
        const first = firstSeen.current.get(j.id);
        if (!first) firstSeen.current.set(j.id, { t: now, rows: j.rowsDone, bytes: j.bytesDone });
        nextStats[j.id] = runningStats(j, first, now);
      }
      setLive((prev) => ({ ...prev, ...updates }));
      setStats((prev) => ({ ...prev, ...nextStats }));
      if (finishedId) {
        const done = finishedId;
        setFocusId((f) => f ?? done);
        router.refresh();
      }
      timer = setTimeout(tick, POLL_MS);
    }
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [activeKey, router]);

  /** Focus a job the upload answered with (and follow it), or nothing while a new upload runs. */
  function show(job: TImportJson | null) {
    if (!job) {
      setFocusId(null);
      return;
    }
    setLive((prev) => ({ ...prev, [job.id]: job }));
    setFocusId(job.id);
  }

  return { jobs, focus, stats, show };
}

/** One upload at a time: its progress, why it was refused, or that the file was already imported. */
function useImportUpload(caseId: string, kind: TImportKind, show: (job: TImportJson | null) => void) {
  const router = useRouter();
  const [upload, setUpload] = useState<TUpload | null>(null);
  const [uploadError, setUploadError] = useState<TApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function start(file: File) {
    if (upload) return;
    setUploadError(null);
    setNotice(null);
    show(null);
    const { promise, abort } = uploadImport(caseId, kind, file, (loaded, total) =>
      setUpload((u) => (u ? { ...u, loaded, total } : u)),
    );
    setUpload({ fileName: file.name, loaded: 0, total: file.size, abort });
    const r = await promise;
    setUpload(null);
    if (!r.ok) {
      if (r.error.code !== "aborted") setUploadError(r.error);
      return;
    }
    show(r.job);
    if (r.duplicate) {
      setNotice(
        isActive(r.job)
          ? `This file is already being imported (uploaded ${formatDateTime(r.job.createdAt)}); nothing new was queued.`
          : `This file was already imported on ${formatDateTime(r.job.finishedAt ?? r.job.createdAt)}; nothing changed.`,
      );
    } else if (!isActive(r.job)) {
      router.refresh();
    }
  }

  return { upload, uploadError, notice, start };
}

export function ImportPanel({ caseId, kind, canImport, reason, recent }: TProps) {
  const inputId = useId();
  const bodyId = useId();
  const [open, setOpen] = useState(true);
  const { jobs, focus, stats, show } = useImportJobs(recent);
  const { upload, uploadError, notice, start } = useImportUpload(caseId, kind, show);

  const headingId = `${bodyId}-h`;

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={headingId}>
      <div className={styles.head}>
        <h2 id={headingId}>{WHAT[kind].title}</h2>
        <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
          {open ? "Hide" : "Show"}
        </button>
      </div>
      <div id={bodyId} hidden={!open}>
        {!canImport ? (
          <p className="muted">{reason ?? "You cannot import into this case."}</p>
        ) : (
          <DropZone kind={kind} inputId={inputId} uploading={!!upload} onFile={(file) => void start(file)} />
        )}

        <div className={styles.statusArea} aria-live="polite">
          {upload && <UploadProgress upload={upload} />}

          {uploadError && <UploadRefused error={uploadError} />}

          {notice && (
            <p className={styles.notice} role="status">
              {notice}
            </p>
          )}

          {!upload && focus && <JobStatus kind={kind} job={focus} stats={stats[focus.id]} showResult={!notice} />}
        </div>

        <RecentImports jobs={jobs} />
      </div>
    </section>
  );
}

/** Drop a file here or choose one; the hidden input does the choosing. */
function DropZone({ kind, inputId, uploading, onFile }: { kind: TImportKind; inputId: string; uploading: boolean; onFile: (file: File) => void }) {
  const { zone, input, choose } = useFileDrop(onFile);
  return (
    <div className={styles.dropzone} {...zone} aria-disabled={uploading ? true : undefined}>
      <p>
        Drop {WHAT[kind].file} here, or{" "}
        <button type="button" className="btn" disabled={uploading} onClick={choose}>
          Choose file
        </button>
      </p>
      <input {...input} id={inputId} accept={ACCEPT} aria-label="File to import" disabled={uploading} />
      <p className="hint">A file with any invalid row is rejected whole. Importing the same file twice changes nothing.</p>
    </div>
  );
}

function UploadProgress({ upload }: { upload: TUpload }) {
  return (
    <div className={styles.progressBox}>
      <div
        className={styles.progress}
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={upload.total ? Math.floor((upload.loaded / upload.total) * 100) : 0}
      >
        <div className={styles.progressFill} style={{ width: `${upload.total ? (upload.loaded / upload.total) * 100 : 0}%` }} />
      </div>
      <p>
        Uploading <strong>{upload.fileName}</strong>: {formatBytes(upload.loaded)} of {formatBytes(upload.total)}{" "}
        <button type="button" className="btn btn-ghost btn-small" onClick={upload.abort}>
          Cancel upload
        </button>
      </p>
    </div>
  );
}

/** The server refused the upload itself (too large, bad request…), before any import job existed. */
function UploadRefused({ error }: { error: TApiError }) {
  return (
    <div className="form-error" role="alert">
      <p>
        <strong>The file was not accepted.</strong> {error.message}
      </p>
      {error.details.length > 0 && (
        <ul className={styles.errors}>
          {error.details.slice(0, SHOWN_ERRORS).map((d, i) => (
            <li key={i}>
              {d.line !== undefined && <span className="mono">line {d.line}</span>} {d.field && <code>{d.field}</code>} <span>{d.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function JobStatus({ kind, job, stats, showResult }: { kind: TImportKind; job: TImportJson; stats?: TStats; showResult: boolean }) {
  if (job.status === "failed") {
    const shown = job.errors.slice(0, SHOWN_ERRORS);
    // "import-failed" stays beside the module class: the end-to-end tests read the errors in it.
    return (
      <div className={`import-failed ${styles.failed}`} role="alert">
        <p>
          <strong>Rejected: nothing from this file was written.</strong> <span className="muted">{job.fileName}</span>
        </p>
        <p>
          {plural(job.errorCount, "error", "errors")}
          {job.errorCount > shown.length ? `; the first ${formatCount(shown.length)} are listed below.` : "."}
        </p>
        {shown.length > 0 && (
          <ul className={styles.errors}>
            {shown.map((e, i) => (
              <li key={i}>
                <span className="mono nowrap">{e.line > 0 ? `line ${e.line}` : "file"}</span>
                {e.field && (
                  <>
                    {" "}
                    <code>{e.field}</code>
                  </>
                )}
                {": "}
                <span>{stripLine(e.message)}</span>
              </li>
            ))}
          </ul>
        )}
        <a href={`/api/v1/imports/${encodeURIComponent(job.id)}/errors`} download>
          Download all errors as CSV
        </a>
      </div>
    );
  }
  const pct = percent(job);
  let text: string;
  if (job.status === "queued") text = `${job.fileName}: queued, waiting for the import worker…`;
  else if (job.status === "running" && job.phase) text = `All ${formatCount(job.rowsDone)} rows read · ${job.phase}…`;
  else if (job.status === "running") {
    const parts = [`${formatCount(job.rowsDone)} rows`];
    if (stats?.rowsPerSec != null) parts.push(`${formatCount(Math.round(stats.rowsPerSec))} rows/s`);
    if (stats?.secondsLeft != null) parts.push(`about ${formatDuration(stats.secondsLeft)} left`);
    text = parts.join(" · ");
  } else text = "";
  return (
    <div className={styles.progressBox}>
      <div className={styles.progress} role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className={styles.progressFill} data-done={job.status === "succeeded" ? "true" : undefined} style={{ width: `${pct}%` }} />
      </div>
      {job.status === "succeeded" ? (
        showResult && (
          <p className={styles.done} role="status">
            <strong>{resultText(kind, job)}</strong> <span className="muted">from {job.fileName}</span>
          </p>
        )
      ) : (
        <p>{text}</p>
      )}
    </div>
  );
}

const STATUS_CLASS: Record<string, string> = { queued: styles.statusQueued, running: styles.statusRunning, succeeded: styles.statusSucceeded, failed: styles.statusFailed };
const ic = createColumnHelper<TImportJson>();
const importColumns = [
  ic.accessor("status", { header: "Status", cell: (c) => <span className={`badge ${STATUS_CLASS[c.getValue()] ?? ""}`}>{c.getValue()}</span> }),
  ic.accessor("fileName", { header: "File", cell: (c) => <span className="cell-title">{c.getValue()}</span> }),
  ic.accessor("rowsDone", { header: "Rows", meta: { className: "num" }, cell: (c) => formatCount(c.getValue()) }),
  ic.accessor("createdBy", { header: "By", cell: (c) => c.getValue() ?? "—" }),
  ic.accessor("createdAt", { header: "When", meta: { className: "nowrap" }, cell: (c) => formatDateTime(c.getValue()) }),
  ic.accessor("errorCount", {
    header: "Errors",
    meta: { className: "num" },
    cell: (c) => {
      const j = c.row.original;
      return j.errorCount > 0 ? (
        <a href={`/api/v1/imports/${encodeURIComponent(j.id)}/errors`} download aria-label={`${plural(j.errorCount, "error", "errors")} in ${j.fileName} (CSV)`}>
          {formatCount(j.errorCount)}
        </a>
      ) : (
        "—"
      );
    },
  }),
];

function RecentImports({ jobs }: { jobs: TImportJson[] }) {
  const table = useServerTable(jobs.slice(0, 10), importColumns);
  if (jobs.length === 0) return <p className={`muted small ${styles.none}`}>No imports into this case yet.</p>;
  return (
    <details className={styles.recent} open={jobs.some(isActive) || undefined}>
      <summary>Recent imports ({jobs.length})</summary>
      <DataTable table={table} className={styles.compactTable} />
    </details>
  );
}
