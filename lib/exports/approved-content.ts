// What an export carries, as one SHA-256: the findings, the exhibits in order with captions, and
// the redactions. Taken when an export is requested and when it is approved; the build refuses to
// run when the content no longer matches what was approved, and every change to it voids the
// approvals not yet built (voidApprovals), saying why.
import { createHash } from "node:crypto";
import type { TAuditNote } from "../audit/events";
import type { Tx } from "../db";
import { onPrisma } from "../db/sql";
import { cancelQueuedJobs } from "../jobs/queue";

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

export type TVoided = { ids: string[]; events: TAuditNote[] };

/**
 * Voids every approval of the case's exports that has not been built yet, and cancels their queued
 * builds through the job queue; returns their ids and one `export.void` event each, for the
 * action that changed the content to record in its transaction (its `also`).
 */
export async function voidApprovals(tx: Tx, caseId: string, reason: string): Promise<TVoided> {
  const hit = await tx.exportPackage.findMany({ where: { caseId, status: { in: ["approved", "building"] } }, select: { id: true } });
  if (hit.length === 0) return { ids: [], events: [] };
  const ids = hit.map((h) => h.id);
  await tx.exportPackage.updateMany({ where: { id: { in: ids } }, data: { status: "voided", voidReason: reason } });
  const cancelled = new Set(await cancelQueuedJobs(onPrisma(tx), "export", ids, `voided: ${reason}`));
  return {
    ids,
    events: ids.map((id) => ({ action: "export.void", entityType: "export_package", entityId: id, data: { reason, buildCancelled: cancelled.has(id) } })),
  };
}

/** No approval was voided: for the actions that change nothing an approval covers. */
export const NOTHING_VOIDED: TVoided = { ids: [], events: [] };
