// The demo seed's own writes, as actions like every other write: the tags an analyst would have put
// on the demo samples.
import { z } from "zod";
import { defineAction } from "../action";
import { loadCaseContext } from "../cases/context";

/** Tags samples with capabilities, as the analyst the seed acts for would have. */
export const seedAnnotationsAction = defineAction({
  name: "annotation.seed",
  input: z.object({
    caseId: z.string(),
    tags: z.array(
      z.object({
        externalId: z.string(),
        capabilityKey: z.string(),
        span: z.object({ start: z.number().int(), end: z.number().int() }).nullable().default(null),
        triaged: z.boolean().default(false),
      }),
    ),
  }),
  permission: "case.edit",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, user }) {
    const caps = new Map((await tx.capability.findMany({ select: { id: true, key: true } })).map((c) => [c.key, c.id]));
    const samples = new Map(
      (await tx.exchange.findMany({ where: { caseId: input.caseId, isSample: true, externalId: { in: input.tags.map((t) => t.externalId) } }, select: { id: true, externalId: true } })).map((s) => [
        s.externalId,
        s.id,
      ]),
    );
    const data = input.tags.flatMap((t) => {
      const exchangeId = samples.get(t.externalId);
      const capabilityId = caps.get(t.capabilityKey);
      return exchangeId && capabilityId
        ? [{ caseId: input.caseId, exchangeId, capabilityId, field: "prompt", spanStart: t.span?.start ?? null, spanEnd: t.span?.end ?? null, note: "Template match (demo seed).", createdById: user.id }]
        : [];
    });
    await tx.annotation.createMany({ data, skipDuplicates: true });
    const triaged = [...new Set(input.tags.filter((t) => t.triaged).map((t) => samples.get(t.externalId)).filter((id) => id !== undefined))];
    await tx.sampleTriage.createMany({ data: triaged.map((exchangeId) => ({ exchangeId, caseId: input.caseId, triagedById: user.id })), skipDuplicates: true });
    return {
      result: { annotations: data.length },
      audit: { action: "annotation.seed", entityType: "case", entityId: input.caseId, data: { annotations: data.length, triaged: triaged.length } },
    };
  },
});
