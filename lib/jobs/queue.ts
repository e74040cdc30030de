// The job queue's two writes that other transactions make: putting a job in (with the action that
// creates its status record) and finishing one (in the kind's own final transaction, beside its
// outcome and audit event). SQL through lib/db/sql.ts, so both work on Prisma and on raw `pg`.
import { Prisma, type TSql } from "../db/sql";

/** Kinds of background job; each has a handler in lib/jobs/registry.ts. */
export const JOB_KINDS = ["import", "analysis", "export"] as const;
export type TJobKind = (typeof JOB_KINDS)[number];

/** Workers LISTEN on this channel, so a new job starts at once rather than at the next poll. */
export const JOB_CHANNEL = "casebook_jobs";

export async function enqueueJob(sql: TSql, job: { kind: TJobKind; subjectId: string; caseId: string | null; maxAttempts?: number }): Promise<string> {
  const [row] = await sql.query<{ id: string }>(Prisma.sql`
    INSERT INTO job (id, kind, "subjectId", "caseId", status, attempts, "maxAttempts", "createdAt")
    VALUES (gen_random_uuid()::text, ${job.kind}, ${job.subjectId}, ${job.caseId}, 'queued', 0, ${job.maxAttempts ?? 3}, ${new Date().toISOString()}::timestamp(3))
    RETURNING id`);
  // Delivered when the transaction commits, never before.
  await sql.query(Prisma.sql`SELECT pg_notify(${JOB_CHANNEL}, ${row.id})::text`);
  return row.id;
}

/** Thrown inside a kind's final transaction when the job is no longer this worker's: it rolls back. */
export class JobLostError extends Error {}

/**
 * Marks a job done, from inside the transaction that commits its outcome. Only the worker that
 * holds it may: a worker whose job was taken away (it went silent and the job was requeued) rolls
 * back instead of committing the same work twice.
 */
export async function finishJob(sql: TSql, job: { id: string; workerId: string }, status: "succeeded" | "failed", lastError: string | null = null): Promise<void> {
  const rows = await sql.query(Prisma.sql`
    UPDATE job SET status = ${status}::"JobStatus", "finishedAt" = ${new Date().toISOString()}::timestamp(3), "lastError" = ${lastError}
     WHERE id = ${job.id} AND "workerId" = ${job.workerId} AND status = 'running'
    RETURNING id`);
  if (!rows.length) throw new JobLostError(`job ${job.id} is no longer held by ${job.workerId}; its work was rolled back`);
}

/**
 * Fails the queued jobs of these subjects before any worker takes them (the export they would build
 * was voided). Jobs already running are left to the runner: their build finds the export voided and
 * stops. Returns the subjects whose job was cancelled. The caller records why, in its transaction.
 */
export async function cancelQueuedJobs(sql: TSql, kind: TJobKind, subjectIds: string[], reason: string): Promise<string[]> {
  if (subjectIds.length === 0) return [];
  const rows = await sql.query<{ subjectId: string }>(Prisma.sql`
    UPDATE job SET status = 'failed', "lastError" = ${reason}, "finishedAt" = ${new Date().toISOString()}::timestamp(3)
     WHERE kind = ${kind} AND "subjectId" = ANY(${subjectIds}::text[]) AND status = 'queued'
    RETURNING "subjectId"`);
  return rows.map((r) => r.subjectId);
}
