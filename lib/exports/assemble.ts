// Turns what the loader read (lib/exports/load.ts) into the package's content: the PDF document
// (lib/package/document), the native files beside it and the redaction log. One profile differs
// from the other only here and in the sections beside it (assemble-exhibits.ts, assemble-appendices.ts).
// Pure and deterministic: the same input gives the same output.
import { csvRow } from "../csv-out";
import type { TChartSpec } from "../figures/chart-spec";
import { markdownBlocks } from "../findings/markdown";
import { FINDING_SECTIONS, SECTION_TITLES, type TFindingSection } from "../findings/schema";
import { formatCount } from "../format";
import type { TBlock, TInline, TPackageDocument, TSection } from "../package/document";
import { accountsNative, legalAppendices } from "./assemble-appendices";
import { exhibitSections } from "./assemble-exhibits";
import { packageKit, para, type TKit } from "./assemble-kit";
import type { TRedactionRuleKey } from "./redact";
import type { TExportProfile } from "./schema";

// How a congressional package names an account; tests name accounts the same way.
export { pseudonymFor } from "./assemble-kit";

export type TAccountRow = {
  externalId: string;
  createdAt: string;
  email: string | null;
  displayName: string | null;
  country: string | null;
  signupIp: string | null;
  asn: string | null;
  paymentFingerprint: string | null;
  userAgent: string | null;
  organizationId: string | null;
  status: string;
};

export type TExhibitData =
  | {
      kind: "sample";
      externalId: string;
      exchangeId: string;
      accountExternalId: string;
      ts: string;
      model: string;
      promptTokens: number | null;
      completionTokens: number | null;
      prompt: string;
      response: string;
      tags: Array<{ capability: string; field: string; spanStart: number | null; spanEnd: number | null; note: string }>;
      flags: string[];
      /** Legal referral only: the request's own metadata as imported. */
      requestIp: string | null;
      userAgent: string | null;
      promptSha256: string | null;
      evidenceSha256: string | null;
    }
  | { kind: "cluster"; clusterId: string; name: string; status: string; origin: string; accounts: number; signals: Array<{ kind: string; value: string; accounts: number; confidence: number }> }
  | { kind: "figure"; chart: TChartSpec }
  | { kind: "evidence"; originalName: string; sha256: string; sizeBytes: number; mediaType: string; source: string; acquiredBy: string; acquiredAt: string }
  | { kind: "estimate"; capability: string; annotated: number; estimate: { share: string; exchanges: string; statement: string } | null; convenience: string };

export type TPartnerMatchSummary = {
  partner: string;
  lab: string | null;
  fileName: string;
  sha256: string;
  receivedAt: string;
  indicators: number;
  byKind: Array<{ kind: string; indicators: number; expired: number; matched: number; accounts: number }>;
  accounts: number;
};

export type TCustodyRow = { evidence: string; sha256: string; at: string; actor: string; action: string; note: string };
export type TAuditRow = { seq: string; at: string; actor: string; action: string; entity: string; summary: string; prevHash: string; hash: string };

export type TPackageInput = {
  profile: TExportProfile;
  exportId: string;
  approvedAt: Date;
  case: { id: string; ref: string; title: string; summary: string; suspectedActor: string | null; window: string; severity: string };
  requester: string;
  approver: string;
  auditHead: { seq: string; hash: string };
  bates: { prefix: string; start: number; digits: number };
  findings: Partial<Record<TFindingSection, string>>;
  samplingStatements: string[];
  counts: { accounts: number; exchanges: number; clusters: number; samples: number };
  capabilities: Array<{ name: string; annotated: number; share: string | null; exchanges: string | null }>;
  figures: TChartSpec[];
  exhibits: Array<{ id: string; caption: string; data: TExhibitData }>;
  /** Clusters whose every account goes in natives/accounts.csv and, in a legal referral, an appendix. */
  clusters: Array<{ id: string; name: string; status: string; accounts: TAccountRow[] }>;
  custody: TCustodyRow[];
  audit: TAuditRow[];
  /** Legal referral: what partner labs' keyed indicators matched in this case, as counts (no value of theirs). */
  partnerMatches?: TPartnerMatchSummary[];
  redaction: {
    rules: TRedactionRuleKey[];
    /** Why each rule applies, for the log. */
    reasons: Partial<Record<TRedactionRuleKey, string>>;
    manual: Array<{ exchangeId: string; field: "prompt" | "response"; start: number; end: number; reason: string }>;
    known: Array<{ value: string; rule: TRedactionRuleKey }>;
    withholdDetectionRules: boolean;
  };
};

export type TRedactionLogRow = { where: string; what: string; characters: number; why: string };

export type TAssembled = {
  doc: TPackageDocument;
  natives: Array<{ path: string; text: string }>;
  redactionLog: TRedactionLogRow[];
  /** The analyst's own words as the package carries them, and where they are from. */
  ownWords: Array<{ where: string; text: string }>;
};

const PROFILE_TITLE: Record<TExportProfile, string> = { congressional: "Congressional letter", legal_referral: "Legal referral" };

export function assemblePackage(input: TPackageInput): TAssembled {
  const kit = packageKit(input);
  // File names and notes are people's words: they go through the same redaction as everything else.
  const custody = input.custody.map((c) => ({ ...c, evidence: kit.scrub(c.evidence, "Chain of custody"), note: kit.scrub(c.note, "Chain of custody") }));
  // The order below is the package's order, and the order things are scrubbed in: the redaction
  // log lists removals as they happen.
  const sections: TSection[] = leadSections(kit);
  const exhibits = exhibitSections(kit);
  sections.push(...exhibits.sections);
  const accountsCsv = accountsNative(kit);
  if (!kit.congressional) sections.push(...legalAppendices(kit, custody));
  sections.push(closeRedactionLog(kit));
  const doc = packageDocument(kit, sections);
  const natives = nativeFiles(kit, { exhibitsJsonl: exhibits.jsonl, accountsCsv, custody });
  return { doc, natives, redactionLog: kit.log, ownWords: kit.ownWords };
}

// Findings: the analyst's Markdown, with citations as Bates references. Text is scrubbed too.
function findingBlocks(kit: TKit, section: TFindingSection): TBlock[] {
  const md = kit.input.findings[section]?.trim();
  if (!md) return [];
  return markdownBlocks(md).map((b) => scrubBlock(b, `Findings, ${SECTION_TITLES[section]}`, kit.scrubOwn, kit.exhibitNo));
}

/** Cover letter (congressional) / findings, the key facts and the figures. */
function leadSections(kit: TKit): TSection[] {
  const { input, congressional } = kit;
  const sections: TSection[] = congressional ? coverLetter(kit) : [];
  const facts = keyFacts(kit);
  // Counsel and staff read the summary first; the facts it rests on come right after it.
  if (congressional) sections.push(facts);
  const findingSections = congressional ? FINDING_SECTIONS.filter((s) => s !== "summary") : FINDING_SECTIONS;
  for (const s of findingSections) {
    const blocks = findingBlocks(kit, s);
    if (s === "methodology") {
      blocks.push({ kind: "heading", level: 3, text: "Sampling statement" }, ...input.samplingStatements.map(para));
      if (!congressional) blocks.push(para("Linking signals, rule flags and template families were computed by Casebook from the imported records; each exhibit below carries the metadata it was derived from."));
    }
    if (blocks.length) sections.push({ anchor: `finding-${s}`, title: SECTION_TITLES[s], blocks });
    if (s === "summary") sections.push(facts);
  }
  if (!sections.includes(facts)) sections.push(facts);

  sections.push({
    anchor: "figures",
    title: "Figures",
    blocks: input.figures.flatMap((chart, i) => [{ kind: "chart" as const, chart, anchor: `figure-${i}` }]),
  });
  return sections;
}

/** A congressional package opens with a letter and the executive summary. */
function coverLetter(kit: TKit): TSection[] {
  const { input, scrubOwn } = kit;
  const letter: TSection = {
    anchor: "letter",
    title: "Cover letter",
    blocks: [
      para(`Re: ${scrubOwn(input.case.title, "Case title")} (${input.case.ref})`),
      para(
        `This letter sets out what our investigation found about a campaign to distil our models through fraudulent API accounts: ` +
          `${formatCount(input.counts.accounts)} accounts and ${formatCount(input.counts.exchanges)} exchanges over ${input.case.window}. ` +
          `The executive summary, the figures and a few representative exhibits follow. Personal data of account holders has been removed; ` +
          `accounts are named by stable pseudonyms. The package is signed; how to check it is in bag-info.txt beside this PDF.`,
      ),
      para(`Approved for release by ${input.approver} on ${input.approvedAt.toISOString().slice(0, 10)}.`),
    ],
  };
  const summary: TSection = { anchor: "summary", title: "Executive summary", blocks: [...findingBlocks(kit, "summary"), ...(input.case.summary ? [para(scrubOwn(input.case.summary, "Case summary"))] : [])] };
  return [letter, summary];
}

function keyFacts(kit: TKit): TSection {
  const { input, scrubOwn } = kit;
  const keyFigures: TBlock[] = [
    {
      kind: "fields",
      rows: [
        ["Case", `${input.case.ref} — ${scrubOwn(input.case.title, "Case title")}`],
        ["Window", input.case.window],
        ["Accounts", formatCount(input.counts.accounts)],
        ["Exchanges", formatCount(input.counts.exchanges)],
        ["Clusters", formatCount(input.counts.clusters)],
        ["Samples with text", formatCount(input.counts.samples)],
        ...(input.case.suspectedActor ? [["Suspected actor", scrubOwn(input.case.suspectedActor, "Suspected actor")] as [string, string]] : []),
      ],
    },
    {
      kind: "table",
      columns: [
        { label: "Capability", width: 0.4 },
        { label: "Annotated samples", width: 0.18, align: "right" },
        { label: "Share of exchanges (95%)", width: 0.21, align: "right" },
        { label: "Estimated exchanges", width: 0.21, align: "right" },
      ],
      rows: input.capabilities.filter((c) => c.annotated > 0 || c.share).map((c) => [c.name, formatCount(c.annotated), c.share ?? "—", c.exchanges ?? "—"]),
    },
    ...input.samplingStatements.map((s) => ({ kind: "note" as const, text: s })),
  ];
  return { anchor: "counts", title: "Key facts: scale and targeted capabilities", blocks: keyFigures };
}

/** Adds what the whole package withholds to the log, and draws the log as the package's last section. */
function closeRedactionLog(kit: TKit): TSection {
  const { input, congressional, log } = kit;
  if (input.redaction.withholdDetectionRules || congressional) log.push({ where: "Whole package", what: "internal detection rules (rule names, patterns and flags)", characters: 0, why: "Internal detection methods are withheld from this audience." });
  if (congressional) {
    log.push({ where: "Whole package", what: "account ids, replaced by stable pseudonyms (A- and 10 hex digits)", characters: 0, why: "Personal data of account holders; the pseudonym is the same for the same account throughout the package." });
    log.push({ where: "Whole package", what: "emails, IP addresses, payment fingerprints, organisation ids and names of account holders", characters: 0, why: "Personal data of account holders is not part of a congressional package." });
  }
  return {
    anchor: "appendix-redactions",
    title: "Redaction log",
    blocks: [
      ...(log.length
        ? [
            para(`What was withheld from this ${congressional ? "congressional" : "legal referral"} package, where, and why. Withheld text was removed, not covered: it is in neither the PDF nor the natives.`),
            {
              kind: "table" as const,
              columns: [{ label: "Where", width: 0.32 }, { label: "What", width: 0.26 }, { label: "Characters", width: 0.1, align: "right" as const }, { label: "Why", width: 0.32 }],
              rows: (congressional ? summariseLog(log) : log).map((r) => [r.where, r.what, r.characters ? formatCount(r.characters) : "—", r.why]),
            },
          ]
        : [para("Nothing was withheld from this package.")]),
    ],
  };
}

function packageDocument(kit: TKit, sections: TSection[]): TPackageDocument {
  const { input, congressional, scrubOwn } = kit;
  const marking = congressional ? `CONFIDENTIAL — FOR CONGRESSIONAL USE — ${input.case.ref}` : `CONFIDENTIAL — LEGAL REFERRAL — ATTORNEY WORK PRODUCT — ${input.case.ref}`;
  return {
    meta: { title: `${input.case.ref} ${PROFILE_TITLE[input.profile]}`, subject: scrubOwn(input.case.title, "Case title"), author: "Casebook", keywords: `${input.case.ref} ${input.profile} ${input.exportId}`, createdAt: input.approvedAt },
    marking,
    bates: input.bates,
    cover: {
      title: `${PROFILE_TITLE[input.profile]}: ${scrubOwn(input.case.title, "Case title")}`,
      subtitle: `${input.case.ref} · evidence package ${input.exportId}`,
      fields: [
        ["Case", input.case.ref],
        ["Window", input.case.window],
        ["Severity", input.case.severity],
        ["Requested by", input.requester],
        ["Approved by", `${input.approver}, ${input.approvedAt.toISOString().replace("T", " ").slice(0, 19)} UTC`],
        ["Audit head covered", `event ${input.auditHead.seq}, ${input.auditHead.hash}`],
      ],
      notice: congressional
        ? "Prepared for a committee of the United States Congress. Contains no personal data of account holders. Verify this package with the signature and manifests beside this PDF."
        : "Prepared for counsel. Contains personal data of account holders and the lab's evidence: handle under the applicable protective order. Verify this package with the signature and manifests beside this PDF.",
    },
    sections,
  };
}

/** The files beside the PDF. */
function nativeFiles(kit: TKit, made: { exhibitsJsonl: string[]; accountsCsv: string[]; custody: TCustodyRow[] }): TAssembled["natives"] {
  const { input, congressional, scrub, log } = kit;
  return [
    { path: "natives/exhibits.jsonl", text: made.exhibitsJsonl.map((l) => `${l}\n`).join("") },
    { path: "natives/accounts.csv", text: made.accountsCsv.join("") },
    { path: "custody-log.csv", text: csvRow(["evidence", "sha256", "at", "actor", "action", "note"]) + made.custody.map((c) => csvRow([c.evidence, c.sha256, c.at, c.actor, c.action, c.note])).join("") },
    { path: "redaction-log.csv", text: csvRow(["where", "what", "characters", "why"]) + (congressional ? summariseLog(log) : log).map((r) => csvRow([r.where, r.what, r.characters, r.why])).join("") },
    ...(congressional ? [] : [{ path: "audit-excerpt.jsonl", text: input.audit.map((a) => `${JSON.stringify({ ...a, summary: scrub(a.summary, `Audit event ${a.seq}`) })}\n`).join("") }]),
  ];
}

/** In a congressional log, one row per kind of removal (where each was would itself point at people). */
function summariseLog(log: TRedactionLogRow[]): TRedactionLogRow[] {
  const by = new Map<string, TRedactionLogRow & { n: number }>();
  for (const r of log) {
    const k = `${r.what}\u0000${r.why}`;
    const e = by.get(k);
    if (e) {
      e.n++;
      e.characters += r.characters;
    } else by.set(k, { ...r, n: 1 });
  }
  return [...by.values()].map((r) => ({ where: r.n > 1 ? `${r.n} places` : r.where, what: r.what, characters: r.characters, why: r.why }));
}

function scrubBlock(b: TBlock, where: string, scrub: (v: string, where: string) => string, exhibitNo: Map<string, number>): TBlock {
  const inl = (xs: TInline[]): TInline[] =>
    xs.map((i) => {
      if (i.kind === "text") return { ...i, text: scrub(i.text, where) };
      const id = i.anchor.replace(/^exhibit-/, "");
      const no = exhibitNo.get(id);
      return { ...i, prefix: i.prefix ? scrub(i.prefix, where) : no ? `Exhibit ${no}, ` : undefined };
    });
  switch (b.kind) {
    case "heading":
      return { ...b, text: scrub(b.text, where) };
    case "paragraph":
    case "quote":
      return { ...b, inlines: inl(b.inlines) };
    case "list":
      return { ...b, items: b.items.map(inl) };
    case "pre":
      return { ...b, text: scrub(b.text, where) };
    default:
      return b;
  }
}
