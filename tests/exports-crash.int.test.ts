// An export build in a real worker process, interrupted: kill -9 in the middle of rendering leaves
// no built export, no production (Bates range) and no export.built event, and the job, once put
// back, is built by the next worker into a package that verifies and is the stored blob; SIGTERM in
// the middle of rendering hands the job back at once, its try not counted.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { setCaseTeamAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { approveExportAction, requestExportAction } from "../lib/exports/mutations";
import { citationMarkup } from "../lib/findings/markdown";
import { addExhibitAction, saveFindingAction } from "../lib/findings/mutations";
import { verifyPackage } from "../lib/package/verify";
import { blobStore } from "../lib/storage/blob-store";
import { makeUser } from "./fixtures";
import { caseWithToken, drain, spawnWorker, upload, waitFor } from "./import-client";

// Enough appendix rows (about 240 pages) that rendering takes seconds, long enough to stop it midway.
const ACCOUNTS = 12_000;

/** A case with an accepted cluster of ACCOUNTS accounts cited by the findings, and an approved legal referral (not yet built). */
async function approvedExport() {
  const { analyst, c, token } = await caseWithToken();
  const csv = "account_id,created_at,email\n" + Array.from({ length: ACCOUNTS }, (_, i) => `x_${String(i).padStart(6, "0")},2026-04-0${1 + (i % 9)}T00:00:00Z,u${i}@example.net`).join("\n") + "\n";
  await upload(c.id, token, "accounts", csv, "accounts.csv");
  await drain();
  expect(await db().account.count({ where: { caseId: c.id } })).toBe(ACCOUNTS);
  // No action adds thousands of members at once: the accepted cluster is written directly.
  const cluster = await db().cluster.create({ data: { caseId: c.id, name: "the campaign", origin: "analyst", status: "accepted", decidedById: analyst.id, decidedAt: new Date() } });
  await db().$executeRaw`INSERT INTO cluster_member ("clusterId", "accountId") SELECT ${cluster.id}, id FROM account WHERE "caseId" = ${c.id}`;
  const reviewer = await makeUser("reviewer");
  expect((await runAction(setCaseTeamAction, analyst, { caseId: c.id, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] })).ok).toBe(true);
  const exhibit = await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "cluster", targetId: cluster.id });
  if (!exhibit.ok) throw new Error(exhibit.error.message);
  expect((await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: `The accounts of ${citationMarkup(exhibit.data.id)} are one campaign.`, version: 0 })).ok).toBe(true);
  const req = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "legal_referral" });
  if (!req.ok) throw new Error(req.error.message);
  expect(await runAction(approveExportAction, reviewer, { exportId: req.data.id })).toMatchObject({ ok: true, data: { status: "approved" } });
  return { c, exportId: req.data.id };
}

const exportOf = (id: string) => db().exportPackage.findUniqueOrThrow({ where: { id } });
const jobOf = (id: string) => db().job.findUniqueOrThrow({ where: { kind_subjectId: { kind: "export", subjectId: id } } });
const actionsOf = async (id: string) => (await db().auditEvent.findMany({ where: { entityId: id }, orderBy: { seq: "asc" } })).map((e) => e.action);

/** Waits until the worker's saved progress says it is rendering the PDF. */
const rendering = (exportId: string) =>
  waitFor(
    "the worker to be rendering the PDF",
    async () => {
      const x = await exportOf(exportId);
      if (!["approved", "building"].includes(x.status)) throw new Error(`the export ended before the signal: ${x.status} ${x.error ?? ""}`);
      return x.status === "building" && (x.progress as { step?: string }).step === "Rendering the PDF";
    },
    60_000,
    50,
  );

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
    await waitFor(
      "the next worker to build it",
      async () => {
        const x = await exportOf(exportId);
        if (x.status === "failed" || x.status === "voided") throw new Error(`the build ended ${x.status}: ${x.error ?? x.voidReason}`);
        return x.status === "built";
      },
      120_000,
      250,
    );
  } finally {
    worker.proc.kill("SIGTERM");
    await new Promise((r) => worker.proc.once("exit", r));
  }
}

/** The stored blob is the package: it verifies, and its SHA-256 is the one recorded. */
async function expectStoredPackageVerifies(exportId: string, caseId: string) {
  const x = await exportOf(exportId);
  const chunks: Buffer[] = [];
  for await (const chunk of blobStore().read(x.storageKey!)) chunks.push(chunk as Buffer);
  const zip = new Uint8Array(Buffer.concat(chunks));
  expect(createHash("sha256").update(zip).digest("hex")).toBe(x.sha256);
  expect(x.storageKey).toBe(x.sha256);
  expect(Number(x.sizeBytes)).toBe(zip.byteLength);
  const report = await verifyPackage(zip, {});
  expect(report.ok, JSON.stringify(report.problems)).toBe(true);
  expect(x.pageCount).toBeGreaterThan(ACCOUNTS / 100);
  const production = await db().production.findMany({ where: { caseId } });
  expect(production).toMatchObject([{ exportId, firstNo: 1, lastNo: x.pageCount }]);
  expect(await db().auditEvent.count({ where: { entityId: exportId, action: "export.built" } })).toBe(1);
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
    await expectStoredPackageVerifies(exportId, c.id);
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
    await expectStoredPackageVerifies(exportId, c.id);
    expect(await jobOf(exportId)).toMatchObject({ status: "succeeded", attempts: 1 });
    const actions = await actionsOf(exportId);
    expect(actions).toEqual(["export.request", "export.approve", "export.started", "export.released", "export.started", "export.built"]);
  });
});
