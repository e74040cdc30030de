// The linking signals of an account, as the clustering compares them: normalised values of each
// kind (payment fingerprint, organization id, IP network, ASN with user agent, template family),
// and creation bursts found among accounts that share a value. Pure.
//
// Normalisation, and why. Identifiers are compared exactly, only trimmed: payment fingerprints
// (Stripe's are base62, so "Xt5E…" and "xt5e…" are different cards), organization ids, template
// family keys and user agents (a client's exact string is the tell; "python-requests" and
// "Python-Requests" are different clients). Lowercasing would merge what is different, and the
// cross-case indicators compare the stored text as it is, so both sides would disagree. An IP
// becomes its network (ipPrefix); an ASN must be a whole number, and only counts with a user agent.
import { isIP } from "node:net";

export type TSignalKind = "payment_fingerprint" | "organization_id" | "ip_prefix" | "asn_user_agent" | "creation_burst" | "template_family";

export type TAccountInput = {
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  paymentFingerprint?: string | null;
  organizationId?: string | null;
  signupIp?: string | null;
  asn?: number | null;
  userAgent?: string | null;
  templateFamilies?: readonly string[];
};

export type TSignalValue = { kind: TSignalKind; value: string };

const clean = (v: string | null | undefined) => {
  const t = v?.trim();
  return t ? t : null;
};

function expandIPv6(addr: string): number[] | null {
  let a = addr;
  // An IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes its two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const o = v4[1].split(".").map(Number);
    a = a.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const halves = a.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? fill : 0).fill("0"), ...tail].map((h) => parseInt(h, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The network an IP belongs to: "203.0.113.0/24" for IPv4 (an IPv4-mapped IPv6 address counts as
 * IPv4), "2001:db8:1::/48" for IPv6, written as PostgreSQL writes it (lib's casebook_ip_prefix), so
 * the clustering and the cross-case indicators agree. Null for anything else (zone ids included).
 */
export function ipPrefix(raw: string | null | undefined): string | null {
  const ip = clean(raw);
  if (!ip || ip.includes("%")) return null;
  const family = isIP(ip);
  if (family === 4) {
    const o = ip.split(".");
    return `${Number(o[0])}.${Number(o[1])}.${Number(o[2])}.0/24`;
  }
  if (family !== 6) return null;
  const g = expandIPv6(ip.toLowerCase());
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.0/24`;
  const net = g.slice(0, 3);
  while (net.length && net[net.length - 1] === 0) net.pop();
  return `${net.map((x) => x.toString(16)).join(":")}::/48`;
}

/** ASNs are unsigned 32-bit whole numbers; anything else is a broken row, not a network. */
export const isAsn = (asn: number | null | undefined): asn is number => typeof asn === "number" && Number.isInteger(asn) && asn >= 0 && asn <= 0xffffffff;

/** The values an account carries, one per kind (several template families), bursts excluded. */
export function signalValues(a: TAccountInput): TSignalValue[] {
  const out: TSignalValue[] = [];
  const pf = clean(a.paymentFingerprint);
  if (pf) out.push({ kind: "payment_fingerprint", value: pf });
  const org = clean(a.organizationId);
  if (org) out.push({ kind: "organization_id", value: org });
  const net = ipPrefix(a.signupIp);
  if (net) out.push({ kind: "ip_prefix", value: net });
  const ua = clean(a.userAgent);
  if (isAsn(a.asn) && ua) out.push({ kind: "asn_user_agent", value: `AS${a.asn} · ${ua}` });
  // Trimmed before deduplicated: " f1" and "f1" are one family, and an account counts once in it.
  const families = new Set<string>();
  for (const f of a.templateFamilies ?? []) {
    const c = clean(f);
    if (c) families.add(c);
  }
  for (const f of families) out.push({ kind: "template_family", value: f });
  return out;
}

export type TBurstOptions = {
  /** Two creations at most this far apart belong to one run. */
  gapMs: number;
  /** A run needs at least this many accounts. */
  minAccounts: number;
  /** …and this many times more accounts than the group's own pace would put in its time span. */
  minDensity: number;
};

export const BURST_DEFAULTS: TBurstOptions = { gapMs: 5 * 60_000, minAccounts: 5, minDensity: 10 };

/**
 * Runs of accounts created within minutes of each other among the holders of one shared value
 * (usually a weak one: an ASN with a user agent, an IP range). A run counts only when it is far
 * denser than chance: the group's accounts spread evenly over the case's whole signup span would
 * put `expected` of them in the run's time; 5 accounts in 15 minutes out of 8,000 spread over 45
 * days happen by chance, 40 in 10 minutes do not. Members must be sorted by creation time.
 */
export function findBursts(
  members: readonly { id: string; createdAt: number }[],
  caseSpanMs: number,
  opts: TBurstOptions = BURST_DEFAULTS,
): { ids: string[]; from: number; to: number }[] {
  return burstRuns(
    members.map((m) => m.createdAt),
    caseSpanMs,
    opts,
  ).map((r) => ({ ids: members.slice(r.start, r.end).map((m) => m.id), from: members[r.start].createdAt, to: members[r.end - 1].createdAt }));
}

/** findBursts on bare creation times (sorted): the runs as [start, end) positions, no objects per account. */
export function burstRuns(times: ArrayLike<number>, caseSpanMs: number, opts: TBurstOptions = BURST_DEFAULTS): { start: number; end: number }[] {
  const n = times.length;
  if (n < opts.minAccounts) return [];
  const span = Math.max(caseSpanMs, 1) + opts.gapMs;
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && times[i] - times[i - 1] <= opts.gapMs) continue;
    const k = i - start;
    if (k >= opts.minAccounts) {
      const expected = (n * (times[i - 1] - times[start] + opts.gapMs)) / span;
      if (k >= opts.minDensity * expected) out.push({ start, end: i });
    }
    start = i;
  }
  return out;
}
