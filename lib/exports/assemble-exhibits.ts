// The exhibits of a package (lib/exports/assemble.ts): each one a section of the PDF and a line of
// natives/exhibits.jsonl, scrubbed as everything the analyst did not write.
import { exhibitAnchor } from "../findings/markdown";
import { formatCount } from "../format";
import type { TBlock, TSection } from "../package/document";
import type { TExhibitData } from "./assemble";
import { appendixOf, para, text, utc, type TKit } from "./assemble-kit";
import { redactText } from "./redact";

/** One section an exhibit, and the same exhibit as a line of natives/exhibits.jsonl. */
export function exhibitSections(kit: TKit): { sections: TSection[]; jsonl: string[] } {
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

function sliceCp(s: string, start: number, end: number) {
  return [...s].slice(start, end).join("");
}
function clipManual(m: Array<{ start: number; end: number; reason: string }>, upTo: number) {
  return m.filter((r) => r.start < upTo).map((r) => ({ ...r, end: Math.min(r.end, upTo) }));
}
