// An export build in a real worker process, interrupted: kill -9 in the middle of rendering leaves
// no built export, no production (Bates range) and no export.built event, and the job, once put
// back, is built by the next worker into a package that verifies and is the stored blob; SIGTERM in
// the middle of rendering hands the job back at once, its try not counted.
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { approvedReferralOfEveryAccount, built, expectStoredPackageVerifies, exportOf, manyAccountsCsv, rendering } from "./export-fixtures";
import { caseWithToken, drain, spawnWorker, upload } from "./import-client";

// Enough appendix rows (about 240 pages) that rendering takes seconds, long enough to stop it midway.
const ACCOUNTS = 12_000;

/** A case with an accepted cluster of ACCOUNTS accounts cited by the findings, and an approved legal referral (not yet built). */
async function approvedExport() {
  const { analyst, c, token } = await caseWithToken();
  await upload(c.id, token, "accounts", manyAccountsCsv(ACCOUNTS), "accounts.csv");
  await drain();
  expect(await db().account.count({ where: { caseId: c.id } })).toBe(ACCOUNTS);
  return { c, exportId: await approvedReferralOfEveryAccount(c.id, analyst) };
}

const jobOf = (id: string) => db().job.findUniqueOrThrow({ where: { kind_subjectId: { kind: "export", subjectId: id } } });
const actionsOf = async (id: string) => (await db().auditEvent.findMany({ where: { entityId: id }, orderBy: { seq: "asc" } })).map((e) => e.action);

/** Nothing of a build is committed: not built, no Bates range taken, no export.built event. */
async function expectNothingCommitted(exportId: string, caseId: string) {
  const x = await exportOf(exportId);
  expect(x).toMatchObject({ sha256: null, storageKey: null, pageCount: null, batesFirst: null, builtAt: null });
  expect(await db().exportPackage.count({ where: { caseId, status: "built" } })).toBe(0);
  expect(await db().production.count({ where: { caseId } })).toBe(0);
  expect(await db().auditEvent.count({ where: { entityId: exportId, action: "export.built" } })).toBe(0);
}

async function finishedBy(worker: ReturnType<typeof spawnWorker>, exportId: string) {
  try {
    await built(exportId, "the next worker");
  } finally {
    worker.proc.kill("SIGTERM");
    await new Promise((r) => worker.proc.once("exit", r));
  }
}

describe("export builds in a worker that is stopped", () => {
  it("leaves nothing when the worker is killed mid-build, and the next worker builds a package that verifies", { timeout: 240_000 }, async () => {
    const { c, exportId } = await approvedExport();
    const worker = spawnWorker();
    await rendering(exportId);
    worker.proc.kill("SIGKILL");
    await new Promise((r) => worker.proc.once("exit", r));

    expect((await exportOf(exportId)).status).toBe("building");
    expect(await jobOf(exportId)).toMatchObject({ status: "running", attempts: 1 });
    await expectNothingCommitted(exportId, c.id);

    // The next worker finds the job's worker dead (or its heartbeat stale, 1 s here) and puts it back.
    const next = spawnWorker();
    await finishedBy(next, exportId);
    await expectStoredPackageVerifies(exportId, c.id, ACCOUNTS / 100);
    expect(await jobOf(exportId)).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(await actionsOf(exportId)).toEqual(["export.request", "export.approve", "export.started", "export.requeued", "export.started", "export.built"]);
  });

  it("hands the job back at once on SIGTERM mid-build, keeping its try, and the next worker builds it", { timeout: 240_000 }, async () => {
    const { c, exportId } = await approvedExport();
    // Stale after a minute: only the hand-back can put the job back within this test's time.
    const worker = spawnWorker({ CASEBOOK_JOB_STALE_MS: "60000" });
    await rendering(exportId);
    worker.proc.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => worker.proc.once("exit", r));
    expect(code).toBe(0);
    expect(worker.lines.join("\n")).toMatch(/handed back to the queue/);

    // Read as soon as the worker has exited: no other worker runs and the job goes stale only after
    // a minute, so a queued row here was handed back by the stopping worker itself.
    expect(await jobOf(exportId)).toMatchObject({ status: "queued", workerId: null, attempts: 0 });
    expect(await exportOf(exportId)).toMatchObject({ status: "approved", progress: {} });
    await expectNothingCommitted(exportId, c.id);

    const next = spawnWorker();
    await finishedBy(next, exportId);
    await expectStoredPackageVerifies(exportId, c.id, ACCOUNTS / 100);
    expect(await jobOf(exportId)).toMatchObject({ status: "succeeded", attempts: 1 });
    const actions = await actionsOf(exportId);
    expect(actions).toEqual(["export.request", "export.approve", "export.started", "export.released", "export.started", "export.built"]);
  });
});
