// Turns what the loader read (lib/exports/load.ts) into the package's content: the PDF document
// (lib/package/document), the native files beside it and the redaction log. One profile differs
// from the other only here. Pure and deterministic: the same input gives the same output.
import { createHash } from "node:crypto";
import { csvRow } from "../csv-out";
import type { TChartSpec } from "../figures/chart-spec";
import { exhibitAnchor, markdownBlocks } from "../findings/markdown";
import { FINDING_SECTIONS, SECTION_TITLES, type TFindingSection } from "../findings/schema";
import { formatCount } from "../format";
import type { TBlock, TInline, TPackageDocument, TSection } from "../package/document";
import { knownMatcher, MARKER_LABELS, redactText, type TRedactionHit, type TRedactionRuleKey, type TRedactor } from "./redact";
import type { TExportProfile } from "./schema";

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

export function pseudonymFor(caseId: string) {
  return (accountExternalId: string) => `A-${createHash("sha256").update(`${caseId}\u0000${accountExternalId}`).digest("hex").slice(0, 10)}`;
}

const text = (t: string): TInline => ({ kind: "text", text: t });
/** A time as the package writes it: UTC, to the second. */
const utc = (iso: string) => iso.replace("T", " ").slice(0, 19);
const appendixOf = (clusterId: string) => `appendix-cluster-${clusterId}`;
const para = (t: string): TBlock => ({ kind: "paragraph", inlines: [text(t)] });

/** What a congressional package withholds by itself, whatever the case's rules say. */
const PERSONAL: TRedactionRuleKey[] = ["emails", "names", "ip_addresses", "payment_fingerprints", "org_ids", "phone_numbers"];

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

type TManualSpan = { start: number; end: number; reason: string };

/**
 * What every part of a package is built with: the input, its profile, and the scrubbers, which
 * all write into one redaction log.
 */
type TKit = {
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

function packageKit(input: TPackageInput): TKit {
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

// Exhibits.
/** One section an exhibit, and the same exhibit as a line of natives/exhibits.jsonl. */
function exhibitSections(kit: TKit): { sections: TSection[]; jsonl: string[] } {
  const { input, congressional, scrub } = kit;
  const shown = congressional ? input.exhibits.slice(0, 12) : input.exhibits;
  const sections: TSection[] = [];
  const jsonl: string[] = [];
  shown.forEach((x, i) => {
    const no = i + 1;
    const head = { exhibit: no, kind: x.data.kind, caption: scrub(x.caption, `Exhibit ${no} caption`) };
    const { blocks, native } = exhibitBody(kit, x.data, no);
    // The section is the exhibit: its title is what the table of contents lists, its anchor what citations name.
    sections.push({ anchor: exhibitAnchor(x.id), title: `Exhibit ${no}: ${scrub(x.caption, `Exhibit ${no} caption`)}`, blocks });
    jsonl.push(JSON.stringify({ ...head, ...native }));
  });
  if (congressional && input.exhibits.length > shown.length) {
    sections.at(-1)!.blocks.push({ kind: "note", text: `${input.exhibits.length - shown.length} further exhibits are held by the lab and available on request.` });
  }
  return { sections, jsonl };
}

type TExhibitBody = { blocks: TBlock[]; native: Record<string, unknown> };

function exhibitBody(kit: TKit, d: TExhibitData, no: number): TExhibitBody {
  const { scrub } = kit;
  switch (d.kind) {
    case "sample":
      return sampleExhibit(kit, d, no);
    case "cluster":
      return clusterExhibit(kit, d, no);
    case "figure":
      return { blocks: [{ kind: "chart", chart: d.chart }], native: { figure: d.chart.title, series: d.chart.series, rows: d.chart.rows } };
    case "evidence":
      return {
        blocks: [{ kind: "fields", rows: [["File", scrub(d.originalName, `Exhibit ${no}, file name`)], ["SHA-256", d.sha256], ["Bytes", formatCount(d.sizeBytes)], ["Media type", d.mediaType], ["Acquired", `${utc(d.acquiredAt)} UTC by ${d.acquiredBy}`], ["How", scrub(d.source, `Exhibit ${no}, source`)]] }],
        native: { file: scrub(d.originalName, `Exhibit ${no}, file name`), sha256: d.sha256, bytes: d.sizeBytes, mediaType: d.mediaType, acquiredAt: d.acquiredAt, acquiredBy: d.acquiredBy, source: scrub(d.source, `Exhibit ${no}`) },
      };
    case "estimate":
      return {
        blocks: [
          { kind: "fields", rows: [["Capability", d.capability], ["Annotated samples", formatCount(d.annotated)], ["Share of exchanges (95%)", d.estimate?.share ?? "no random draw yet"], ["Estimated exchanges", d.estimate?.exchanges ?? "—"]] },
          para(d.estimate?.statement ?? d.convenience),
        ],
        native: { capability: d.capability, annotated: d.annotated, estimate: d.estimate, statement: d.estimate?.statement ?? d.convenience },
      };
  }
}

function sampleExhibit(kit: TKit, d: Extract<TExhibitData, { kind: "sample" }>, no: number): TExhibitBody {
  const { input, congressional, scrub, acct, redactor, matcher } = kit;
  const manualOf = (field: "prompt" | "response") => input.redaction.manual.filter((m) => m.exchangeId === d.exchangeId && m.field === field);
  const prompt = scrub(d.prompt, `Exhibit ${no}, prompt`, manualOf("prompt"));
  const response = scrub(d.response, `Exhibit ${no}, response`, manualOf("response"));
  const highlights = d.tags
    .filter((t) => t.field === "prompt" && t.spanStart !== null && t.spanEnd !== null)
    .map((t) => ({
      start: [...redactText(sliceCp(d.prompt, 0, t.spanStart!), { ...redactor, matcher }, clipManual(manualOf("prompt"), t.spanStart!)).text].length,
      end: [...redactText(sliceCp(d.prompt, 0, t.spanEnd!), { ...redactor, matcher }, clipManual(manualOf("prompt"), t.spanEnd!)).text].length,
    }))
    .filter((h) => h.end > h.start);
  const fields: Array<[string, string]> = [
    ["Exchange", d.externalId],
    ["Account", acct(d.accountExternalId)],
    ["Time (UTC)", utc(d.ts)],
    ["Model", d.model],
    ["Tokens", `${d.promptTokens ?? "?"} prompt, ${d.completionTokens ?? "?"} completion`],
    ["Capabilities", d.tags.map((t) => t.capability).join(", ") || "—"],
  ];
  if (!congressional) {
    fields.push(["Request IP", d.requestIp ?? "—"], ["User agent", d.userAgent ?? "—"], ["Prompt SHA-256", d.promptSha256 ?? "—"], ["Imported from", d.evidenceSha256 ? `evidence file SHA-256 ${d.evidenceSha256}` : "—"]);
    if (!input.redaction.withholdDetectionRules && d.flags.length) fields.push(["Rule flags", d.flags.join(", ")]);
  }
  // Casebook's own values (times, counts, pseudonyms) stand as they are; imported ones are scrubbed.
  const ours = new Set(["Account", "Time (UTC)", "Tokens", "Capabilities", "Prompt SHA-256", "Imported from", "Rule flags"]);
  const blocks: TBlock[] = [];
  blocks.push({ kind: "fields", rows: fields.map(([k, v]) => [k, ours.has(k) ? v : scrub(v, `Exhibit ${no}, ${k}`)]) });
  blocks.push({ kind: "pre", label: "Prompt", text: prompt, highlights });
  blocks.push({ kind: "pre", label: "Response", text: response });
  for (const t of d.tags.filter((t) => t.note)) blocks.push({ kind: "note", text: `${t.capability}: ${scrub(t.note, `Exhibit ${no}, analyst note`)}` });
  const meta = congressional ? {} : { requestIp: d.requestIp === null ? null : scrub(d.requestIp, `Exhibit ${no}, request IP`), userAgent: d.userAgent, promptSha256: d.promptSha256, importedFrom: d.evidenceSha256 };
  const native = { ...meta, exchange: d.externalId, account: acct(d.accountExternalId), ts: d.ts, model: d.model, promptTokens: d.promptTokens, completionTokens: d.completionTokens, prompt, response, capabilities: d.tags.map((t) => ({ capability: t.capability, field: t.field, spanStart: t.spanStart, spanEnd: t.spanEnd })) };
  return { blocks, native };
}

function clusterExhibit(kit: TKit, d: Extract<TExhibitData, { kind: "cluster" }>, no: number): TExhibitBody {
  const { input, congressional, scrub } = kit;
  const blocks: TBlock[] = [];
  blocks.push({ kind: "fields", rows: [["Cluster", scrub(d.name, `Exhibit ${no}`)], ["Accounts", formatCount(d.accounts)], ["Status", d.status], ["Origin", d.origin]] });
  const signals = congressional
    ? d.signals.map((s) => [s.kind.replaceAll("_", " "), "[withheld]", formatCount(s.accounts), `${Math.round(s.confidence * 100)}%`])
    : d.signals.map((s) => [s.kind.replaceAll("_", " "), scrub(s.value, `Exhibit ${no}, signal`), formatCount(s.accounts), `${Math.round(s.confidence * 100)}%`]);
  blocks.push({ kind: "table", columns: [{ label: "Linking signal", width: 0.3 }, { label: "Value", width: 0.4 }, { label: "Accounts", width: 0.15, align: "right" }, { label: "Confidence", width: 0.15, align: "right" }], rows: signals });
  if (!congressional && input.clusters.some((c) => c.id === d.clusterId)) {
    blocks.push({ kind: "paragraph", inlines: [text(`Every account of this cluster, with all its fields, is listed in its appendix, `), { kind: "ref", anchor: appendixOf(d.clusterId) }, text(".")] });
  }
  const native = { cluster: scrub(d.name, `Exhibit ${no}`), accounts: d.accounts, status: d.status, origin: d.origin, signals: d.signals.map((s, j) => ({ kind: s.kind, value: signals[j][1], accounts: s.accounts, confidence: s.confidence })) };
  return { blocks, native };
}

/** natives/accounts.csv: every account of the appendix clusters, pseudonymous in a congressional package. */
function accountsNative(kit: TKit): string[] {
  const { input, congressional, scrub, pseudonym, redactor } = kit;
  const accountsCsv: string[] = [];
  if (congressional) {
    accountsCsv.push(csvRow(["account", "created_day", "country", "status", "cluster"]));
    for (const c of input.clusters) for (const a of c.accounts) accountsCsv.push(csvRow([pseudonym(a.externalId), a.createdAt.slice(0, 10), a.country ?? "", a.status, scrub(c.name, "Cluster name")]));
    return accountsCsv;
  }
  accountsCsv.push(csvRow(["account", "created_at", "email", "display_name", "country", "signup_ip", "asn", "payment_fingerprint", "user_agent", "org_id", "status", "cluster"]));
  for (const c of input.clusters) {
    for (const a of c.accounts) {
      // The natives follow the case's rules as the PDF does: a withheld field is withheld in both.
      accountsCsv.push(
        csvRow([
          a.externalId,
          a.createdAt,
          scrubCell(a.email, "emails", redactor),
          scrubCell(a.displayName, "names", redactor),
          a.country ?? "",
          scrubCell(a.signupIp, "ip_addresses", redactor),
          a.asn ?? "",
          scrubCell(a.paymentFingerprint, "payment_fingerprints", redactor),
          a.userAgent ?? "",
          scrubCell(a.organizationId, "org_ids", redactor),
          a.status,
          c.name,
        ]),
      );
    }
  }
  return accountsCsv;
}

// Appendices (legal referral).
function legalAppendices(kit: TKit, custody: TCustodyRow[]): TSection[] {
  return [
    ...kit.input.clusters.map((c) => clusterAppendix(kit, c)),
    custodyAppendix(custody),
    auditAppendix(kit),
    { anchor: "appendix-certification", title: "Appendix: draft certification under FRE 902(13) and 902(14)", blocks: certification(kit.input) },
  ];
}

function clusterAppendix(kit: TKit, c: TPackageInput["clusters"][number]): TSection {
  const { redactor } = kit;
  return {
    anchor: appendixOf(c.id),
    title: `Appendix: accounts of cluster “${c.name}” (${formatCount(c.accounts.length)})`,
    // Eleven columns, every value whole: landscape pages.
    landscape: true,
    blocks: [
      {
        kind: "table",
        size: "small",
        columns: [
          { label: "Account", width: 1 },
          { label: "Created (UTC)", width: 1 },
          { label: "Email", width: 2 },
          { label: "Name", width: 1.2 },
          { label: "Country", width: 0.5 },
          { label: "Signup IP", width: 1 },
          { label: "ASN", width: 0.6 },
          { label: "Payment", width: 1 },
          { label: "User agent", width: 2 },
          { label: "Org", width: 1 },
          { label: "Status", width: 0.7 },
        ],
        rows: c.accounts.map((a) => [
          a.externalId,
          utc(a.createdAt),
          scrubCell(a.email, "emails", redactor),
          scrubCell(a.displayName, "names", redactor),
          a.country ?? "",
          scrubCell(a.signupIp, "ip_addresses", redactor),
          a.asn ? `AS${a.asn}` : "",
          scrubCell(a.paymentFingerprint, "payment_fingerprints", redactor),
          a.userAgent ?? "",
          scrubCell(a.organizationId, "org_ids", redactor),
          a.status,
        ]),
      },
    ],
  };
}

function custodyAppendix(custody: TCustodyRow[]): TSection {
  return {
    anchor: "appendix-custody",
    title: "Appendix: chain of custody",
    landscape: true,
    blocks: [
      {
        kind: "table",
        size: "small",
        // Numbered, so a filing can name an entry ("custody entry 3"); custody-log.csv has them in the same order.
        columns: [{ label: "#", width: 0.3 }, { label: "Evidence", width: 2 }, { label: "When (UTC)", width: 1 }, { label: "Who", width: 1 }, { label: "Action", width: 0.8 }, { label: "SHA-256", width: 1 }, { label: "Note", width: 1.5 }],
        rows: custody.map((c, i) => [String(i + 1), c.evidence, utc(c.at), c.actor, c.action, c.sha256, c.note]),
      },
    ],
  };
}

function auditAppendix(kit: TKit): TSection {
  const { input, scrub } = kit;
  return {
    anchor: "appendix-audit",
    title: `Appendix: audit log excerpt, up to event ${input.auditHead.seq}`,
    landscape: true,
    blocks: [
      para(`The case's events in Casebook's hash-chained audit log, ending at the head this export's approval covered: event ${input.auditHead.seq}, SHA-256 ${input.auditHead.hash}. Each row's hash covers the row and the previous row's hash.`),
      {
        kind: "table",
        size: "small",
        columns: [{ label: "Seq", width: 0.5, align: "right" }, { label: "When (UTC)", width: 1 }, { label: "Who", width: 1 }, { label: "What", width: 3 }, { label: "SHA-256 of the event", width: 1 }],
        rows: input.audit.map((a) => [a.seq, utc(a.at), a.actor, scrub(a.summary, `Audit event ${a.seq}`), a.hash]),
      },
    ],
  };
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

function sliceCp(s: string, start: number, end: number) {
  return [...s].slice(start, end).join("");
}
function clipManual(m: Array<{ start: number; end: number; reason: string }>, upTo: number) {
  return m.filter((r) => r.start < upTo).map((r) => ({ ...r, end: Math.min(r.end, upTo) }));
}
function scrubCell(v: string | null, rule: TRedactionRuleKey, r: TRedactor) {
  if (!v) return "";
  return r.rules.has(rule) ? `[${MARKER_LABELS[rule]}]` : v;
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

function certification(input: TPackageInput): TBlock[] {
  return [
    para("DRAFT — to be completed and signed by a qualified person (a custodian or other person who can attest to the records and the process). Not valid until signed."),
    { kind: "heading", level: 3, text: "Certificate of authenticity of records generated by an electronic process or system (Fed. R. Evid. 902(13)) and of data copied from an electronic device, storage medium or file (Fed. R. Evid. 902(14))" },
    para(
      "I, ______________________ [name], declare: I am employed by ______________________ [organisation] as ______________________ [title]. " +
        "By reason of my position I am familiar with the systems described below and qualified to make this certification.",
    ),
    {
      kind: "list",
      ordered: true,
      items: [
        [text(`The records in this package (case ${input.case.ref}, export ${input.exportId}) are API account records and request/response logs of the organisation's model-serving systems, imported into Casebook, and the analysis records Casebook made from them.`)],
        [text("The account and exchange records were generated by the organisation's serving systems at or near the time of each request, in the regular course of its business, and kept by it as a regular practice.")],
        [text("Each imported file was recorded on receipt with its SHA-256 digest; the chain of custody appendix ("), { kind: "ref", anchor: "appendix-custody" }, text(") lists every file, its digest and every action on it.")],
        [text(`Every action in Casebook is recorded in a hash-chained audit log. This export's approval covered the log up to event ${input.auditHead.seq}, whose SHA-256 is ${input.auditHead.hash} (the excerpt: `), { kind: "ref", anchor: "appendix-audit" }, text(").")],
        [text("Every file of this package is listed with its SHA-256 digest in manifest-sha256.txt; the tag manifest is signed with the organisation's Ed25519 export key. A copy whose digests match is a true duplicate of the original (902(14)).")],
      ],
    },
    para("I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct."),
    { kind: "fields", rows: [["Executed on", "______________________"], ["At", "______________________"], ["Signature", "______________________"], ["Printed name", "______________________"]] },
  ];
}
