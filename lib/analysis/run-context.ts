// What every analysis runner shares, apart from its algorithm: the context a run gets from the job
// runner, the worker acting for whoever asked, the case the run record names, a batched reader of
// the case's samples, and the step that finishes a run. The runners (lib/analysis/runs/) build on
// this and never on the job handler, so the handler (job.ts) → registry (runners.ts) → runners
// chain has no way back.
import { z } from "zod";
import { workerActor } from "../actors";
import type { TPerson } from "../authz";
import { db, type Tx } from "../db";
import { onPrisma } from "../db/sql";
import type { AnalysisRun, Prisma } from "../generated/prisma/client";
import { JobCancelledError, type TJobContext } from "../jobs/handler";
import { finishJob } from "../jobs/queue";
import type { TAnalysisProgress } from "./schema";

export type TAnalysisContext = TJobContext & { job: { id: string; workerId: string } };
export type TAnalysisRunner = (run: AnalysisRun, ctx: TAnalysisContext) => Promise<void>;

/** The worker, acting for whoever asked for the run (the audit event names both). */
export async function analysisActor(run: AnalysisRun, ctx: TAnalysisContext) {
  const requester = run.requestedById
    ? ((await db().user.findUnique({ where: { id: run.requestedById }, select: { id: true, email: true, name: true, role: true, disabled: true } })) as TPerson | null)
    : null;
  return workerActor(ctx.workerId, requester ?? undefined);
}

/** The part of a runner's store action input that names the run; the case comes from the run record. */
export const ZRunRef = z.object({ runId: z.string(), job: z.object({ id: z.string(), workerId: z.string() }) });
export const runRef = (run: AnalysisRun, ctx: TAnalysisContext) => ({ runId: run.id, job: ctx.job });

/** The store action's `load`: the case is the run record's, whatever else the input says. */
export async function caseOfRun(tx: Tx, input: { runId: string }) {
  const run = await tx.analysisRun.findUniqueOrThrow({ where: { id: input.runId }, select: { caseId: true } });
  return { caseId: run.caseId };
}

/** Marks the run succeeded with its result and finishes its job, in the store action's transaction. */
export async function finishRun(tx: Tx, input: z.infer<typeof ZRunRef>, result: Prisma.InputJsonObject) {
  const progress: TAnalysisProgress = { step: "done", done: 1, total: 1 };
  await tx.analysisRun.update({ where: { id: input.runId }, data: { status: "succeeded", finishedAt: new Date(), result, progress } });
  await finishJob(onPrisma(tx), input.job, "succeeded");
}

/**
 * Reads the case's samples in id order, `batch` at a time (a keyset, so the millionth row costs what
 * the first does), handing each batch on and reporting `step` progress against the case's sample
 * count; stops with JobCancelledError as soon as the job is asked to stop.
 */
export async function forEachSampleBatch<S extends Prisma.ExchangeSelect & { id: true }>(
  caseId: string,
  ctx: TAnalysisContext,
  opts: { batch: number; step: string; where?: Prisma.ExchangeWhereInput; select: S },
  onBatch: (rows: Prisma.ExchangeGetPayload<{ select: S }>[]) => void,
): Promise<number> {
  const total = (await db().caseRollup.findUnique({ where: { caseId }, select: { samples: true } }))?.samples ?? 0;
  let after = 0n;
  let read = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new JobCancelledError();
    const rows = (await db().exchange.findMany({ where: { ...opts.where, caseId, isSample: true, id: { gt: after } }, orderBy: { id: "asc" }, take: opts.batch, select: opts.select })) as Prisma.ExchangeGetPayload<{ select: S }>[];
    if (!rows.length) return read;
    onBatch(rows);
    read += rows.length;
    after = (rows[rows.length - 1] as { id: bigint }).id;
    ctx.progress({ step: opts.step, done: read, total } satisfies TAnalysisProgress);
  }
}
