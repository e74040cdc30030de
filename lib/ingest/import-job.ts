// Imports as jobs of the runner (lib/jobs/runner.ts): import_job is the status record people see,
// moved in step with the job, with progress saved on each heartbeat.
import { db } from "../db";
import { Prisma } from "../db/sql";
import type { TJobHandler } from "../jobs/handler";
import { runImport, type TProgress } from "./run-import";

export const importJobHandler: TJobHandler = {
  noun: "Import",
  entityType: "import_job",
  async run(job, ctx) {
    const imp = await db().importJob.findUniqueOrThrow({ where: { id: job.subjectId } });
    await runImport(imp, { job: { id: job.id, workerId: ctx.workerId }, signal: ctx.signal, onProgress: ctx.progress, log: ctx.log });
  },
  async follow(sql, job, to) {
    const now = new Date().toISOString();
    if (to.status === "failed") {
      await sql.query(Prisma.sql`
        UPDATE import_job SET status = 'failed', phase = NULL, "finishedAt" = ${now}::timestamp(3), "errorCount" = 1,
               errors = ${JSON.stringify([{ line: 0, message: to.message }])}::jsonb
         WHERE id = ${job.subjectId} RETURNING id`);
    } else if (to.status === "running") {
      await sql.query(Prisma.sql`UPDATE import_job SET status = 'running', "startedAt" = ${now}::timestamp(3), "rowsDone" = 0, "bytesDone" = 0, phase = NULL WHERE id = ${job.subjectId} RETURNING id`);
    } else {
      await sql.query(Prisma.sql`UPDATE import_job SET status = 'queued', "rowsDone" = 0, "bytesDone" = 0, phase = NULL WHERE id = ${job.subjectId} RETURNING id`);
    }
  },
  async saveProgress(sql, job, progress) {
    const p = progress as TProgress;
    await sql.query(Prisma.sql`UPDATE import_job SET "rowsDone" = ${p.rowsDone}, "bytesDone" = ${p.bytesDone}::bigint, phase = ${p.phase ?? null} WHERE id = ${job.subjectId} AND status = 'running' RETURNING id`);
  },
};
