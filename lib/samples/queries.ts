// Reads for the work on samples: the triage queue (one sample with its tags, flags and place in
// the queue), the random draws of a case, and the capability profile with its estimates.
// No "server-only" guard: the export worker (a plain Node process) reads these for packages. They
// reach the database, so a client bundle could not include them anyway.
import { reader } from "../access";
import { samplingStatement, wilson, projectCount } from "../analysis/estimates";
import { describeFrame, describeMethod, type TDrawFrame } from "../analysis/sampling";
import { Prisma } from "../generated/prisma/client";
import type { TSessionUser } from "../session";
import type { TQueue } from "./schema";

/** The samples of a queue, as SQL over exchange e: all, not yet triaged, with pending flags, or one draw's. */
function queueSql(queue: TQueue, drawId?: string) {
  switch (queue) {
    case "untriaged":
      return Prisma.sql`AND NOT EXISTS (SELECT 1 FROM sample_triage t WHERE t."exchangeId" = e.id)`;
    case "flagged":
      return Prisma.sql`AND EXISTS (SELECT 1 FROM rule_flag f WHERE f."exchangeId" = e.id AND f.status = 'pending')`;
    case "draw":
      return Prisma.sql`AND EXISTS (SELECT 1 FROM sample_draw_item i WHERE i."exchangeId" = e.id AND i."drawId" = ${drawId ?? ""})`;
    default:
      return Prisma.empty;
  }
}

type TPos = { id: bigint; ts: Date };

/** One sample of a queue (the one at `at`, else the first), with the ids before and after it. */
export async function triageSample(user: TSessionUser, caseId: string, queue: TQueue, opts: { drawId?: string; at?: string } = {}) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const inQueue = queueSql(queue, opts.drawId);
  const base = (inCase: (c: Prisma.Sql) => Prisma.Sql) => Prisma.sql`FROM exchange e WHERE ${inCase(Prisma.sql`e."caseId"`)} AND e."isSample" ${inQueue}`;
  let current: TPos | undefined;
  if (opts.at && /^\d+$/.test(opts.at)) {
    [current] = await read.$inCase<TPos>(caseId, (inCase) => Prisma.sql`SELECT e.id, e.ts FROM exchange e WHERE ${inCase(Prisma.sql`e."caseId"`)} AND e.id = ${BigInt(opts.at!)} AND e."isSample"`);
  }
  if (!current) [current] = await read.$inCase<TPos>(caseId, (inCase) => Prisma.sql`SELECT e.id, e.ts ${base(inCase)} ORDER BY e.ts, e.id LIMIT 1`);
  const [{ total }] = await read.$inCase<{ total: number }>(caseId, (inCase) => Prisma.sql`SELECT count(*)::int AS total ${base(inCase)}`);
  if (!current) return { queue, total, sample: null, prev: null, next: null, position: 0 };
  const cur = current;
  const [prev, next, before] = await Promise.all([
    read.$inCase<{ id: bigint }>(caseId, (inCase) => Prisma.sql`SELECT e.id ${base(inCase)} AND (e.ts, e.id) < (${cur.ts}, ${cur.id}) ORDER BY e.ts DESC, e.id DESC LIMIT 1`),
    read.$inCase<{ id: bigint }>(caseId, (inCase) => Prisma.sql`SELECT e.id ${base(inCase)} AND (e.ts, e.id) > (${cur.ts}, ${cur.id}) ORDER BY e.ts, e.id LIMIT 1`),
    read.$inCase<{ n: number }>(caseId, (inCase) => Prisma.sql`SELECT count(*)::int AS n ${base(inCase)} AND (e.ts, e.id) < (${cur.ts}, ${cur.id})`),
  ]);
  const redactions = await read.redaction.findMany({ where: { caseId, exchangeId: cur.id }, orderBy: [{ field: "asc" }, { spanStart: "asc" }], include: { createdBy: { select: { name: true } } } });
  const e = await read.exchange.findFirstOrThrow({
    where: { id: cur.id },
    include: {
      account: { select: { externalId: true } },
      annotations: { include: { capability: { select: { id: true, key: true, name: true } }, createdBy: { select: { name: true } } } },
      flags: { orderBy: [{ field: "asc" }, { spanStart: "asc" }], include: { decidedBy: { select: { name: true } } } },
      triage: { include: { triagedBy: { select: { name: true } } } },
    },
  });
  return {
    queue,
    total,
    position: before[0].n + 1,
    prev: prev[0] ? String(prev[0].id) : null,
    next: next[0] ? String(next[0].id) : null,
    sample: {
      id: String(e.id),
      externalId: e.externalId,
      account: e.account.externalId,
      ts: e.ts.toISOString(),
      model: e.model,
      prompt: e.prompt ?? "",
      response: e.response ?? "",
      annotations: e.annotations.map((a) => ({
        id: a.id,
        capabilityId: a.capability.id,
        capability: a.capability.name,
        field: a.field as "prompt" | "response",
        span: a.spanStart !== null && a.spanEnd !== null ? { start: a.spanStart, end: a.spanEnd } : null,
        note: a.note,
        by: a.createdBy.name,
        updatedAt: a.updatedAt.toISOString(),
      })),
      flags: e.flags.map((f) => ({ id: f.id, ruleId: f.ruleId, ruleVersion: f.ruleVersion, field: f.field as "prompt" | "response", span: { start: f.spanStart, end: f.spanEnd }, matched: f.matched, status: f.status, decidedBy: f.decidedBy?.name ?? null })),
      triaged: e.triage ? { by: e.triage.triagedBy.name, at: e.triage.triagedAt.toISOString() } : null,
      /** Spans withheld from every package of the case. */
      redactions: redactions.map((r) => ({ id: r.id, field: r.field as "prompt" | "response", span: { start: r.spanStart!, end: r.spanEnd! }, reason: r.reason, by: r.createdBy.name })),
    },
  };
}

export type TTriage = NonNullable<Awaited<ReturnType<typeof triageSample>>>;
export type TTriageSample = NonNullable<TTriage["sample"]>;

/** The random draws of a case, newest first, with how many of their exchanges are samples and triaged. */
/** Whether the case exists for this person. */
export async function caseVisible(user: TSessionUser, caseId: string): Promise<boolean> {
  return reader(user).$seesCase(caseId);
}

export async function listDraws(user: TSessionUser, caseId: string) {
  const read = reader(user);
  const draws = await read.sampleDraw.findMany({ where: { caseId }, orderBy: { createdAt: "desc" }, include: { createdBy: { select: { name: true } } } });
  if (!draws.length) return [];
  const counts = await read.$inCase<{ drawId: string; drawn: number; withText: number; triaged: number }>(
    caseId,
    (inCase) => Prisma.sql`
      SELECT i."drawId", count(*)::int AS drawn, count(*) FILTER (WHERE e."isSample")::int AS "withText",
             count(*) FILTER (WHERE e."isSample" AND EXISTS (SELECT 1 FROM sample_triage t WHERE t."exchangeId" = e.id))::int AS triaged
        FROM sample_draw_item i JOIN exchange e ON e.id = i."exchangeId"
       WHERE ${inCase(Prisma.sql`e."caseId"`)} AND i."drawId" IN (${Prisma.join(draws.map((d) => d.id))})
       GROUP BY 1`,
  );
  const by = new Map(counts.map((c) => [c.drawId, c]));
  return draws.map((d) => ({
    id: d.id,
    seed: d.seed,
    k: d.k,
    method: d.method,
    frame: d.frame as TDrawFrame,
    frameText: describeFrame(d.frame as TDrawFrame),
    methodText: describeMethod(d.seed, d.k, d.method),
    frameSize: Number(d.frameSize),
    createdAt: d.createdAt,
    createdBy: d.createdBy.name,
    drawn: by.get(d.id)?.drawn ?? 0,
    withText: by.get(d.id)?.withText ?? 0,
    triaged: by.get(d.id)?.triaged ?? 0,
  }));
}

export type TDraw = Awaited<ReturnType<typeof listDraws>>[number];

/**
 * Per capability: annotated samples (a convenience count, never projected) and, from a random
 * draw, the estimated share and number of the frame's exchanges with a 95% Wilson interval
 * (finite-population corrected) and the sentence that states the sampling. Only drawn exchanges
 * an analyst has triaged count: one not yet looked at is not evidence of "no capability".
 */
export async function capabilityProfile(user: TSessionUser, caseId: string, drawId?: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const draws = await listDraws(user, caseId);
  const draw = drawId ? draws.find((d) => d.id === drawId) : draws[0];
  const [caps, conv, drawn] = await Promise.all([
    read.capability.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    read.$inCase<{ capabilityId: string | null; samples: number }>(
      caseId,
      (inCase) => Prisma.sql`
        WITH annotated AS (
          SELECT e.id FROM exchange e WHERE ${inCase(Prisma.sql`e."caseId"`)} AND e."isSample"
             AND (EXISTS (SELECT 1 FROM annotation n WHERE n."exchangeId" = e.id) OR EXISTS (SELECT 1 FROM sample_triage t WHERE t."exchangeId" = e.id))
        )
        SELECT NULL AS "capabilityId", count(*)::int AS samples FROM annotated
        UNION ALL
        SELECT n."capabilityId", count(DISTINCT n."exchangeId")::int FROM annotation n JOIN annotated a ON a.id = n."exchangeId" GROUP BY 1`,
    ),
    draw
      ? read.$inCase<{ capabilityId: string | null; n: number }>(
          caseId,
          (inCase) => Prisma.sql`
            WITH looked AS (
              SELECT e.id FROM sample_draw_item i JOIN exchange e ON e.id = i."exchangeId"
               WHERE i."drawId" = ${draw.id} AND ${inCase(Prisma.sql`e."caseId"`)} AND EXISTS (SELECT 1 FROM sample_triage t WHERE t."exchangeId" = e.id)
            )
            SELECT NULL AS "capabilityId", count(*)::int AS n FROM looked
            UNION ALL
            SELECT n."capabilityId", count(DISTINCT n."exchangeId")::int FROM annotation n JOIN looked l ON l.id = n."exchangeId" GROUP BY 1`,
        )
      : Promise.resolve([]),
  ]);
  const annotated = conv.find((r) => r.capabilityId === null)?.samples ?? 0;
  const convOf = new Map(conv.filter((r) => r.capabilityId).map((r) => [r.capabilityId!, r.samples]));
  const looked = drawn.find((r) => r.capabilityId === null)?.n ?? 0;
  const drawnOf = new Map(drawn.filter((r) => r.capabilityId).map((r) => [r.capabilityId!, r.n]));
  const items = caps.map((c) => {
    const name = c.name.toLowerCase() === c.name ? c.name : c.name.charAt(0).toLowerCase() + c.name.slice(1);
    const x = drawnOf.get(c.id) ?? 0;
    const interval = draw && looked > 0 ? wilson(x, looked, { population: draw.frameSize }) : null;
    return {
      id: c.id,
      key: c.key,
      name: c.name,
      description: c.description,
      annotatedSamples: convOf.get(c.id) ?? 0,
      convenienceStatement: samplingStatement({ method: "convenience", annotated, x: convOf.get(c.id) ?? 0, capabilityName: name }),
      estimate:
        draw && interval
          ? {
              drawId: draw.id,
              drawn: looked,
              x,
              frame: draw.frameSize,
              share: interval,
              exchanges: projectCount(interval, draw.frameSize),
              statement: samplingStatement({ method: "uniform", drawn: looked, frame: draw.frameSize, seed: draw.seed, x, capabilityName: name }),
            }
          : null,
    };
  });
  return { annotated, draw: draw ?? null, looked, draws, items };
}

export type TCapabilityProfile = NonNullable<Awaited<ReturnType<typeof capabilityProfile>>>;

/** The exchange ids of a draw in rank order, for the pipeline to fetch their text. */
export async function drawExchangeIds(user: TSessionUser, caseId: string, drawId: string) {
  const rows = await reader(user).$inCase<{ externalId: string }>(
    caseId,
    (inCase) => Prisma.sql`
      SELECT e."externalId" FROM sample_draw_item i JOIN exchange e ON e.id = i."exchangeId"
       WHERE i."drawId" = ${drawId} AND ${inCase(Prisma.sql`e."caseId"`)} ORDER BY i.rank`,
  );
  return rows.map((r) => r.externalId);
}
