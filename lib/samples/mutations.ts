// The analyst's work on samples, each one audited action: tag a sample with a capability (with a
// highlighted span of the prompt or response and a note), remove a tag, confirm or reject the rule
// flags, mark a sample triaged, and draw a reproducible random sample of exchanges.
import { defineAction } from "../action";
import { refuseIfChanged } from "../concurrency";
import { validateSpan, sliceCodePoints } from "../analysis/spans";
import { chooseSeed, cycleStart, DRAW_METHOD, frameOf, type TDrawFrame } from "../analysis/sampling";
import type { TActor } from "../authz";
import { loadCaseContext } from "../cases/context";
import type { Tx } from "../db";
import { AppError, notFound } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { ZDecideFlags, ZDrawSample, ZSetTriaged, ZTagSample, ZUntagSample } from "./schema";

/** The sample and its case's facts, from the exchange row itself. */
async function sampleContext(tx: Tx, exchangeId: string, actor: TActor) {
  const e = await tx.exchange.findFirst({ where: { id: BigInt(exchangeId) }, select: { id: true, caseId: true, externalId: true, isSample: true, prompt: true, response: true } });
  if (!e) throw notFound("That sample");
  const ctx = await loadCaseContext(tx, e.caseId, actor);
  return { ...ctx, exchange: e };
}

const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const tagSampleAction = defineAction({
  name: "annotation.tag",
  input: ZTagSample,
  permission: "case.edit",
  load: (tx, input, actor) => sampleContext(tx, input.exchangeId, actor),
  async run({ tx, input, ctx, user }) {
    const e = ctx.exchange;
    if (!e.isSample) throw new AppError("bad_input", `Exchange ${e.externalId} has no stored text to annotate; import its prompt and response first.`);
    const capability = await tx.capability.findUnique({ where: { id: input.capabilityId } });
    if (!capability) throw new AppError("bad_input", "That capability is not in the taxonomy.", [{ field: "capabilityId", message: "Pick a capability from the list." }]);
    let quote: string | null = null;
    if (input.span) {
      const text = (input.field === "prompt" ? e.prompt : e.response) ?? "";
      const problem = validateSpan(text, input.span.start, input.span.end, input.field);
      if (problem) throw new AppError("bad_input", problem, [{ field: "span", message: problem }]);
      quote = sliceCodePoints(text, input.span.start, input.span.end);
    }
    const data = { field: input.field, spanStart: input.span?.start ?? null, spanEnd: input.span?.end ?? null, note: input.note };
    const before = await tx.annotation.findUnique({ where: { exchangeId_capabilityId: { exchangeId: e.id, capabilityId: capability.id } } });
    if (before) await refuseIfChanged(tx, { seen: input.seen, updatedAt: before.updatedAt, entityType: "exchange", entityId: e.externalId, what: `the ${capability.name} tag`, now: before.note ? `noted “${clip(before.note)}”` : "without a note" });
    const a = before
      ? await tx.annotation.update({ where: { id: before.id }, data })
      : await tx.annotation.create({ data: { ...data, caseId: ctx.caseId, exchangeId: e.id, capabilityId: capability.id, createdById: user.id } });
    return {
      result: a,
      audit: {
        action: "annotation.tag",
        entityType: "exchange",
        entityId: e.externalId,
        data: { capability: capability.name, field: input.field, span: input.span, quote: quote === null ? null : clip(quote), note: input.note, updated: Boolean(before) },
      },
    };
  },
});

export const untagSampleAction = defineAction({
  name: "annotation.untag",
  input: ZUntagSample,
  permission: "case.edit",
  load: (tx, input, actor) => sampleContext(tx, input.exchangeId, actor),
  async run({ tx, input, ctx }) {
    const a = await tx.annotation.findUnique({ where: { exchangeId_capabilityId: { exchangeId: ctx.exchange.id, capabilityId: input.capabilityId } }, include: { capability: true } });
    if (!a) throw new AppError("conflict", "That tag is no longer on the sample; reload to see its current tags.");
    await tx.annotation.delete({ where: { id: a.id } });
    return { result: { removed: true }, audit: { action: "annotation.untag", entityType: "exchange", entityId: ctx.exchange.externalId, data: { capability: a.capability.name } } };
  },
});

export const decideFlagsAction = defineAction({
  name: "flag.decide",
  input: ZDecideFlags,
  permission: "case.edit",
  load: (tx, input, actor) => sampleContext(tx, input.exchangeId, actor),
  async run({ tx, input, ctx, user }) {
    const where = { exchangeId: ctx.exchange.id, ...(input.flagIds ? { id: { in: input.flagIds } } : { status: "pending" as const }) };
    const flags = await tx.ruleFlag.findMany({ where, select: { id: true, ruleId: true, ruleVersion: true } });
    if (!flags.length) throw new AppError("conflict", "This sample has no rule flag waiting for a decision.");
    const status = input.decision === "confirm" ? "confirmed" : "rejected";
    await tx.ruleFlag.updateMany({ where: { id: { in: flags.map((f) => f.id) } }, data: { status, decidedById: user.id, decidedAt: new Date() } });
    return {
      result: { decided: flags.length, status },
      audit: { action: `flag.${input.decision}`, entityType: "exchange", entityId: ctx.exchange.externalId, data: { rules: flags.map((f) => `${f.ruleId}@${f.ruleVersion}`) } },
    };
  },
});

export const setTriagedAction = defineAction({
  name: "sample.triage",
  input: ZSetTriaged,
  permission: "case.edit",
  load: (tx, input, actor) => sampleContext(tx, input.exchangeId, actor),
  async run({ tx, input, ctx, user }) {
    const e = ctx.exchange;
    if (input.triaged) {
      await tx.sampleTriage.upsert({ where: { exchangeId: e.id }, create: { exchangeId: e.id, caseId: ctx.caseId, triagedById: user.id }, update: { triagedById: user.id, triagedAt: new Date() } });
    } else {
      await tx.sampleTriage.deleteMany({ where: { exchangeId: e.id } });
    }
    const tags = await tx.annotation.count({ where: { exchangeId: e.id } });
    return { result: { triaged: input.triaged }, audit: { action: input.triaged ? "sample.triaged" : "sample.untriaged", entityType: "exchange", entityId: e.externalId, data: { tags } } };
  },
});

function frameSql(caseId: string, frame: { from?: string; to?: string; model?: string }) {
  return Prisma.join(
    [
      Prisma.sql`"caseId" = ${caseId}`,
      ...(frame.from ? [Prisma.sql`ts >= ${new Date(frame.from)}`] : []),
      ...(frame.to ? [Prisma.sql`ts < ${new Date(frame.to)}`] : []),
      ...(frame.model ? [Prisma.sql`model = ${frame.model}`] : []),
    ],
    " AND ",
  );
}

/** Midnight UTC exactly: a frame bound the day rollups can count to. */
const isDayStart = (iso: string) => iso.endsWith("T00:00:00.000Z");

/**
 * The frame's size from the per-day, per-model rollups, which are kept exact in the transaction of
 * every import: a whole case, or one cut at midnights (UTC), is counted without reading its
 * exchanges (counting 28.8M rows took seconds). Null for a frame cut at another time.
 */
async function frameSizeFromRollups(tx: Tx, caseId: string, frame: TDrawFrame): Promise<bigint | null> {
  if ((frame.from && !isDayStart(frame.from)) || (frame.to && !isDayStart(frame.to))) return null;
  const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT coalesce(sum(exchanges), 0)::bigint AS n FROM exchange_day_rollup
     WHERE "caseId" = ${caseId}
       ${frame.from ? Prisma.sql`AND day >= ${new Date(frame.from)}::date` : Prisma.empty}
       ${frame.to ? Prisma.sql`AND day < ${new Date(frame.to)}::date` : Prisma.empty}
       ${frame.model ? Prisma.sql`AND model = ${frame.model}` : Prisma.empty}`;
  return n;
}

export const drawSampleAction = defineAction({
  name: "sample.draw",
  input: ZDrawSample,
  permission: "case.edit",
  // A frame cut at other times than midnight is counted row by row: seconds for a whole campaign.
  timeoutMs: 2 * 60_000,
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, ctx, user }) {
    const seed = input.seed ?? chooseSeed();
    const frame = frameOf(input);
    const where = frameSql(ctx.caseId, frame);
    const n = (await frameSizeFromRollups(tx, ctx.caseId, frame)) ?? (await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM exchange WHERE ${where}`)[0].n;
    if (n === 0n) throw new AppError("bad_input", "No exchange of this case falls in that frame; widen the dates or clear the model.", [{ field: "from", message: "Nothing to draw from." }]);
    const draw = await tx.sampleDraw.create({ data: { caseId: ctx.caseId, seed, k: input.k, method: DRAW_METHOD, frame, frameSize: n, createdById: user.id } });
    // The method of lib/analysis/sampling.ts (sha256-cycle) in SQL: the K exchanges whose key follows
    // the seed's, then from the lowest key on; each part walks the key's index for at most K rows.
    const start = cycleStart(seed);
    const drawn = await tx.$executeRaw`
      INSERT INTO sample_draw_item ("drawId", rank, "caseId", "exchangeId")
      SELECT ${draw.id}, row_number() OVER (ORDER BY part, key, ext), ${ctx.caseId}, id FROM (
        SELECT * FROM (
          (SELECT 0 AS part, casebook_draw_key("externalId") AS key, "externalId" COLLATE "C" AS ext, id FROM exchange
            WHERE ${where} AND casebook_draw_key("externalId") >= ${start} ORDER BY 2, 3 LIMIT ${input.k})
          UNION ALL
          (SELECT 1, casebook_draw_key("externalId"), "externalId" COLLATE "C", id FROM exchange
            WHERE ${where} AND casebook_draw_key("externalId") < ${start} ORDER BY 2, 3 LIMIT ${input.k})
        ) ring ORDER BY part, key, ext LIMIT ${input.k}
      ) d`;
    const texts = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sample_draw_item i JOIN exchange e ON e.id = i."exchangeId" AND e."caseId" = ${ctx.caseId} WHERE i."drawId" = ${draw.id} AND e."isSample"`;
    return {
      result: { draw, drawn, withText: texts[0].n },
      audit: { action: "sample.draw", entityType: "sample_draw", entityId: draw.id, data: { k: input.k, seed, method: DRAW_METHOD, frame, frameSize: Number(n), drawn, withText: texts[0].n } },
    };
  },
});
