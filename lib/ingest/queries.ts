// Import jobs as people see them: status, progress, result, errors.
import { visibleCaseId } from "../cases/visibility";
import { db } from "../db";
import type { ImportJob } from "../generated/prisma/client";
import type { TSessionUser } from "../session";

export function importJson(j: ImportJob & { createdBy?: { name: string } }) {
  return {
    id: j.id,
    caseId: j.caseId,
    kind: j.kind,
    status: j.status,
    fileName: j.fileName,
    sha256: j.sha256,
    sizeBytes: Number(j.sizeBytes),
    bytesDone: Number(j.bytesDone),
    rowsTotal: j.rowsTotal,
    rowsDone: j.rowsDone,
    errorCount: j.errorCount,
    errors: j.errors as { line: number; field?: string; message: string }[],
    result: j.result as Record<string, number>,
    evidenceItemId: j.evidenceItemId,
    via: j.via,
    createdBy: j.createdBy?.name ?? null,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    attempts: j.attempts,
  };
}
export type TImportJson = ReturnType<typeof importJson>;

/** One import, when its case is visible to the user (the case comes from the job itself). */
export async function getImport(user: TSessionUser, importId: string) {
  const j = await db().importJob.findUnique({ where: { id: importId }, include: { createdBy: { select: { name: true } } } });
  if (!j || !(await visibleCaseId(user, j.caseId))) return null;
  return importJson(j);
}

export async function listImports(user: TSessionUser, caseId: string, kind?: "accounts" | "exchanges", take = 20) {
  if (!(await visibleCaseId(user, caseId))) return null;
  const rows = await db().importJob.findMany({
    where: { caseId, ...(kind ? { kind } : {}) },
    orderBy: { createdAt: "desc" },
    take,
    include: { createdBy: { select: { name: true } } },
  });
  return rows.map((j) => ({ ...importJson(j), errors: (j.errors as unknown[]).slice(0, 5) as TImportJson["errors"] }));
}
