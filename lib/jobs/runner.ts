// The one job runner. Jobs of every kind sit in the `job` table; a worker claims the oldest queued
// one (FOR UPDATE SKIP LOCKED), beats a heartbeat while its handler runs, and:
//   - the handler commits the outcome itself, finishing the job in that same transaction;
//   - on SIGTERM (the signal aborts) the job is handed back at once, not counted as a try;
//   - on a server error it fails, with the reason;
//   - if the worker dies (kill -9, a lost machine), another worker puts the job back: at once when
//     the dead worker was on this host, else once its heartbeat is CASEBOOK_JOB_STALE_MS old; after
//     its last try, it fails.
// Every change of a job's state is an action (lib/action.ts) that moves the kind's status record in
// step and appends the audit event, in one transaction. Workers LISTEN for new jobs.
//
// Why not pg-boss or graphile-worker: this keeps what they would cost us. A handler's outcome, its
// status record, the job's end and the audit event commit together; a job of a dead local worker
// is back in the queue within a second (pg-boss's heartbeats are 10 s at least, graphile-worker
// reclaims locked jobs after 4 hours); a handed-back job keeps its tries; and the queue lives in
// our own migrations, so a backup of the database is a backup of the queue.
import pg from "pg";
import { z } from "zod";
import { defineSystemAction, runAction } from "../action";
import { workerActor } from "../actors";
import { db, type Tx } from "../db";
import { onPrisma, Prisma } from "../db/sql";
import { directDatabaseUrl, env, hostName } from "../env";
import { AppError } from "../errors";
import { JobCancelledError, type TJob } from "./handler";
import { JOB_CHANNEL, JobLostError } from "./queue";
import { jobHandler } from "./registry";
import { SigningKeyMismatchError } from "../signing/identity";

/**
 * Locks one job row. Claiming skips rows others hold; a worker acting on its own job (release,
 * fail) waits instead: its heartbeat may hold the row for a moment, and skipping it then would
 * leave the job "running" for a worker that has stopped.
 */
async function lockJob(tx: Tx, where: Prisma.Sql, wait = false): Promise<TJob> {
  const rows = wait
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM job WHERE ${where} ORDER BY "createdAt" FOR UPDATE LIMIT 1`
    : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM job WHERE ${where} ORDER BY "createdAt" FOR UPDATE SKIP LOCKED LIMIT 1`;
  if (!rows.length) throw new AppError("not_found", "No such job to act on.");
  return (await tx.job.findUniqueOrThrow({ where: { id: rows[0].id } })) as TJob;
}

const about = (job: TJob) => ({ entityType: jobHandler(job.kind).entityType, entityId: job.subjectId, caseId: job.caseId });

const ZWorker = z.string().min(1);

export const claimJobAction = defineSystemAction({
  name: "job.claim",
  input: z.object({ workerId: ZWorker, jobId: z.string().optional() }),
  permission: "job.run",
  async load(tx, input) {
    const job = await lockJob(tx, Prisma.sql`status = 'queued' ${input.jobId ? Prisma.sql`AND id = ${input.jobId}` : Prisma.empty}`);
    return { caseId: job.caseId, job };
  },
  async run({ tx, input, ctx }) {
    const now = new Date();
    const job = (await tx.job.update({
      where: { id: ctx.job.id },
      data: { status: "running", workerId: input.workerId, startedAt: now, heartbeatAt: now, attempts: { increment: 1 }, lastError: null },
    })) as TJob;
    await jobHandler(job.kind).follow(onPrisma(tx), job, { status: "running" });
    return { result: job, audit: { action: `${job.kind}.started` as const, ...about(job), data: { attempt: job.attempts } } };
  },
});

export const releaseJobAction = defineSystemAction({
  name: "job.release",
  input: z.object({ workerId: ZWorker, jobId: z.string() }),
  permission: "job.run",
  load: async (tx, input) => ({ caseId: null, job: await lockJob(tx, Prisma.sql`id = ${input.jobId} AND "workerId" = ${input.workerId} AND status = 'running'`, true) }),
  async run({ tx, input, ctx }) {
    // Handed back, not failed: the try does not count.
    const job = (await tx.job.update({ where: { id: ctx.job.id }, data: { status: "queued", workerId: null, heartbeatAt: null, attempts: { decrement: 1 } } })) as TJob;
    await jobHandler(job.kind).follow(onPrisma(tx), job, { status: "queued" });
    return { result: job, audit: { action: `${job.kind}.released` as const, ...about(job), data: { attempt: ctx.job.attempts, worker: input.workerId } } };
  },
});

export const failJobAction = defineSystemAction({
  name: "job.fail",
  input: z.object({ workerId: ZWorker, jobId: z.string(), error: z.string() }),
  permission: "job.run",
  load: async (tx, input) => ({ caseId: null, job: await lockJob(tx, Prisma.sql`id = ${input.jobId} AND "workerId" = ${input.workerId} AND status = 'running'`, true) }),
  async run({ tx, input, ctx }) {
    const error = input.error.slice(0, 500);
    const job = (await tx.job.update({ where: { id: ctx.job.id }, data: { status: "failed", finishedAt: new Date(), lastError: error } })) as TJob;
    const h = jobHandler(job.kind);
    await h.follow(onPrisma(tx), job, { status: "failed", message: `the ${h.noun.toLowerCase()} stopped on a server error (${error.slice(0, 200)}); nothing of it was written. Retry it.` });
    return { result: job, audit: { action: `${job.kind}.failed` as const, ...about(job), data: { error } } };
  },
});

export const reapJobAction = defineSystemAction({
  name: "job.reap",
  input: z.object({ jobId: z.string(), silentSince: z.coerce.date() }),
  permission: "job.run",
  load: async (tx, input) => ({
    caseId: null,
    job: await lockJob(tx, Prisma.sql`id = ${input.jobId} AND status = 'running' AND ("heartbeatAt" IS NULL OR "heartbeatAt" < ${input.silentSince.toISOString()}::timestamp(3))`),
  }),
  async run({ tx, ctx }) {
    const before = ctx.job;
    const giveUp = before.attempts >= before.maxAttempts;
    const h = jobHandler(before.kind);
    const job = (await tx.job.update({
      where: { id: before.id },
      data: giveUp ? { status: "failed", finishedAt: new Date(), lastError: "interrupted too many times" } : { status: "queued", workerId: null, heartbeatAt: null },
    })) as TJob;
    await h.follow(
      onPrisma(tx),
      job,
      giveUp
        ? { status: "failed", message: `the ${h.noun.toLowerCase()} was interrupted ${before.attempts} times (worker crash or restart); nothing of it was written. Retry it, or ask an admin to check the worker.` }
        : { status: "queued" },
    );
    const data = { attempts: before.attempts, lostWorker: before.workerId };
    return { result: job, audit: giveUp ? { action: `${job.kind}.abandoned` as const, ...about(job), data } : { action: `${job.kind}.requeued` as const, ...about(job), data } };
  },
});

/** Claims the oldest queued job (or the one named), or null when there is none to claim. */
export async function claimJob(workerId: string, jobId?: string): Promise<TJob | null> {
  const r = await runAction(claimJobAction, workerActor(workerId), { workerId, jobId });
  if (r.ok) return r.data;
  if (r.error.code === "not_found") return null;
  throw new Error(`claiming a job failed: ${r.error.message}`);
}

function isDeadLocalWorker(workerId: string | null): boolean {
  const m = /^(.*):(\d+)$/.exec(workerId ?? "");
  if (!m || m[1] !== hostName() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Puts back (or, past their last try, fails) running jobs whose worker went silent. */
export async function reapStaleJobs(reaperId: string, staleMs = env().CASEBOOK_JOB_STALE_MS): Promise<number> {
  const running = await db().job.findMany({ where: { status: "running" }, select: { id: true, workerId: true, heartbeatAt: true } });
  const cutoff = new Date(Date.now() - staleMs);
  let n = 0;
  for (const j of running) {
    // A worker of this host whose process is gone will never beat again: no need to wait.
    const dead = isDeadLocalWorker(j.workerId);
    if (!dead && j.heartbeatAt && j.heartbeatAt >= cutoff) continue;
    const r = await runAction(reapJobAction, workerActor(reaperId), { jobId: j.id, silentSince: dead ? new Date(Date.now() + 60_000) : cutoff });
    if (r.ok) n++;
  }
  return n;
}

/** Runs one claimed job to its end: heartbeats and progress every second, hand-back on abort. */
export async function runClaimedJob(job: TJob, workerId: string, opts: { signal?: AbortSignal; log?: (m: string) => void } = {}): Promise<"done" | "released" | "failed" | "lost"> {
  const log = opts.log ?? (() => {});
  const h = jobHandler(job.kind);
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  let latest: unknown = undefined;
  let saved: unknown = undefined;
  let lost = false;
  const beat = async () => {
    // eslint-disable-next-line no-restricted-syntax -- the heartbeat: proof of life every second, not a change anyone made
    const held = await db().job.updateMany({ where: { id: job.id, workerId, status: "running" }, data: { heartbeatAt: new Date() } });
    if (held.count === 0) {
      lost = true;
      stop.abort();
      return;
    }
    if (h.saveProgress && latest !== saved) {
      saved = latest;
      await h.saveProgress(onPrisma(db()), job, latest);
    }
  };
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beat().catch((e) => log(`heartbeat failed: ${(e as Error).message}`));
  }, 1000);
  /** No heartbeat after this one: the job is about to be handed back or failed. */
  const stopBeating = async () => {
    clearInterval(timer);
    await beating;
  };
  try {
    await h.run(job, { workerId, signal: stop.signal, progress: (p) => (latest = p), log });
    log(`${h.noun.toLowerCase()} ${job.subjectId}: done`);
    return "done";
  } catch (e) {
    if (lost || e instanceof JobLostError) {
      log(`${h.noun.toLowerCase()} ${job.subjectId}: the job was taken back while it ran; its work was rolled back`);
      return "lost";
    }
    await stopBeating();
    if (e instanceof SigningKeyMismatchError) {
      // Not the job's fault, nor a try: hand it back for a worker with the right key, and stop.
      const r = await runAction(releaseJobAction, workerActor(workerId), { workerId, jobId: job.id });
      log(`${h.noun.toLowerCase()} ${job.subjectId}: ${r.ok ? "handed back to the queue" : `could not hand back (${r.error.message})`}; ${e.message}`);
      throw e;
    }
    if (e instanceof JobCancelledError || stop.signal.aborted) {
      const r = await runAction(releaseJobAction, workerActor(workerId), { workerId, jobId: job.id });
      log(`${h.noun.toLowerCase()} ${job.subjectId}: ${r.ok ? "handed back to the queue" : `could not hand back (${r.error.message})`}`);
      return "released";
    }
    // Not the input's fault (database gone, disk full…): record it so nobody waits forever.
    log(`${h.noun.toLowerCase()} ${job.subjectId} failed: ${(e as Error).stack ?? e}`);
    const r = await runAction(failJobAction, workerActor(workerId), { workerId, jobId: job.id, error: (e as Error).message || String(e) });
    if (!r.ok) log(`could not record the failure: ${r.error.message}`);
    return "failed";
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/** Runs every queued job in this process, one after another (the demo seed, tests, the bench). */
export async function drainJobs(workerId: string, log?: (m: string) => void): Promise<number> {
  let n = 0;
  for (let job = await claimJob(workerId); job; job = await claimJob(workerId)) {
    await runClaimedJob(job, workerId, { log });
    n++;
  }
  return n;
}

/**
 * The worker loop: reap, claim, run. Woken by NOTIFY when a job is queued; polls every
 * `pollMs` too, in case a notification was missed (a dropped listening connection).
 */
export async function runWorker(opts: { workerId: string; signal: AbortSignal; log?: (m: string) => void; pollMs?: number; reapMs?: number }) {
  const log = opts.log ?? (() => {});
  const pollMs = opts.pollMs ?? env().CASEBOOK_JOB_POLL_MS;
  let pending = false;
  let wake: () => void = () => {};
  const notify = () => {
    pending = true;
    wake();
  };
  const listener = new pg.Client({ connectionString: directDatabaseUrl(), application_name: `casebook-worker-${opts.workerId}` });
  listener.on("notification", notify);
  listener.on("error", (e) => log(`the job listener lost its connection (${e.message}); polling every ${pollMs / 1000} s`));
  try {
    await listener.connect();
    await listener.query(`LISTEN ${JOB_CHANNEL}`);
  } catch (e) {
    log(`could not listen for new jobs (${(e as Error).message}); polling every ${pollMs / 1000} s`);
  }
  let lastReap = 0;
  let idle = false;
  try {
    while (!opts.signal.aborted) {
      pending = false;
      try {
        if (Date.now() - lastReap > (opts.reapMs ?? 5000)) {
          lastReap = Date.now();
          const n = await reapStaleJobs(opts.workerId);
          if (n) log(`put back or failed ${n} interrupted job(s)`);
        }
        const job = await claimJob(opts.workerId);
        if (job) {
          idle = false;
          log(`${job.kind} ${job.subjectId}: started (attempt ${job.attempts})`);
          await runClaimedJob(job, opts.workerId, { signal: opts.signal, log });
          continue;
        }
      } catch (e) {
        if (e instanceof SigningKeyMismatchError) throw e; // this worker must not build: scripts/worker.ts stops it
        log(`worker error: ${(e as Error).message}`);
      }
      if (pending || opts.signal.aborted) continue;
      // Once per idle spell, not per poll: the queue is empty and this worker sleeps until NOTIFY.
      if (!idle) log(`waiting for jobs (woken when one is queued; polling every ${pollMs / 1000} s)`);
      idle = true;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          opts.signal.removeEventListener("abort", done);
          resolve();
        };
        const t = setTimeout(done, pollMs);
        wake = done;
        opts.signal.addEventListener("abort", done, { once: true });
      });
      wake = () => {};
    }
  } finally {
    await listener.end().catch(() => {});
  }
}
