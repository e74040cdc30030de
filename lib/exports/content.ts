// What an export carries, as one SHA-256: the findings, the exhibits in order with captions, and
// the redactions. Taken when an export is requested and when it is approved; the build refuses to
// run when the content no longer matches what was approved, and every change to it voids the
// approvals not yet built (voidApprovals), saying why.
import { createHash } from "node:crypto";
import type { Tx } from "../db";

export async function contentHash(tx: Tx, caseId: string): Promise<string> {
  const [findings, exhibits, redactions] = await Promise.all([
    tx.finding.findMany({ where: { caseId }, orderBy: { section: "asc" }, select: { section: true, body: true } }),
    tx.exhibit.findMany({ where: { caseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, kind: true, targetId: true, caption: true } }),
    tx.redaction.findMany({ where: { caseId }, orderBy: { id: "asc" }, select: { id: true, kind: true, rule: true, exchangeId: true, field: true, spanStart: true, spanEnd: true, reason: true } }),
  ]);
  const canonical = JSON.stringify({
    findings: findings.filter((f) => f.body.trim() !== ""),
    exhibits,
    redactions: redactions.map((r) => ({ ...r, exchangeId: r.exchangeId?.toString() ?? null })),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** Voids every approval of the case's exports that has not been built yet; returns their ids. */
export async function voidApprovals(tx: Tx, caseId: string, reason: string): Promise<string[]> {
  const hit = await tx.exportPackage.findMany({ where: { caseId, status: { in: ["approved", "building"] } }, select: { id: true } });
  if (hit.length === 0) return [];
  await tx.exportPackage.updateMany({ where: { id: { in: hit.map((h) => h.id) } }, data: { status: "voided", voidReason: reason } });
  await tx.job.updateMany({ where: { kind: "export", subjectId: { in: hit.map((h) => h.id) }, status: "queued" }, data: { status: "failed", lastError: `voided: ${reason}`, finishedAt: new Date() } });
  return hit.map((h) => h.id);
}
