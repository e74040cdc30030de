// Analyses (cluster suggestion, template grouping, rule flags) as jobs of the runner
// (lib/jobs/runner.ts): analysis_run is the status record people see, moved in step with the job,
// with progress saved on each heartbeat. Each kind's runner commits its outcome with finishJob.
import { workerActor } from "../actors";
import type { TPerson } from "../authz";
import { db } from "../db";
import { Prisma } from "../db/sql";
import type { AnalysisRun } from "../generated/prisma/client";
import type { TJobContext, TJobHandler } from "../jobs/handler";
import { ANALYSIS_RUNNERS } from "./runners";

export type TAnalysisContext = TJobContext & { job: { id: string; workerId: string } };

/** The worker, acting for whoever asked for the run (the audit event names both). */
export async function analysisActor(run: AnalysisRun, ctx: TAnalysisContext) {
  const requester = run.requestedById
    ? ((await db().user.findUnique({ where: { id: run.requestedById }, select: { id: true, email: true, name: true, role: true, disabled: true } })) as TPerson | null)
    : null;
  return workerActor(ctx.workerId, requester ?? undefined);
}
export type TAnalysisRunner = (run: AnalysisRun, ctx: TAnalysisContext) => Promise<void>;

export const analysisJobHandler: TJobHandler = {
  noun: "Analysis",
  entityType: "analysis_run",
  async run(job, ctx) {
    const run = await db().analysisRun.findUniqueOrThrow({ where: { id: job.subjectId } });
    const runner = ANALYSIS_RUNNERS[run.kind];
    if (!runner) throw new Error(`no runner for analyses of kind ${run.kind}`);
    await runner(run, { ...ctx, job: { id: job.id, workerId: ctx.workerId } });
  },
  async follow(sql, job, to) {
    const now = new Date().toISOString();
    if (to.status === "failed") {
      await sql.query(Prisma.sql`UPDATE analysis_run SET status = 'failed', "finishedAt" = ${now}::timestamp(3), error = ${to.message} WHERE id = ${job.subjectId} RETURNING id`);
    } else if (to.status === "running") {
      await sql.query(Prisma.sql`UPDATE analysis_run SET status = 'running', "startedAt" = ${now}::timestamp(3), progress = '{}' WHERE id = ${job.subjectId} RETURNING id`);
    } else {
      await sql.query(Prisma.sql`UPDATE analysis_run SET status = 'queued', progress = '{}' WHERE id = ${job.subjectId} RETURNING id`);
    }
  },
  async saveProgress(sql, job, progress) {
    await sql.query(Prisma.sql`UPDATE analysis_run SET progress = ${JSON.stringify(progress)}::jsonb WHERE id = ${job.subjectId} AND status = 'running' RETURNING id`);
  },
};
