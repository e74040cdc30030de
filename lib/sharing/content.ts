// What a share of a case carries, read from the case's rows: the identifying values (keyed later,
// in lib/sharing/stix.ts, under the recipient's key), the network values that go in clear, the
// template families' band keys, and the campaign's window and volume. A network value (an IP range,
// an ASN with a user agent) seen on one account only is left out: alone it says little about the
// campaign, and it may be one person's home network.
import type { Tx } from "../db";
import { normalise, type TKeyedKind } from "./keyed";
import type { TShareKind } from "./schema";
import type { TShareInput } from "./stix";

/**
 * A family's band key as a bundle carries it: Casebook stores "band:16 hex digits"
 * (lib/analysis/minhash.ts); STIX gets the band as two hex digits before the hash, so the key stays
 * one hex string and the same text under another band stays another key.
 */
export function stixBandKey(key: string): string {
  const k = stixBandKeyOrNull(key);
  if (k === null) throw new Error(`A template band key looks like 3:0123456789abcdef, not ${key}`);
  return k;
}

/** The same, or null for a key not in Casebook's form (it matches nothing a bundle carries). */
export function stixBandKeyOrNull(key: string): string | null {
  const m = /^(\d+):([0-9a-f]{16})$/.exec(key);
  return m && Number(m[1]) <= 255 ? Number(m[1]).toString(16).padStart(2, "0") + m[2] : null;
}

export type TShareContent = Pick<TShareInput, "keyed" | "ipRanges" | "asnUserAgents" | "templateSignatures" | "window" | "volume">;

/** How many of each kind a share of this content carries (shown before and after it is prepared). */
export function contentCounts(c: TShareContent): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of c.keyed) counts[k.kind] = (counts[k.kind] ?? 0) + 1;
  if (c.ipRanges.length) counts.ip_range = c.ipRanges.length;
  if (c.asnUserAgents.length) counts.asn_user_agent = c.asnUserAgents.length;
  if (c.templateSignatures.length) counts.template_signature = c.templateSignatures.length;
  return counts;
}

type TColumn = "email" | "paymentFingerprint" | "organizationId" | "externalId";
const KEYED_COLUMNS: Record<Exclude<TKeyedKind, "email_domain">, TColumn> = {
  email: "email",
  payment_fingerprint: "paymentFingerprint",
  org_id: "organizationId",
  account_id: "externalId",
};

async function distinctValues(tx: Tx, caseId: string, column: TColumn): Promise<string[]> {
  const rows = await tx.account.findMany({ where: { caseId, [column]: { not: "" } }, distinct: [column], select: { [column]: true }, orderBy: { [column]: "asc" } });
  return rows.map((r) => (r as unknown as Record<TColumn, string | null>)[column]).filter((v): v is string => !!v && v.trim() !== "");
}

export async function gatherShareContent(tx: Tx, caseId: string, include: readonly TShareKind[]): Promise<TShareContent> {
  const has = (k: TShareKind) => include.includes(k);
  const keyed: TShareContent["keyed"] = [];
  // The emails are read once, for themselves and for their domains.
  const emails = has("email") || has("email_domain") ? await distinctValues(tx, caseId, "email") : [];
  for (const kind of ["payment_fingerprint", "org_id", "email", "account_id"] as const) {
    if (has(kind)) for (const value of kind === "email" ? emails : await distinctValues(tx, caseId, KEYED_COLUMNS[kind])) keyed.push({ kind, value });
  }
  if (has("email_domain")) {
    const domains = new Set(emails.filter((e) => /@[^@\s]/.test(e)).map((e) => normalise("email_domain", e)));
    for (const value of [...domains].sort()) keyed.push({ kind: "email_domain", value });
  }
  const ipRanges = has("ip_range")
    ? (await tx.$queryRaw<{ p: string }[]>`SELECT "ipPrefix" AS p FROM account WHERE "caseId" = ${caseId} AND "ipPrefix" IS NOT NULL GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1`).map((r) => r.p)
    : [];
  const asnUserAgents = has("asn_user_agent")
    ? (
        await tx.$queryRaw<{ asn: bigint; ua: string }[]>`SELECT asn, "userAgent" AS ua FROM account WHERE "caseId" = ${caseId} AND asn IS NOT NULL AND "userAgent" IS NOT NULL AND "userAgent" <> '' GROUP BY 1, 2 HAVING count(*) >= 2 ORDER BY 1, 2`
      ).map((r) => ({ asn: Number(r.asn), userAgent: r.ua }))
    : [];
  const templateSignatures = has("template_signature")
    ? (await tx.templateFamily.findMany({ where: { caseId, accounts: { gte: 2 } }, orderBy: [{ samples: "desc" }, { key: "asc" }], select: { key: true, bandKeys: true } }))
        .map((f) => f.bandKeys.map(stixBandKeyOrNull).filter((k): k is string => k !== null))
        .filter((keys) => keys.length)
        .map((keys, i) => ({ family: `Family ${i + 1}`, bandKeys: keys.sort() }))
    : [];
  const rollup = await tx.caseRollup.findUnique({ where: { caseId } });
  const window = has("campaign") && rollup?.firstExchangeAt && rollup.lastExchangeAt ? { first: rollup.firstExchangeAt, last: rollup.lastExchangeAt } : null;
  const volume = has("campaign") ? { accounts: rollup?.accounts ?? 0, exchanges: Number(rollup?.exchanges ?? 0n) } : { accounts: 0, exchanges: 0 };
  return { keyed, ipRanges, asnUserAgents, templateSignatures, window, volume };
}
