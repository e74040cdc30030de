// Analyses (cluster suggestion, template grouping, rule flags) as jobs of the runner
// (lib/jobs/runner.ts): analysis_run is the status record people see, moved in step with the job,
// with progress saved on each heartbeat. Each kind's runner (runners.ts) commits its outcome with
// finishRun (run-context.ts).
import { db } from "../db";
import { Prisma } from "../db/sql";
import type { TJobHandler } from "../jobs/handler";
import { ANALYSIS_RUNNERS } from "./runners";

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
