// Redaction of untrusted text for a package: the withheld text is removed (replaced by a marker
// naming why), never covered. Ranges come from the analyst's manual spans (code points into the
// stored text), from rule patterns (emails, IPs, phone numbers) and from the case's own known
// values (every email, IP, payment fingerprint, org id and raw account id of its accounts).
// Each removal is logged — where, which rule, how long — without the withheld text. Pure.
import { identifiesSomeone } from "./identifying";

export type TRedactionRuleKey = "emails" | "names" | "ip_addresses" | "payment_fingerprints" | "org_ids" | "phone_numbers" | "account_ids";

const PATTERNS: Partial<Record<TRedactionRuleKey, RegExp>> = {
  emails: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  // IPv4, and IPv6 in full or with "::" (so times such as 01:32:42 are not taken for one).
  ip_addresses: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?|::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})(?![\w:])/g,
  // Grouped like a phone number (+86 138 0013 8000, (415) 555-0100, 415.555.0100); dates, times,
  // versions and ids are not.
  phone_numbers: /(?<![\w.:/-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?\d{3,4}[ .-]\d{3,4}|\d{2,4}[ .-]\d{3,4}[ .-]\d{3,4})(?![\w.:/-])/g,
};

export const MARKER_LABELS: Record<TRedactionRuleKey | "manual", string> = {
  emails: "email",
  names: "name",
  ip_addresses: "IP address",
  payment_fingerprints: "payment fingerprint",
  org_ids: "org id",
  phone_numbers: "phone number",
  account_ids: "account id",
  manual: "withheld",
};

export type TRedactor = {
  rules: ReadonlySet<TRedactionRuleKey>;
  /** Literal values to remove wherever they appear, with the rule they fall under. */
  known: ReadonlyArray<{ value: string; rule: TRedactionRuleKey }>;
  /** Replacement for a known account id instead of removal (stable pseudonyms), if any. */
  pseudonym?: (value: string) => string | undefined;
};

export type TRedactionHit = { rule: TRedactionRuleKey | "manual"; start: number; length: number; reason?: string };

type TRange = { start: number; end: number; rule: TRedactionRuleKey | "manual"; replacement: string; reason?: string };

/** UTF-16 offset of a code-point offset. */
function utf16Offset(text: string, codePoints: number): number {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const TOKEN_CHAR = /[\p{L}\p{N}_]/u;
const CJK_CHAR = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u3040-\u30FF]/u;
// A side of a value needs a boundary when its edge character would run on into a word (never on a
// CJK edge: those scripts write no spaces).
const boundedAt = (ch: string | undefined) => Boolean(ch) && TOKEN_CHAR.test(ch!) && !CJK_CHAR.test(ch!);

/**
 * A compiled matcher for the known values, each matched as a whole token ("org_55" is not found in
 * "org_5512", "Lin W" not in "Lin Wei"), longest first (so "a@b.com.cn" wins over "a@b.com"). A
 * display name is a known value only when it could identify someone (./identifying.ts): an
 * adversary's "Lab" or "17" is nobody's name, and never a reason to withhold or stop.
 */
export function knownMatcher(known: TRedactor["known"]): { re: RegExp; ruleOf: Map<string, TRedactionRuleKey> } | null {
  const ruleOf = new Map<string, TRedactionRuleKey>();
  for (const k of known) {
    if (k.value.length < 3 || ruleOf.has(k.value)) continue;
    if (k.rule === "names" && !identifiesSomeone(k.value)) continue;
    ruleOf.set(k.value, k.rule);
  }
  if (ruleOf.size === 0) return null;
  const values = [...ruleOf.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // Four groups by which sides need a boundary, each longest first.
  const groups = new Map<string, string[]>();
  for (const v of values) {
    const cps = Array.from(v);
    const key = `${boundedAt(cps[0]) ? "L" : ""}${boundedAt(cps[cps.length - 1]) ? "R" : ""}`;
    groups.set(key, [...(groups.get(key) ?? []), escapeRegExp(v)]);
  }
  const left = "(?<![\\p{L}\\p{N}_])";
  const right = "(?![\\p{L}\\p{N}_])";
  const parts = [...groups].map(([key, vs]) => `${key.includes("L") ? left : ""}(?:${vs.join("|")})${key.includes("R") ? right : ""}`);
  return { re: new RegExp(parts.join("|"), "gu"), ruleOf };
}

export function redactText(
  text: string,
  redactor: TRedactor & { matcher?: ReturnType<typeof knownMatcher> },
  manual: ReadonlyArray<{ start: number; end: number; reason: string }> = [],
): { text: string; hits: TRedactionHit[] } {
  const ranges: TRange[] = [];
  for (const m of manual) {
    const start = utf16Offset(text, m.start);
    const end = utf16Offset(text, m.end);
    if (end > start) ranges.push({ start, end, rule: "manual", replacement: `[${MARKER_LABELS.manual}]`, reason: m.reason });
  }
  const matcher = redactor.matcher === undefined ? knownMatcher(redactor.known) : redactor.matcher;
  if (matcher) {
    for (const m of text.matchAll(matcher.re)) {
      const rule = matcher.ruleOf.get(m[0])!;
      const alias = rule === "account_ids" ? redactor.pseudonym?.(m[0]) : undefined;
      ranges.push({ start: m.index, end: m.index + m[0].length, rule, replacement: alias ?? `[${MARKER_LABELS[rule]}]` });
    }
  }
  for (const rule of redactor.rules) {
    const re = PATTERNS[rule];
    if (!re) continue;
    for (const m of text.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length, rule, replacement: `[${MARKER_LABELS[rule]}]` });
  }
  if (ranges.length === 0) return { text, hits: [] };
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  // Overlaps merge into the first range (a manual span over an email is one removal).
  const merged: TRange[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  let out = "";
  let at = 0;
  const hits: TRedactionHit[] = [];
  for (const r of merged) {
    out += text.slice(at, r.start) + r.replacement;
    hits.push({ rule: r.rule, start: [...text.slice(0, r.start)].length, length: [...text.slice(r.start, r.end)].length, ...(r.reason ? { reason: r.reason } : {}) });
    at = r.end;
  }
  return { text: out + text.slice(at), hits };
}
