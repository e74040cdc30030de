// Reading a STIX bundle a partner lab sent us: validate it, keep each object's latest version, and
// pull out the indicators Casebook can match (keyed identifiers from the Casebook extension or
// pattern, and the clear pattern shapes buildBundle writes). Anything else is counted, not failed:
// a partner may share more than we use. Pure.

import { isKeyedKind, type TKeyedKind } from "./keyed";
import { ACCOUNTS_PROPERTY, canonicalCidr, KEYED_EXTENSION_ID, TLP_LEVELS, tlpOfMarkingId, type TStixBundle, type TStixObject, type TTlp } from "./stix";
import { validateBundle, type TBundleProblem } from "./validate";

export type TPeerIndicatorKind = TKeyedKind | "ip_range" | "asn_user_agent" | "template_signature";

export type TPeerIndicator = {
  stixId: string;
  kind: TPeerIndicatorKind;
  keyed: boolean;
  /** Keyed hex, CIDR, "4134|python-httpx/0.27.0", or a family's band keys joined by ",". */
  value: string;
  validFrom: string;
  validUntil: string | null;
  /** valid_until is at or before `now`. */
  expired: boolean;
};

export type TPeerCampaign = { name: string; firstSeen: string | null; lastSeen: string | null; exchanges: number | null; accounts: number | null };

export type TPeerBundle =
  | { ok: true; bundle: TStixBundle; lab: string | null; tlp: TTlp | null; indicators: TPeerIndicator[]; campaign: TPeerCampaign | null; skipped: number }
  | { ok: false; problems: TBundleProblem[] };

const HMAC_HEX = /^[0-9a-f]{64}$/;
// Exactly the shapes buildBundle writes (lib/sharing/stix.ts); a string literal there escapes \ and '.
const STRING = "'((?:[^'\\\\]|\\\\['\\\\])*)'";
const KEYED_PATTERN = /^\[x-casebook-keyed-identifier:kind = '([a-z_]+)' AND x-casebook-keyed-identifier:hmac_sha256 = '([0-9a-f]{64})'\]$/;
const IP_PATTERN = /^\[ipv([46])-addr:value ISSUBSET '([0-9a-fA-F.:/]+)'\]$/;
const ASN_UA_PATTERN = new RegExp(`^\\[autonomous-system:number = (\\d+)\\] AND \\[network-traffic:extensions\\.'http-request-ext'\\.request_header\\.'User-Agent' = ${STRING}\\]$`);
const TEMPLATE_PATTERN = /^\[x-casebook-template:band_key IN \(('[0-9a-fA-F]+'(?:, '[0-9a-fA-F]+')*)\)\]$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function unescapeString(literal: string): string {
  return literal.replace(/\\(['\\])/g, "$1");
}

type TReading = { kind: TPeerIndicatorKind; keyed: boolean; value: string };

function keyedFromExtension(indicator: TStixObject): TReading | null | "inconsistent" {
  const extension = isRecord(indicator.extensions) ? indicator.extensions[KEYED_EXTENSION_ID] : undefined;
  if (!isRecord(extension)) return null;
  const { kind, hmac_sha256: hmac } = extension;
  if (!isKeyedKind(kind) || typeof hmac !== "string" || !HMAC_HEX.test(hmac)) return "inconsistent";
  // The pattern must say the same thing, or the indicator means two things at once.
  const pattern = typeof indicator.pattern === "string" ? KEYED_PATTERN.exec(indicator.pattern) : null;
  if (!pattern || pattern[1] !== kind || pattern[2] !== hmac) return "inconsistent";
  return { kind, keyed: true, value: hmac };
}

function fromPattern(pattern: string): TReading | null {
  const keyed = KEYED_PATTERN.exec(pattern);
  if (keyed) return isKeyedKind(keyed[1]) ? { kind: keyed[1], keyed: true, value: keyed[2] } : null;
  const ip = IP_PATTERN.exec(pattern);
  if (ip) {
    const canonical = canonicalCidr(ip[2]);
    return canonical && String(canonical.family) === ip[1] ? { kind: "ip_range", keyed: false, value: canonical.cidr } : null;
  }
  const asnUa = ASN_UA_PATTERN.exec(pattern);
  if (asnUa) {
    const asn = Number(asnUa[1]);
    return Number.isSafeInteger(asn) && asn <= 4_294_967_295 ? { kind: "asn_user_agent", keyed: false, value: `${asn}|${unescapeString(asnUa[2])}` } : null;
  }
  const template = TEMPLATE_PATTERN.exec(pattern);
  if (template) return { kind: "template_signature", keyed: false, value: template[1].split(", ").map((k) => k.slice(1, -1)).join(",") };
  return null;
}

/** The latest version of each object: the greatest `modified`, the first seen on a tie or none. */
function latestVersions(objects: TStixObject[]): TStixObject[] {
  const latest = new Map<string, TStixObject>();
  for (const object of objects) {
    const kept = latest.get(object.id);
    if (!kept || Date.parse(object.modified ?? "") > Date.parse(kept.modified ?? "")) latest.set(object.id, object);
  }
  return [...latest.values()];
}

/** The strictest TLP level marking any object, so nothing is handled more loosely than its sender asked. */
function strictestTlp(objects: TStixObject[]): TTlp | null {
  let strictest = -1;
  for (const object of objects) {
    const refs = Array.isArray(object.object_marking_refs) ? object.object_marking_refs : [];
    for (const ref of refs) {
      const level = typeof ref === "string" ? tlpOfMarkingId(ref) : null;
      if (level) strictest = Math.max(strictest, TLP_LEVELS.indexOf(level));
    }
  }
  return strictest < 0 ? null : TLP_LEVELS[strictest];
}

function readCampaign(objects: TStixObject[]): TPeerCampaign | null {
  const campaign = objects.find((o) => o.type === "campaign");
  if (!campaign) return null;
  const observed = objects.find((o) => o.type === "observed-data");
  const count = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null);
  return {
    name: typeof campaign.name === "string" ? campaign.name : "",
    firstSeen: typeof campaign.first_seen === "string" ? campaign.first_seen : null,
    lastSeen: typeof campaign.last_seen === "string" ? campaign.last_seen : null,
    exchanges: observed ? count(observed.number_observed) : null,
    accounts: observed ? count(observed[ACCOUNTS_PROPERTY]) : null,
  };
}

export function readPeerBundle(json: unknown, now: Date): TPeerBundle {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return { ok: false, problems: [{ path: "(bundle)", message: `The file is not valid JSON: ${(e as Error).message}.` }] };
    }
  }
  const validation = validateBundle(value);
  if (!validation.ok) return { ok: false, problems: validation.problems };
  const bundle = value as TStixBundle;
  const objects = latestVersions(bundle.objects);

  const indicators: TPeerIndicator[] = [];
  let skipped = 0;
  for (const indicator of objects.filter((o) => o.type === "indicator")) {
    const fromExtension = keyedFromExtension(indicator);
    const reading = fromExtension === null && typeof indicator.pattern === "string" ? fromPattern(indicator.pattern) : fromExtension;
    // Revoked indicators are withdrawn by their sender: not to be matched.
    if (reading === null || reading === "inconsistent" || indicator.revoked === true || indicator.pattern_type !== "stix") {
      skipped++;
      continue;
    }
    const validUntil = typeof indicator.valid_until === "string" ? indicator.valid_until : null;
    indicators.push({
      stixId: indicator.id,
      ...reading,
      validFrom: String(indicator.valid_from),
      validUntil,
      expired: validUntil !== null && Date.parse(validUntil) <= now.getTime(),
    });
  }

  const campaign = objects.find((o) => o.type === "campaign");
  const creator = campaign?.created_by_ref ?? objects.find((o) => o.type === "indicator")?.created_by_ref;
  const identity = objects.find((o) => o.type === "identity" && o.id === creator) ?? null;

  return {
    ok: true,
    bundle,
    lab: identity && typeof identity.name === "string" ? identity.name : null,
    tlp: strictestTlp(objects),
    indicators,
    campaign: readCampaign(objects),
    skipped,
  };
}
