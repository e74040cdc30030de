// The template-families job: group the case's sample prompts into families of near-duplicates
// (lib/analysis/families.ts) and store them, replacing the last grouping, in one audited
// transaction. Families feed the cluster signals (accounts sharing a family) and the figures.
import { z } from "zod";
import { defineSystemAction, mustRunAction } from "../../action";
import { groupTemplates } from "../families";
import { analysisActor, caseOfRun, finishRun, forEachSampleBatch, runRef, ZRunRef, type TAnalysisRunner } from "../run-context";
import type { TAnalysisProgress } from "../schema";
import { JobCancelledError } from "../../jobs/handler";

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
  input: ZRunRef.extend({
    prompts: z.number().int(),
    unassigned: z.number().int(),
    ms: z.number(),
    families: z.array(ZFamily),
  }),
  permission: "job.run",
  load: caseOfRun,
  async run({ tx, input, ctx }) {
    const { caseId } = ctx;
    const replaced = await tx.templateFamily.deleteMany({ where: { caseId } });
    const ids = input.families.map(() => crypto.randomUUID());
    if (input.families.length) {
      const f = input.families;
      await tx.$executeRaw`
        INSERT INTO template_family (id, "caseId", key, "representativeExchangeId", "contrastExchangeId", samples, accounts, "firstSeen", "lastSeen", "bandKeys", "runId")
        SELECT x.id, ${caseId}, x.key, x.rep, x.con, 0, 0, now(), now(), string_to_array(x.bands, ' '), ${input.runId}
          FROM unnest(${ids}::text[], ${f.map((x) => x.key)}::text[], ${f.map((x) => x.representative)}::bigint[], ${f.map((x) => x.contrast)}::bigint[],
                      ${f.map((x) => x.bandKeys.join(" "))}::text[]) AS x(id, key, rep, con, bands)`;
      const pairs = f.flatMap((x, i) => x.members.map((m) => [ids[i], m] as const));
      await tx.$executeRaw`
        INSERT INTO template_family_member ("familyId", "caseId", "exchangeId")
        SELECT x.f, ${caseId}, x.e FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::bigint[]) AS x(f, e)`;
      // Figures of each family from its members: samples, distinct accounts, first and last seen.
      await tx.$executeRaw`
        UPDATE template_family t SET samples = s.samples, accounts = s.accounts, "firstSeen" = s.first, "lastSeen" = s.last
          FROM (SELECT m."familyId", count(*)::int AS samples, count(DISTINCT e."accountId")::int AS accounts, min(e.ts) AS first, max(e.ts) AS last
                  FROM template_family_member m JOIN exchange e ON e.id = m."exchangeId" WHERE m."familyId" = ANY(${ids}::text[]) GROUP BY 1) s
         WHERE t.id = s."familyId"`;
    }
    const result = { prompts: input.prompts, families: input.families.length, grouped: input.prompts - input.unassigned, replaced: replaced.count, ms: input.ms };
    await finishRun(tx, input, result);
    return { result, audit: { action: "families.group", entityType: "analysis_run", entityId: input.runId, caseId, data: result } };
  },
});

export const runTemplateFamilies: TAnalysisRunner = async (run, ctx) => {
  const prompts: { id: string; text: string }[] = [];
  await forEachSampleBatch(run.caseId, ctx, { batch: BATCH, step: "reading prompts", where: { prompt: { not: null } }, select: { id: true, prompt: true } }, (rows) => {
    for (const e of rows) prompts.push({ id: String(e.id), text: e.prompt! });
  });
  ctx.progress({ step: "grouping prompts", done: prompts.length, total: prompts.length } satisfies TAnalysisProgress);
  const t = performance.now();
  const { families, unassigned } = groupTemplates(prompts);
  const ms = Math.round(performance.now() - t);
  if (ctx.signal.aborted) throw new JobCancelledError();
  await mustRunAction(storeFamiliesAction, await analysisActor(run, ctx), {
    ...runRef(run, ctx),
    prompts: prompts.length,
    unassigned,
    ms,
    families: families.map((f) => ({ key: f.key, representative: f.representative, contrast: f.contrast, members: f.members, bandKeys: f.bandKeys })),
  });
};
