// Inputs of sharing: partners and their TAXII tokens (admins), a share of a case's indicators
// (analysts prepare, reviewers decide), and a partner's bundle imported into a case. Shared by the
// forms, the API and the server.
import { z } from "zod";
import { TLP_LEVELS, type TTlp } from "./tlp";

/** What a share can carry, in the order the form lists it. */
export const SHARE_KINDS = ["payment_fingerprint", "org_id", "email", "email_domain", "account_id", "ip_range", "asn_user_agent", "template_signature", "campaign"] as const;
export type TShareKind = (typeof SHARE_KINDS)[number];

export const SHARE_KIND_LABELS: Record<TShareKind, { label: string; keyed: boolean }> = {
  payment_fingerprint: { label: "Payment fingerprints", keyed: true },
  org_id: { label: "Organisation ids", keyed: true },
  email: { label: "Account emails", keyed: true },
  email_domain: { label: "Email domains", keyed: true },
  account_id: { label: "Account ids", keyed: true },
  ip_range: { label: "Signup IP ranges (/24, /48)", keyed: false },
  asn_user_agent: { label: "ASN + user-agent pairs", keyed: false },
  template_signature: { label: "Template-family signatures (MinHash band keys)", keyed: false },
  campaign: { label: "The campaign's window and volume", keyed: false },
};

export const TLP_LABELS: Record<TTlp, string> = {
  clear: "TLP:CLEAR — no limit on disclosure",
  green: "TLP:GREEN — the recipient's community",
  amber: "TLP:AMBER — the recipient's organisation and its clients, need to know",
  "amber+strict": "TLP:AMBER+STRICT — the recipient's organisation only",
  red: "TLP:RED — the named recipients only",
};

const partnerName = z.string().trim().min(2, "Name the partner lab (at least 2 characters).").max(120, "Keep the name under 120 characters.");

export const ZCreatePartner = z.object({
  name: partnerName,
  contact: z.string().trim().max(300, "Keep the contact under 300 characters.").default(""),
  /** The key agreed with the partner (64 hex characters, or base64 of 32 bytes); empty: Casebook makes one, shown once. */
  key: z.string().trim().max(200).default(""),
});

export const ZCreateTaxiiToken = z.object({
  partnerId: z.uuid("Say which partner."),
  name: z.string().trim().min(1, "Name the token after what will use it, e.g. “their TAXII client”.").max(100),
});
export const ZRevokeTaxiiToken = z.object({ tokenId: z.string().min(1, "Say which token.") });

export const ZPrepareShare = z.object({
  caseId: z.string().min(1),
  partnerId: z.uuid("Pick the partner to share with."),
  tlp: z.enum(TLP_LEVELS as [TTlp, ...TTlp[]], { message: "Pick a TLP level." }),
  include: z.array(z.enum(SHARE_KINDS, { message: "Pick what goes from the list." })).min(1, "Pick at least one kind of indicator to share.").max(SHARE_KINDS.length),
  validDays: z.coerce.number().int().min(1, "Indicators stay valid 1 to 365 days.").max(365, "Indicators stay valid 1 to 365 days.").default(90),
});
export type TPrepareShare = z.input<typeof ZPrepareShare>;

export const ZApproveShare = z.object({ shareId: z.string().min(1), comment: z.string().trim().max(2000).default("") });
export const ZRejectShare = z.object({ shareId: z.string().min(1), comment: z.string().trim().min(3, "Say what needs to change.").max(2000) });
export const ZVoidShare = z.object({ shareId: z.string().min(1), reason: z.string().trim().min(3, "Say why the share is withdrawn.").max(2000) });

/** The largest partner bundle taken (it is parsed whole): 64 MiB holds about 60,000 indicators. */
export const MAX_PEER_BUNDLE_BYTES = 64 * 1024 * 1024;

export const ZImportPeerBundle = z.object({
  caseId: z.string().min(1),
  partnerId: z.uuid("Say which partner sent the bundle: its identifiers are keyed with the key agreed with it."),
  fileName: z.string().trim().min(1).max(255, "Keep the file name under 255 characters."),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().min(1),
  via: z.enum(["ui", "api", "taxii", "seed"]),
  /** Where it came from, in words, for the chain of custody (a TAXII collection's URL). */
  source: z.string().max(2000).default(""),
});
