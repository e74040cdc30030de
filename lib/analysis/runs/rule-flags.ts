// The rule-flags job: run the versioned rules (lib/analysis/rules.ts) over every sample of a case
// and store what fired, with the rule's id and version and the matched text's offsets. Flags
// already there (and the analysts' decisions on them) are kept: a flag is unique per sample, rule,
// version, field and start. It runs after every import that brings samples, and on request.
import { z } from "zod";
import { defineSystemAction, mustRunAction } from "../../action";
import { RULESET_VERSION, runRules, type TRuleFlag } from "../rules";
import { analysisActor, caseOfRun, finishRun, forEachSampleBatch, runRef, ZRunRef, type TAnalysisRunner } from "../run-context";

const BATCH = 500;

const ZFlag = z.object({ exchangeId: z.string(), ruleId: z.string(), ruleVersion: z.number().int(), field: z.enum(["prompt", "response"]), start: z.number().int(), end: z.number().int(), matched: z.string() });

export const storeRuleFlagsAction = defineSystemAction({
  name: "flags.run",
  input: ZRunRef.extend({ samples: z.number().int(), flags: z.array(ZFlag) }),
  permission: "job.run",
  load: caseOfRun,
  async run({ tx, input, ctx }) {
    const f = input.flags;
    const added = f.length
      ? await tx.$executeRaw`
          INSERT INTO rule_flag (id, "caseId", "exchangeId", "ruleId", "ruleVersion", field, "spanStart", "spanEnd", matched)
          SELECT gen_random_uuid()::text, ${ctx.caseId}, * FROM unnest(
            ${f.map((x) => x.exchangeId)}::bigint[], ${f.map((x) => x.ruleId)}::text[], ${f.map((x) => x.ruleVersion)}::int[], ${f.map((x) => x.field)}::text[],
            ${f.map((x) => x.start)}::int[], ${f.map((x) => x.end)}::int[], ${f.map((x) => x.matched)}::text[])
          ON CONFLICT ("exchangeId", "ruleId", "ruleVersion", field, "spanStart") DO NOTHING`
      : 0;
    const result = { samples: input.samples, flags: f.length, added, rulesetVersion: RULESET_VERSION };
    await finishRun(tx, input, result);
    return { result, audit: { action: "flags.run", entityType: "analysis_run", entityId: input.runId, caseId: ctx.caseId, data: result } };
  },
});

export const runRuleFlags: TAnalysisRunner = async (run, ctx) => {
  const flags: (TRuleFlag & { exchangeId: string })[] = [];
  const samples = await forEachSampleBatch(run.caseId, ctx, { batch: BATCH, step: "running the rules", select: { id: true, prompt: true, response: true } }, (rows) => {
    for (const e of rows) for (const f of runRules(e)) flags.push({ ...f, exchangeId: String(e.id) });
  });
  await mustRunAction(storeRuleFlagsAction, await analysisActor(run, ctx), { ...runRef(run, ctx), samples, flags });
};
