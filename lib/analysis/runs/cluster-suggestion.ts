// The cluster-suggestion job: read the case's accounts and their template families, link them by
// the pure module (lib/analysis/clustering.ts), and store what it found in one audited transaction
// that replaces the suggestions nobody has acted on. Clusters an analyst accepted, rejected, made or
// imported are never touched; a suggestion that matches one already decided is left out.
import { createHash } from "node:crypto";
import { z } from "zod";
import { defineSystemAction, mustRunAction } from "../../action";
import { db } from "../../db";
import { JobCancelledError } from "../../jobs/handler";
import { suggestClusters, type TAccountInput, type TSuggestedCluster } from "../clustering";
import { analysisActor, caseOfRun, finishRun, runRef, ZRunRef, type TAnalysisRunner } from "../run-context";
import type { TAnalysisProgress } from "../schema";
import { clusterTitle, jaccard } from "../../clusters/naming";

/** A suggestion this close (Jaccard of members) to a decided cluster is that cluster again. */
const SAME_CLUSTER = 0.8;

type TAccountRow = { id: bigint; created: Date; pf: string | null; org: string | null; ip: string | null; asn: bigint | null; ua: string | null };

async function loadAccounts(caseId: string): Promise<TAccountInput[]> {
  const rows = await db().$queryRaw<TAccountRow[]>`
    SELECT id, "accountCreatedAt" AS created, "paymentFingerprint" AS pf, "organizationId" AS org, "signupIp" AS ip, asn, "userAgent" AS ua
      FROM account WHERE "caseId" = ${caseId} ORDER BY id`;
  const fam = await db().$queryRaw<{ accountId: bigint; key: string }[]>`
    SELECT DISTINCT e."accountId", f.key
      FROM template_family f JOIN template_family_member m ON m."familyId" = f.id JOIN exchange e ON e.id = m."exchangeId"
     WHERE f."caseId" = ${caseId}`;
  const families = new Map<string, string[]>();
  for (const r of fam) {
    const id = String(r.accountId);
    families.set(id, [...(families.get(id) ?? []), r.key]);
  }
  return rows.map((r) => ({
    id: String(r.id),
    createdAt: r.created.getTime(),
    paymentFingerprint: r.pf,
    organizationId: r.org,
    signupIp: r.ip,
    asn: r.asn === null ? null : Number(r.asn),
    userAgent: r.ua,
    templateFamilies: families.get(String(r.id)) ?? [],
  }));
}

const memberKey = (members: string[]) => createHash("sha256").update([...members].sort().join(",")).digest("hex");

const ZLink = z.object({ from: z.string(), to: z.string(), kind: z.string(), value: z.string(), sharedBy: z.number().int(), weight: z.number(), confidence: z.number() });
const ZSuggestion = z.object({
  members: z.array(z.string()).min(2),
  confidence: z.number(),
  links: z.array(ZLink),
  signals: z.array(z.object({ kind: z.string(), value: z.string(), members: z.number().int(), sharedBy: z.number().int(), weight: z.number() })),
});

export const storeSuggestionsAction = defineSystemAction({
  name: "clusters.suggest",
  input: ZRunRef.extend({
    suggestions: z.array(ZSuggestion),
    stats: z.object({ accounts: z.number().int(), weakValues: z.number().int(), ms: z.number() }),
  }),
  permission: "job.run",
  load: caseOfRun,
  async run({ tx, input, ctx }) {
    const { caseId } = ctx;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`clusters:${caseId}`}))`;
    const replaced = await tx.cluster.deleteMany({ where: { caseId, origin: "suggested", status: "proposed" } });
    // Clusters already decided, with their members, so a suggestion that repeats one is left out.
    const decided = await tx.cluster.findMany({
      where: { caseId, OR: [{ origin: { not: "suggested" } }, { status: { not: "proposed" } }] },
      select: { name: true, memberKey: true, members: { select: { accountId: true } } },
    });
    const decidedSets = decided.map((c) => ({ key: c.memberKey, members: new Set(c.members.map((m) => String(m.accountId))) }));
    const names = new Set(decided.map((c) => c.name));
    const kept = input.suggestions.filter((s) => {
      const key = memberKey(s.members);
      const mine = new Set(s.members);
      return !decidedSets.some((d) => d.key === key || jaccard(mine, d.members) >= SAME_CLUSTER);
    });
    const rows = kept.map((s) => {
      const name = clusterTitle(s.signals, s.members.length, names);
      names.add(name);
      return { id: crypto.randomUUID(), s, name };
    });
    if (rows.length) {
      await tx.cluster.createMany({
        data: rows.map((r) => ({ id: r.id, caseId, name: r.name, origin: "suggested", status: "proposed", runId: input.runId, confidence: r.s.confidence, memberKey: memberKey(r.s.members) })),
      });
      const members = rows.flatMap((r) => r.s.members.map((a) => [r.id, a] as const));
      await tx.$executeRaw`
        INSERT INTO cluster_member ("clusterId", "accountId")
        SELECT * FROM unnest(${members.map((m) => m[0])}::text[], ${members.map((m) => m[1])}::bigint[])`;
      await tx.clusterLink.createMany({
        data: rows.flatMap((r) =>
          r.s.signals.map((g) => ({ clusterId: r.id, kind: g.kind, value: g.value, confidence: g.weight, weight: g.weight, accountCount: g.sharedBy, memberCount: g.members })),
        ),
      });
      const links = rows.flatMap((r) => r.s.links.map((l) => ({ ...l, clusterId: r.id })));
      await tx.$executeRaw`
        INSERT INTO account_link ("caseId", "clusterId", "fromAccountId", "toAccountId", kind, value, "sharedBy", weight, confidence)
        SELECT ${caseId}, * FROM unnest(${links.map((l) => l.clusterId)}::text[], ${links.map((l) => l.from)}::bigint[], ${links.map((l) => l.to)}::bigint[],
               ${links.map((l) => l.kind)}::text[], ${links.map((l) => l.value)}::text[], ${links.map((l) => l.sharedBy)}::int[],
               ${links.map((l) => l.weight)}::float8[], ${links.map((l) => l.confidence)}::float8[])`;
    }
    const accounts = rows.reduce((n, r) => n + r.s.members.length, 0);
    const linkCount = rows.reduce((n, r) => n + r.s.links.length, 0);
    const result = { clusters: rows.length, accounts, links: linkCount, replaced: replaced.count, skipped: input.suggestions.length - kept.length, weakValues: input.stats.weakValues };
    await finishRun(tx, input, { ...result, ms: input.stats.ms, accountsRead: input.stats.accounts });
    return { result, audit: { action: "clusters.suggest", entityType: "analysis_run", entityId: input.runId, caseId, data: result } };
  },
});

function toInput(s: TSuggestedCluster) {
  return { members: s.members, confidence: s.confidence, links: s.links, signals: s.signals };
}

export const runClusterSuggestion: TAnalysisRunner = async (run, ctx) => {
  const step = (name: string, done: number, total: number) => ctx.progress({ step: name, done, total } satisfies TAnalysisProgress);
  step("reading accounts", 0, 3);
  const accounts = await loadAccounts(run.caseId);
  if (ctx.signal.aborted) throw new JobCancelledError();
  step("linking accounts", 1, 3);
  const t = performance.now();
  const { clusters, stats } = suggestClusters(accounts);
  const ms = Math.round(performance.now() - t);
  if (ctx.signal.aborted) throw new JobCancelledError();
  step("saving suggestions", 2, 3);
  await mustRunAction(storeSuggestionsAction, await analysisActor(run, ctx), {
    ...runRef(run, ctx),
    suggestions: clusters.map(toInput),
    stats: { accounts: accounts.length, weakValues: stats.weakValuesIgnored, ms },
  });
};
