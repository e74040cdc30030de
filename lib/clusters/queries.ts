// Cluster reads: the list (API: GET /cases/{id}/clusters), one cluster with why each member is in
// it, the values its members share, its activity and samples, and indicators shared with other
// cases. Access: every read goes through reader(user) (lib/access.ts); raw SQL through $inCase.
import "server-only";
import { reader } from "../access";
import { visibleCaseSql } from "../access";
import { perDay } from "../figures/series";
import { Prisma } from "../generated/prisma/client";
import type { TSessionUser } from "../session";

type TSignal = { kind: string; value: string; accounts: number; caseAccounts: number; weight: number; confidence: number };

/** A link's shape in the API: `accounts` are this cluster's members with the value, `caseAccounts` the whole case's. */
function signalJson(l: { kind: string; value: string; accountCount: number; memberCount: number; weight: number; confidence: number }): TSignal {
  return { kind: l.kind, value: l.value, accounts: l.memberCount || l.accountCount, caseAccounts: l.accountCount, weight: l.weight, confidence: l.confidence };
}

const STATUS_ORDER = { accepted: 0, proposed: 1, rejected: 2 } as const;

/** Clusters of a case with their size and linking signals, accepted first, then proposed, then rejected. */
export async function listClusters(user: TSessionUser, caseId: string, withAccounts = false) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const clusters = await read.cluster.findMany({
    where: { caseId },
    orderBy: [{ name: "asc" }],
    include: {
      links: { orderBy: [{ weight: "desc" }, { accountCount: "asc" }] },
      _count: { select: { members: true } },
      ...(withAccounts ? { members: { select: { account: { select: { externalId: true } } } } } : {}),
    },
  });
  return clusters
    .map((c) => ({
      id: c.id,
      name: c.name,
      origin: c.origin,
      status: c.status,
      accountCount: c._count.members,
      confidence: c.confidence,
      createdAt: c.createdAt,
      signals: c.links.map(signalJson),
      ...(withAccounts ? { accounts: (c as unknown as { members: { account: { externalId: string } }[] }).members.map((m) => m.account.externalId).sort() } : {}),
    }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.accountCount - a.accountCount || a.name.localeCompare(b.name));
}

export type TClusterListItem = NonNullable<Awaited<ReturnType<typeof listClusters>>>[number];

/** One cluster with its signals and who decided it; null when it is not there for this person. */
export async function getCluster(user: TSessionUser, clusterId: string) {
  const read = reader(user);
  const c = await read.cluster.findUnique({
    where: { id: clusterId },
    include: { links: { orderBy: [{ weight: "desc" }, { accountCount: "asc" }] }, decidedBy: { select: { name: true } }, _count: { select: { members: true } } },
  });
  if (!c) return null;
  return {
    id: c.id,
    caseId: c.caseId,
    name: c.name,
    origin: c.origin,
    status: c.status,
    notes: c.notes,
    confidence: c.confidence,
    accountCount: c._count.members,
    decidedBy: c.decidedBy?.name ?? null,
    decidedAt: c.decidedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    signals: c.links.map(signalJson),
  };
}

export type TCluster = NonNullable<Awaited<ReturnType<typeof getCluster>>>;

export type TMemberReason = { accountId: string; otherAccount: string; kind: string; value: string; sharedBy: number; weight: number; confidence: number };

/** Why each of these accounts is in the cluster: the recorded links that tie it in (either end). */
export async function memberReasons(user: TSessionUser, caseId: string, clusterId: string, accountIds: bigint[]): Promise<Map<string, TMemberReason[]>> {
  const out = new Map<string, TMemberReason[]>();
  if (!accountIds.length) return out;
  const rows = await reader(user).$inCase<{ me: bigint; other: string; kind: string; value: string; sharedBy: number; weight: number; confidence: number }>(
    caseId,
    (inCase) => Prisma.sql`
      SELECT x.me, o."externalId" AS other, l.kind, l.value, l."sharedBy", l.weight, l.confidence
        FROM account_link l
        CROSS JOIN LATERAL (VALUES (l."toAccountId", l."fromAccountId"), (l."fromAccountId", l."toAccountId")) AS x(me, them)
        JOIN account o ON o.id = x.them
       WHERE l."clusterId" = ${clusterId} AND ${inCase(Prisma.sql`l."caseId"`)} AND x.me = ANY(${accountIds}::bigint[])
       ORDER BY x.me, l.confidence DESC, l.weight DESC, l.id
       LIMIT ${accountIds.length * 20}`,
  );
  for (const r of rows) {
    const key = String(r.me);
    const list = out.get(key) ?? [];
    if (list.length < 5) list.push({ accountId: key, otherAccount: r.other, kind: r.kind, value: r.value, sharedBy: r.sharedBy, weight: r.weight, confidence: r.confidence });
    out.set(key, list);
  }
  return out;
}

/**
 * The values a cluster's members share (payment, org, IP range, ASN + user agent), each with how
 * many members and how many accounts of the whole case have it: a value most of the case shares
 * explains nothing. Computed from the accounts, so imported and analyst clusters get it too.
 */
export async function sharedValues(user: TSessionUser, caseId: string, clusterId: string) {
  return reader(user).$inCase<{ kind: string; value: string; members: number; caseAccounts: number }>(
    caseId,
    (inCase) => Prisma.sql`
      WITH m AS (
        SELECT a.* FROM cluster_member cm JOIN account a ON a.id = cm."accountId"
         WHERE cm."clusterId" = ${clusterId} AND ${inCase(Prisma.sql`a."caseId"`)}
      ), v AS (
        SELECT 'payment_fingerprint' AS kind, "paymentFingerprint" AS value, count(*)::int AS members FROM m WHERE "paymentFingerprint" IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'organization_id', "organizationId", count(*)::int FROM m WHERE "organizationId" IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'ip_prefix', "ipPrefix", count(*)::int FROM m WHERE "ipPrefix" IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'asn_user_agent', 'AS' || asn || ' · ' || "userAgent", count(*)::int FROM m WHERE asn IS NOT NULL AND "userAgent" IS NOT NULL GROUP BY 2
      ), top AS (SELECT * FROM v WHERE members > 1 ORDER BY members DESC LIMIT 40),
      -- The case's accounts with each value, a kind at a time: one pass over the case's accounts at
      -- most, where a CASE over the kinds in one subquery read them all again for every value
      -- (400 ms for a 625-account cluster of 25,000).
      counted AS (
        SELECT 'payment_fingerprint' AS kind, a."paymentFingerprint" AS value, count(*)::int AS n FROM account a
         WHERE a."caseId" = ${caseId} AND a."paymentFingerprint" IN (SELECT value FROM top WHERE kind = 'payment_fingerprint') GROUP BY 2
        UNION ALL SELECT 'organization_id', a."organizationId", count(*)::int FROM account a
         WHERE a."caseId" = ${caseId} AND a."organizationId" IN (SELECT value FROM top WHERE kind = 'organization_id') GROUP BY 2
        UNION ALL SELECT 'ip_prefix', a."ipPrefix", count(*)::int FROM account a
         WHERE a."caseId" = ${caseId} AND a."ipPrefix" IN (SELECT value FROM top WHERE kind = 'ip_prefix') GROUP BY 2
        UNION ALL SELECT 'asn_user_agent', 'AS' || a.asn || ' · ' || a."userAgent", count(*)::int FROM account a
         WHERE a."caseId" = ${caseId} AND 'AS' || a.asn || ' · ' || a."userAgent" IN (SELECT value FROM top WHERE kind = 'asn_user_agent') GROUP BY 2
      )
      SELECT t.kind, t.value, t.members, coalesce(c.n, 0) AS "caseAccounts"
      FROM top t LEFT JOIN counted c ON c.kind = t.kind AND c.value = t.value
      ORDER BY t.members::float / greatest(1, (SELECT count(*) FROM m)) DESC, t.kind, t.value`,
  );
}

/**
 * Exchanges, accounts active and tokens per UTC day of a cluster's members, from the per-account
 * rollup: within the case's window when it has one (every day of it, zeros included), else over
 * the days the members were active.
 */
export async function clusterActivity(user: TSessionUser, caseId: string, clusterId: string, window?: { from: Date; to: Date } | null) {
  const inWindow = window ? Prisma.sql`AND d.day BETWEEN ${window.from}::date AND ${window.to}::date` : Prisma.empty;
  const rows = await reader(user).$inCase<{ day: Date; exchanges: bigint; accounts: number; tokens: bigint }>(
    caseId,
    (inCase) => Prisma.sql`
      SELECT d.day, sum(d.exchanges)::bigint AS exchanges, count(*)::int AS accounts, sum(d."promptTokens" + d."completionTokens")::bigint AS tokens
        FROM cluster_member cm JOIN account_day_rollup d ON d."accountId" = cm."accountId"
       WHERE cm."clusterId" = ${clusterId} AND ${inCase(Prisma.sql`d."caseId"`)} ${inWindow}
       GROUP BY 1 ORDER BY 1`,
  );
  const found = rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), exchanges: Number(r.exchanges), accounts: r.accounts, tokens: Number(r.tokens) }));
  const range = window ? { from: window.from.toISOString().slice(0, 10), to: window.to.toISOString().slice(0, 10) } : found.length ? { from: found[0].day, to: found[found.length - 1].day } : null;
  return range ? perDay(found, ["exchanges", "accounts", "tokens"] as const, range).map((r) => ({ day: r.x, exchanges: r.exchanges, accounts: r.accounts, tokens: r.tokens })) : [];
}

/** The cluster's samples and the capabilities annotated on them. */
export async function clusterSamples(user: TSessionUser, caseId: string, clusterId: string) {
  const [counts] = await reader(user).$inCase<{ samples: number; annotated: number }>(
    caseId,
    (inCase) => Prisma.sql`
      SELECT count(*)::int AS samples, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM annotation n WHERE n."exchangeId" = e.id))::int AS annotated
        FROM cluster_member cm JOIN exchange e ON e."accountId" = cm."accountId" AND e."isSample"
       WHERE cm."clusterId" = ${clusterId} AND ${inCase(Prisma.sql`e."caseId"`)}`,
  );
  const capabilities = await reader(user).$inCase<{ key: string; name: string; samples: number }>(
    caseId,
    (inCase) => Prisma.sql`
      SELECT c.key, c.name, count(DISTINCT n."exchangeId")::int AS samples
        FROM cluster_member cm JOIN exchange e ON e."accountId" = cm."accountId" AND e."isSample"
        JOIN annotation n ON n."exchangeId" = e.id JOIN capability c ON c.id = n."capabilityId"
       WHERE cm."clusterId" = ${clusterId} AND ${inCase(Prisma.sql`e."caseId"`)}
       GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
  );
  return { samples: counts?.samples ?? 0, annotated: counts?.annotated ?? 0, capabilities };
}

export type TCorrelation = { kind: string; value: string; otherCaseId: string; otherRef: string; otherTitle: string; accounts: number };

/**
 * Indicators of this case (or of one cluster's members) found in other cases this person may see:
 * payment fingerprints, organization ids, IP ranges and template families. Cases the person may
 * not see are filtered in the same statement: nothing about them comes back, not even a count.
 */
export async function crossCaseIndicators(user: TSessionUser, caseId: string, clusterId?: string): Promise<TCorrelation[]> {
  const scope = clusterId ? Prisma.sql`AND a.id IN (SELECT "accountId" FROM cluster_member WHERE "clusterId" = ${clusterId})` : Prisma.empty;
  return reader(user).$inCase<TCorrelation>(
    caseId,
    (inCase) => Prisma.sql`
      WITH mine AS (
        SELECT a."paymentFingerprint" AS pf, a."organizationId" AS org, a."ipPrefix" AS ip FROM account a WHERE ${inCase(Prisma.sql`a."caseId"`)} ${scope}
      ), hits AS (
        SELECT 'payment_fingerprint' AS kind, o."paymentFingerprint" AS value, o."caseId", count(*)::int AS accounts
          FROM (SELECT DISTINCT pf FROM mine WHERE pf IS NOT NULL) v JOIN account o ON o."paymentFingerprint" = v.pf AND o."caseId" <> ${caseId} GROUP BY 1, 2, 3
        UNION ALL
        SELECT 'organization_id', o."organizationId", o."caseId", count(*)::int
          FROM (SELECT DISTINCT org FROM mine WHERE org IS NOT NULL) v JOIN account o ON o."organizationId" = v.org AND o."caseId" <> ${caseId} GROUP BY 1, 2, 3
        UNION ALL
        SELECT 'ip_prefix', o."ipPrefix", o."caseId", count(*)::int
          FROM (SELECT DISTINCT ip FROM mine WHERE ip IS NOT NULL) v JOIN account o ON o."ipPrefix" = v.ip AND o."caseId" <> ${caseId} GROUP BY 1, 2, 3
        UNION ALL
        SELECT 'template_family', f.key, o."caseId", o.accounts
          FROM template_family f JOIN template_family o ON o."bandKeys" && f."bandKeys" AND o."caseId" <> f."caseId"
         WHERE f."caseId" = ${caseId} ${clusterId ? Prisma.sql`AND EXISTS (SELECT 1 FROM template_family_member fm JOIN exchange e ON e.id = fm."exchangeId" JOIN cluster_member cm ON cm."accountId" = e."accountId" WHERE fm."familyId" = f.id AND cm."clusterId" = ${clusterId})` : Prisma.empty}
      )
      SELECT h.kind, h.value, h."caseId" AS "otherCaseId", c.ref AS "otherRef", c.title AS "otherTitle", h.accounts
        FROM hits h JOIN "case" c ON c.id = h."caseId"
       WHERE ${visibleCaseSql(user, Prisma.sql`h."caseId"`)}
       ORDER BY c.ref, h.kind, h.accounts DESC, h.value
       LIMIT 200`,
  );
}
