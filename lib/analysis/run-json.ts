// An analysis run as the API and the browser see it.
import type { AnalysisRun } from "../generated/prisma/client";

export function analysisJson(r: AnalysisRun) {
  return {
    id: r.id,
    caseId: r.caseId,
    kind: r.kind,
    status: r.status,
    progress: r.progress,
    result: r.result,
    error: r.error,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export type TAnalysisJson = ReturnType<typeof analysisJson>;
