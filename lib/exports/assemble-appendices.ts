// The accounts of the appendix clusters (natives/accounts.csv) and the appendices only a legal
// referral carries: every account of each cluster, the chain of custody, the audit log excerpt and
// the draft certification (lib/exports/assemble.ts puts them in the package).
import { csvRow } from "../csv-out";
import { formatCount } from "../format";
import type { TBlock, TSection } from "../package/document";
import type { TCustodyRow, TPackageInput } from "./assemble";
import { appendixOf, para, text, utc, type TKit } from "./assemble-kit";
import { MARKER_LABELS, type TRedactionRuleKey, type TRedactor } from "./redact";

/** natives/accounts.csv: every account of the appendix clusters, pseudonymous in a congressional package. */
export function accountsNative(kit: TKit): string[] {
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
export function legalAppendices(kit: TKit, custody: TCustodyRow[]): TSection[] {
  return [
    ...kit.input.clusters.map((c) => clusterAppendix(kit, c)),
    ...(kit.input.partnerMatches?.length ? [partnerMatchAppendix(kit)] : []),
    custodyAppendix(custody),
    auditAppendix(kit),
    { anchor: "appendix-certification", title: "Appendix: draft certification under FRE 902(13) and 902(14)", blocks: certification(kit.input) },
  ];
}

export function clusterAppendix(kit: TKit, c: TPackageInput["clusters"][number]): TSection {
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

const MATCH_KIND: Record<string, string> = {
  email: "Account emails (keyed)",
  email_domain: "Email domains (keyed)",
  payment_fingerprint: "Payment fingerprints (keyed)",
  org_id: "Organisation ids (keyed)",
  account_id: "Account ids (keyed)",
  ip_range: "Signup IP ranges",
  asn_user_agent: "ASN + user-agent pairs",
  template_signature: "Template-family signatures",
};

/** What partner labs' indicators matched in this case, and how: counts only, nothing of theirs. */
export function partnerMatchAppendix(kit: TKit): TSection {
  const { input, scrub } = kit;
  const blocks: TBlock[] = [
    para(
      "Partner labs sent indicators of the same campaign as STIX 2.1 bundles. Identifiers that name a person or an account (emails, email domains, payment fingerprints, organisation ids, account ids) were sent only as HMAC-SHA256 values under a key agreed between the partner and this lab; Casebook computed the same function, under the same key, over this case's accounts and compared the values. No such identifier was exchanged in clear in either direction, and none of the partner's values is reproduced here. Network ranges, ASNs with user agents and template band keys were compared as they are. Indicators past their valid_until at the approval of this package were not counted as matches. Each bundle is an evidence item of this case: its SHA-256 and chain of custody are in the custody appendix.",
    ),
  ];
  for (const m of input.partnerMatches ?? []) {
    blocks.push(
      { kind: "heading", level: 3, text: scrub(`From ${m.partner}`, "Partner matches") },
      {
        kind: "fields",
        rows: [
          ["Bundle", scrub(m.fileName, "Partner matches")],
          ["SHA-256", m.sha256],
          ["Received (UTC)", utc(m.receivedAt)],
          ...(m.lab ? ([["Sender's identity", scrub(m.lab, "Partner matches")]] as Array<[string, string]>) : []),
          ["Indicators", formatCount(m.indicators)],
          ["Accounts of this case matched", formatCount(m.accounts)],
        ],
      },
      {
        kind: "table",
        columns: [{ label: "Kind", width: 2 }, { label: "Their indicators", width: 1, align: "right" }, { label: "Past valid_until", width: 1, align: "right" }, { label: "Matched", width: 1, align: "right" }, { label: "Accounts here", width: 1, align: "right" }],
        rows: m.byKind.map((k) => [MATCH_KIND[k.kind] ?? k.kind, formatCount(k.indicators), formatCount(k.expired), formatCount(k.matched), formatCount(k.accounts)]),
      },
    );
  }
  return { anchor: "appendix-partner-matches", title: "Appendix: indicators shared by partner labs, and what they matched", blocks };
}

export function custodyAppendix(custody: TCustodyRow[]): TSection {
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

export function auditAppendix(kit: TKit): TSection {
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

function scrubCell(v: string | null, rule: TRedactionRuleKey, r: TRedactor) {
  if (!v) return "";
  return r.rules.has(rule) ? `[${MARKER_LABELS[rule]}]` : v;
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
