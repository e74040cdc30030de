// The rule-flags job: run the versioned rules (lib/analysis/rules.ts) over every sample of a case
// and store what fired, with the rule's id and version and the matched text's offsets. Flags
// already there (and the analysts' decisions on them) are kept: a flag is unique per sample, rule,
// version, field and start. It runs after every import that brings samples, and on request.
import { z } from "zod";
import { defineSystemAction, mustRunAction } from "../action";
import { RULESET_VERSION, runRules, type TRuleFlag } from "../analysis/rules";
import { analysisActor, type TAnalysisRunner } from "../analysis/job";
import type { TAnalysisProgress } from "../analysis/schema";
import { db } from "../db";
import { onPrisma } from "../db/sql";
import { JobCancelledError } from "../jobs/handler";
import { finishJob } from "../jobs/queue";

const BATCH = 500;

const ZFlag = z.object({ exchangeId: z.string(), ruleId: z.string(), ruleVersion: z.number().int(), field: z.enum(["prompt", "response"]), start: z.number().int(), end: z.number().int(), matched: z.string() });

export const storeRuleFlagsAction = defineSystemAction({
  name: "flags.run",
  input: z.object({ caseId: z.string(), runId: z.string(), job: z.object({ id: z.string(), workerId: z.string() }), samples: z.number().int(), flags: z.array(ZFlag) }),
  permission: "job.run",
  load: async (_tx, input) => ({ caseId: input.caseId }),
  async run({ tx, input }) {
    const f = input.flags;
    const added = f.length
      ? await tx.$executeRaw`
          INSERT INTO rule_flag (id, "caseId", "exchangeId", "ruleId", "ruleVersion", field, "spanStart", "spanEnd", matched)
          SELECT gen_random_uuid()::text, ${input.caseId}, * FROM unnest(
            ${f.map((x) => x.exchangeId)}::bigint[], ${f.map((x) => x.ruleId)}::text[], ${f.map((x) => x.ruleVersion)}::int[], ${f.map((x) => x.field)}::text[],
            ${f.map((x) => x.start)}::int[], ${f.map((x) => x.end)}::int[], ${f.map((x) => x.matched)}::text[])
          ON CONFLICT ("exchangeId", "ruleId", "ruleVersion", field, "spanStart") DO NOTHING`
      : 0;
    const result = { samples: input.samples, flags: f.length, added, rulesetVersion: RULESET_VERSION };
    await tx.analysisRun.update({ where: { id: input.runId }, data: { status: "succeeded", finishedAt: new Date(), result, progress: { step: "done", done: 1, total: 1 } } });
    await finishJob(onPrisma(tx), input.job, "succeeded");
    return { result, audit: { action: "flags.run", entityType: "analysis_run", entityId: input.runId, caseId: input.caseId, data: result } };
  },
});

export const runRuleFlags: TAnalysisRunner = async (run, ctx) => {
  const flags: (TRuleFlag & { exchangeId: string })[] = [];
  const total = (await db().caseRollup.findUnique({ where: { caseId: run.caseId }, select: { samples: true } }))?.samples ?? 0;
  let after = 0n;
  let samples = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new JobCancelledError();
    const batch = await db().exchange.findMany({
      where: { caseId: run.caseId, isSample: true, id: { gt: after } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, prompt: true, response: true },
    });
    if (!batch.length) break;
    for (const e of batch) for (const f of runRules(e)) flags.push({ ...f, exchangeId: String(e.id) });
    samples += batch.length;
    after = batch[batch.length - 1].id;
    ctx.progress({ step: "running the rules", done: samples, total } satisfies TAnalysisProgress);
  }
  await mustRunAction(storeRuleFlagsAction, await analysisActor(run, ctx), { caseId: run.caseId, runId: run.id, job: ctx.job, samples, flags });
};
