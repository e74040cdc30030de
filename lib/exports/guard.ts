// The congressional guard, pure: before a congressional package is drawn, every string its pages
// draw and every line of its natives is searched for the case's personal values. A hit stops the
// build as a policy stop (PackageBlockedError), saying which kind of value (masked), where (PDF page
// and section, native file and line, and which of the analyst's words hold it), and what fixes it.
//
// What counts: the case's emails, IPs, payment fingerprints, org ids and raw account ids, always, as
// whole tokens; and a display name that could identify someone (./identifying.ts) where it appears
// in the analyst's own words. Names are not searched for in what Casebook writes itself (headings,
// page numbers, counts, dates): an adversary's account named "Executive summary" stops nothing.
import type { TDrawnPage } from "../package/pdf/layout";
import type { TAssembled, TPackageInput } from "./assemble";
import { knownMatcher, MARKER_LABELS, type TRedactionRuleKey } from "./redact";

export type TBlocker = { kind: string; rule: TRedactionRuleKey; masked: string; where: string[] };

/** Thrown by the build when the guard finds personal data: the job records it as a policy stop. */
export class PackageBlockedError extends Error {
  constructor(readonly blockers: TBlocker[]) {
    super(`personal data would leave in a congressional package: ${blockers.map((b) => `${b.kind} ${b.masked}`).join(", ")}`);
    this.name = "PackageBlockedError";
  }
}

/** A value shown without giving it away: "m…8@e…com", "L…W". */
export function maskValue(rule: TRedactionRuleKey, value: string): string {
  const ends = (s: string) => {
    const cps = Array.from(s);
    return cps.length <= 2 ? `${cps[0] ?? ""}…` : `${cps[0]}…${cps[cps.length - 1]}`;
  };
  const at = value.lastIndexOf("@");
  if (rule === "emails" && at > 0) {
    const domain = value.slice(at + 1);
    const tld = domain.includes(".") ? domain.slice(domain.lastIndexOf(".") + 1) : "";
    return `${ends(value.slice(0, at))}@${Array.from(domain)[0] ?? ""}…${tld}`;
  }
  return ends(value);
}

const MAX_PLACES = 6;

export function personalDataBlockers(assembled: Pick<TAssembled, "doc" | "natives" | "ownWords">, pages: TDrawnPage[], known: TPackageInput["redaction"]["known"]): TBlocker[] {
  // Names only where the analyst's own words carry them.
  const names = knownMatcher(known.filter((k) => k.rule === "names"));
  const named = new Set<string>();
  if (names) for (const w of assembled.ownWords) for (const m of w.text.matchAll(names.re)) named.add(m[0]);
  const matcher = knownMatcher([...known.filter((k) => k.rule !== "names"), ...[...named].map((value) => ({ value, rule: "names" as const }))]);
  if (!matcher) return [];

  const places = new Map<string, string[]>();
  const order: string[] = [];
  const hit = (value: string, where: string) => {
    let list = places.get(value);
    if (!list) {
      list = [];
      places.set(value, list);
      order.push(value);
    }
    if (!list.includes(where)) list.push(where);
  };
  const each = (text: string, f: (value: string) => void) => {
    for (const m of text.matchAll(matcher.re)) f(m[0]);
  };
  for (const w of assembled.ownWords) each(w.text, (v) => hit(v, w.where));
  for (const p of pages) for (const s of p.strings) each(s, (v) => hit(v, `PDF page ${p.page}${p.header ? ` (${p.header})` : ""}`));
  for (const n of assembled.natives) n.text.split("\n").forEach((line, i) => each(line, (v) => hit(v, `${n.path} line ${i + 1}`)));
  // Belt and braces: anything in the document that no page was seen to draw (a value split across a page break).
  const walk = (v: unknown): void => {
    if (typeof v === "string") each(v, (value) => (places.has(value) ? undefined : hit(value, "PDF")));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object" && !(v instanceof Date)) Object.values(v).forEach(walk);
  };
  walk(assembled.doc);

  return order.map((value) => {
    const rule = matcher.ruleOf.get(value)!;
    const where = places.get(value)!;
    return {
      kind: MARKER_LABELS[rule],
      rule,
      masked: maskValue(rule, value),
      where: where.length > MAX_PLACES ? [...where.slice(0, MAX_PLACES - 1), `and ${where.length - MAX_PLACES + 1} more places`] : where,
    };
  });
}
