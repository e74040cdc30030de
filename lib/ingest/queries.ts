// Import jobs as people see them: status, progress, result, errors.
import { reader, type TReader } from "../access";
import type { ImportJob } from "../generated/prisma/client";
import type { TSessionUser } from "../session";

/** An import as the API and the UI show it; `attempts` comes from its job in the runner's queue. */
export function importJson(j: ImportJob & { createdBy?: { name: string } }, attempts = 0) {
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
    phase: j.phase,
    errorCount: j.errorCount,
    errors: j.errors as { line: number; field?: string; message: string }[],
    result: j.result as Record<string, number>,
    evidenceItemId: j.evidenceItemId,
    via: j.via,
    createdBy: j.createdBy?.name ?? null,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    attempts,
  };
}
export type TImportJson = ReturnType<typeof importJson>;

/** One import, when its case is visible to the user (the case comes from the job itself). */
export async function getImport(user: TSessionUser, importId: string) {
  const read = reader(user);
  const j = await read.importJob.findUnique({ where: { id: importId }, include: { createdBy: { select: { name: true } } } });
  if (!j) return null;
  return importJson(j, (await attemptsOf(read, [j.id])).get(j.id));
}

export async function listImports(user: TSessionUser, caseId: string, kind?: "accounts" | "exchanges", take = 20) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const rows = await read.importJob.findMany({
    where: { caseId, ...(kind ? { kind } : {}) },
    orderBy: { createdAt: "desc" },
    take,
    include: { createdBy: { select: { name: true } } },
  });
  const attempts = await attemptsOf(read, rows.map((j) => j.id));
  return rows.map((j) => ({ ...importJson(j, attempts.get(j.id)), errors: (j.errors as unknown[]).slice(0, 5) as TImportJson["errors"] }));
}

async function attemptsOf(read: TReader, importIds: string[]): Promise<Map<string, number>> {
  if (importIds.length === 0) return new Map();
  const jobs = await read.job.findMany({ where: { kind: "import", subjectId: { in: importIds } }, select: { subjectId: true, attempts: true } });
  return new Map(jobs.map((j) => [j.subjectId, j.attempts]));
}
