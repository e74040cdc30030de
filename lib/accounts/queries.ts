// Account reads, keyset-paged so the 25,000th page costs what the first does. Access: every read
// goes through reader(user) (lib/access.ts), with the rule in its `where`.
import { Prisma } from "../generated/prisma/client";
import { decodeCursor, encodeCursor } from "../api/cursor";
import { z } from "zod";
import { reader } from "../access";
import type { TSessionUser } from "../session";
import type { TAccountListParams } from "./schema";
import { isBigintId } from "../storable-text";

const ZCursor = z.object({ k: z.string().max(500), i: z.string().refine(isBigintId) });
const ZDateCursor = ZCursor.extend({ k: z.string().refine((s) => !Number.isNaN(Date.parse(s))) });

export async function listAccounts(user: TSessionUser, caseId: string, p: TAccountListParams, opts: { withTotal?: boolean } = {}) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const conds: Prisma.Sql[] = [];
  if (p.status) conds.push(Prisma.sql`a.status = ${p.status}::"AccountStatus"`);
  if (p.country) conds.push(Prisma.sql`a.country = ${p.country}`);
  if (p.asn !== undefined) conds.push(Prisma.sql`a.asn = ${p.asn}`);
  if (p.cluster) conds.push(Prisma.sql`EXISTS (SELECT 1 FROM cluster_member m WHERE m."accountId" = a.id AND m."clusterId" = ${p.cluster})`);
  if (p.q) {
    const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const prefix = `${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(Prisma.sql`(a."externalId" LIKE ${prefix} OR a."organizationId" LIKE ${prefix} OR a.email ILIKE ${like} OR a."displayName" ILIKE ${like})`);
  }
  const filters = (inCase: (col: Prisma.Sql) => Prisma.Sql) => Prisma.join([inCase(Prisma.sql`a."caseId"`), ...conds], " AND ");
  const c = decodeCursor(p.cursor, p.sort === "createdAt" ? ZDateCursor : ZCursor);
  const desc = p.dir === "desc";
  // Keyset on a row value: PostgreSQL walks the index from the cursor, however deep the page.
  const key = p.sort === "createdAt" ? Prisma.sql`a."accountCreatedAt"` : Prisma.sql`a."externalId"`;
  const after = !c
    ? Prisma.empty
    : p.sort === "createdAt"
      ? desc
        ? Prisma.sql`AND (a."accountCreatedAt", a.id) < (${new Date(c.k)}::timestamp, ${BigInt(c.i)})`
        : Prisma.sql`AND (a."accountCreatedAt", a.id) > (${new Date(c.k)}::timestamp, ${BigInt(c.i)})`
      : desc
        ? Prisma.sql`AND (a."externalId", a.id) < (${c.k}, ${BigInt(c.i)})`
        : Prisma.sql`AND (a."externalId", a.id) > (${c.k}, ${BigInt(c.i)})`;
  const order = desc ? Prisma.sql`ORDER BY ${key} DESC, a.id DESC` : Prisma.sql`ORDER BY ${key} ASC, a.id ASC`;
  const [totalRows, idRows] = await Promise.all([
    // The API counts on the first page only; the UI asks on every page.
    c && !opts.withTotal ? Promise.resolve(null) : read.$inCase<{ n: number }>(caseId, (inCase) => Prisma.sql`SELECT count(*)::int AS n FROM account a WHERE ${filters(inCase)}`),
    read.$inCase<{ id: bigint }>(caseId, (inCase) => Prisma.sql`SELECT a.id FROM account a WHERE ${filters(inCase)} ${after} ${order} LIMIT ${p.limit + 1}`),
  ]);
  const ids = idRows.map((r) => r.id);
  const found = await read.account.findMany({ where: { id: { in: ids.slice(0, p.limit) } }, include: { clusters: { include: { cluster: { select: { id: true, name: true } } } } } });
  const byId = new Map(found.map((a) => [a.id, a]));
  const page = ids.slice(0, p.limit).map((id) => byId.get(id)!).filter(Boolean);
  const last = page[page.length - 1];
  return {
    total: totalRows ? totalRows[0].n : null,
    items: page.map(accountJson),
    nextCursor: ids.length > p.limit && last ? encodeCursor({ k: p.sort === "createdAt" ? last.accountCreatedAt.toISOString() : last.externalId, i: last.id.toString() }) : null,
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

/** Distinct values for the account filters' pick lists. */
export async function accountFacets(user: TSessionUser, caseId: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const [countries, asns] = await Promise.all([
    read.account.groupBy({ by: ["country"], where: { caseId, country: { not: null } }, _count: true, orderBy: { _count: { country: "desc" } }, take: 100 }),
    read.account.groupBy({ by: ["asn"], where: { caseId, asn: { not: null } }, _count: true, orderBy: { _count: { asn: "desc" } }, take: 100 }),
  ]);
  return {
    countries: countries.map((c) => ({ value: c.country!, count: c._count })),
    asns: asns.map((a) => ({ value: Number(a.asn), count: a._count })),
  };
}
