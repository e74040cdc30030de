// What the sharing pages and routes read. Partners (names and key fingerprints) are listed to every
// signed-in person, who picks one to share with; their TAXII tokens to admins only. A case's shares
// go through reader(person): a case the person may not see has none.
import "server-only";
import { reader } from "../access";
import { can } from "../authz";
import type { TSessionUser } from "../session";

export async function listPartners(user: TSessionUser) {
  const admin = can(user, "partner.manage").ok;
  const rows = await reader(user).sharingPartner.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      contact: true,
      keyFingerprint: true,
      createdAt: true,
      tokens: admin ? { orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } } : false,
    },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    contact: p.contact,
    keyFingerprint: p.keyFingerprint,
    createdAt: p.createdAt.toISOString(),
    tokens: (p.tokens ?? []).map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })),
  }));
}
export type TPartnerRow = Awaited<ReturnType<typeof listPartners>>[number];

/** The case's shares, newest first, with who prepared and decided them; null when the case is not visible. */
export async function listShares(user: TSessionUser, caseId: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const rows = await read.indicatorShare.findMany({
    where: { caseId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      tlp: true,
      include: true,
      status: true,
      counts: true,
      objectCount: true,
      bundleSha256: true,
      validUntil: true,
      createdAt: true,
      approvedAt: true,
      auditHeadSeq: true,
      auditHeadHash: true,
      reviewComment: true,
      voidReason: true,
      requestedById: true,
      partner: { select: { id: true, name: true } },
      requestedBy: { select: { name: true } },
      approvedBy: { select: { name: true } },
    },
  });
  return rows.map((s) => ({
    id: s.id,
    partner: s.partner,
    tlp: s.tlp,
    include: s.include,
    status: s.status,
    counts: s.counts as Record<string, number>,
    objectCount: s.objectCount,
    sha256: s.bundleSha256,
    validUntil: s.validUntil.toISOString(),
    createdAt: s.createdAt.toISOString(),
    requestedById: s.requestedById,
    requestedBy: s.requestedBy.name,
    approvedBy: s.approvedBy?.name ?? null,
    approvedAt: s.approvedAt?.toISOString() ?? null,
    auditHead: s.auditHeadSeq !== null ? { seq: s.auditHeadSeq.toString(), hash: s.auditHeadHash ?? "" } : null,
    reviewComment: s.reviewComment,
    voidReason: s.voidReason,
  }));
}
export type TShareRow = NonNullable<Awaited<ReturnType<typeof listShares>>>[number];

/** One share's bundle as stored (the bytes the reviewer approved and the partner reads), for download. */
export async function shareBundle(user: TSessionUser, shareId: string) {
  return reader(user).indicatorShare.findUnique({ where: { id: shareId }, select: { id: true, caseId: true, bundle: true, bundleSha256: true, partner: { select: { name: true } }, case: { select: { ref: true } } } });
}

/** The production log of sharing: the TAXII reads of each of the case's shares (from the case's audit log). */
export async function shareReads(user: TSessionUser, caseId: string) {
  const events = await reader(user).auditEvent.findMany({ where: { caseId, action: "share.serve" }, orderBy: { seq: "desc" }, take: 5000, select: { at: true, data: true } });
  const out = new Map<string, { reads: number; objects: number; last: string }>();
  for (const e of events) {
    const d = e.data as { shares?: string[]; objects?: number };
    for (const id of d.shares ?? []) {
      const cur = out.get(id) ?? { reads: 0, objects: 0, last: e.at.toISOString() };
      cur.reads++;
      cur.objects += d.objects ?? 0;
      out.set(id, cur);
    }
  }
  return out;
}
