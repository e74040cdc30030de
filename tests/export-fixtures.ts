// An export build worth interrupting, and what a finished one must be: shared by the worker crash
// test and the two-host test.
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { runAction } from "../lib/action";
import type { TPerson } from "../lib/authz";
import { setCaseTeamAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { approveExportAction, requestExportAction } from "../lib/exports/mutations";
import { citationMarkup } from "../lib/findings/markdown";
import { addExhibitAction, saveFindingAction } from "../lib/findings/mutations";
import { verifyPackage } from "../lib/package/verify";
import { blobStore } from "../lib/storage/store";
import { makeUser } from "./fixtures";
import { waitFor } from "./import-client";

/** An accounts file of `n` accounts, each with an email (which the appendix lists, a row each). */
export function manyAccountsCsv(n: number, prefix = "x_"): string {
  return "account_id,created_at,email\n" + Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(6, "0")},2026-04-0${1 + (i % 9)}T00:00:00Z,u${i}@example.net`).join("\n") + "\n";
}

/**
 * Every account of the case in one accepted cluster, cited by the findings, and a legal referral
 * requested and approved by a reviewer (not yet built): its export id.
 */
export async function approvedReferralOfEveryAccount(caseId: string, analyst: TPerson): Promise<string> {
  // No action adds thousands of members at once: the accepted cluster is written directly.
  const cluster = await db().cluster.create({ data: { caseId, name: "the campaign", origin: "analyst", status: "accepted", decidedById: analyst.id, decidedAt: new Date() } });
  await db().$executeRaw`INSERT INTO cluster_member ("clusterId", "accountId") SELECT ${cluster.id}, id FROM account WHERE "caseId" = ${caseId}`;
  const reviewer = await makeUser("reviewer");
  expect((await runAction(setCaseTeamAction, analyst, { caseId, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] })).ok).toBe(true);
  const exhibit = await runAction(addExhibitAction, analyst, { caseId, kind: "cluster", targetId: cluster.id });
  if (!exhibit.ok) throw new Error(exhibit.error.message);
  expect((await runAction(saveFindingAction, analyst, { caseId, section: "summary", body: `The accounts of ${citationMarkup(exhibit.data.id)} are one campaign.`, version: 0 })).ok).toBe(true);
  const req = await runAction(requestExportAction, analyst, { caseId, profile: "legal_referral" });
  if (!req.ok) throw new Error(req.error.message);
  expect(await runAction(approveExportAction, reviewer, { exportId: req.data.id })).toMatchObject({ ok: true, data: { status: "approved" } });
  return req.data.id;
}

export const exportOf = (id: string) => db().exportPackage.findUniqueOrThrow({ where: { id } });

/** Waits until a worker's saved progress says it is rendering the PDF. */
export const rendering = (exportId: string) =>
  waitFor(
    "a worker to be rendering the PDF",
    async () => {
      const x = await exportOf(exportId);
      if (!["approved", "building"].includes(x.status)) throw new Error(`the export ended before the signal: ${x.status} ${x.error ?? ""}`);
      return x.status === "building" && (x.progress as { step?: string }).step === "Rendering the PDF";
    },
    120_000,
    50,
  );

/** Waits until the export is built, by whichever worker; fails at once if it fails or is voided. */
export const built = (exportId: string, by = "a worker") =>
  waitFor(
    `${by} to build the package`,
    async () => {
      const x = await exportOf(exportId);
      if (x.status === "failed" || x.status === "voided") throw new Error(`the build ended ${x.status}: ${x.error ?? x.voidReason}`);
      return x.status === "built";
    },
    180_000,
    250,
  );

/** The stored blob is the package: it verifies (against `fingerprint` when given), and its SHA-256 is the one recorded. */
export async function expectStoredPackageVerifies(exportId: string, caseId: string, minPages: number, fingerprint?: string) {
  const x = await exportOf(exportId);
  const chunks: Buffer[] = [];
  for await (const chunk of blobStore().read(x.storageKey!)) chunks.push(chunk as Buffer);
  const zip = new Uint8Array(Buffer.concat(chunks));
  expect(createHash("sha256").update(zip).digest("hex")).toBe(x.sha256);
  expect(Number(x.sizeBytes)).toBe(zip.byteLength);
  const report = await verifyPackage(zip, fingerprint ? { trustedFingerprint: fingerprint } : {});
  expect(report.ok, JSON.stringify(report.problems)).toBe(true);
  if (fingerprint) expect(report.trust).toMatchObject({ status: "confirmed", trustedFingerprint: fingerprint });
  expect(x.pageCount).toBeGreaterThan(minPages);
  const production = await db().production.findMany({ where: { caseId } });
  expect(production).toMatchObject([{ exportId, firstNo: 1, lastNo: x.pageCount }]);
  expect(await db().auditEvent.count({ where: { entityId: exportId, action: "export.built" } })).toBe(1);
  return zip;
}
