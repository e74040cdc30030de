// Inputs of the package's content: findings (Markdown per section), exhibits (what the findings
// cite, in order, with captions) and redactions. Shared by the editor, the API and the server.
import { z } from "zod";
import { isBigintId } from "../storable-text";

export const FINDING_SECTIONS = ["summary", "attribution", "scale", "capabilities", "methodology", "recommendations"] as const;
export type TFindingSection = (typeof FINDING_SECTIONS)[number];

export const SECTION_TITLES: Record<TFindingSection, string> = {
  summary: "Summary",
  attribution: "Attribution",
  scale: "Scale",
  capabilities: "Targeted capabilities",
  methodology: "Methodology",
  recommendations: "Recommendations",
};

export const SECTION_HINTS: Record<TFindingSection, string> = {
  summary: "What happened, who did it, and what it means, in a paragraph a committee member reads first.",
  attribution: "Why these accounts are one campaign, and who is behind it: cite the clusters and their linking signals.",
  scale: "How many accounts and exchanges, over which window: cite the figures.",
  capabilities: "Which capabilities were targeted, with the estimates: cite the estimates and representative samples.",
  methodology: "How the data was collected, linked and sampled. The sampling statement from the estimates is added below this text.",
  recommendations: "What the lab asks the recipient to do.",
};

export const MAX_FINDING_CHARS = 100_000;

export const ZSaveFinding = z.object({
  caseId: z.string().min(1),
  section: z.enum(FINDING_SECTIONS, { message: "Pick a findings section." }),
  body: z.string().max(MAX_FINDING_CHARS, `Keep a section under ${MAX_FINDING_CHARS.toLocaleString("en-US")} characters.`),
  /** The version the editor started from (0 for a section never saved): a stale save is refused. */
  version: z.number().int().min(0),
});

export const EXHIBIT_KINDS = ["sample", "cluster", "figure", "evidence", "estimate"] as const;
export type TExhibitKind = (typeof EXHIBIT_KINDS)[number];

export const FIGURE_KEYS = ["exchanges_by_model", "tokens_per_day", "active_accounts", "new_accounts", "capability_profile"] as const;
export type TFigureKey = (typeof FIGURE_KEYS)[number];

const caption = z.string().trim().max(500, "Keep a caption under 500 characters.");

export const ZAddExhibit = z.object({
  caseId: z.string().min(1),
  kind: z.enum(EXHIBIT_KINDS, { message: "An exhibit is a sample, a cluster, a figure, an evidence item or an estimate." }),
  targetId: z.string().trim().min(1, "Say which item to add.").max(200),
  caption: caption.default(""),
});
export const ZCaptionExhibit = z.object({ exhibitId: z.string().min(1), caption });
export const ZRemoveExhibit = z.object({ exhibitId: z.string().min(1) });
export const ZReorderExhibits = z.object({
  caseId: z.string().min(1),
  /** Every exhibit of the case, in the new order. */
  order: z.array(z.string().min(1)).min(1).max(5000),
});

export const REDACTION_RULES = ["emails", "names", "ip_addresses", "payment_fingerprints", "org_ids", "phone_numbers", "detection_rules"] as const;
export type TRedactionRule = (typeof REDACTION_RULES)[number];
export const RULE_LABELS: Record<TRedactionRule, string> = {
  emails: "Email addresses",
  names: "Names of account holders",
  ip_addresses: "IP addresses",
  payment_fingerprints: "Payment fingerprints",
  org_ids: "Organisation ids",
  phone_numbers: "Phone numbers",
  detection_rules: "Internal detection rules",
};

export const ZAddRedaction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rule"), caseId: z.string().min(1), rule: z.enum(REDACTION_RULES, { message: "Pick a redaction rule." }), reason: z.string().trim().min(3, "Say why this is withheld.").max(500) }),
  z.object({
    kind: z.literal("manual"),
    exchangeId: z.string().refine(isBigintId, "Say which sample."),
    field: z.enum(["prompt", "response"]),
    span: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }).refine((s) => s.end > s.start, "Select some text to redact."),
    reason: z.string().trim().min(3, "Say why this is withheld.").max(500),
  }),
]);
export const ZRemoveRedaction = z.object({ redactionId: z.string().min(1) });
