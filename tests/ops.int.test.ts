// Health, readiness and metrics, through their route handlers in this process (scripts/web-server.mjs
// and its cluster are covered by lib/ops/http-metrics.test.ts and e2e/ops.spec.ts).
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as healthz } from "../app/healthz/route";
import { GET as readyz } from "../app/readyz/route";
import { authenticate } from "../lib/auth/authenticate";
import { db } from "../lib/db";
import { PrismaClient } from "../lib/generated/prisma/client";
import { installHttpMetrics } from "../lib/ops/http-metrics.mjs";
import { appliedMigrations, expectedMigrations, readiness } from "../lib/ops/readiness";
import { readMigrations } from "../lib/platform/migrate";
import { parseEnv } from "../lib/env";
import { LocalBlobStore, type TBlobStore } from "../lib/storage/blob-store";
import { s3Config } from "../lib/storage/s3";
import { S3BlobStore } from "../lib/storage/s3-blob-store";
import { setBlobStore } from "../lib/storage/store";
import { makeToken } from "./fixtures";
import { startS3Server } from "./helpers/s3-server";
import { caseWithToken, importOk } from "./import-client";

const TOKEN = "ops-test-metrics-token-0123456789";
const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://localhost${url}`, { headers });
/** Past the answer /readyz reuses for a second (lib/ops/readiness.ts, currentReadiness). */
const pastReuse = () => new Promise((r) => setTimeout(r, 1_100));

/** /metrics as the process has it configured: the route module is loaded afresh, so env() reads the variable anew. */
async function metrics(headers: Record<string, string> = {}) {
  vi.resetModules();
  const { GET } = await import("../app/metrics/route");
  return GET(get("/metrics", headers));
}
async function scrape() {
  const res = await metrics({ authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  return res.text();
}
/** One series' value, by name and labels as Prometheus' text format writes them. */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

afterAll(() => {
  setBlobStore(null);
  vi.unstubAllEnvs();
});

describe("/healthz", () => {
  it("answers 200 with nothing but a status, and no cache may keep it", async () => {
    const res = healthz();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toContain("no-store");
  });
});

/** /readyz with `store` in use: 200, then 503 naming only storage once `stop` has run, then 200 again after `start`. */
async function readyzAcrossAnOutage(store: TBlobStore, stop: () => unknown, start: () => unknown) {
  setBlobStore(store);
  try {
    await pastReuse();
    const up = await readyz();
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: "ok" });
    expect(up.headers.get("cache-control")).toContain("no-store");
    await stop();
    await pastReuse();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "unavailable", failing: ["storage"] });
    await start();
    await pastReuse();
    const back = await readyz();
    expect(back.status).toBe(200);
    expect(await back.json()).toEqual({ status: "ok" });
  } finally {
    setBlobStore(null);
  }
}

describe("/readyz", () => {
  it("goes from 200 to 503 when the object store stops, and back, naming only what fails", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "casebook-ops-store-"));
    const folder = path.join(root, "blobs");
    mkdirSync(folder);
    try {
      await readyzAcrossAnOutage(
        new LocalBlobStore(folder),
        // The store's folder is gone and a file stands in its place: it can neither be read nor made.
        () => (renameSync(folder, `${folder}.away`), writeFileSync(folder, "not a folder")),
        () => (rmSync(folder), renameSync(`${folder}.away`, folder)),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("goes from 200 to 503 when the S3 object store stops answering, and back when it returns", async () => {
    const s3 = await startS3Server("casebook-readyz");
    try {
      await readyzAcrossAnOutage(new S3BlobStore(s3Config(parseEnv(s3.env))!), s3.pause, s3.resume);
    } finally {
      await s3.stop();
    }
  });

  it("fails on a database that cannot be reached, and on one missing a migration of this build", async () => {
    const store = { storage: async () => {} };
    const nowhere = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://casebook:x@127.0.0.1:1/casebook" }) });
    try {
      const r = await readiness({ ...store, appliedMigrations: () => appliedMigrations(nowhere) });
      expect(r).toMatchObject({ ready: false, failing: ["database"] });
      expect(r.reasons.database).toBeTruthy();
    } finally {
      await nowhere.$disconnect();
    }
    const real = { ...store, appliedMigrations: () => appliedMigrations() };
    // The folders it expects are the ones the migrator applies.
    expect(expectedMigrations()).toEqual(readMigrations().map((m) => m.name));
    expect(await readiness(real)).toEqual({ ready: true, failing: [], reasons: {} });
    const ahead = await readiness(real, [...expectedMigrations(), "29991231000000_from_a_newer_build"]);
    expect(ahead).toMatchObject({ ready: false, failing: ["migrations"], reasons: { migrations: "1 not applied: 29991231000000_from_a_newer_build" } });
  });

  it("fails a probe that does not answer in time", async () => {
    const r = await readiness({ appliedMigrations: () => appliedMigrations(), storage: () => new Promise(() => {}) }, expectedMigrations(), 200);
    expect(r).toMatchObject({ ready: false, failing: ["storage"], reasons: { storage: "no answer within 200 ms" } });
  });
});

describe("/metrics", () => {
  it("does not exist without a token configured", async () => {
    vi.stubEnv("CASEBOOK_METRICS_TOKEN", "");
    const res = await metrics({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(404);
  });

  it("refuses a request without the token, with a wrong one, and with a person's API token", async () => {
    vi.stubEnv("CASEBOOK_METRICS_TOKEN", TOKEN);
    const { c: _c, analyst } = await caseWithToken();
    const { token: personal } = await makeToken(analyst.email, "not for metrics");
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}-wrong` }, { authorization: `Bearer ${personal}` }, { cookie: "next-auth.session-token=abc" }];
    for (const headers of attempts) {
      const res = await metrics(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("casebook_");
    }
  });

  it("reports the queue, job run times, import throughput, failed sign-ins and HTTP latency, and moves with them", async () => {
    vi.stubEnv("CASEBOOK_METRICS_TOKEN", TOKEN);
    installHttpMetrics({ defaultMetrics: false }).observe({ route: "/cases/[caseId]/evidence", method: "GET", status: "200" }, 0.042);
    const before = await scrape();

    // A real import, run by the real queue: it leaves a finished job and an import with its rate.
    const { c, analyst, token } = await caseWithToken();
    await importOk(c.id, token, "accounts", "account_id,created_at\nops_1,2026-04-01T00:00:00Z\nops_2,2026-04-02T00:00:00Z\n", "ops.csv");
    // Failed sign-ins, through the real sign-in path.
    for (let i = 0; i < 3; i++) await authenticate({ email: analyst.email, password: "not-the-password" }, "198.51.100.7");
    await authenticate({ email: `nobody-${c.id}@test.local`, password: "whatever-it-is" }, "198.51.100.7");

    // After the queue has run (it would take them): two export builds waiting, one running with a silent worker.
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    const jobs = [
      { kind: "export", subjectId: `ops-q1-${c.id}`, status: "queued" as const, createdAt: minutesAgo(2) },
      { kind: "export", subjectId: `ops-q2-${c.id}`, status: "queued" as const, createdAt: minutesAgo(1) },
      { kind: "export", subjectId: `ops-r1-${c.id}`, status: "running" as const, createdAt: minutesAgo(5), startedAt: minutesAgo(5), heartbeatAt: minutesAgo(4), workerId: "gone:1" },
    ];
    await db().job.createMany({ data: jobs.map((j) => ({ ...j, caseId: c.id })) });
    // An exchanges import part-way through: 6,000 rows in its first ten seconds.
    const running = await db().importJob.create({
      data: { caseId: c.id, kind: "exchanges", status: "running", via: "api", fileName: "big.jsonl", sha256: "0".repeat(64), sizeBytes: 1n, rowsDone: 6_000, startedAt: new Date(Date.now() - 10_000), createdById: analyst.id },
    });
    try {
      const after = await scrape();
      const moved = (series: string) => (value(after, series) ?? 0) - (value(before, series) ?? 0);
      expect(moved('casebook_jobs_queued{kind="export"}')).toBe(2);
      expect(moved('casebook_jobs_running{kind="export"}')).toBe(1);
      expect(moved('casebook_jobs_stalled{kind="export"}')).toBe(1);
      expect(value(after, 'casebook_job_oldest_queued_seconds{kind="export"}')).toBeGreaterThanOrEqual(119);
      expect(moved('casebook_jobs_finished_last_hour{kind="import",status="succeeded"}')).toBe(1);
      expect(value(after, 'casebook_job_duration_seconds{kind="import",quantile="0.95"}')).toBeGreaterThan(0);
      expect(value(after, 'casebook_import_last_rows_per_second{kind="accounts"}')).toBeGreaterThan(0);
      expect(value(after, 'casebook_import_rows_per_second{kind="exchanges"}')).toBeGreaterThan(400);
      expect(value(after, 'casebook_import_rows_per_second{kind="exchanges"}')).toBeLessThanOrEqual(600);
      expect(moved('casebook_sign_in_failures_last_15m{reason="wrong_password"}')).toBe(3);
      expect(moved('casebook_sign_in_failures_last_15m{reason="unknown_user"}')).toBe(1);
      expect(value(after, "casebook_ops_metrics_up")).toBe(1);
      expect(value(after, 'http_request_duration_seconds_count{route="/cases/[caseId]/evidence",method="GET",status="200"}')).toBe(1);
      expect(value(after, 'http_request_duration_seconds_bucket{le="0.05",route="/cases/[caseId]/evidence",method="GET",status="200"}')).toBe(1);
      // Nothing of a case or a person: no ids, no emails.
      expect(after).not.toContain(c.id);
      expect(after).not.toContain(analyst.email);
    } finally {
      await db().job.deleteMany({ where: { subjectId: { in: jobs.map((j) => j.subjectId) } } });
      await db().importJob.delete({ where: { id: running.id } });
    }
  });

  it("answers in Prometheus' text format, and no cache may keep it", async () => {
    vi.stubEnv("CASEBOOK_METRICS_TOKEN", TOKEN);
    const res = await metrics({ authorization: `Bearer ${TOKEN}` });
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("no-store");
  });
});
