// Asking for an analysis: a status record and a job, in one audited transaction. While one of the
// same kind is queued or running for the case, asking again joins it rather than starting another.
import { defineAction } from "../action";
import { loadCaseContext } from "../cases/context";
import { onPrisma } from "../db/sql";
import { enqueueJob } from "../jobs/queue";
import { ZRequestAnalysisInput } from "./schema";

export const requestAnalysisAction = defineAction({
  name: "analysis.request",
  input: ZRequestAnalysisInput,
  permission: "case.edit",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, user }) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`analysis:${input.caseId}:${input.kind}`}))`;
    const pending = await tx.analysisRun.findFirst({ where: { caseId: input.caseId, kind: input.kind, status: { in: ["queued", "running"] } }, orderBy: { createdAt: "asc" } });
    const run = pending ?? (await tx.analysisRun.create({ data: { caseId: input.caseId, kind: input.kind, requestedById: user.id } }));
    if (!pending) await enqueueJob(onPrisma(tx), { kind: "analysis", subjectId: run.id, caseId: input.caseId });
    return {
      result: { run, joined: Boolean(pending) },
      audit: { action: "analysis.request", entityType: "analysis_run", entityId: run.id, data: { kind: input.kind, joined: Boolean(pending) } },
    };
  },
});
