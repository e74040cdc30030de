// Exchange reads over tens of millions of rows: keyset pages on (ts, id) through the
// (caseId, ts, id) / (accountId, ts, id) indexes; no OFFSET, no exact count of a filtered set.
// Access: every read goes through reader(user) (lib/access.ts), with the rule in its `where`.
import { z } from "zod";
import { reader } from "../access";
import { decodeCursor, encodeCursor } from "../api/cursor";
import type { Prisma } from "../generated/prisma/client";
import type { TSessionUser } from "../session";
import type { TExchangeListParams } from "./schema";
import { isBigintId } from "../storable-text";

const ZCursor = z.object({ t: z.string().refine((s) => !Number.isNaN(Date.parse(s))), i: z.string().refine(isBigintId) });

const SUMMARY = {
  id: true,
  externalId: true,
  ts: true,
  model: true,
  promptTokens: true,
  completionTokens: true,
  isSample: true,
  requestIp: true,
  account: { select: { externalId: true } },
} as const;

type TSummaryRow = { id: bigint; externalId: string; account: { externalId: string }; ts: Date; model: string; promptTokens: number | null; completionTokens: number | null; isSample: boolean; requestIp: string | null };

/** An exchange's metadata as the table and the API show it. */
function summaryJson(e: TSummaryRow) {
  return {
    id: e.id.toString(),
    exchangeId: e.externalId,
    accountId: e.account.externalId,
    timestamp: e.ts.toISOString(),
    model: e.model,
    promptTokens: e.promptTokens,
    completionTokens: e.completionTokens,
    isSample: e.isSample,
    requestIp: e.requestIp,
  };
}

export async function listExchanges(user: TSessionUser, caseId: string, p: TExchangeListParams) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  let accountId: bigint | undefined;
  if (p.account) {
    const a = await read.account.findUnique({ where: { caseId_externalId: { caseId, externalId: p.account } }, select: { id: true } });
    if (!a) return { items: [], nextCursor: null };
    accountId = a.id;
  }
  const c = decodeCursor(p.cursor, ZCursor);
  const cmp = p.dir === "asc" ? "gt" : "lt";
  const where: Prisma.ExchangeWhereInput = {
    AND: [
      // An account belongs to one case; filtering on it alone lets PostgreSQL walk the
      // (accountId, ts, id) index instead of the whole case's.
      accountId !== undefined ? { accountId } : { caseId },
      p.from || p.to ? { ts: { ...(p.from ? { gte: p.from } : {}), ...(p.to ? { lt: p.to } : {}) } } : {},
      p.model ? { model: p.model } : {},
      p.samplesOnly ? { isSample: true } : {},
      p.capability ? { annotations: { some: { capability: { key: p.capability } } } } : {},
      c ? { OR: [{ ts: { [cmp]: new Date(c.t) } }, { ts: new Date(c.t), id: { [cmp]: BigInt(c.i) } }] } : {},
    ],
  };
  const rows = await read.exchange.findMany({ where, orderBy: [{ ts: p.dir }, { id: p.dir }], take: p.limit + 1, select: SUMMARY });
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(summaryJson),
    nextCursor: rows.length > p.limit && last ? encodeCursor({ t: last.ts.toISOString(), i: last.id.toString() }) : null,
  };
}
export type TExchangeSummary = NonNullable<Awaited<ReturnType<typeof listExchanges>>>["items"][number];

/** One exchange with its text; null when it does not exist or its case is not the user's to see. */
export async function getExchange(user: TSessionUser, exchangeId: string) {
  if (!isBigintId(exchangeId)) return null;
  const e = await reader(user).exchange.findFirst({
    where: { id: BigInt(exchangeId) },
    include: { account: { select: { externalId: true } }, annotations: { include: { capability: { select: { key: true, name: true } } } } },
  });
  if (!e) return null;
  return {
    ...summaryJson(e),
    caseId: e.caseId,
    prompt: e.prompt,
    response: e.response,
    promptSha256: e.promptSha256,
    userAgent: e.userAgent,
    metadata: e.metadata,
    attributes: e.attributes,
    annotations: e.annotations.map((a) => ({ capability: a.capability.name, key: a.capability.key, note: a.note })),
  };
}
export type TExchangeDetail = NonNullable<Awaited<ReturnType<typeof getExchange>>>;

/** Models seen in a case, for the filter, from the day × model rollup (not a scan of its exchanges). */
export async function listModels(user: TSessionUser, caseId: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const rows = await read.exchangeDayRollup.groupBy({ by: ["model"], where: { caseId }, orderBy: { model: "asc" }, take: 200 });
  return rows.map((r) => r.model);
}
