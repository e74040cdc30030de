// The template-families job: group the case's sample prompts into families of near-duplicates
// (lib/analysis/families.ts) and store them, replacing the last grouping, in one audited
// transaction. Families feed the cluster signals (accounts sharing a family) and the figures.
import { z } from "zod";
import { defineSystemAction, mustRunAction } from "../action";
import { groupTemplates } from "../analysis/families";
import { analysisActor, type TAnalysisRunner } from "../analysis/job";
import type { TAnalysisProgress } from "../analysis/schema";
import { db } from "../db";
import { onPrisma } from "../db/sql";
import { JobCancelledError } from "../jobs/handler";
import { finishJob } from "../jobs/queue";

const BATCH = 2000;

const ZFamily = z.object({
  key: z.string(),
  representative: z.string(),
  contrast: z.string(),
  members: z.array(z.string()).min(1),
  bandKeys: z.array(z.string()),
});

export const storeFamiliesAction = defineSystemAction({
  name: "families.group",
  input: z.object({
    caseId: z.string(),
    runId: z.string(),
    job: z.object({ id: z.string(), workerId: z.string() }),
    prompts: z.number().int(),
    unassigned: z.number().int(),
    ms: z.number(),
    families: z.array(ZFamily),
  }),
  permission: "job.run",
  load: async (_tx, input) => ({ caseId: input.caseId }),
  async run({ tx, input }) {
    const replaced = await tx.templateFamily.deleteMany({ where: { caseId: input.caseId } });
    const ids = input.families.map(() => crypto.randomUUID());
    if (input.families.length) {
      const f = input.families;
      await tx.$executeRaw`
        INSERT INTO template_family (id, "caseId", key, "representativeExchangeId", "contrastExchangeId", samples, accounts, "firstSeen", "lastSeen", "bandKeys", "runId")
        SELECT x.id, ${input.caseId}, x.key, x.rep, x.con, 0, 0, now(), now(), string_to_array(x.bands, ' '), ${input.runId}
          FROM unnest(${ids}::text[], ${f.map((x) => x.key)}::text[], ${f.map((x) => x.representative)}::bigint[], ${f.map((x) => x.contrast)}::bigint[],
                      ${f.map((x) => x.bandKeys.join(" "))}::text[]) AS x(id, key, rep, con, bands)`;
      const pairs = f.flatMap((x, i) => x.members.map((m) => [ids[i], m] as const));
      await tx.$executeRaw`
        INSERT INTO template_family_member ("familyId", "exchangeId")
        SELECT * FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::bigint[])`;
      // Figures of each family from its members: samples, distinct accounts, first and last seen.
      await tx.$executeRaw`
        UPDATE template_family t SET samples = s.samples, accounts = s.accounts, "firstSeen" = s.first, "lastSeen" = s.last
          FROM (SELECT m."familyId", count(*)::int AS samples, count(DISTINCT e."accountId")::int AS accounts, min(e.ts) AS first, max(e.ts) AS last
                  FROM template_family_member m JOIN exchange e ON e.id = m."exchangeId" WHERE m."familyId" = ANY(${ids}::text[]) GROUP BY 1) s
         WHERE t.id = s."familyId"`;
    }
    const result = { prompts: input.prompts, families: input.families.length, grouped: input.prompts - input.unassigned, replaced: replaced.count, ms: input.ms };
    await tx.analysisRun.update({ where: { id: input.runId }, data: { status: "succeeded", finishedAt: new Date(), result, progress: { step: "done", done: 1, total: 1 } } });
    await finishJob(onPrisma(tx), input.job, "succeeded");
    return { result, audit: { action: "families.group", entityType: "analysis_run", entityId: input.runId, caseId: input.caseId, data: result } };
  },
});

export const runTemplateFamilies: TAnalysisRunner = async (run, ctx) => {
  const prompts: { id: string; text: string }[] = [];
  const total = (await db().caseRollup.findUnique({ where: { caseId: run.caseId }, select: { samples: true } }))?.samples ?? 0;
  let after = 0n;
  for (;;) {
    if (ctx.signal.aborted) throw new JobCancelledError();
    const batch = await db().exchange.findMany({
      where: { caseId: run.caseId, isSample: true, prompt: { not: null }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, prompt: true },
    });
    if (!batch.length) break;
    for (const e of batch) prompts.push({ id: String(e.id), text: e.prompt! });
    after = batch[batch.length - 1].id;
    ctx.progress({ step: "reading prompts", done: prompts.length, total } satisfies TAnalysisProgress);
  }
  ctx.progress({ step: "grouping prompts", done: prompts.length, total: prompts.length } satisfies TAnalysisProgress);
  const t = performance.now();
  const { families, unassigned } = groupTemplates(prompts);
  const ms = Math.round(performance.now() - t);
  if (ctx.signal.aborted) throw new JobCancelledError();
  await mustRunAction(storeFamiliesAction, await analysisActor(run, ctx), {
    caseId: run.caseId,
    runId: run.id,
    job: ctx.job,
    prompts: prompts.length,
    unassigned,
    ms,
    families: families.map((f) => ({ key: f.key, representative: f.representative, contrast: f.contrast, members: f.members, bandKeys: f.bandKeys })),
  });
};
