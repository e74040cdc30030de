// Case reads, through reader(user) (lib/access.ts): the access rule is in every `where`, so a case
// the user may not see simply is not found. Counts come from the rollups the importer keeps.
import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { reader } from "../access";
import { can, type TCaseFacts, type TCaseRole, type TCaseStatus } from "../authz";
import type { TSessionUser } from "../session";
import type { TCaseListParams } from "./schema";
import { availableTransitions } from "./workflow";

export async function listCases(user: TSessionUser, p: TCaseListParams) {
  const where: Prisma.CaseWhereInput = {
    AND: [
      p.status ? { status: p.status } : {},
      p.severity ? { severity: p.severity } : {},
      p.lead ? { leadId: p.lead } : {},
      p.q
        ? {
            OR: [
              { title: { contains: p.q, mode: "insensitive" } },
              { ref: { contains: p.q, mode: "insensitive" } },
              { suspectedActor: { contains: p.q, mode: "insensitive" } },
              { summary: { contains: p.q, mode: "insensitive" } },
            ],
          }
        : {},
    ],
  };
  const read = reader(user);
  const [total, rows] = await Promise.all([
    read.case.count({ where }),
    read.case.findMany({
      where,
      orderBy: [
        // Only nullable columns take a nulls position; the window sorts undated cases last.
        (p.sort === "windowStart" ? { windowStart: { sort: p.dir, nulls: "last" } } : { [p.sort]: p.dir }) as Prisma.CaseOrderByWithRelationInput,
        { id: "asc" },
      ],
      skip: (p.page - 1) * p.size,
      take: p.size,
      select: {
        id: true,
        ref: true,
        title: true,
        status: true,
        severity: true,
        suspectedActor: true,
        windowStart: true,
        windowEnd: true,
        updatedAt: true,
        lead: { select: { id: true, name: true } },
      },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      windowStart: r.windowStart?.toISOString() ?? null,
      windowEnd: r.windowEnd?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
export type TCaseRow = Awaited<ReturnType<typeof listCases>>["rows"][number];

/** One case with what its header, overview and forms need; null when the user may not see it. */
export async function getCase(user: TSessionUser, caseId: string) {
  const c = await reader(user).case.findUnique({
    where: { id: caseId },
    include: {
      lead: { select: { id: true, name: true, email: true } },
      createdBy: { select: { id: true, name: true } },
      members: { include: { user: { select: { id: true, name: true, email: true, role: true } } }, orderBy: { addedAt: "asc" } },
      rollup: true,
      // Small tables, counted through their (caseId) indexes; the big ones come from the rollup.
      _count: { select: { clusters: true, evidence: true, annotations: true } },
    },
  });
  if (!c) return null;
  const membership = (c.members.find((m) => m.userId === user.id)?.role ?? null) as TCaseRole | null;
  const facts: TCaseFacts = { membership, leadId: c.leadId, submittedById: c.submittedById, status: c.status as TCaseStatus };
  const r = c.rollup;
  return {
    ...c,
    counts: { ...c._count, accounts: r?.accounts ?? 0, exchanges: Number(r?.exchanges ?? 0), samples: r?.samples ?? 0 },
    facts,
    permissions: {
      edit: can(user, "case.edit", facts).ok,
      manageMembers: can(user, "case.manageMembers", facts).ok,
      comment: can(user, "case.comment", facts).ok,
    },
    transitions: availableTransitions(user, facts),
  };
}
export type TCaseDetail = NonNullable<Awaited<ReturnType<typeof getCase>>>;

export async function listCaseActivity(user: TSessionUser, caseId: string, opts: { before?: bigint; take?: number } = {}) {
  const read = reader(user);
  const take = opts.take ?? 50;
  const [c, events] = await Promise.all([
    read.case.findUnique({ where: { id: caseId }, select: { id: true } }),
    read.auditEvent.findMany({ where: { caseId, ...(opts.before ? { seq: { lt: opts.before } } : {}) }, orderBy: { seq: "desc" }, take: take + 1 }),
  ]);
  if (!c) return null;
  return {
    events: events.slice(0, take).map((e) => ({ ...e, seq: e.seq.toString(), at: e.at.toISOString() })),
    nextBefore: events.length > take ? events[take - 1].seq.toString() : null,
  };
}

export async function listComments(user: TSessionUser, caseId: string) {
  return reader(user).comment.findMany({
    where: { caseId },
    orderBy: { createdAt: "desc" },
    take: 100,
    include: { author: { select: { name: true, role: true } } },
  });
}

/** People who can be put on a case, for the team picker. */
export async function listAssignableUsers(user: TSessionUser) {
  return reader(user).user.findMany({ where: { disabled: false }, select: { id: true, name: true, email: true, role: true }, orderBy: { name: "asc" } });
}

/** Keyset-paged cases for the API: newest activity first, stable under concurrent edits. */
export async function listCasesPage(user: TSessionUser, p: { status?: TCaseStatus; q?: string; cursor?: { u: Date; i: string }; limit: number }) {
  const rows = await reader(user).case.findMany({
    where: {
      AND: [
        p.status ? { status: p.status } : {},
        p.q ? { OR: [{ title: { contains: p.q, mode: "insensitive" } }, { ref: { contains: p.q, mode: "insensitive" } }, { suspectedActor: { contains: p.q, mode: "insensitive" } }] } : {},
        p.cursor ? { OR: [{ updatedAt: { lt: p.cursor.u } }, { updatedAt: p.cursor.u, id: { lt: p.cursor.i } }] } : {},
      ],
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: p.limit + 1,
    include: { lead: { select: { id: true, name: true, email: true } } },
  });
  const items = rows.slice(0, p.limit);
  const last = items[items.length - 1];
  return { items: items.map(caseJson), next: rows.length > p.limit && last ? { u: last.updatedAt, i: last.id } : null };
}

type TCaseForJson = {
  id: string;
  ref: string;
  title: string;
  summary: string;
  status: string;
  severity: string;
  suspectedActor: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lead: { id: string; name: string; email: string };
};

/** The public (API) shape of a case. */
export function caseJson(c: TCaseForJson) {
  return {
    id: c.id,
    ref: c.ref,
    title: c.title,
    summary: c.summary,
    status: c.status,
    severity: c.severity,
    suspectedActor: c.suspectedActor,
    windowStart: c.windowStart?.toISOString() ?? null,
    windowEnd: c.windowEnd?.toISOString() ?? null,
    lead: c.lead,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
