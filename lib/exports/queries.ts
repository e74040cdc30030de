// What the Findings and Exports tabs and the export API read, through reader(user) (lib/access.ts).
import { reader } from "../access";
import { FIGURE_KEYS, FINDING_SECTIONS, type TFindingSection } from "../findings/schema";
import { FIGURE_TITLES, caseExhibits } from "../findings/targets";
import type { TSessionUser } from "../session";
import type { Tx } from "../db";
import { contentHash } from "./approved-content";
import type { TBlocker } from "./guard";

export async function caseContent(user: TSessionUser, caseId: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const [findings, exhibits, redactions] = await Promise.all([
    read.finding.findMany({ where: { caseId }, include: { updatedBy: { select: { name: true } } } }),
    caseExhibits(read as unknown as Parameters<typeof caseExhibits>[0], caseId),
    read.redaction.findMany({ where: { caseId }, orderBy: { createdAt: "asc" }, include: { createdBy: { select: { name: true } } } }),
  ]);
  const bySection = new Map(findings.map((f) => [f.section as TFindingSection, f]));
  return {
    findings: FINDING_SECTIONS.map((section) => {
      const f = bySection.get(section);
      return { section, body: f?.body ?? "", version: f?.version ?? 0, updatedBy: f?.updatedBy.name ?? null, updatedAt: f?.updatedAt.toISOString() ?? null };
    }),
    exhibits: exhibits.map((x, i) => ({ id: x.id, no: i + 1, kind: x.kind, targetId: x.targetId, caption: x.caption, label: x.target?.label ?? `${x.kind} ${x.targetId} (gone)`, href: x.target?.href ?? null, gone: !x.target })),
    redactions: redactions.map((r) => ({ id: r.id, kind: r.kind, rule: r.rule, exchangeId: r.exchangeId?.toString() ?? null, field: r.field, spanStart: r.spanStart, spanEnd: r.spanEnd, reason: r.reason, by: r.createdBy.name, at: r.createdAt.toISOString() })),
  };
}
export type TCaseContent = NonNullable<Awaited<ReturnType<typeof caseContent>>>;

/** What the editor offers to add as an exhibit, per kind. */
export async function exhibitChoices(user: TSessionUser, caseId: string) {
  const read = reader(user);
  const [clusters, evidence, caps, samples] = await Promise.all([
    read.cluster.findMany({ where: { caseId, status: { not: "rejected" } }, orderBy: { name: "asc" }, select: { id: true, name: true, status: true } }),
    read.evidenceItem.findMany({ where: { caseId }, orderBy: { acquiredAt: "asc" }, select: { id: true, originalName: true } }),
    read.capability.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    read.exchange.findMany({ where: { caseId, isSample: true, annotations: { some: {} } }, orderBy: { ts: "asc" }, take: 500, select: { id: true, externalId: true, prompt: true } }),
  ]);
  return {
    sample: samples.map((s) => ({ id: s.id.toString(), label: `${s.externalId} — ${(s.prompt ?? "").slice(0, 60)}` })),
    cluster: clusters.map((c) => ({ id: c.id, label: `${c.name} (${c.status})` })),
    figure: FIGURE_KEYS.map((k) => ({ id: k, label: FIGURE_TITLES[k] })),
    evidence: evidence.map((e) => ({ id: e.id, label: e.originalName })),
    estimate: caps.map((c) => ({ id: c.id, label: c.name })),
  };
}
export type TExhibitChoices = Awaited<ReturnType<typeof exhibitChoices>>;

export function exportJson(x: {
  id: string;
  caseId: string;
  profile: string;
  status: string;
  requestedById: string;
  approvedById: string | null;
  approvedAt: Date | null;
  auditHeadSeq: bigint | null;
  auditHeadHash: string | null;
  voidReason: string | null;
  sha256: string | null;
  sizeBytes: bigint | null;
  pageCount: number | null;
  batesFirst: string | null;
  batesLast: string | null;
  progress: unknown;
  error: string | null;
  blockers: unknown;
  builtAt: Date | null;
  comment: string;
  createdAt: Date;
}) {
  return {
    id: x.id,
    caseId: x.caseId,
    profile: x.profile,
    status: x.status,
    requestedById: x.requestedById,
    approval: x.approvedById ? { by: x.approvedById, at: x.approvedAt?.toISOString() ?? null, auditHead: { seq: x.auditHeadSeq?.toString() ?? null, hash: x.auditHeadHash } } : null,
    voidReason: x.voidReason,
    sha256: x.sha256,
    sizeBytes: x.sizeBytes === null ? null : Number(x.sizeBytes),
    pageCount: x.pageCount,
    bates: x.batesFirst ? { first: x.batesFirst, last: x.batesLast } : null,
    progress: x.progress,
    error: x.error,
    /** When the congressional guard stopped the build: each value found (masked) and where. */
    blockers: (x.blockers ?? null) as TBlocker[] | null,
    builtAt: x.builtAt?.toISOString() ?? null,
    comment: x.comment,
    createdAt: x.createdAt.toISOString(),
  };
}
export type TExportJson = ReturnType<typeof exportJson>;

export async function getExport(user: TSessionUser, exportId: string) {
  return reader(user).exportPackage.findUnique({ where: { id: exportId } });
}

export async function listExports(user: TSessionUser, caseId: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const [exports, productions, people] = await Promise.all([
    read.exportPackage.findMany({ where: { caseId }, orderBy: { createdAt: "desc" }, include: { reviews: { orderBy: { createdAt: "asc" }, include: { author: { select: { name: true } } } } } }),
    read.production.findMany({ where: { caseId }, orderBy: { firstNo: "asc" } }),
    read.caseMember.findMany({ where: { caseId }, include: { user: { select: { id: true, name: true } } } }),
  ]);
  const names = new Map(people.map((p) => [p.userId, p.user.name]));
  // A build the guard stopped goes back to review once the content has changed since.
  const current = exports.some((x) => x.status === "blocked") ? await contentHash(read as unknown as Tx, caseId) : null;
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? "a former member") : null);
  return {
    exports: exports.map((x) => ({
      ...exportJson(x),
      contentChanged: current !== null && current !== x.contentHash,
      requestedBy: nameOf(x.requestedById),
      approvedBy: nameOf(x.approvedById),
      reviews: x.reviews.map((r) => ({ id: r.id, verdict: r.verdict, target: r.target, body: r.body, author: r.author.name, at: r.createdAt.toISOString() })),
    })),
    productions: productions.map((p) => ({ exportId: p.exportId, prefix: p.prefix, first: p.firstNo, last: p.lastNo, at: p.createdAt.toISOString() })),
  };
}
export type TExportList = NonNullable<Awaited<ReturnType<typeof listExports>>>;
