// What every part of a package is built with (lib/exports/assemble.ts and its sections): the
// scrubbers that fill the one redaction log, the pseudonyms, and the small blocks every section uses.
import { createHash } from "node:crypto";
import type { TBlock, TInline } from "../package/document";
import type { TAssembled, TPackageInput, TRedactionLogRow } from "./assemble";
import { knownMatcher, MARKER_LABELS, redactText, type TRedactionHit, type TRedactionRuleKey, type TRedactor } from "./redact";

export function pseudonymFor(caseId: string) {
  return (accountExternalId: string) => `A-${createHash("sha256").update(`${caseId}\u0000${accountExternalId}`).digest("hex").slice(0, 10)}`;
}

export const text = (t: string): TInline => ({ kind: "text", text: t });
/** A time as the package writes it: UTC, to the second. */
export const utc = (iso: string) => iso.replace("T", " ").slice(0, 19);
export const appendixOf = (clusterId: string) => `appendix-cluster-${clusterId}`;
export const para = (t: string): TBlock => ({ kind: "paragraph", inlines: [text(t)] });

/** What a congressional package withholds by itself, whatever the case's rules say. */
const PERSONAL: TRedactionRuleKey[] = ["emails", "names", "ip_addresses", "payment_fingerprints", "org_ids", "phone_numbers"];

type TManualSpan = { start: number; end: number; reason: string };

/**
 * What every part of a package is built with: the input, its profile, and the scrubbers, which
 * all write into one redaction log.
 */
export type TKit = {
  input: TPackageInput;
  congressional: boolean;
  pseudonym: (accountExternalId: string) => string;
  /** An account as the package names it: by its pseudonym in a congressional package. */
  acct: (accountExternalId: string) => string;
  log: TRedactionLogRow[];
  ownWords: TAssembled["ownWords"];
  /** Everything but the analyst's own words: samples, captions, names of clusters and files. */
  scrub: (value: string, where: string, manual?: TManualSpan[]) => string;
  /** The analyst's own words; each is kept in ownWords as the package carries it. */
  scrubOwn: (value: string, where: string) => string;
  /** scrub's redactor, for the withheld account fields and the prompt highlights (which log nothing). */
  redactor: TRedactor;
  matcher: ReturnType<typeof knownMatcher>;
  exhibitNo: Map<string, number>;
};

export function packageKit(input: TPackageInput): TKit {
  const congressional = input.profile === "congressional";
  const pseudonym = pseudonymFor(input.case.id);
  const log: TRedactionLogRow[] = [];
  const why = (rule: TRedactionHit["rule"], reason?: string) => reason ?? input.redaction.reasons[rule as TRedactionRuleKey] ?? "Personal data of the account holder.";
  const scrubberFor = (rules: Set<TRedactionRuleKey>) => {
    const redactor: TRedactor = {
      rules,
      known: input.redaction.known.filter((k) => rules.has(k.rule) || (congressional && k.rule === "account_ids")),
      pseudonym: congressional ? pseudonym : undefined,
    };
    const matcher = knownMatcher(redactor.known);
    const scrub = (value: string, where: string, manual: TManualSpan[] = []) => {
      const r = redactText(value, { ...redactor, matcher }, manual);
      for (const h of r.hits) {
        if (h.rule === "account_ids" && congressional) continue; // replaced by its pseudonym, logged once (closeRedactionLog)
        log.push({ where: `${where}, character ${h.start}`, what: MARKER_LABELS[h.rule], characters: h.length, why: why(h.rule, h.reason) });
      }
      return r.text;
    };
    return { redactor, matcher, scrub };
  };
  // Everything but the analyst's own words follows the case's rules, and in a congressional
  // package withholds every kind of personal data besides: samples, captions, names of clusters
  // and files are the adversary's or the pipeline's words.
  const caseRules = new Set(input.redaction.rules);
  const content = scrubberFor(congressional ? new Set([...caseRules, ...PERSONAL]) : caseRules);
  // The analyst's own words (findings, the case's title, summary and suspected actor) follow the
  // case's rules only: Casebook never rewrites an argument to Congress behind its author's back. A
  // personal value left in them stops a congressional build (personalDataBlockers), saying where.
  const words = congressional ? scrubberFor(caseRules) : content;
  const ownWords: TAssembled["ownWords"] = [];
  const scrubOwn = (value: string, where: string) => {
    const t = words.scrub(value, where);
    ownWords.push({ where, text: t });
    return t;
  };
  return {
    input,
    congressional,
    pseudonym,
    acct: (id) => (congressional ? pseudonym(id) : id),
    log,
    ownWords,
    scrub: content.scrub,
    scrubOwn,
    redactor: content.redactor,
    matcher: content.matcher,
    exhibitNo: new Map(input.exhibits.map((x, i) => [x.id, i + 1])),
  };
}
