// What /metrics says beside HTTP latency: the figures an operator of Casebook watches, read from
// PostgreSQL at scrape time (lib/ops/snapshot.ts) because the events behind them happen in other
// processes and on other hosts (job workers, every web process): read from the database, they are
// the same whichever web process answers the scrape. Pure: a snapshot in, Prometheus' text out.
import { createHash, timingSafeEqual } from "node:crypto";
import { Gauge, Registry } from "prom-client";

export type TQueueFigures = { kind: string; queued: number; running: number; stalled: number; oldestQueuedAt: Date | null };
export type TFinishedFigures = { kind: string; succeededLastHour: number; failedLastHour: number; p50: number | null; p95: number | null; max: number | null };
export type TImportFigures = { kind: string; status: "running" | "succeeded"; rowsDone: number; startedAt: Date | null; finishedAt: Date | null };

export type TOpsSnapshot = {
  at: Date;
  /** Every kind of job, each kind's label present even when no job of it exists. */
  jobKinds: readonly string[];
  importKinds: readonly string[];
  queue: TQueueFigures[];
  finished: TFinishedFigures[];
  /** Imports running now, and the latest finished one of each kind in the last 24 hours. */
  imports: TImportFigures[];
  /** Failed sign-ins in the last SIGN_IN_WINDOW_MS, by reason (every reason present). */
  signInFailures: Record<string, number>;
};

/** The sign-in limiter's window (lib/auth/throttle.ts): the failures it is counting now. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * Rows per second of imports, by kind: `running`, summed over the imports running now, rows read
 * so far over the time since each started; `last`, the latest one finished (absent where none in
 * the last 24 hours).
 */
export function importRates(snapshot: Pick<TOpsSnapshot, "at" | "importKinds" | "imports">) {
  const running: Record<string, number> = Object.fromEntries(snapshot.importKinds.map((k) => [k, 0]));
  const last: Record<string, { at: Date; rate: number }> = {};
  for (const i of snapshot.imports) {
    if (!i.startedAt) continue;
    if (i.status === "running") running[i.kind] = (running[i.kind] ?? 0) + i.rowsDone / Math.max(1, seconds(i.startedAt, snapshot.at));
    else if (i.finishedAt && !(last[i.kind] && last[i.kind].at >= i.finishedAt)) last[i.kind] = { at: i.finishedAt, rate: i.rowsDone / Math.max(0.001, seconds(i.startedAt, i.finishedAt)) };
  }
  return { running, last: Object.fromEntries(Object.entries(last).map(([k, v]) => [k, v.rate])) };
}

/** The snapshot in Prometheus' text format (a fresh registry each scrape: nothing of it is kept in the process). */
export async function renderOpsMetrics(s: TOpsSnapshot): Promise<string> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const byKind = <T extends { kind: string }>(rows: T[]) => new Map(rows.map((r) => [r.kind, r]));

  const queued = gauge("casebook_jobs_queued", "Jobs waiting for a worker.", ["kind"]);
  const running = gauge("casebook_jobs_running", "Jobs a worker is running.", ["kind"]);
  const stalled = gauge("casebook_jobs_stalled", "Running jobs whose worker has not beaten its heartbeat for CASEBOOK_JOB_STALE_MS (a worker died and none is left to requeue them).", ["kind"]);
  const oldest = gauge("casebook_job_oldest_queued_seconds", "Age of the oldest job waiting for a worker, from when it was first queued (0 when none waits).", ["kind"]);
  const queue = byKind(s.queue);
  for (const kind of s.jobKinds) {
    const q = queue.get(kind);
    queued.set({ kind }, q?.queued ?? 0);
    running.set({ kind }, q?.running ?? 0);
    stalled.set({ kind }, q?.stalled ?? 0);
    oldest.set({ kind }, q?.oldestQueuedAt ? seconds(q.oldestQueuedAt, s.at) : 0);
  }

  const finished = gauge("casebook_jobs_finished_last_hour", "Jobs that ended in the last hour, by outcome.", ["kind", "status"]);
  const duration = gauge("casebook_job_duration_seconds", "Run time of the jobs that succeeded in the last 24 hours (their last attempt); kind=export is the package build. quantile=1 is the longest.", ["kind", "quantile"]);
  const done = byKind(s.finished);
  for (const kind of s.jobKinds) {
    const f = done.get(kind);
    finished.set({ kind, status: "succeeded" }, f?.succeededLastHour ?? 0);
    finished.set({ kind, status: "failed" }, f?.failedLastHour ?? 0);
    for (const [quantile, v] of [["0.5", f?.p50], ["0.95", f?.p95], ["1", f?.max]] as const) if (v != null) duration.set({ kind, quantile }, v);
  }

  const rates = importRates(s);
  const importRate = gauge("casebook_import_rows_per_second", "Rows per second of the imports running now, summed (rows read so far over the time since each started).", ["kind"]);
  const lastRate = gauge("casebook_import_last_rows_per_second", "Rows per second of the latest import that succeeded in the last 24 hours, start to finish.", ["kind"]);
  for (const [kind, v] of Object.entries(rates.running)) importRate.set({ kind }, v);
  for (const [kind, v] of Object.entries(rates.last)) lastRate.set({ kind }, v);

  const signIn = gauge("casebook_sign_in_failures_last_15m", "Failed sign-ins in the last 15 minutes (the sign-in limiter's window), by reason.", ["reason"]);
  for (const [reason, n] of Object.entries(s.signInFailures)) signIn.set({ reason }, n);

  gauge("casebook_ops_metrics_up", "1: the figures above were read from the database at this scrape.").set(1);
  return registry.metrics();
}

/** When the database cannot be read: the one figure that says so (the HTTP figures still follow). */
export async function renderOpsMetricsDown(): Promise<string> {
  const registry = new Registry();
  new Gauge({ name: "casebook_ops_metrics_up", help: "1: the figures above were read from the database at this scrape.", registers: [registry] }).set(0);
  return registry.metrics();
}

/**
 * Who may read /metrics: nobody when no token is configured (the route answers 404, as if it did
 * not exist), else only a request bearing that token. Compared in constant time, over digests so
 * the lengths need not match.
 */
export function metricsAccess(authorization: string | null, configured: string | undefined): "not_configured" | "refused" | "ok" {
  if (!configured) return "not_configured";
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1];
  if (!given) return "refused";
  const digest = (v: string) => createHash("sha256").update(v).digest();
  return timingSafeEqual(digest(given), digest(configured)) ? "ok" : "refused";
}
