// Account reads, keyset-paged so the 25,000th page costs what the first does. Access: the case
// must be visible to the user (lib/cases/queries.ts), checked before anything is read.
import type { Prisma } from "../generated/prisma/client";
import { decodeCursor, encodeCursor } from "../api/cursor";
import { z } from "zod";
import { db } from "../db";
import { visibleCaseId } from "../cases/visibility";
import type { TSessionUser } from "../session";
import type { TAccountListParams } from "./schema";

const ZCursor = z.object({ k: z.string(), i: z.string() });

export async function listAccounts(user: TSessionUser, caseId: string, p: TAccountListParams) {
  if (!(await visibleCaseId(user, caseId))) return null;
  const filters: Prisma.AccountWhereInput = {
    caseId,
    ...(p.status ? { status: p.status } : {}),
    ...(p.country ? { country: p.country } : {}),
    ...(p.asn !== undefined ? { asn: p.asn } : {}),
    ...(p.cluster ? { clusters: { some: { clusterId: p.cluster } } } : {}),
    ...(p.q
      ? { OR: [{ externalId: { startsWith: p.q } }, { email: { contains: p.q, mode: "insensitive" } }, { displayName: { contains: p.q, mode: "insensitive" } }, { organizationId: { startsWith: p.q } }] }
      : {}),
  };
  const c = decodeCursor(p.cursor, ZCursor);
  const cmp = p.dir === "asc" ? "gt" : "lt";
  const after: Prisma.AccountWhereInput = !c
    ? {}
    : p.sort === "createdAt"
      ? { OR: [{ accountCreatedAt: { [cmp]: new Date(c.k) } }, { accountCreatedAt: new Date(c.k), id: { [cmp]: BigInt(c.i) } }] }
      : { OR: [{ externalId: { [cmp]: c.k } }, { externalId: c.k, id: { [cmp]: BigInt(c.i) } }] };
  const [total, rows] = await Promise.all([
    db().account.count({ where: filters }),
    db().account.findMany({
      where: { AND: [filters, after] },
      orderBy: p.sort === "createdAt" ? [{ accountCreatedAt: p.dir }, { id: p.dir }] : [{ externalId: p.dir }, { id: p.dir }],
      take: p.limit + 1,
      include: { clusters: { include: { cluster: { select: { id: true, name: true } } } } },
    }),
  ]);
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  return {
    total,
    items: page.map(accountJson),
    nextCursor: rows.length > p.limit && last ? encodeCursor({ k: p.sort === "createdAt" ? last.accountCreatedAt.toISOString() : last.externalId, i: last.id.toString() }) : null,
  };
}

type TAccountWithClusters = Prisma.AccountGetPayload<{ include: { clusters: { include: { cluster: { select: { id: true; name: true } } } } } }>;

export function accountJson(a: TAccountWithClusters) {
  return {
    id: a.id.toString(),
    accountId: a.externalId,
    createdAt: a.accountCreatedAt.toISOString(),
    email: a.email,
    displayName: a.displayName,
    country: a.country,
    signupIp: a.signupIp,
    asn: a.asn === null ? null : Number(a.asn),
    paymentFingerprint: a.paymentFingerprint,
    userAgent: a.userAgent,
    organizationId: a.organizationId,
    status: a.status,
    attributes: a.attributes as Record<string, string>,
    clusters: a.clusters.map((m) => ({ id: m.cluster.id, name: m.cluster.name })),
  };
}
export type TAccountJson = ReturnType<typeof accountJson>;

/** Clusters of a case with their size and linking signals (API: GET /cases/{id}/clusters). */
export async function listClusters(user: TSessionUser, caseId: string, withAccounts = false) {
  if (!(await visibleCaseId(user, caseId))) return null;
  const clusters = await db().cluster.findMany({
    where: { caseId },
    orderBy: { name: "asc" },
    include: { links: true, _count: { select: { members: true } }, ...(withAccounts ? { members: { select: { account: { select: { externalId: true } } } } } : {}) },
  });
  return clusters.map((c) => ({
    id: c.id,
    name: c.name,
    origin: c.origin,
    status: c.status,
    accountCount: c._count.members,
    signals: c.links.map((l) => ({ kind: l.kind, value: l.value, accounts: l.accountCount, confidence: l.confidence })),
    ...(withAccounts ? { accounts: (c as unknown as { members: { account: { externalId: string } }[] }).members.map((m) => m.account.externalId) } : {}),
  }));
}

/** Distinct values for the account filters' pick lists. */
export async function accountFacets(user: TSessionUser, caseId: string) {
  if (!(await visibleCaseId(user, caseId))) return null;
  const [countries, asns] = await Promise.all([
    db().account.groupBy({ by: ["country"], where: { caseId, country: { not: null } }, _count: true, orderBy: { _count: { country: "desc" } }, take: 100 }),
    db().account.groupBy({ by: ["asn"], where: { caseId, asn: { not: null } }, _count: true, orderBy: { _count: { asn: "desc" } }, take: 100 }),
  ]);
  return {
    countries: countries.map((c) => ({ value: c.country!, count: c._count })),
    asns: asns.map((a) => ({ value: Number(a.asn), count: a._count })),
  };
}
