// The campaign figures of a case, from the rollups the importer keeps (never a scan of exchange
// rows): exchanges per day by model, tokens per day, accounts created and active per day, and the
// capability profile of the annotated samples. They follow the case's time window when it has one.
// No "server-only" guard: the export worker (a plain Node process) reads these for packages. They
// reach the database, so a client bundle could not include them anyway.
import { reader } from "../access";
import { Prisma } from "../generated/prisma/client";
import type { TSessionUser } from "../session";
import { exchangesByModel, perDay, tokensPerDay, type TRange } from "./series";

const day = (d: Date) => d.toISOString().slice(0, 10);
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export type TFigureScope = "window" | "all";

type TFigureCase = { windowStart: Date | null; windowEnd: Date | null; rollup: { firstExchangeAt: Date | null; lastExchangeAt: Date | null } | null };

/** `known`: the case as the caller already read it for this person (the Overview has), to save reading it again. */
export async function caseFigures(user: TSessionUser, caseId: string, scope: TFigureScope = "window", known?: TFigureCase) {
  const read = reader(user);
  const c: TFigureCase | null =
    known ?? (await read.case.findUnique({ where: { id: caseId }, select: { windowStart: true, windowEnd: true, rollup: { select: { firstExchangeAt: true, lastExchangeAt: true } } } }));
  if (!c) return null;
  const hasWindow = Boolean(c.windowStart && c.windowEnd);
  const useWindow = scope === "window" && hasWindow;
  const bounds = await read.$inCase<{ first: Date | null; last: Date | null }>(
    caseId,
    (inCase) => Prisma.sql`SELECT min(day) AS first, max(day) AS last FROM case_day_rollup WHERE ${inCase(Prisma.sql`"caseId"`)}`,
  );
  const first = bounds[0]?.first ?? c.rollup?.firstExchangeAt ?? null;
  const last = bounds[0]?.last ?? c.rollup?.lastExchangeAt ?? null;
  const range: TRange | null = useWindow ? { from: day(c.windowStart!), to: day(c.windowEnd!) } : first && last ? { from: day(first), to: day(last) } : null;
  if (!range) return { range: null, hasWindow, scope: useWindow ? "window" : "all", byModel: { series: [], rows: [] }, tokens: [], accounts: [], capabilities: [], families: [] };
  const between = { gte: new Date(`${range.from}T00:00:00Z`), lte: new Date(`${range.to}T00:00:00Z`) };
  const [models, days, caps, families] = await Promise.all([
    read.exchangeDayRollup.findMany({ where: { caseId, day: between } }),
    read.caseDayRollup.findMany({ where: { caseId, day: between } }),
    read.$inCase<{ name: string; samples: number }>(
      caseId,
      (inCase) => Prisma.sql`
        SELECT k.name, count(DISTINCT n."exchangeId")::int AS samples
          FROM annotation n JOIN capability k ON k.id = n."capabilityId" JOIN exchange e ON e.id = n."exchangeId"
         WHERE ${inCase(Prisma.sql`n."caseId"`)} AND e.ts >= ${between.gte} AND e.ts < ${new Date(between.lte.getTime() + 86_400_000)}
         GROUP BY k.name, k."sortOrder" ORDER BY samples DESC, k."sortOrder"`,
    ),
    read.templateFamily.findMany({ where: { caseId }, orderBy: [{ samples: "desc" }, { key: "asc" }], take: 10, select: { samples: true, accounts: true, representativeExchangeId: true } }),
  ]);
  const reps = new Map(
    families.length === 0
      ? []
      : (await read.exchange.findMany({ where: { id: { in: families.map((f) => f.representativeExchangeId) } }, select: { id: true, prompt: true } })).map((e) => [e.id, e.prompt ?? ""]),
  );
  const rows = models.map((m) => ({ day: day(m.day), model: m.model, exchanges: m.exchanges, promptTokens: Number(m.promptTokens), completionTokens: Number(m.completionTokens) }));
  return {
    range,
    hasWindow,
    scope: useWindow ? "window" : "all",
    byModel: exchangesByModel(rows, range),
    tokens: tokensPerDay(rows, range),
    accounts: perDay(
      days.map((d) => ({ day: day(d.day), created: d.accountsCreated, active: d.activeAccounts })),
      ["created", "active"] as const,
      range,
    ),
    capabilities: caps.map((k) => ({ x: k.name, samples: k.samples })),
    // Labelled by the start of each family's representative prompt (attacker text: the chart draws it as text).
    families: families.map((f, i) => ({ x: `${i + 1}. ${clip(reps.get(f.representativeExchangeId) ?? "", 28)}`, samples: f.samples, accounts: f.accounts })),
  };
}

export type TCaseFigures = NonNullable<Awaited<ReturnType<typeof caseFigures>>>;
