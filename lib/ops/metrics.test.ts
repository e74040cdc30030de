import { describe, expect, it } from "vitest";
import { importRates, metricsAccess, renderOpsMetrics, renderOpsMetricsDown, type TOpsSnapshot } from "./metrics";

const at = new Date("2026-12-07T12:00:00Z");
const ago = (s: number) => new Date(at.getTime() - s * 1000);

const snapshot = (over: Partial<TOpsSnapshot> = {}): TOpsSnapshot => ({
  at,
  jobKinds: ["import", "analysis", "export"],
  importKinds: ["accounts", "exchanges"],
  queue: [],
  finished: [],
  imports: [],
  signInFailures: { unknown_user: 0, wrong_password: 0 },
  ...over,
});

/** The value of one series in Prometheus' text format, by name and labels as written. */
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("renderOpsMetrics", () => {
  it("reports the queue by kind, every kind present even when idle", async () => {
    const text = await renderOpsMetrics(snapshot({ queue: [{ kind: "export", queued: 3, running: 1, stalled: 1, oldestQueuedAt: ago(90) }] }));
    expect(value(text, 'casebook_jobs_queued{kind="export"}')).toBe(3);
    expect(value(text, 'casebook_jobs_running{kind="export"}')).toBe(1);
    expect(value(text, 'casebook_jobs_stalled{kind="export"}')).toBe(1);
    expect(value(text, 'casebook_job_oldest_queued_seconds{kind="export"}')).toBe(90);
    for (const kind of ["import", "analysis"]) {
      expect(value(text, `casebook_jobs_queued{kind="${kind}"}`)).toBe(0);
      expect(value(text, `casebook_job_oldest_queued_seconds{kind="${kind}"}`)).toBe(0);
    }
    expect(text).toMatch(/^# TYPE casebook_jobs_queued gauge$/m);
    expect(text).toMatch(/^# HELP casebook_jobs_queued .+$/m);
  });

  it("reports finished jobs and the run time of the ones that succeeded; no quantile where none did", async () => {
    const text = await renderOpsMetrics(snapshot({ finished: [{ kind: "export", succeededLastHour: 4, failedLastHour: 1, p50: 12.5, p95: 40, max: 61 }] }));
    expect(value(text, 'casebook_jobs_finished_last_hour{kind="export",status="succeeded"}')).toBe(4);
    expect(value(text, 'casebook_jobs_finished_last_hour{kind="export",status="failed"}')).toBe(1);
    expect(value(text, 'casebook_jobs_finished_last_hour{kind="import",status="failed"}')).toBe(0);
    expect(value(text, 'casebook_job_duration_seconds{kind="export",quantile="0.5"}')).toBe(12.5);
    expect(value(text, 'casebook_job_duration_seconds{kind="export",quantile="0.95"}')).toBe(40);
    expect(value(text, 'casebook_job_duration_seconds{kind="export",quantile="1"}')).toBe(61);
    expect(text).not.toContain('casebook_job_duration_seconds{kind="import"');
  });

  it("reports import throughput, and failed sign-ins by reason", async () => {
    const text = await renderOpsMetrics(
      snapshot({
        imports: [{ kind: "exchanges", status: "running", rowsDone: 400_000, startedAt: ago(10), finishedAt: null }],
        signInFailures: { unknown_user: 2, wrong_password: 7 },
      }),
    );
    expect(value(text, 'casebook_import_rows_per_second{kind="exchanges"}')).toBe(40_000);
    expect(value(text, 'casebook_import_rows_per_second{kind="accounts"}')).toBe(0);
    expect(value(text, 'casebook_sign_in_failures_last_15m{reason="wrong_password"}')).toBe(7);
    expect(value(text, 'casebook_sign_in_failures_last_15m{reason="unknown_user"}')).toBe(2);
    expect(value(text, "casebook_ops_metrics_up")).toBe(1);
  });

  it("says when the database could not be read", async () => {
    expect(value(await renderOpsMetricsDown(), "casebook_ops_metrics_up")).toBe(0);
  });
});

describe("importRates", () => {
  it("sums the imports running now, and takes the latest finished one of each kind", () => {
    const r = importRates(
      snapshot({
        imports: [
          { kind: "exchanges", status: "running", rowsDone: 100_000, startedAt: ago(10), finishedAt: null },
          { kind: "exchanges", status: "running", rowsDone: 50_000, startedAt: ago(5), finishedAt: null },
          { kind: "accounts", status: "succeeded", rowsDone: 1_000, startedAt: ago(100), finishedAt: ago(98) },
          { kind: "accounts", status: "succeeded", rowsDone: 9_000, startedAt: ago(60), finishedAt: ago(57) },
          { kind: "exchanges", status: "running", rowsDone: 0, startedAt: null, finishedAt: null },
        ],
      }),
    );
    expect(r.running).toEqual({ accounts: 0, exchanges: 20_000 });
    expect(r.last).toEqual({ accounts: 3_000 });
  });

  it("does not divide by a zero elapsed time", () => {
    const r = importRates(snapshot({ imports: [{ kind: "accounts", status: "running", rowsDone: 10, startedAt: at, finishedAt: null }] }));
    expect(r.running.accounts).toBe(10);
  });
});

describe("metricsAccess", () => {
  const token = "metrics-token-0123456789";

  it("is closed to everyone when no token is configured", () => {
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe("not_configured");
  });

  it("opens to the configured token only", () => {
    expect(metricsAccess(`Bearer ${token}`, token)).toBe("ok");
    expect(metricsAccess(`bearer ${token}`, token)).toBe("ok");
    for (const h of [null, "", "Bearer ", `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, token, `Basic ${token}`, "Bearer cb_123_someones-api-token"]) expect(metricsAccess(h, token), String(h)).toBe("refused");
  });
});
