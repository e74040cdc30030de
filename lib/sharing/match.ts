// Matching a partner's indicators against our own accounts, in every case the person may see.
// Keyed indicators: Casebook computes the same HMAC-SHA256, under the key agreed with that partner,
// over each of our accounts' values (lib/sharing/keyed.ts), and compares; the partner's values are
// never "decrypted" (they cannot be). Clear indicators match as cross-case correlation does: an IP
// range against the accounts' signup /24 or /48, an ASN with a user agent against the accounts
// holding both, template band keys against our template families' keys. Indicators past their
// valid_until do not match. `computeMatches` is pure; `matchPeerBundle` reads what it needs.
// No "server-only" guard: the export worker (a plain Node process) reads caseMatchSummaries for packages.
import { reader } from "../access";
import { db } from "../db";
import type { TPartnerMatchSummary } from "../exports/assemble";
import type { TSessionUser } from "../session";
import { stixBandKeyOrNull } from "./content";
import { isKeyedKind, keyedValue, normalise, type TKeyedKind } from "./keyed";
import { openPartnerKey } from "./secrets";

export type TOurAccount = { id: string; caseId: string; externalId: string; email: string | null; paymentFingerprint: string | null; organizationId: string | null; ipPrefix: string | null; asn: bigint | null; userAgent: string | null };
export type TOurFamily = { id: string; caseId: string; key: string; bandKeys: string[]; accounts: number };
export type TIndicatorIn = { stixId: string; kind: string; keyed: boolean; value: string; validUntil: Date | null };

export type TIndicatorMatch = { stixId: string; kind: string; keyed: boolean; shown: string; accounts: string[]; families: string[] };
export type TMatchResult = {
  byKind: { kind: string; indicators: number; expired: number; matched: number; accounts: number }[];
  matches: TIndicatorMatch[];
  /** Our account ids (database ids) that match any indicator. */
  accountIds: string[];
};

/** Appends in place: a /24 shared by thousands of accounts grows one list, not a copy per account. */
function add(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Pure: which of our accounts and families each live indicator matches. */
export function computeMatches(indicators: TIndicatorIn[], accounts: TOurAccount[], families: TOurFamily[], key: Uint8Array, now: Date): TMatchResult {
  // Our side, indexed once: keyed values by their MAC under this partner's key, one MAC per
  // distinct normalised value (a domain shared by 8,000 accounts is keyed once).
  const byMac = new Map<string, string[]>();
  const macs = new Map<string, string>();
  const index = (kind: TKeyedKind, value: string | null, accountId: string) => {
    if (!value || !value.trim()) return;
    const k = `${kind}\u0000${normalise(kind, value)}`;
    let mac = macs.get(k);
    if (mac === undefined) {
      mac = keyedValue(key, kind, value);
      macs.set(k, mac);
    }
    add(byMac, mac, accountId);
  };
  const wanted = new Set(indicators.filter((i) => i.keyed).map((i) => i.kind));
  const byRange = new Map<string, string[]>();
  const byAsnUa = new Map<string, string[]>();
  for (const a of accounts) {
    if (wanted.has("email")) index("email", a.email, a.id);
    if (wanted.has("email_domain") && a.email?.includes("@")) index("email_domain", a.email, a.id);
    if (wanted.has("payment_fingerprint")) index("payment_fingerprint", a.paymentFingerprint, a.id);
    if (wanted.has("org_id")) index("org_id", a.organizationId, a.id);
    if (wanted.has("account_id")) index("account_id", a.externalId, a.id);
    if (a.ipPrefix) add(byRange, a.ipPrefix, a.id);
    if (a.asn !== null && a.userAgent) add(byAsnUa, `${a.asn}|${a.userAgent}`, a.id);
  }
  const familiesByBand = new Map<string, string[]>();
  for (const f of families) {
    for (const raw of f.bandKeys) {
      const k = stixBandKeyOrNull(raw);
      if (k !== null) add(familiesByBand, k, f.id);
    }
  }

  const kinds = new Map<string, { kind: string; indicators: number; expired: number; matched: number; accounts: Set<string> }>();
  const matches: TIndicatorMatch[] = [];
  const all = new Set<string>();
  for (const i of indicators) {
    const k = kinds.get(i.kind) ?? { kind: i.kind, indicators: 0, expired: 0, matched: 0, accounts: new Set<string>() };
    kinds.set(i.kind, k);
    k.indicators++;
    if (i.validUntil && i.validUntil.getTime() <= now.getTime()) {
      k.expired++;
      continue;
    }
    let accountIds: string[] = [];
    let familyIds: string[] = [];
    if (i.keyed && isKeyedKind(i.kind)) accountIds = byMac.get(i.value) ?? [];
    else if (i.kind === "ip_range") accountIds = byRange.get(i.value) ?? [];
    else if (i.kind === "asn_user_agent") accountIds = byAsnUa.get(i.value) ?? [];
    else if (i.kind === "template_signature") familyIds = [...new Set(i.value.split(",").flatMap((b) => familiesByBand.get(b.toLowerCase()) ?? []))];
    if (!accountIds.length && !familyIds.length) continue;
    k.matched++;
    for (const a of accountIds) {
      k.accounts.add(a);
      all.add(a);
    }
    // A keyed value is shown by the end of its MAC only: the partner's raw data is not ours to show.
    const shown = i.keyed ? `keyed …${i.value.slice(-8)}` : i.kind === "asn_user_agent" ? `AS${i.value.replace("|", " · ")}` : i.kind === "template_signature" ? `${i.value.split(",").length} band keys` : i.value;
    matches.push({ stixId: i.stixId, kind: i.kind, keyed: i.keyed, shown, accounts: [...new Set(accountIds)], families: familyIds });
  }
  return {
    byKind: [...kinds.values()].map((k) => ({ kind: k.kind, indicators: k.indicators, expired: k.expired, matched: k.matched, accounts: k.accounts.size })),
    matches,
    accountIds: [...all],
  };
}

/** A partner bundle's matches, across every case this person may see; null when the bundle is not visible. */
export async function matchPeerBundle(user: TSessionUser, peerBundleId: string) {
  const read = reader(user);
  const bundle = await read.peerBundle.findUnique({
    where: { id: peerBundleId },
    include: { indicators: { select: { stixId: true, kind: true, keyed: true, value: true, validUntil: true } }, partner: { select: { id: true, name: true } }, evidence: { select: { id: true, sha256: true, originalName: true } } },
  });
  if (!bundle) return null;
  // The key is read with the partner's row, outside reader(): partners are not case data.
  const partner = await db().sharingPartner.findUniqueOrThrow({ where: { id: bundle.partnerId }, select: { id: true, keyCiphertext: true } });
  const key = await openPartnerKey(partner.id, partner.keyCiphertext);
  const cases = await read.case.findMany({ select: { id: true, ref: true, title: true } });
  const caseIds = cases.map((c) => c.id);
  const [accounts, families] = await Promise.all([
    read.account.findMany({ where: { caseId: { in: caseIds } }, select: { id: true, caseId: true, externalId: true, email: true, paymentFingerprint: true, organizationId: true, ipPrefix: true, asn: true, userAgent: true } }),
    read.templateFamily.findMany({ where: { caseId: { in: caseIds } }, select: { id: true, caseId: true, key: true, bandKeys: true, accounts: true } }),
  ]);
  const r = computeMatches(
    bundle.indicators,
    accounts.map((a) => ({ ...a, id: a.id.toString() })),
    families,
    key,
    new Date(),
  );
  // Where the matched accounts sit: their cases and clusters.
  const matchedIds = r.accountIds.map(BigInt);
  const [clusterRows, accountRows] = await Promise.all([
    matchedIds.length ? read.clusterMember.findMany({ where: { accountId: { in: matchedIds }, cluster: { status: { not: "rejected" } } }, select: { accountId: true, cluster: { select: { id: true, name: true, caseId: true } } } }) : [],
    matchedIds.length ? read.account.findMany({ where: { id: { in: matchedIds } }, select: { id: true, caseId: true, externalId: true } }) : [],
  ]);
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const familyById = new Map(families.map((f) => [f.id, f]));
  const accountById = new Map(accountRows.map((a) => [a.id.toString(), a]));
  const byCase = new Map<string, { caseId: string; ref: string; title: string; accounts: Set<string>; clusters: Map<string, { id: string; name: string; accounts: number }>; families: Set<string> }>();
  const entry = (caseId: string) => {
    const c = caseById.get(caseId)!;
    let e = byCase.get(caseId);
    if (!e) byCase.set(caseId, (e = { caseId, ref: c.ref, title: c.title, accounts: new Set(), clusters: new Map(), families: new Set() }));
    return e;
  };
  for (const a of accountRows) entry(a.caseId).accounts.add(a.id.toString());
  for (const m of clusterRows) {
    const e = entry(m.cluster.caseId);
    const c = e.clusters.get(m.cluster.id) ?? { id: m.cluster.id, name: m.cluster.name, accounts: 0 };
    c.accounts++;
    e.clusters.set(c.id, c);
  }
  for (const m of r.matches) for (const f of m.families) entry(familyById.get(f)!.caseId).families.add(f);
  return {
    bundle: { id: bundle.id, caseId: bundle.caseId, partner: bundle.partner, lab: bundle.lab, tlp: bundle.tlp, evidence: bundle.evidence, importedAt: bundle.importedAt.toISOString(), indicators: bundle.indicatorCount, skipped: bundle.skipped, campaign: bundle.campaign },
    byKind: r.byKind,
    cases: [...byCase.values()]
      .map((e) => ({ caseId: e.caseId, ref: e.ref, title: e.title, accounts: e.accounts.size, clusters: [...e.clusters.values()].sort((a, b) => b.accounts - a.accounts), families: e.families.size }))
      .sort((a, b) => b.accounts - a.accounts || a.ref.localeCompare(b.ref)),
    matches: r.matches.map((m) => ({
      ...m,
      accounts: m.accounts.map((id) => {
        const a = accountById.get(id)!;
        return { id, externalId: a.externalId, caseId: a.caseId, caseRef: caseById.get(a.caseId)!.ref };
      }),
      families: m.families.map((f) => ({ id: f, caseId: familyById.get(f)!.caseId, caseRef: caseById.get(familyById.get(f)!.caseId)!.ref })),
    })),
  };
}
export type TPeerMatches = NonNullable<Awaited<ReturnType<typeof matchPeerBundle>>>;

/** The partner bundles imported into a case, newest first. */
export async function listPeerBundles(user: TSessionUser, caseId: string) {
  const rows = await reader(user).peerBundle.findMany({
    where: { caseId },
    orderBy: { importedAt: "desc" },
    select: { id: true, lab: true, tlp: true, indicatorCount: true, skipped: true, importedAt: true, partner: { select: { name: true } }, evidence: { select: { id: true, sha256: true, originalName: true } }, importedBy: { select: { name: true } } },
  });
  return rows.map((b) => ({ ...b, importedAt: b.importedAt.toISOString(), importedBy: b.importedBy.name }));
}


/**
 * For an evidence package: the partner bundles imported into one case by `asOf` (the approval), each
 * matched against that case's accounts and families only, as counts by kind. The export worker
 * reads as the system: nothing of another case goes into this case's package, and no value of the
 * partner's, keyed or clear, is carried.
 */
export async function caseMatchSummaries(caseId: string, asOf: Date): Promise<TPartnerMatchSummary[]> {
  const bundles = await db().peerBundle.findMany({
    where: { caseId, importedAt: { lte: asOf } },
    orderBy: [{ importedAt: "asc" }, { id: "asc" }],
    include: { indicators: { select: { stixId: true, kind: true, keyed: true, value: true, validUntil: true } }, partner: { select: { id: true, name: true, keyCiphertext: true } }, evidence: { select: { originalName: true, sha256: true } } },
  });
  if (!bundles.length) return [];
  const [accounts, families] = await Promise.all([
    db().account.findMany({ where: { caseId }, select: { id: true, caseId: true, externalId: true, email: true, paymentFingerprint: true, organizationId: true, ipPrefix: true, asn: true, userAgent: true } }),
    db().templateFamily.findMany({ where: { caseId }, select: { id: true, caseId: true, key: true, bandKeys: true, accounts: true } }),
  ]);
  const ours = accounts.map((a) => ({ ...a, id: a.id.toString() }));
  const out: TPartnerMatchSummary[] = [];
  for (const b of bundles) {
    const r = computeMatches(b.indicators, ours, families, await openPartnerKey(b.partner.id, b.partner.keyCiphertext), asOf);
    out.push({ partner: b.partner.name, lab: b.lab, fileName: b.evidence.originalName, sha256: b.evidence.sha256, receivedAt: b.importedAt.toISOString(), indicators: b.indicatorCount, byKind: r.byKind, accounts: r.accountIds.length });
  }
  return out;
}
