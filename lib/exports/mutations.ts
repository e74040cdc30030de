// The export workflow, each step one audited action: an analyst requests a package for a profile;
// the case's reviewers comment, request changes or approve; approval by anyone but the requester
// records the audit head it covers and queues the build (lib/exports/job.ts).
import { z } from "zod";
import { defineAction } from "../action";
import { checkpointAfterCommit } from "../audit/checkpoints";
import type { TActor } from "../authz";
import { loadCaseContext } from "../cases/context";
import type { Tx } from "../db";
import { onPrisma, Prisma } from "../db/sql";
import { AppError, notFound } from "../errors";
import { exhibitAnchor } from "../findings/markdown";
import { brokenCitations, caseExhibits } from "../findings/targets";
import { enqueueJob } from "../jobs/queue";
import { contentHash } from "./approved-content";
import { ZApproveExport, ZCommentExport, ZRejectExport, ZRequestExport, ZResubmitExport } from "./schema";

async function exportContext(tx: Tx, exportId: string, actor: TActor) {
  const x = await tx.exportPackage.findUnique({ where: { id: exportId } });
  if (!x) throw notFound("That export");
  return { ...(await loadCaseContext(tx, x.caseId, actor)), export: x };
}

/** Why the case's content is not ready to go out, or null: no findings, broken citations. */
export async function contentProblems(tx: Tx, caseId: string): Promise<string | null> {
  const [findings, exhibits] = await Promise.all([tx.finding.findMany({ where: { caseId }, select: { section: true, body: true } }), caseExhibits(tx, caseId)]);
  if (!findings.some((f) => f.body.trim())) return "Write the findings first: the package has nothing to say yet.";
  const live = new Set(exhibits.filter((x) => x.target).map((x) => x.id));
  const broken = findings.flatMap((f) => brokenCitations(f.body, live).map((id) => `${f.section} cites ${exhibitAnchor(id)}`));
  if (broken.length) return `Fix the citations whose exhibit is gone first (${broken.slice(0, 3).join("; ")}${broken.length > 3 ? `; ${broken.length - 3} more` : ""}).`;
  const gone = exhibits.length - live.size;
  if (gone) return `${gone} exhibit(s) point at something no longer in the case: remove them first.`;
  return null;
}

/** The content's hash and the case's reviewers, once the content is fit to go out for review. */
async function contentForReview(tx: Tx, caseId: string) {
  const problem = await contentProblems(tx, caseId);
  if (problem) throw new AppError("bad_input", problem);
  const [hash, reviewers] = await Promise.all([contentHash(tx, caseId), tx.caseMember.findMany({ where: { caseId, role: "reviewer" }, select: { userId: true } })]);
  return { hash, reviewers: reviewers.map((r) => r.userId) };
}

export const requestExportAction = defineAction({
  name: "export.request",
  input: ZRequestExport,
  permission: "export.request",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, ctx, user }) {
    const open = await tx.exportPackage.findFirst({ where: { caseId: ctx.caseId, profile: input.profile, status: { in: ["requested", "changes_requested", "approved", "building", "blocked"] } } });
    if (open) throw new AppError("conflict", `A ${input.profile === "legal_referral" ? "legal referral" : "congressional"} export of this case is already ${open.status.replace("_", " ")}: ${open.status === "blocked" ? "fix what stopped it and resubmit that one" : "finish or void that one first"}.`);
    const { hash, reviewers } = await contentForReview(tx, ctx.caseId);
    const x = await tx.exportPackage.create({ data: { caseId: ctx.caseId, profile: input.profile, requestedById: user.id, contentHash: hash } });
    return { result: x, audit: { action: "export.request", entityType: "export_package", entityId: x.id, data: { profile: x.profile, contentHash: hash, reviewers } } };
  },
});

export const resubmitExportAction = defineAction({
  name: "export.resubmit",
  input: ZResubmitExport,
  permission: "export.request",
  load: (tx, input, actor) => exportContext(tx, input.exportId, actor),
  async run({ tx, ctx }) {
    const x = ctx.export;
    if (x.status !== "changes_requested" && x.status !== "blocked") throw new AppError("conflict", `This export is ${x.status.replace("_", " ")}; only one sent back for changes, or stopped by the congressional guard, can be resubmitted.`);
    const { hash, reviewers } = await contentForReview(tx, ctx.caseId);
    // A stopped build goes back to review only once what stopped it can have changed.
    if (x.status === "blocked" && hash === x.contentHash) throw new AppError("conflict", "Nothing has changed since the build stopped: withhold the values it names, or turn on a redaction rule, then resubmit.");
    const y = await tx.exportPackage.update({ where: { id: x.id }, data: { status: "requested", contentHash: hash, blockers: Prisma.DbNull, approvedById: null, approvedAt: null, auditHeadSeq: null, auditHeadHash: null } });
    return { result: y, audit: { action: "export.request", entityType: "export_package", entityId: x.id, data: { profile: x.profile, contentHash: hash, reviewers } } };
  },
});

export const commentExportAction = defineAction({
  name: "export.comment",
  input: ZCommentExport,
  permission: "case.comment",
  load: (tx, input, actor) => exportContext(tx, input.exportId, actor),
  async run({ tx, input, ctx, user }) {
    const r = await tx.exportReview.create({ data: { exportId: ctx.export.id, authorId: user.id, verdict: "comment", target: input.target, body: input.body } });
    return { result: r, audit: { action: "export.comment", entityType: "export_package", entityId: ctx.export.id, data: { target: input.target, body: input.body.slice(0, 500) } } };
  },
});

export const rejectExportAction = defineAction({
  name: "export.reject",
  input: ZRejectExport,
  permission: "export.review",
  load: (tx, input, actor) => exportContext(tx, input.exportId, actor),
  async run({ tx, input, ctx, user }) {
    const x = ctx.export;
    if (x.status !== "requested") throw new AppError("conflict", `This export is ${x.status.replace("_", " ")}, not waiting for review.`);
    const y = await tx.exportPackage.update({ where: { id: x.id }, data: { status: "changes_requested", comment: input.comment } });
    await tx.exportReview.create({ data: { exportId: x.id, authorId: user.id, verdict: "changes_requested", body: input.comment } });
    return { result: y, audit: { action: "export.reject", entityType: "export_package", entityId: x.id, data: { profile: x.profile, comment: input.comment.slice(0, 500) } } };
  },
});

export const approveExportAction = defineAction({
  name: "export.approve",
  input: ZApproveExport,
  permission: "export.review",
  load: (tx, input, actor) => exportContext(tx, input.exportId, actor),
  // The approval records the audit head it covers; a signed checkpoint pins that head outside the database.
  afterCommit: () => checkpointAfterCommit("export.approve"),
  async run({ tx, input, ctx, user }) {
    const x = ctx.export;
    if (x.requestedById === user.id) throw new AppError("forbidden", "You requested this export: another reviewer must approve it (two-person rule).");
    if (x.status !== "requested") throw new AppError("conflict", `This export is ${x.status.replace("_", " ")}, not waiting for review.`);
    const problem = await contentProblems(tx, ctx.caseId);
    if (problem) throw new AppError("bad_input", problem);
    // The head of the audit chain this approval covers: everything logged before it.
    const [head] = await tx.$queryRaw<Array<{ seq: bigint; hash: string }>>`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`;
    const hash = await contentHash(tx, ctx.caseId);
    const now = new Date();
    const y = await tx.exportPackage.update({
      where: { id: x.id },
      data: { status: "approved", approvedById: user.id, approvedAt: now, auditHeadSeq: head?.seq ?? 0n, auditHeadHash: head?.hash ?? "", contentHash: hash, comment: input.comment, voidReason: null, progress: {} },
    });
    await tx.exportReview.create({ data: { exportId: x.id, authorId: user.id, verdict: "approved", body: input.comment } });
    await tx.job.deleteMany({ where: { kind: "export", subjectId: x.id } });
    await enqueueJob(onPrisma(tx), { kind: "export", subjectId: x.id, caseId: ctx.caseId });
    return {
      result: y,
      audit: {
        action: "export.approve",
        entityType: "export_package",
        entityId: x.id,
        data: { profile: x.profile, requestedBy: x.requestedById, auditHeadSeq: String(head?.seq ?? 0n), auditHeadHash: head?.hash ?? "", contentHash: hash, comment: input.comment.slice(0, 500) },
      },
    };
  },
});

export const retryExportAction = defineAction({
  name: "export.retry",
  input: ZResubmitExport,
  permission: "export.review",
  load: (tx, input, actor) => exportContext(tx, input.exportId, actor),
  async run({ tx, ctx }) {
    const x = ctx.export;
    if (x.status !== "failed") throw new AppError("conflict", `This export is ${x.status.replace("_", " ")}; only a failed build is retried.`);
    const y = await tx.exportPackage.update({ where: { id: x.id }, data: { status: "approved", error: null, progress: {} } });
    await tx.job.deleteMany({ where: { kind: "export", subjectId: x.id } });
    await enqueueJob(onPrisma(tx), { kind: "export", subjectId: x.id, caseId: ctx.caseId });
    return { result: y, audit: { action: "export.retry", entityType: "export_package", entityId: x.id, data: { profile: x.profile, error: x.error ?? "" } } };
  },
});

export const recordExportDownloadAction = defineAction({
  name: "export.download",
  input: z.object({ exportId: z.string().min(1), via: z.enum(["api", "ui"]).default("ui") }),
  permission: "case.view",
  load: (tx, input, actor) => exportContext(tx, input.exportId, actor),
  async run({ ctx }) {
    const x = ctx.export;
    if (x.status !== "built" || !x.storageKey || !x.sha256) throw new AppError("conflict", `This export is ${x.status.replace("_", " ")}: there is no package to download yet.`);
    return { result: x, audit: { action: "export.download", entityType: "export_package", entityId: x.id, data: { profile: x.profile, sha256: x.sha256 } } };
  },
});
