// The job runner's guarantees, with real worker processes on the real database: a stopping worker
// hands its job back at once (not after it goes stale), heartbeats show a worker is alive, and an
// idle worker wakes on NOTIFY when a job is queued rather than at its next poll.
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { caseWithToken, importStatus, queueLargeImport, spawnWorker, upload, waitFor } from "./import-client";

const jobOf = (importId: string) => db().job.findUniqueOrThrow({ where: { kind_subjectId: { kind: "import", subjectId: importId } } });

describe("job runner", () => {
  it("beats a heartbeat while it runs, and hands the job back at once on SIGTERM, keeping its try", async () => {
    // Long enough that SIGTERM lands while rows still flow (checked below: the row count is short of
    // it when the worker stops), short enough to finish in a fraction of the test's time.
    const EXCHANGES = 200_000;
    const { c, importId } = await queueLargeImport(EXCHANGES);
    // Stale after a minute: only the hand-back can put the job back within this test's time.
    const worker = spawnWorker({ CASEBOOK_JOB_STALE_MS: "60000" });
    const first = await waitFor("the worker to start the import", async () => {
      const j = await jobOf(importId);
      return j.status === "running" && j.heartbeatAt ? j : null;
    });
    await waitFor("a later heartbeat", async () => ((await jobOf(importId)).heartbeatAt! > first.heartbeatAt! ? true : null), 10_000);
    const flowing = await waitFor("rows to flow", async () => {
      const j = await importStatus(importId);
      return j.rowsDone > 10_000 ? j : null;
    }, 60_000, 20);
    expect(flowing.rowsDone, "SIGTERM lands mid-import").toBeLessThan(EXCHANGES);

    worker.proc.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => worker.proc.once("exit", r));
    expect(code).toBe(0);
    // Read as soon as the worker has exited: no other worker runs and the job goes stale only after a
    // minute, so a queued row here was handed back by the stopping worker itself.
    const job = await jobOf(importId);
    expect(job).toMatchObject({ status: "queued", workerId: null, attempts: 0 });
    expect(await importStatus(importId)).toMatchObject({ status: "queued", rowsDone: 0 });
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(0);
    expect(worker.lines.join("\n")).toMatch(/handed back to the queue/);
    expect(worker.lines.join("\n")).not.toMatch(/: done/);

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
  }, 240_000);

  it("wakes an idle worker on NOTIFY when a job is queued, not at its next poll", async () => {
    const { c, token } = await caseWithToken();
    // A ten-minute poll: only the notification can start the job within this test's time.
    const worker = spawnWorker({ CASEBOOK_JOB_POLL_MS: "600000" });
    try {
      // It has listened, found the queue empty and gone to sleep for ten minutes.
      await waitFor("the worker to go idle", async () => worker.lines.some((l) => l.includes("waiting for jobs")), 30_000);
      const res = await upload(c.id, token, "accounts", "account_id,created_at\nn_1,2026-04-01T00:00:00Z\n", "notify.csv");
      expect(res.status).toBe(202);
      const imp = (await res.json()) as { id: string };
      // Anything under the ten-minute poll is the notification's doing.
      await waitFor("the woken worker to finish the import", async () => (await importStatus(imp.id)).status === "succeeded", 120_000, 50);
      const idleAt = worker.lines.findIndex((l) => l.includes("waiting for jobs"));
      const startedAt = worker.lines.findIndex((l) => l.includes(`import ${imp.id}: started`));
      expect(idleAt).toBeGreaterThanOrEqual(0);
      expect(startedAt, "the job started after the worker slept, so NOTIFY woke it").toBeGreaterThan(idleAt);
    } finally {
      worker.proc.kill("SIGTERM");
      await new Promise((r) => worker.proc.once("exit", r));
    }
  }, 180_000);
});
