// Submitting a file for import: store its bytes (content-addressed), then queue a job through the
// audited write path. The same bytes already imported (or on their way) into the case are
// recognised by SHA-256 and answered with the earlier import, changing nothing.
import { defineAction, runAction, type TResult } from "../action";
import { can, type TActor } from "../authz";
import { loadCaseContext } from "../cases/context";
import { db } from "../db";
import { onPrisma } from "../db/sql";
import { enqueueJob } from "../jobs/queue";
import { env } from "../env";
import { AppError, toActionError } from "../errors";
import type { ImportJob } from "../generated/prisma/client";
import { blobStore } from "../storage/store";
import { ZImportFileName, ZImportKind, ZSubmitImportInput } from "./schema";

export const submitImportAction = defineAction({
  name: "import.submit",
  input: ZSubmitImportInput,
  permission: "case.import",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, user }) {
    // One submitter at a time per case, so two uploads of one file cannot both start.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.caseId}))`;
    const earlier = await tx.importJob.findFirst({
      where: { caseId: input.caseId, sha256: input.sha256, status: { in: ["queued", "running", "succeeded"] } },
      orderBy: { createdAt: "asc" },
    });
    if (earlier) {
      return {
        result: { job: earlier, duplicate: true },
        audit: { action: "import.duplicate", entityType: "import_job", entityId: earlier.id, data: { fileName: input.fileName, sha256: input.sha256, via: input.via } },
      };
    }
    const job = await tx.importJob.create({
      data: { caseId: input.caseId, kind: input.kind, via: input.via, fileName: input.fileName, sha256: input.sha256, sizeBytes: BigInt(input.sizeBytes), createdById: user.id },
    });
    await enqueueJob(onPrisma(tx), { kind: "import", subjectId: job.id, caseId: input.caseId });
    return {
      result: { job, duplicate: false },
      audit: { action: "import.submit", entityType: "import_job", entityId: job.id, data: { kind: input.kind, fileName: input.fileName, sha256: input.sha256, sizeBytes: input.sizeBytes, via: input.via } },
    };
  },
});

export type TSubmitted = { job: ImportJob; duplicate: boolean };

/** Checks access before reading a byte, streams the body to storage, then queues the job. */
export async function submitImport(
  actor: TActor | null,
  args: { caseId: string; kind: string; fileName: string; via: "ui" | "api" | "cli" | "seed"; body: AsyncIterable<Uint8Array> | null },
): Promise<TResult<TSubmitted>> {
  try {
    if (!actor) throw new AppError("unauthenticated", "Sign in first.");
    const kind = ZImportKind.safeParse(args.kind);
    if (!kind.success) throw new AppError("bad_input", "Say what the file holds: kind=accounts or kind=exchanges.", [{ field: "kind", message: kind.error.issues[0].message }]);
    // Before a byte is stored: a refused name should not leave its file behind.
    const name = ZImportFileName.safeParse(args.fileName);
    if (!name.success) throw new AppError("bad_input", name.error.issues[0].message, [{ field: "filename", message: name.error.issues[0].message }]);
    const ctx = await db().$transaction((tx) => loadCaseContext(tx, args.caseId, actor));
    const d = can(actor, "case.import", ctx.facts);
    if (!d.ok) throw new AppError("forbidden", d.reason);
    if (!args.body) throw new AppError("bad_input", "The request has no file in its body.");
    const blob = await blobStore().put(args.body, env().CASEBOOK_MAX_UPLOAD_BYTES);
    if (blob.size === 0) throw new AppError("bad_input", "The file is empty.");
    return runAction(submitImportAction, actor, { caseId: args.caseId, kind: kind.data, fileName: args.fileName, sha256: blob.sha256, sizeBytes: blob.size, via: args.via });
  } catch (e) {
    return { ok: false, error: toActionError(e) };
  }
}
