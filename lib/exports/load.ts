// Reads everything an export carries, as the assembler's input (lib/exports/assemble.ts). Runs in
// the worker, reading as the system (SYSTEM_EXPORT_READER): the approval already decided who may see it.
import { formatPercentRange, formatApproxCount } from "../analysis/estimate-format";
import { describeEvent } from "../audit/events";
import { SYSTEM_EXPORT_READER } from "../access";
import { db } from "../db";
import { caseMatchSummaries } from "../sharing/match";
import type { TChartSpec } from "../figures/chart-spec";
import { caseFigures } from "../figures/queries";
import { FIGURE_TITLES } from "../findings/targets";
import type { TFigureKey, TFindingSection } from "../findings/schema";
import { formatWindow } from "../format";
import { capabilityProfile, type TCapabilityProfile } from "../samples/queries";
import type { Exhibit, ExportPackage, Redaction } from "../generated/prisma/client";
import type { TAccountRow, TAuditRow, TExhibitData, TPackageInput } from "./assemble";
import type { TRedactionRuleKey } from "./redact";

const RULE_REASONS: Partial<Record<TRedactionRuleKey, string>> = {
  emails: "Email addresses of account holders and third parties.",
  names: "Names of account holders.",
  ip_addresses: "IP addresses of account holders.",
  payment_fingerprints: "Payment data of account holders.",
  org_ids: "Organisation ids of account holders.",
  phone_numbers: "Phone numbers of account holders and third parties.",
  account_ids: "Raw account ids of account holders.",
};

function figureSpecs(f: NonNullable<Awaited<ReturnType<typeof caseFigures>>>): Record<TFigureKey, TChartSpec> {
  return {
    exchanges_by_model: { title: FIGURE_TITLES.exchanges_by_model, xLabel: "Day", series: f.byModel.series, rows: f.byModel.rows, kind: "area", stacked: true, caption: "From the case's daily rollups, UTC days." },
    tokens_per_day: { title: FIGURE_TITLES.tokens_per_day, xLabel: "Day", series: [{ key: "prompt", label: "Prompt tokens" }, { key: "completion", label: "Completion tokens" }], rows: f.tokens, kind: "area", stacked: true },
    active_accounts: { title: FIGURE_TITLES.active_accounts, xLabel: "Day", series: [{ key: "active", label: "Active accounts" }], rows: f.accounts.map((r) => ({ x: r.x, active: r.active })), kind: "line" },
    new_accounts: { title: FIGURE_TITLES.new_accounts, xLabel: "Day", series: [{ key: "created", label: "Accounts created" }], rows: f.accounts.map((r) => ({ x: r.x, created: r.created })), kind: "bar" },
    capability_profile: { title: FIGURE_TITLES.capability_profile, xLabel: "Capability", series: [{ key: "samples", label: "Annotated samples" }], rows: f.capabilities, kind: "bar", categorical: true },
  };
}

const accountRow = (a: { externalId: string; accountCreatedAt: Date; email: string | null; displayName: string | null; country: string | null; signupIp: string | null; asn: bigint | null; paymentFingerprint: string | null; userAgent: string | null; organizationId: string | null; status: string }): TAccountRow => ({
  externalId: a.externalId,
  createdAt: a.accountCreatedAt.toISOString(),
  email: a.email,
  displayName: a.displayName,
  country: a.country,
  signupIp: a.signupIp,
  asn: a.asn?.toString() ?? null,
  paymentFingerprint: a.paymentFingerprint,
  userAgent: a.userAgent,
  organizationId: a.organizationId,
  status: a.status,
});

export async function loadPackageInput(x: ExportPackage, bates: { prefix: string; start: number }): Promise<TPackageInput> {
  const caseId = x.caseId;
  const c = await db().case.findUniqueOrThrow({ where: { id: caseId }, include: { rollup: true } });
  const [requester, approver, findings, exhibits, redactions, figures, profile] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: x.requestedById }, select: { name: true, email: true } }),
    db().user.findUniqueOrThrow({ where: { id: x.approvedById! }, select: { name: true, email: true } }),
    db().finding.findMany({ where: { caseId } }),
    db().exhibit.findMany({ where: { caseId }, orderBy: [{ position: "asc" }, { id: "asc" }] }),
    db().redaction.findMany({ where: { caseId }, orderBy: { id: "asc" } }),
    caseFigures(SYSTEM_EXPORT_READER, caseId, "window"),
    capabilityProfile(SYSTEM_EXPORT_READER, caseId),
  ]);
  const specs = figures ? figureSpecs(figures) : null;
  const caps = profile?.items ?? [];

  const targets = await loadExhibitTargets(x, exhibits);
  const { clusters, evidence } = targets;
  const data = exhibitData(exhibits, targets, specs, caps);

  // Every account of the clusters in the appendix, in a stable order.
  const appendixClusters = clusters.filter((k) => k.status !== "rejected");
  const byCluster = await accountsByCluster(appendixClusters.map((k) => k.id));

  // Known personal values of the case's accounts, for redaction and the congressional check.
  const known = await db().$queryRaw<Array<{ value: string; rule: TRedactionRuleKey }>>`
    SELECT DISTINCT v.value, v.rule FROM account a
     CROSS JOIN LATERAL (VALUES (a.email, 'emails'), (a."signupIp", 'ip_addresses'), (a."paymentFingerprint", 'payment_fingerprints'), (a."organizationId", 'org_ids'), (a."externalId", 'account_ids'), (a."displayName", 'names')) AS v(value, rule)
     WHERE a."caseId" = ${caseId} AND v.value IS NOT NULL AND length(v.value) >= 3
     ORDER BY v.rule, v.value`;

  const congressional = x.profile === "congressional";
  const head = x.auditHeadSeq ?? 0n;
  const audit = await auditExcerpt(caseId, head, congressional);

  const findingText: Partial<Record<TFindingSection, string>> = {};
  for (const f of findings) findingText[f.section as TFindingSection] = f.body;
  const figureKeysCited = new Set(exhibits.filter((e) => e.kind === "figure").map((e) => e.targetId));

  return {
    profile: x.profile,
    exportId: x.id,
    approvedAt: x.approvedAt!,
    case: { id: c.id, ref: c.ref, title: c.title, summary: c.summary, suspectedActor: c.suspectedActor, window: formatWindow(c.windowStart, c.windowEnd) || "the whole record", severity: c.severity },
    requester: `${requester.name} <${requester.email}>`,
    approver: `${approver.name} <${approver.email}>`,
    auditHead: { seq: head.toString(), hash: x.auditHeadHash ?? "" },
    bates: { prefix: bates.prefix, start: bates.start, digits: 7 },
    findings: findingText,
    samplingStatements: caps.filter((k) => k.estimate).map((k) => k.estimate!.statement).slice(0, 1).concat(caps.filter((k) => k.estimate && k.estimate.x > 0).map((k) => k.estimate!.statement).slice(1)),
    counts: { accounts: c.rollup?.accounts ?? 0, exchanges: Number(c.rollup?.exchanges ?? 0), clusters: clusters.length, samples: c.rollup?.samples ?? 0 },
    capabilities: caps.map((k) => ({ name: k.name, annotated: k.annotatedSamples, share: k.estimate ? formatPercentRange(k.estimate.share.low, k.estimate.share.high) : null, exchanges: k.estimate ? `${formatApproxCount(k.estimate.exchanges.low)}–${formatApproxCount(k.estimate.exchanges.high)}` : null })),
    figures: specs ? (["exchanges_by_model", "active_accounts", "capability_profile"] as TFigureKey[]).filter((k) => !figureKeysCited.has(k)).map((k) => specs[k]) : [],
    exhibits: data,
    clusters: appendixClusters.map((k) => ({ id: k.id, name: k.name, status: k.status, accounts: byCluster.get(k.id) ?? [] })),
    custody: evidence.flatMap((e) => e.custody.map((h) => ({ evidence: e.originalName, sha256: h.sha256, at: h.at.toISOString(), actor: h.actor.name, action: h.action, note: h.note }))),
    audit,
    partnerMatches: congressional ? [] : await caseMatchSummaries(caseId, x.approvedAt!),
    redaction: redactionOf(redactions, known, congressional),
  };
}

// Exhibit data, one query per kind.
async function loadExhibitTargets(x: ExportPackage, exhibits: Exhibit[]) {
  const caseId = x.caseId;
  const ids = (k: string) => exhibits.filter((e) => e.kind === k).map((e) => e.targetId);
  const [samples, clusters, evidence] = await Promise.all([
    db().exchange.findMany({
      where: { caseId, id: { in: ids("sample").map(BigInt) } },
      include: { account: { select: { externalId: true } }, annotations: { include: { capability: { select: { name: true } } }, orderBy: { createdAt: "asc" } }, flags: { where: { status: { not: "rejected" } }, select: { ruleId: true } } },
    }),
    db().cluster.findMany({ where: { caseId, OR: [{ id: { in: ids("cluster") } }, { status: "accepted" }] }, include: { links: { orderBy: [{ weight: "desc" }, { kind: "asc" }, { value: "asc" }] }, _count: { select: { members: true } } }, orderBy: { name: "asc" } }),
    // Custody as of the approval: a rebuild after more downloads gives the same package.
    db().evidenceItem.findMany({
      where: { caseId, acquiredAt: { lte: x.approvedAt! } },
      include: { acquiredBy: { select: { name: true } }, custody: { where: { at: { lte: x.approvedAt! } }, orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: { select: { name: true } } } } },
      orderBy: [{ acquiredAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const importIds = [...new Set(samples.map((s) => s.importId).filter((i): i is string => Boolean(i)))];
  const imports = importIds.length ? await db().importJob.findMany({ where: { id: { in: importIds } }, select: { id: true, evidenceItem: { select: { sha256: true } } } }) : [];
  const importEvidence = new Map(imports.map((i) => [i.id, i.evidenceItem?.sha256 ?? null]));
  return { samples, clusters, evidence, importEvidence };
}
type TExhibitTargets = Awaited<ReturnType<typeof loadExhibitTargets>>;

/** Each exhibit with what it shows; the build stops if one points at something gone. */
function exhibitData(exhibits: Exhibit[], targets: TExhibitTargets, specs: Record<TFigureKey, TChartSpec> | null, caps: TCapabilityProfile["items"]): TPackageInput["exhibits"] {
  const sampleOf = new Map(targets.samples.map((s) => [s.id.toString(), s]));
  const clusterOf = new Map(targets.clusters.map((k) => [k.id, k]));
  const evidenceOf = new Map(targets.evidence.map((e) => [e.id, e]));
  const capOf = new Map(caps.map((k) => [k.id, k]));
  const data: Array<{ id: string; caption: string; data: TExhibitData } | null> = exhibits.map((e) => {
    const base = { id: e.id, caption: e.caption };
    switch (e.kind) {
      case "sample": {
        const s = sampleOf.get(e.targetId);
        return s ? { ...base, data: sampleData(s, targets.importEvidence) } : null;
      }
      case "cluster": {
        const k = clusterOf.get(e.targetId);
        return k ? { ...base, data: { kind: "cluster", clusterId: k.id, name: k.name, status: k.status, origin: k.origin, accounts: k._count.members, signals: k.links.map((l) => ({ kind: l.kind, value: l.value, accounts: l.accountCount, confidence: l.confidence })) } } : null;
      }
      case "figure": {
        const spec = specs?.[e.targetId as TFigureKey];
        return spec ? { ...base, data: { kind: "figure", chart: spec } } : null;
      }
      case "evidence": {
        const v = evidenceOf.get(e.targetId);
        return v ? { ...base, data: { kind: "evidence", originalName: v.originalName, sha256: v.sha256, sizeBytes: Number(v.sizeBytes), mediaType: v.mediaType, source: v.source, acquiredBy: v.acquiredBy.name, acquiredAt: v.acquiredAt.toISOString() } } : null;
      }
      case "estimate": {
        const k = capOf.get(e.targetId);
        if (!k) return null;
        return {
          ...base,
          data: {
            kind: "estimate",
            capability: k.name,
            annotated: k.annotatedSamples,
            convenience: k.convenienceStatement,
            estimate: k.estimate ? { share: formatPercentRange(k.estimate.share.low, k.estimate.share.high), exchanges: `${formatApproxCount(k.estimate.exchanges.low)}–${formatApproxCount(k.estimate.exchanges.high)}`, statement: k.estimate.statement } : null,
          },
        };
      }
    }
  });
  const missing = data.filter((d) => !d).length;
  if (missing) throw new Error(`${missing} exhibit(s) point at something no longer in the case; the build stops rather than leave them out`);
  return data as TPackageInput["exhibits"];
}

function sampleData(s: TExhibitTargets["samples"][number], importEvidence: TExhibitTargets["importEvidence"]): TExhibitData {
  return {
    kind: "sample",
    externalId: s.externalId,
    exchangeId: s.id.toString(),
    accountExternalId: s.account.externalId,
    ts: s.ts.toISOString(),
    model: s.model,
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    prompt: s.prompt ?? "",
    response: s.response ?? "",
    tags: s.annotations.map((a) => ({ capability: a.capability.name, field: a.field, spanStart: a.spanStart, spanEnd: a.spanEnd, note: a.note })),
    flags: [...new Set(s.flags.map((f) => f.ruleId))].sort(),
    requestIp: s.requestIp,
    userAgent: s.userAgent,
    promptSha256: s.promptSha256,
    evidenceSha256: s.importId ? (importEvidence.get(s.importId) ?? null) : null,
  };
}

async function accountsByCluster(clusterIds: string[]): Promise<Map<string, TAccountRow[]>> {
  const members = clusterIds.length ? await db().clusterMember.findMany({ where: { clusterId: { in: clusterIds } }, include: { account: true }, orderBy: [{ clusterId: "asc" }] }) : [];
  const byCluster = new Map<string, TAccountRow[]>();
  for (const m of members) byCluster.set(m.clusterId, [...(byCluster.get(m.clusterId) ?? []), accountRow(m.account)]);
  for (const rows of byCluster.values()) rows.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  return byCluster;
}

// The case's audit events up to the covered head.
async function auditExcerpt(caseId: string, head: bigint, congressional: boolean): Promise<TAuditRow[]> {
  const events = congressional ? [] : await db().auditEvent.findMany({ where: { caseId, seq: { lte: head } }, orderBy: { seq: "asc" } });
  const people = await db().user.findMany({ select: { id: true, name: true } });
  const names = new Map(people.map((p) => [p.id, p.name]));
  return events.map((e) => {
    const d = describeEvent(e, names, { whole: true });
    return { seq: e.seq.toString(), at: e.at.toISOString(), actor: e.actorLabel, action: e.action, entity: `${e.entityType} ${e.entityId}`, summary: [d.label, ...d.details].join(" — "), prevHash: e.prevHash, hash: e.hash };
  });
}

function redactionOf(redactions: Redaction[], known: TPackageInput["redaction"]["known"], congressional: boolean): TPackageInput["redaction"] {
  const caseRules = redactions.filter((r) => r.kind === "rule").map((r) => r.rule as TRedactionRuleKey | "detection_rules");
  // The case's own rules; a congressional package adds what it always withholds (lib/exports/assemble.ts).
  const rules = new Set<TRedactionRuleKey>(caseRules.filter((r): r is TRedactionRuleKey => r !== "detection_rules"));
  const reasons: Partial<Record<TRedactionRuleKey, string>> = { ...RULE_REASONS };
  for (const r of redactions) if (r.kind === "rule" && r.rule !== "detection_rules") reasons[r.rule as TRedactionRuleKey] = r.reason;
  return {
    rules: [...rules].sort(),
    reasons,
    manual: redactions.filter((r) => r.kind === "manual").map((r) => ({ exchangeId: r.exchangeId!.toString(), field: r.field as "prompt" | "response", start: r.spanStart!, end: r.spanEnd!, reason: r.reason })),
    known,
    withholdDetectionRules: congressional || caseRules.includes("detection_rules"),
  };
}
