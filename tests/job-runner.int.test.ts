// The job runner's guarantees, with real worker processes on the real database: a stopping worker
// hands its job back at once (not after it goes stale), heartbeats show a worker is alive, and an
// idle worker wakes on NOTIFY when a job is queued rather than at its next poll.
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { caseWithToken, importStatus, queueLargeImport, spawnWorker, upload, waitFor } from "./import-client";

const jobOf = (importId: string) => db().job.findUniqueOrThrow({ where: { kind_subjectId: { kind: "import", subjectId: importId } } });

describe("job runner", () => {
  it("beats a heartbeat while it runs, and hands the job back at once on SIGTERM, keeping its try", async () => {
    const EXCHANGES = 600_000; // long enough that SIGTERM lands while rows still flow, not in the final commit
    const { c, importId } = await queueLargeImport(EXCHANGES);
    // Stale after a minute: only the hand-back can put the job back within this test's time.
    const worker = spawnWorker({ CASEBOOK_JOB_STALE_MS: "60000" });
    const first = await waitFor("the worker to start the import", async () => {
      const j = await jobOf(importId);
      return j.status === "running" && j.heartbeatAt ? j : null;
    });
    await waitFor("a later heartbeat", async () => ((await jobOf(importId)).heartbeatAt! > first.heartbeatAt! ? true : null), 10_000);
    await waitFor("rows to flow", async () => (await importStatus(importId)).rowsDone > 20_000, 60_000);

    const stoppedAt = Date.now();
    worker.proc.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => worker.proc.once("exit", r));
    expect(code).toBe(0);
    const handedBack = Date.now() - stoppedAt;
    const job = await jobOf(importId);
    expect(job).toMatchObject({ status: "queued", workerId: null, attempts: 0 });
    expect(await importStatus(importId)).toMatchObject({ status: "queued", rowsDone: 0 });
    expect(handedBack).toBeLessThan(10_000);
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(0);
    expect(worker.lines.join("\n")).toMatch(/handed back to the queue/);

    const next = spawnWorker();
    try {
      await waitFor("the next worker to finish it", async () => (await importStatus(importId)).status === "succeeded", 120_000, 250);
    } finally {
      next.proc.kill("SIGTERM");
    }
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(EXCHANGES);
    const events = await db().auditEvent.findMany({ where: { entityId: importId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["import.submit", "import.started", "import.released", "import.started", "import.succeeded"]);
    expect(events[2].data).toMatchObject({ attempt: 1, worker: expect.stringMatching(/:\d+$/) });
    expect(events[3].data).toMatchObject({ attempt: 1 });
    expect((await jobOf(importId)).status).toBe("succeeded");
  });

  it("wakes an idle worker on NOTIFY when a job is queued, not at its next poll", async () => {
    const { c, token } = await caseWithToken();
    // A ten-minute poll: only the notification can start the job within this test's time.
    const worker = spawnWorker({ CASEBOOK_JOB_POLL_MS: "600000" });
    try {
      await waitFor("the worker to be listening", async () => worker.lines.some((l) => l.includes("started (")), 30_000);
      // Let it finish its first round (reap, find nothing) and go to sleep.
      await new Promise((r) => setTimeout(r, 1500));
      const queuedAt = Date.now();
      const res = await upload(c.id, token, "accounts", "account_id,created_at\nn_1,2026-04-01T00:00:00Z\n", "notify.csv");
      const imp = (await res.json()) as { id: string };
      await waitFor("the woken worker to finish the import", async () => (await importStatus(imp.id)).status === "succeeded", 10_000, 50);
      expect(Date.now() - queuedAt).toBeLessThan(10_000);
    } finally {
      worker.proc.kill("SIGTERM");
      await new Promise((r) => worker.proc.once("exit", r));
    }
  });
});
