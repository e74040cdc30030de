// Analysis runs as the pages and the API show them: the latest of a kind for a case, one by id.
// Access: through reader(user) (lib/access.ts).
import "server-only";
import { reader } from "../access";
import type { AnalysisKind } from "../generated/prisma/client";
import type { TSessionUser } from "../session";

/** The latest analysis of a kind for a case, to show its state and progress. */
export async function latestAnalysis(user: TSessionUser, caseId: string, kind: AnalysisKind) {
  return reader(user).analysisRun.findFirst({ where: { caseId, kind }, orderBy: { createdAt: "desc" }, include: { requestedBy: { select: { name: true } } } });
}

export async function getAnalysis(user: TSessionUser, runId: string) {
  return reader(user).analysisRun.findUnique({ where: { id: runId }, include: { requestedBy: { select: { name: true } } } });
}
