// Export builds as jobs of the runner (lib/jobs/runner.ts): export_package is the status record
// people see, moved in step with the job, with progress saved on each heartbeat. The package is
// stored by content address first (idempotent: a retry writes the same bytes) and only then
// committed, with the production log's Bates range and the audit event, in one transaction.
import { z } from "zod";
import { defineSystemAction, mustRunAction } from "../action";
import { workerActor } from "../actors";
import { checkpointAfterCommit } from "../audit/checkpoints";
import type { TPerson } from "../authz";
import { db } from "../db";
import { onPrisma, Prisma } from "../db/sql";
import { AppError } from "../errors";
import { JobCancelledError, type TJobHandler } from "../jobs/handler";
import { finishJob } from "../jobs/queue";
import { blobStore } from "../storage/store";
import { buildPackage } from "./build";
import { contentHash } from "./approved-content";
import { PackageBlockedError } from "./guard";

const ZJobRef = z.object({ id: z.string(), workerId: z.string() });

export const storePackageAction = defineSystemAction({
  name: "export.built",
  input: z.object({
    exportId: z.string(),
    job: ZJobRef,
    sha256: z.string(),
    sizeBytes: z.number().int(),
    storageKey: z.string(),
    pageCount: z.number().int(),
    batesFirst: z.string(),
    batesLast: z.string(),
    prefix: z.string(),
    firstNo: z.number().int(),
    lastNo: z.number().int(),
    files: z.number().int(),
    contentHash: z.string(),
  }),
  permission: "job.run",
  // Every built package is covered by a signed checkpoint of the audit head, written once the build
  // has committed (the file is outside the database; a crash before it: the worker's next one covers it).
  afterCommit: () => checkpointAfterCommit("export.built"),
  load: async (tx, input) => {
    const x = await tx.exportPackage.findUniqueOrThrow({ where: { id: input.exportId } });
    return { caseId: x.caseId, export: x };
  },
  async run({ tx, input, ctx }) {
    const x = ctx.export;
    if (x.status !== "building") throw new AppError("conflict", `export ${x.id} is ${x.status}, not building`);
    if (x.contentHash !== input.contentHash) throw new AppError("conflict", `export ${x.id}'s content changed during the build`);
    await tx.production.upsert({
      where: { exportId: x.id },
      create: { caseId: x.caseId, exportId: x.id, prefix: input.prefix, firstNo: input.firstNo, lastNo: input.lastNo },
      update: { lastNo: input.lastNo },
    });
    const y = await tx.exportPackage.update({
      where: { id: x.id },
      data: { status: "built", sha256: input.sha256, sizeBytes: BigInt(input.sizeBytes), storageKey: input.storageKey, pageCount: input.pageCount, batesFirst: input.batesFirst, batesLast: input.batesLast, builtAt: new Date(), error: null },
    });
    await finishJob(onPrisma(tx), input.job, "succeeded");
    return {
      result: y,
      audit: { action: "export.built", entityType: "export_package", entityId: x.id, data: { profile: x.profile, sha256: input.sha256, bytes: input.sizeBytes, pages: input.pageCount, batesFirst: input.batesFirst, batesLast: input.batesLast, files: input.files } },
    };
  },
});

export const voidExportAction = defineSystemAction({
  name: "export.void",
  input: z.object({ exportId: z.string(), job: ZJobRef, reason: z.string() }),
  permission: "job.run",
  load: async (tx, input) => ({ caseId: (await tx.exportPackage.findUniqueOrThrow({ where: { id: input.exportId } })).caseId }),
  async run({ tx, input }) {
    const y = await tx.exportPackage.update({ where: { id: input.exportId }, data: { status: "voided", voidReason: input.reason } });
    await finishJob(onPrisma(tx), input.job, "succeeded");
    return { result: y, audit: { action: "export.void", entityType: "export_package", entityId: input.exportId, data: { reason: input.reason } } };
  },
});

/** The congressional guard stopped the build: a policy stop, recorded with what and where, not a failure. */
export const blockExportAction = defineSystemAction({
  name: "export.blocked",
  input: z.object({
    exportId: z.string(),
    job: ZJobRef,
    blockers: z.array(z.object({ kind: z.string(), rule: z.string(), masked: z.string(), where: z.array(z.string()) })),
  }),
  permission: "job.run",
  load: async (tx, input) => {
    const x = await tx.exportPackage.findUniqueOrThrow({ where: { id: input.exportId } });
    return { caseId: x.caseId, export: x };
  },
  async run({ tx, input, ctx }) {
    const x = ctx.export;
    if (x.status !== "building") throw new AppError("conflict", `export ${x.id} is ${x.status}, not building`);
    const y = await tx.exportPackage.update({ where: { id: x.id }, data: { status: "blocked", blockers: input.blockers, error: null, progress: {} } });
    await finishJob(onPrisma(tx), input.job, "succeeded");
    return {
      result: y,
      audit: { action: "export.blocked", entityType: "export_package", entityId: x.id, data: { profile: x.profile, blockers: input.blockers.map((b) => ({ kind: b.kind, masked: b.masked, where: b.where[0] ?? "" })) } },
    };
  },
});

async function* once(bytes: Uint8Array) {
  yield bytes;
}

export const exportJobHandler: TJobHandler = {
  noun: "Export build",
  entityType: "export_package",
  async run(job, ctx) {
    const x = await db().exportPackage.findUniqueOrThrow({ where: { id: job.subjectId } });
    const requester = (await db().user.findUnique({ where: { id: x.requestedById }, select: { id: true, email: true, name: true, role: true, disabled: true } })) as TPerson | null;
    const actor = workerActor(ctx.workerId, requester ?? undefined);
    const ref = { id: job.id, workerId: ctx.workerId };
    const now = await db().$transaction((tx) => contentHash(tx, x.caseId));
    if (now !== x.contentHash) {
      await mustRunAction(voidExportAction, actor, { exportId: x.id, job: ref, reason: "The findings, exhibits or redactions changed after the approval; request the export again." });
      return;
    }
    let built: Awaited<ReturnType<typeof buildPackage>>;
    try {
      built = await buildPackage(x, (p) => ctx.progress(p), ctx.signal);
    } catch (e) {
      if (!(e instanceof PackageBlockedError)) throw e;
      await mustRunAction(blockExportAction, actor, { exportId: x.id, job: ref, blockers: e.blockers });
      return;
    }
    if (ctx.signal.aborted) throw new JobCancelledError();
    const stored = await blobStore().put(once(built.zip), built.zip.byteLength);
    await mustRunAction(storePackageAction, actor, {
      exportId: x.id,
      job: ref,
      sha256: stored.sha256,
      sizeBytes: stored.size,
      storageKey: stored.key,
      pageCount: built.pageCount,
      batesFirst: built.batesFirst,
      batesLast: built.batesLast,
      prefix: built.prefix,
      firstNo: built.batesStart,
      lastNo: built.batesEnd,
      files: built.files,
      contentHash: x.contentHash,
    });
  },
  async follow(sql, job, to) {
    if (to.status === "failed") {
      await sql.query(Prisma.sql`UPDATE export_package SET status = 'failed', error = ${to.message} WHERE id = ${job.subjectId} AND status IN ('approved', 'building') RETURNING id`);
    } else if (to.status === "running") {
      await sql.query(Prisma.sql`UPDATE export_package SET status = 'building', progress = '{}' WHERE id = ${job.subjectId} AND status IN ('approved', 'building') RETURNING id`);
    } else {
      await sql.query(Prisma.sql`UPDATE export_package SET status = 'approved', progress = '{}' WHERE id = ${job.subjectId} AND status IN ('approved', 'building', 'failed') RETURNING id`);
    }
  },
  async saveProgress(sql, job, progress) {
    await sql.query(Prisma.sql`UPDATE export_package SET progress = ${JSON.stringify(progress)}::jsonb WHERE id = ${job.subjectId} AND status = 'building' RETURNING id`);
  },
};
