// The import queue lives in the import_job table: workers claim queued jobs with
// FOR UPDATE SKIP LOCKED, beat a heartbeat while they run, and a job whose worker went silent
// (crash, kill -9, restart) is put back in the queue — restarting from scratch is safe because an
// import commits all of its rows or none — or failed after three tries. Every change is audited.
import os from "node:os";
import { appendAuditEvent } from "../audit/append";
import { db } from "../db";
import { env } from "../env";
import type { ImportJob } from "../generated/prisma/client";
import { runImport, type TProgress } from "../ingest/run-import";

const MAX_ATTEMPTS = 3;
const WORKER_LABEL = "import worker";

export async function claimNextJob(workerId: string): Promise<ImportJob | null> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE import_job SET status = 'running', "workerId" = ${workerId}, "startedAt" = now(), "heartbeatAt" = now(),
             attempts = attempts + 1, "rowsDone" = 0, "bytesDone" = 0
       WHERE id = (SELECT id FROM import_job WHERE status = 'queued' ORDER BY "createdAt" FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING id`;
    if (!rows.length) return null;
    const job = await tx.importJob.findUniqueOrThrow({ where: { id: rows[0].id } });
    await appendAuditEvent(tx, { actorId: null, actorLabel: `${WORKER_LABEL} ${workerId}`, action: "import.started", caseId: job.caseId, entityType: "import_job", entityId: job.id, data: { attempt: job.attempts } });
    return job;
  });
}

/** Requeues (or, past the last try, fails) running jobs whose worker stopped beating. */
export async function reapStaleJobs(staleMs = env().CASEBOOK_JOB_STALE_MS): Promise<number> {
  // A worker of this machine whose process is gone will never beat again: no need to wait.
  const running = await db().importJob.findMany({ where: { status: "running" }, select: { id: true, workerId: true } });
  const dead = running.filter((j) => isDeadLocalWorker(j.workerId)).map((j) => j.id);
  if (dead.length) await db().importJob.updateMany({ where: { id: { in: dead } }, data: { heartbeatAt: new Date(0) } });
  const cutoff = new Date(Date.now() - staleMs);
  const stale = await db().importJob.findMany({ where: { status: "running", heartbeatAt: { lt: cutoff } }, select: { id: true } });
  let n = 0;
  for (const { id } of stale) {
    await db().$transaction(async (tx) => {
      const job = await tx.importJob.findUnique({ where: { id } });
      if (!job || job.status !== "running" || !job.heartbeatAt || job.heartbeatAt >= cutoff) return;
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      await tx.importJob.update({
        where: { id },
        data: giveUp
          ? { status: "failed", finishedAt: new Date(), workerId: null, errorCount: 1, errors: [{ line: 0, message: `the import was interrupted ${job.attempts} times (worker crash or restart); nothing of it was written. Retry it, or ask an admin to check the worker.` }] }
          : { status: "queued", workerId: null, rowsDone: 0, bytesDone: 0 },
      });
      await appendAuditEvent(tx, { actorId: null, actorLabel: WORKER_LABEL, action: giveUp ? "import.abandoned" : "import.requeued", caseId: job.caseId, entityType: "import_job", entityId: id, data: { attempts: job.attempts, lostWorker: job.workerId } });
      n++;
    });
  }
  return n;
}

function isDeadLocalWorker(workerId: string | null): boolean {
  const m = /^(.*):(\d+)$/.exec(workerId ?? "");
  if (!m || m[1] !== os.hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function heartbeat(jobId: string, workerId: string, p: TProgress | null) {
  await db().importJob.updateMany({
    where: { id: jobId, workerId, status: "running" },
    data: { heartbeatAt: new Date(), ...(p ? { rowsDone: p.rowsDone, bytesDone: BigInt(p.bytesDone) } : {}) },
  });
}

/** Runs one claimed job to its end, beating the heartbeat and publishing progress every second. */
export async function processJob(job: ImportJob, workerId: string, log: (m: string) => void = () => {}) {
  let latest: TProgress | null = null;
  let sent: TProgress | null = null;
  const timer = setInterval(() => {
    const p = latest !== sent ? latest : null;
    sent = latest;
    heartbeat(job.id, workerId, p).catch((e) => log(`heartbeat failed: ${(e as Error).message}`));
  }, 1000);
  try {
    const out = await runImport(job, (p) => (latest = p));
    log(out.ok ? `import ${job.id}: ${out.rows} rows loaded` : `import ${job.id}: rejected, ${out.errorCount} error(s)`);
    return out;
  } catch (e) {
    // Not the file's fault (database gone, disk full…): record it so nobody waits forever.
    log(`import ${job.id} failed: ${(e as Error).stack ?? e}`);
    await db().$transaction(async (tx) => {
      await tx.importJob.update({
        where: { id: job.id },
        data: { status: "failed", finishedAt: new Date(), errorCount: 1, errors: [{ line: 0, message: `the import stopped on a server error (${(e as Error).message.slice(0, 200)}); nothing of it was written. Retry it.` }] },
      });
      await appendAuditEvent(tx, { actorId: null, actorLabel: WORKER_LABEL, action: "import.failed", caseId: job.caseId, entityType: "import_job", entityId: job.id, data: { error: (e as Error).message.slice(0, 500) } });
    });
    return null;
  } finally {
    clearInterval(timer);
  }
}

/** The worker loop: reap, claim, run; wakes on NOTIFY or every second. Stops when `signal` aborts. */
export async function runWorker(opts: { workerId: string; signal: AbortSignal; log?: (m: string) => void }) {
  const log = opts.log ?? (() => {});
  let lastReap = 0;
  while (!opts.signal.aborted) {
    try {
      if (Date.now() - lastReap > 5000) {
        lastReap = Date.now();
        const n = await reapStaleJobs();
        if (n) log(`requeued or failed ${n} interrupted import(s)`);
      }
      const job = await claimNextJob(opts.workerId);
      if (job) {
        log(`import ${job.id}: ${job.kind} from ${job.fileName} (attempt ${job.attempts})`);
        await processJob(job, opts.workerId, log);
        continue;
      }
    } catch (e) {
      log(`worker error: ${(e as Error).message}`);
    }
    await new Promise<void>((r) => {
      const wake = () => {
        clearTimeout(t);
        r();
      };
      const t = setTimeout(() => {
        opts.signal.removeEventListener("abort", wake);
        r();
      }, 1000);
      opts.signal.addEventListener("abort", wake, { once: true });
    });
  }
}
