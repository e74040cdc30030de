// A case's indicators as a STIX 2.1 bundle for one partner lab. Identifiers that name a person or
// an account leave only keyed (lib/sharing/keyed.ts) under that partner's key; network ranges,
// ASN + User-Agent pairs and template band keys go in clear. Pure and deterministic: the same input
// gives byte-identical JSON, and a re-share to the same partner keeps every id and `created`.

import { isIPv4, isIPv6 } from "node:net";
import { v5 as uuidv5 } from "uuid";
import { AppError, type ErrorDetail } from "../errors";
import { keyedValue, keyFingerprint, normalise, type TKeyedKind } from "./keyed";

import { TLP_LEVELS, type TTlp } from "./tlp";

export { TLP_LEVELS, type TTlp };

export type TShareInput = {
  /** The sharing lab: an `identity` (organization), its id a UUIDv5 of the name. */
  lab: { name: string };
  recipient: { id: string; name: string; key: Uint8Array };
  case: { id: string; ref: string; title: string };
  tlp: TTlp;
  /** When this case was first shared with this recipient: every object's `created`. */
  created: Date;
  /** This share: every object's `modified` (>= created). */
  modified: Date;
  validFrom: Date;
  validUntil: Date;
  /** The campaign's first and last exchange. */
  window: { first: Date; last: Date } | null;
  /** number_observed = exchanges (observed-data omitted at 0); accounts in x_casebook_accounts. */
  volume: { accounts: number; exchanges: number };
  /** Clear values, keyed here with recipient.key and never written in clear. */
  keyed: { kind: TKeyedKind; value: string }[];
  /** CIDR: "203.0.113.0/24", "2001:db8:1::/48". */
  ipRanges: string[];
  asnUserAgents: { asn: number; userAgent: string }[];
  /** family: a label like "Family 3"; bandKeys: MinHash LSH band keys as hex. */
  templateSignatures: { family: string; bandKeys: string[] }[];
};

/** A STIX object as it travels: the common properties typed, the rest open. */
export type TStixObject = {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  [property: string]: unknown;
};

export type TStixBundle = { type: "bundle"; id: string; objects: TStixObject[] };

/** Namespace of every Casebook-made UUIDv5 (object and bundle ids). Never change it: ids would move. */
export const CASEBOOK_NAMESPACE = "5d5a1ad3-c09d-4131-8a77-6b07cf2f6a22";

export const KEYED_EXTENSION_ID = "extension-definition--ab54683e-dc67-4c8f-a30e-f0c99ce243dc";
export const KEYED_EXTENSION_VERSION = "1.0";
/** `.invalid` (RFC 2606) until the definition is published; the bundle also carries it inline as `description`. */
export const KEYED_EXTENSION_SCHEMA_URL = "https://casebook.invalid/stix/extensions/keyed-identifier/1.0";
/** The extension is a fixed definition: one version, one timestamp, in every bundle. */
const KEYED_EXTENSION_DEFINED = "2026-12-07T00:00:00.000Z";

/** On observed-data: how many accounts the exchanges came from (a STIX 2.1 custom property). */
export const ACCOUNTS_PROPERTY = "x_casebook_accounts";

export const TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
const TLP2_CREATED = "2022-10-01T00:00:00.000Z";

/** The five TLP 2.0 marking definitions FIRST and OASIS published, with their fixed ids. */
export const TLP_MARKINGS: Record<TTlp, { id: string; name: string }> = {
  clear: { id: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", name: "TLP:CLEAR" },
  green: { id: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", name: "TLP:GREEN" },
  amber: { id: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", name: "TLP:AMBER" },
  "amber+strict": { id: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", name: "TLP:AMBER+STRICT" },
  red: { id: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", name: "TLP:RED" },
};


export function tlpOfMarkingId(id: string): TTlp | null {
  return TLP_LEVELS.find((level) => TLP_MARKINGS[level].id === id) ?? null;
}

export function tlpMarkingDefinition(tlp: TTlp): TStixObject {
  return {
    type: "marking-definition",
    spec_version: "2.1",
    id: TLP_MARKINGS[tlp].id,
    created: TLP2_CREATED,
    name: TLP_MARKINGS[tlp].name,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: "property-extension", tlp_2_0: tlp } },
  };
}

export const KEYED_EXTENSION_DOC = `### STIX extension: Casebook keyed identifier

\`${KEYED_EXTENSION_ID}\`, version ${KEYED_EXTENSION_VERSION}, a \`property-extension\` on \`indicator\`.

Identifiers that name a person or an account (emails, email domains, payment fingerprints, org ids,
account ids) are never shared in clear. Each is sent as HMAC-SHA256 under a 32-byte key agreed with
the receiving lab alone, so the receiver can match it against its own data, nobody else can reverse
it, and two receivers' copies cannot be linked.

| property | value |
|---|---|
| \`extension_type\` | \`"property-extension"\` |
| \`kind\` | \`email\`, \`email_domain\`, \`payment_fingerprint\`, \`org_id\` or \`account_id\` |
| \`hmac_sha256\` | lowercase hex HMAC-SHA256 over the UTF-8 bytes of \`<kind>:<normalised value>\` |
| \`algorithm\` | \`"HMAC-SHA256"\` |
| \`key_fingerprint\` | first 16 hex characters of SHA-256 of the key, naming the key used |

Normalisation: emails and email domains are trimmed and lowercased (an email's domain is the part
after its last \`@\`); payment fingerprints, org ids and account ids are only trimmed. The kind is
inside the MAC, so the same text as an email and as an account id gives unrelated values.

The indicator's pattern says the same thing in STIX patterning, for tools that ignore extensions:
\`[x-casebook-keyed-identifier:kind = 'email' AND x-casebook-keyed-identifier:hmac_sha256 = '<hex>']\`.
Clear indicators use \`[x-casebook-template:band_key IN ('<hex>', …)]\` for a prompt-template
family's MinHash LSH band keys, and standard objects for IP ranges and ASN + User-Agent pairs.

The \`observed-data\` object carries \`number_observed\` = the campaign's API exchanges and
\`${ACCOUNTS_PROPERTY}\` = the number of accounts they came from.
`;

/** STIX timestamps: RFC 3339, UTC, milliseconds. */
export function stixTimestamp(date: Date): string {
  return date.toISOString();
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const HEX = /^[0-9a-fA-F]+$/;

/** A CIDR range in the form the bundle carries (IPv6 lowercased), or null when it is not one. */
export function canonicalCidr(range: string): { family: 4 | 6; cidr: string } | null {
  const text = range.trim();
  const slash = text.lastIndexOf("/");
  if (slash < 0) return null;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return null;
  if (isIPv4(address) && IPV4_CIDR.test(text) && Number(prefix) <= 32) return { family: 4, cidr: text };
  // The vendored ipv6-addr schema's pattern rejects zone ids and embedded IPv4: accept only hex groups.
  if (isIPv6(address) && /^[0-9a-fA-F:]+$/.test(address) && Number(prefix) <= 128) return { family: 6, cidr: text.toLowerCase() };
  return null;
}

/** A STIX patterning string literal: backslashes and single quotes escaped, in that order. */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function ipRangePattern(family: 4 | 6, cidr: string): string {
  return `[ipv${family}-addr:value ISSUBSET ${patternString(cidr)}]`;
}

export function asnUserAgentPattern(asn: number, userAgent: string): string {
  return `[autonomous-system:number = ${asn}] AND [network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${patternString(userAgent)}]`;
}

export function templatePattern(bandKeys: string[]): string {
  return `[x-casebook-template:band_key IN (${bandKeys.map(patternString).join(", ")})]`;
}

export function keyedPattern(kind: TKeyedKind, hmac: string): string {
  return `[x-casebook-keyed-identifier:kind = ${patternString(kind)} AND x-casebook-keyed-identifier:hmac_sha256 = ${patternString(hmac)}]`;
}

/** Object order in a bundle: the context first, then what it describes, each group by id. */
const TYPE_ORDER = ["identity", "marking-definition", "extension-definition", "campaign", "observed-data", "indicator", "relationship"];
function typeRank(type: string): number {
  const rank = TYPE_ORDER.indexOf(type);
  return rank < 0 ? TYPE_ORDER.length : rank;
}
export function compareStixObjects(a: TStixObject, b: TStixObject): number {
  return typeRank(a.type) - typeRank(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

type TIndicatorDraft = {
  /** What the id is made from: never a clear keyed value. */
  value: string;
  name: string;
  pattern: string;
  extension?: Record<string, unknown>;
  /** The SCO observed-data points at for this indicator, if it names one in clear. */
  observable?: { type: string; key: string; properties: Record<string, unknown> };
};

/** One draft per distinct indicator, in input order; duplicates (after normalising) collapse. */
function indicatorDrafts(input: TShareInput): TIndicatorDraft[] {
  const drafts = new Map<string, TIndicatorDraft>();
  const add = (draft: TIndicatorDraft) => {
    if (!drafts.has(draft.value)) drafts.set(draft.value, draft);
  };
  const key = input.recipient.key;
  const fingerprint = keyFingerprint(key);
  for (const { kind, value } of input.keyed) {
    const hmac = keyedValue(key, kind, value);
    add({
      value: `${kind}:${hmac}`,
      name: `Keyed ${kind.replaceAll("_", " ")} ${hmac.slice(0, 12)}`,
      pattern: keyedPattern(kind, hmac),
      extension: { [KEYED_EXTENSION_ID]: { extension_type: "property-extension", kind, hmac_sha256: hmac, algorithm: "HMAC-SHA256", key_fingerprint: fingerprint } },
    });
  }
  for (const range of input.ipRanges) {
    const canonical = canonicalCidr(range);
    if (!canonical) continue; // checkInput has refused the share already
    const { family, cidr } = canonical;
    add({ value: `ip:${cidr}`, name: `IP range ${cidr}`, pattern: ipRangePattern(family, cidr), observable: { type: `ipv${family}-addr`, key: cidr, properties: { value: cidr } } });
  }
  for (const { asn, userAgent } of input.asnUserAgents) {
    add({
      value: `asn-ua:${asn}|${userAgent}`,
      name: `AS${asn} with User-Agent ${JSON.stringify(userAgent)}`,
      pattern: asnUserAgentPattern(asn, userAgent),
      observable: { type: "autonomous-system", key: String(asn), properties: { number: asn } },
    });
  }
  for (const { family, bandKeys } of input.templateSignatures) {
    // Keyed on the label, not the keys: a re-run that shifts a family's band keys versions its indicator.
    const keys = [...new Set(bandKeys.map((k) => k.toLowerCase()))].sort();
    add({ value: `template:${family.trim()}`, name: `Template family ${family.trim()}`, pattern: templatePattern(keys) });
  }
  return [...drafts.values()];
}

function keyedExtensionDefinition(identityId: string, marking: string): TStixObject {
  return {
    type: "extension-definition",
    spec_version: "2.1",
    id: KEYED_EXTENSION_ID,
    created_by_ref: identityId,
    created: KEYED_EXTENSION_DEFINED,
    modified: KEYED_EXTENSION_DEFINED,
    name: "Casebook keyed identifier",
    description:
      "An identifier of a person or account (kind: email, email_domain, payment_fingerprint, org_id or account_id) keyed for one receiving lab: " +
      "hmac_sha256 = lowercase hex HMAC-SHA256 under the key agreed with that lab over the UTF-8 bytes of '<kind>:<value>', the value trimmed " +
      "(emails and domains also lowercased; a domain is the part after an email's last @). key_fingerprint = first 16 hex of SHA-256 of the key. " +
      `observed-data may carry ${ACCOUNTS_PROPERTY}, the number of accounts behind number_observed exchanges.`,
    schema: KEYED_EXTENSION_SCHEMA_URL,
    version: KEYED_EXTENSION_VERSION,
    extension_types: ["property-extension"],
    object_marking_refs: [marking],
  };
}

function checkDate(problems: ErrorDetail[], field: string, date: Date): void {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) problems.push({ field, message: `${field} is not a valid date.` });
}

/**
 * Free text that goes out in clear (lab name, case ref and title, User-Agents, family labels) must
 * not carry a keyed value: a title like "Signups from foo@bar.example" would undo the keying. Values
 * under 4 characters are not looked for, as they turn up in ordinary words.
 */
function clearLeaks(input: TShareInput): ErrorDetail[] {
  const texts: [string, string][] = [
    ["lab.name", input.lab.name],
    ["case.ref", input.case.ref],
    ["case.title", input.case.title],
    ...input.asnUserAgents.map(({ userAgent }, i): [string, string] => [`asnUserAgents[${i}].userAgent`, userAgent]),
    ...input.templateSignatures.map(({ family }, i): [string, string] => [`templateSignatures[${i}].family`, family]),
  ];
  const problems: ErrorDetail[] = [];
  input.keyed.forEach(({ kind, value }, i) => {
    const caseless = kind === "email" || kind === "email_domain";
    const needles = [normalise(kind, value)];
    if (kind === "email" && value.includes("@")) needles.push(normalise("email_domain", value));
    for (const needle of needles.filter((n) => n.length >= 4)) {
      for (const [field, text] of texts) {
        if ((caseless ? text.toLowerCase() : text).includes(needle)) {
          problems.push({ field, message: `${field} contains the ${kind} at keyed[${i}]${needle === needles[0] ? "" : " (its domain)"}, which must not leave in clear: reword it.` });
        }
      }
    }
  });
  return problems;
}

function checkInput(input: TShareInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const dates: [string, Date][] = [["created", input.created], ["modified", input.modified], ["validFrom", input.validFrom], ["validUntil", input.validUntil]];
  if (input.window) dates.push(["window.first", input.window.first], ["window.last", input.window.last]);
  for (const [field, date] of dates) checkDate(problems, field, date);
  if (problems.length > 0) return problems;
  if (input.modified < input.created) problems.push({ field: "modified", message: `modified (${stixTimestamp(input.modified)}) is before created (${stixTimestamp(input.created)}).` });
  if (input.validUntil <= input.validFrom) problems.push({ field: "validUntil", message: `validUntil (${stixTimestamp(input.validUntil)}) must be after validFrom (${stixTimestamp(input.validFrom)}).` });
  if (input.window && input.window.last < input.window.first) problems.push({ field: "window.last", message: "The campaign window ends before it starts." });
  if (input.lab.name.trim() === "") problems.push({ field: "lab.name", message: "The sharing lab needs a name." });
  if (input.recipient.id.trim() === "") problems.push({ field: "recipient.id", message: "The recipient needs an id." });
  if (input.recipient.key.length !== 32) problems.push({ field: "recipient.key", message: `The recipient's key has ${input.recipient.key.length} bytes; partner keys are 32 bytes.` });
  for (const field of ["accounts", "exchanges"] as const) {
    const n = input.volume[field];
    if (!Number.isSafeInteger(n) || n < 0) problems.push({ field: `volume.${field}`, message: `volume.${field} must be a whole number ≥ 0, not ${n}.` });
  }
  if (input.volume.exchanges > 999_999_999) problems.push({ field: "volume.exchanges", message: "STIX caps number_observed at 999,999,999 exchanges." });
  if (input.volume.exchanges > 0 && !input.window) problems.push({ field: "window", message: "There are exchanges but no first/last exchange time: observed-data needs both." });
  input.keyed.forEach(({ kind, value }, i) => {
    if (normalise(kind, value) === "") problems.push({ field: `keyed[${i}]`, message: `keyed[${i}] (${kind}) is empty.` });
  });
  problems.push(...clearLeaks(input));
  input.ipRanges.forEach((range, i) => {
    if (!canonicalCidr(range)) problems.push({ field: `ipRanges[${i}]`, message: `ipRanges[${i}] "${range}" is not an IPv4 or IPv6 CIDR range like 203.0.113.0/24 or 2001:db8:1::/48.` });
  });
  input.asnUserAgents.forEach(({ asn }, i) => {
    if (!Number.isSafeInteger(asn) || asn < 0 || asn > 4_294_967_295) problems.push({ field: `asnUserAgents[${i}].asn`, message: `asnUserAgents[${i}].asn ${asn} is not an AS number (0–4294967295).` });
  });
  const families = new Set<string>();
  input.templateSignatures.forEach(({ family, bandKeys }, i) => {
    if (family.trim() === "") problems.push({ field: `templateSignatures[${i}].family`, message: `templateSignatures[${i}] has no family label.` });
    if (families.has(family.trim())) problems.push({ field: `templateSignatures[${i}].family`, message: `Template family "${family}" appears twice: merge its band keys into one entry.` });
    families.add(family.trim());
    if (bandKeys.length === 0) problems.push({ field: `templateSignatures[${i}].bandKeys`, message: `Template family "${family}" has no band keys.` });
    bandKeys.forEach((key, j) => {
      if (!HEX.test(key)) problems.push({ field: `templateSignatures[${i}].bandKeys[${j}]`, message: `Band key "${key}" of "${family}" is not hex.` });
    });
  });
  return problems;
}

export function buildBundle(input: TShareInput): TStixBundle {
  const problems = checkInput(input);
  if (problems.length > 0) throw new AppError("bad_input", `The share cannot be built: ${problems.map((p) => p.message).join(" ")}`, problems);

  const created = stixTimestamp(input.created);
  const modified = stixTimestamp(input.modified);
  const marking = TLP_MARKINGS[input.tlp].id;
  const markings = { object_marking_refs: [marking] };
  // Scoped to recipient and case: a re-share to the same lab keeps its ids, another lab's copy shares none.
  const scopedId = (type: string, value: string) => `${type}--${uuidv5(JSON.stringify([input.recipient.id, input.case.id, type, value]), CASEBOOK_NAMESPACE)}`;

  const identityId = `identity--${uuidv5(JSON.stringify(["identity", input.lab.name.trim()]), CASEBOOK_NAMESPACE)}`;
  const sdo = (type: string, id: string) => ({ type, spec_version: "2.1", id, created, modified, created_by_ref: identityId });
  const campaignId = scopedId("campaign", "campaign");
  const objects: TStixObject[] = [
    { type: "identity", spec_version: "2.1", id: identityId, created, modified, name: input.lab.name.trim(), identity_class: "organization", ...markings },
    tlpMarkingDefinition(input.tlp),
    keyedExtensionDefinition(identityId, marking),
    {
      ...sdo("campaign", campaignId),
      name: `${input.case.ref}: ${input.case.title}`,
      ...(input.window ? { first_seen: stixTimestamp(input.window.first), last_seen: stixTimestamp(input.window.last) } : {}),
      ...markings,
    },
  ];

  // observed-data must reference SCOs inside the bundle (object_refs, minItems 1). It references the
  // ipv4-addr/ipv6-addr range and autonomous-system objects the clear indicators name, which is
  // what was observed on the wire. A keyed-only or template-only share has none of those, so it
  // carries one minimal custom SCO standing for "API exchanges", the thing the count is of. SCO ids
  // are scoped to the recipient like the rest, instead of STIX's shared deterministic SCO ids, so
  // two recipients' copies cannot be joined on them.
  const observables = new Map<string, TStixObject>();
  for (const draft of indicatorDrafts(input)) {
    const id = scopedId("indicator", draft.value);
    objects.push(
      {
        ...sdo("indicator", id),
        name: draft.name,
        indicator_types: ["malicious-activity"],
        pattern: draft.pattern,
        pattern_type: "stix",
        pattern_version: "2.1",
        valid_from: stixTimestamp(input.validFrom),
        valid_until: stixTimestamp(input.validUntil),
        ...markings,
        ...(draft.extension ? { extensions: draft.extension } : {}),
      },
      { ...sdo("relationship", scopedId("relationship", id)), relationship_type: "indicates", source_ref: id, target_ref: campaignId, ...markings },
    );
    if (draft.observable) {
      const { type, key, properties } = draft.observable;
      const scoId = scopedId(type, key);
      observables.set(scoId, { type, spec_version: "2.1", id: scoId, ...properties, ...markings });
    }
  }
  if (input.volume.exchanges > 0 && input.window) {
    if (observables.size === 0) {
      const scoId = scopedId("x-casebook-api-activity", "exchanges");
      observables.set(scoId, { type: "x-casebook-api-activity", spec_version: "2.1", id: scoId, observed_as: "api-exchanges", ...markings });
    }
    objects.push(
      {
        ...sdo("observed-data", scopedId("observed-data", "exchanges")),
        first_observed: stixTimestamp(input.window.first),
        last_observed: stixTimestamp(input.window.last),
        number_observed: input.volume.exchanges,
        object_refs: [...observables.keys()].sort(),
        [ACCOUNTS_PROPERTY]: input.volume.accounts,
        ...markings,
      },
      ...observables.values(),
    );
  }
  objects.sort(compareStixObjects);

  const bundleId = `bundle--${uuidv5(JSON.stringify([input.recipient.id, input.case.id, "bundle", modified]), CASEBOOK_NAMESPACE)}`;
  return { type: "bundle", id: bundleId, objects };
}
