import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { keyedValue, normalise } from "./keyed";
import { buildBundle, KEYED_EXTENSION_ID, TLP_LEVELS, TLP_MARKINGS, type TShareInput, type TStixObject } from "./stix";
import { validateBundle } from "./validate";

const key = (seed: number) => new Uint8Array(32).map((_, i) => (i * 7 + seed) % 256);
const longEmail = `${"harvest.operator.".repeat(3)}x${"9".repeat(7)}@distill-farm.example`;

const input: TShareInput = {
  lab: { name: "Northwind AI" },
  recipient: { id: "partner-aurora", name: "Aurora Labs", key: key(1) },
  case: { id: "case-2d9f", ref: "CB-2026-014", title: "Reasoning-trace harvesting via reseller accounts" },
  tlp: "amber",
  created: new Date("2026-11-20T09:30:00Z"),
  modified: new Date("2026-12-07T10:00:00Z"),
  validFrom: new Date("2026-12-07T10:00:00Z"),
  validUntil: new Date("2027-03-07T10:00:00Z"),
  window: { first: new Date("2026-09-02T03:14:15.926Z"), last: new Date("2026-11-18T22:01:00Z") },
  volume: { accounts: 214, exchanges: 1_843_112 },
  keyed: [
    { kind: "email", value: "  Mallory.Harvest@Proton-Relay.EXAMPLE " },
    { kind: "email", value: "trace.collector+07@mailbox-farm.example" },
    { kind: "email", value: longEmail },
    { kind: "email_domain", value: "bulk-signups.example" },
    { kind: "payment_fingerprint", value: "pm_fp_9f8E7d6C5b4A3921" },
    { kind: "payment_fingerprint", value: "card-fp-4242-0017-A" },
    { kind: "org_id", value: "org-7Hq2LmNwQz" },
    { kind: "org_id", value: "\u202b组织-北京-שלום-٣٤٥\u202c" },
    { kind: "account_id", value: "acct_01HZX3P7Q9TRACE" },
    { kind: "account_id", value: "acct_01HZX3P7Q9TRACF" },
  ],
  ipRanges: ["203.0.113.0/24", "2001:DB8:1::/48"],
  asnUserAgents: [
    { asn: 4134, userAgent: "python-httpx/0.27.0" },
    { asn: 396982, userAgent: "Mozilla/5.0 (it's a \\scraper\\) harvest/1.2" },
  ],
  templateSignatures: [
    { family: "Family 3", bandKeys: ["ab12cd34ef560011", "0f1e2d3c4b5a6978"] },
    { family: "Family 7", bandKeys: ["9a8b7c6d5e4f3021"] },
  ],
};

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  }
  return out;
}

const byType = (objects: TStixObject[], type: string) => objects.filter((o) => o.type === type);

describe("buildBundle", () => {
  it("has exactly the 80-character email the leak test needs", () => {
    expect(longEmail).toHaveLength(80);
  });

  it.each(TLP_LEVELS)("builds a bundle that passes the OASIS schemas and the bundle rules, at TLP %s", (tlp) => {
    const bundle = buildBundle({ ...input, tlp });
    expect(validateBundle(bundle)).toEqual({ ok: true, problems: [] });

    const marking = bundle.objects.find((o) => o.type === "marking-definition")!;
    expect(marking).toMatchObject({ id: TLP_MARKINGS[tlp].id, name: TLP_MARKINGS[tlp].name, created: "2022-10-01T00:00:00.000Z" });
    for (const object of bundle.objects.filter((o) => o.type !== "marking-definition")) {
      expect(object.object_marking_refs, object.id).toEqual([TLP_MARKINGS[tlp].id]);
    }
  });

  it("shares one campaign, one indicator per value with an `indicates` relationship each, and the counts", () => {
    const { objects } = buildBundle(input);
    const [identity] = byType(objects, "identity");
    const [campaign] = byType(objects, "campaign");
    expect(identity).toMatchObject({ name: "Northwind AI", identity_class: "organization" });
    expect(campaign).toMatchObject({ name: "CB-2026-014: Reasoning-trace harvesting via reseller accounts", first_seen: "2026-09-02T03:14:15.926Z", last_seen: "2026-11-18T22:01:00.000Z" });

    const indicators = byType(objects, "indicator");
    expect(indicators).toHaveLength(10 + 2 + 2 + 2);
    const patterns = indicators.map((i) => i.pattern);
    expect(patterns).toContain("[ipv4-addr:value ISSUBSET '203.0.113.0/24']");
    expect(patterns).toContain("[ipv6-addr:value ISSUBSET '2001:db8:1::/48']");
    expect(patterns).toContain("[autonomous-system:number = 4134] AND [network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'python-httpx/0.27.0']");
    expect(patterns).toContain(
      "[autonomous-system:number = 396982] AND [network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 (it\\'s a \\\\scraper\\\\) harvest/1.2']",
    );
    expect(patterns).toContain("[x-casebook-template:band_key IN ('0f1e2d3c4b5a6978', 'ab12cd34ef560011')]");
    const hmac = keyedValue(input.recipient.key, "org_id", "org-7Hq2LmNwQz");
    expect(patterns).toContain(`[x-casebook-keyed-identifier:kind = 'org_id' AND x-casebook-keyed-identifier:hmac_sha256 = '${hmac}']`);
    for (const indicator of indicators) {
      expect(indicator).toMatchObject({ indicator_types: ["malicious-activity"], pattern_type: "stix", valid_from: "2026-12-07T10:00:00.000Z", valid_until: "2027-03-07T10:00:00.000Z" });
    }

    const relationships = byType(objects, "relationship");
    expect(relationships.map((r) => r.source_ref).sort()).toEqual(indicators.map((i) => i.id).sort());
    expect(new Set(relationships.map((r) => `${r.relationship_type} ${r.target_ref}`))).toEqual(new Set([`indicates ${campaign.id}`]));

    const [observed] = byType(objects, "observed-data");
    expect(observed).toMatchObject({ number_observed: 1_843_112, x_casebook_accounts: 214, first_observed: "2026-09-02T03:14:15.926Z" });
    const referenced = (observed.object_refs as string[]).map((id) => objects.find((o) => o.id === id)?.type).sort();
    expect(referenced).toEqual(["autonomous-system", "autonomous-system", "ipv4-addr", "ipv6-addr"]);
  });

  it("puts each keyed value in the extension the bundle defines, with the key's fingerprint", () => {
    const { objects } = buildBundle(input);
    expect(byType(objects, "extension-definition")).toEqual([
      expect.objectContaining({ id: KEYED_EXTENSION_ID, name: "Casebook keyed identifier", extension_types: ["property-extension"], version: "1.0" }),
    ]);
    const keyed = byType(objects, "indicator").filter((i) => i.extensions);
    expect(keyed).toHaveLength(10);
    const extensions = keyed.map((i) => (i.extensions as Record<string, Record<string, unknown>>)[KEYED_EXTENSION_ID]);
    expect(extensions.map((e) => e.hmac_sha256).sort()).toEqual(input.keyed.map(({ kind, value }) => keyedValue(input.recipient.key, kind, value)).sort());
    expect(new Set(extensions.map((e) => `${e.algorithm} ${e.key_fingerprint}`)).size).toBe(1);
  });

  it("never writes a keyed value in clear: not as given, lowercased, normalised, nor an email's domain", () => {
    const bundle = buildBundle(input);
    const strings = allStrings(bundle);
    const needles = input.keyed.flatMap(({ kind, value }) => {
      const forms = [value, value.toLowerCase(), value.trim(), normalise(kind, value)];
      if (kind === "email") forms.push(value.slice(value.lastIndexOf("@") + 1).trim(), normalise("email_domain", value));
      return forms;
    });
    for (const needle of needles) {
      expect(strings.filter((s) => s.includes(needle) || s.toLowerCase().includes(needle.toLowerCase())), needle).toEqual([]);
    }
  });

  it("keys the same email differently for two partners, whose copies share only the fixed objects' ids", () => {
    const other = { ...input, recipient: { id: "partner-borealis", name: "Borealis AI", key: key(2) } };
    const a = buildBundle(input);
    const b = buildBundle(other);
    expect(keyedValue(input.recipient.key, "email", input.keyed[0].value)).not.toBe(keyedValue(other.recipient.key, "email", input.keyed[0].value));
    const ids = (bundle: typeof a) => new Set([bundle.id, ...bundle.objects.map((o) => o.id)]);
    const shared = [...ids(a)].filter((id) => ids(b).has(id));
    expect(shared.map((id) => id.split("--")[0]).sort()).toEqual(["extension-definition", "identity", "marking-definition"]);
  });

  it("keeps every id and `created` on a re-share, with the new `modified` and a new bundle id", () => {
    const first = buildBundle(input);
    const again = buildBundle({ ...input, modified: new Date("2027-01-15T08:00:00Z") });
    expect(again.objects.map((o) => o.id)).toEqual(first.objects.map((o) => o.id));
    expect(again.objects.map((o) => o.created)).toEqual(first.objects.map((o) => o.created));
    const versioned = again.objects.filter((o) => o.modified && o.type !== "extension-definition");
    expect(versioned.length).toBeGreaterThan(30);
    for (const object of versioned) expect(object.modified, object.id).toBe("2027-01-15T08:00:00.000Z");
    expect(again.id).not.toBe(first.id);
    expect(validateBundle(again).ok).toBe(true);
  });

  it("is deterministic: the same input gives the same JSON", () => {
    expect(JSON.stringify(buildBundle(input))).toBe(JSON.stringify(buildBundle(structuredClone(input))));
  });

  it("collapses values that normalise alike, and omits observed-data when there were no exchanges", () => {
    const bundle = buildBundle({
      ...input,
      keyed: [...input.keyed, { kind: "email", value: "mallory.harvest@proton-relay.example" }],
      ipRanges: [...input.ipRanges, "203.0.113.0/24"],
      volume: { accounts: 0, exchanges: 0 },
    });
    expect(byType(bundle.objects, "indicator")).toHaveLength(16);
    expect(byType(bundle.objects, "observed-data")).toEqual([]);
    expect(validateBundle(bundle)).toEqual({ ok: true, problems: [] });
  });

  it("gives observed-data one minimal SCO to point at when nothing in clear names a network", () => {
    const bundle = buildBundle({ ...input, ipRanges: [], asnUserAgents: [], window: input.window });
    const [observed] = byType(bundle.objects, "observed-data");
    expect(observed.object_refs).toEqual([expect.stringMatching(/^x-casebook-api-activity--/)]);
    expect(validateBundle(bundle)).toEqual({ ok: true, problems: [] });
  });

  it("refuses input it cannot share, saying which field and why", () => {
    const refused = (bad: Partial<TShareInput>) => {
      try {
        buildBundle({ ...input, ...bad });
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).details.map((d) => `${d.field}: ${d.message}`);
      }
      throw new Error("buildBundle accepted bad input");
    };
    expect(refused({ modified: new Date("2026-11-01T00:00:00Z") })).toEqual([expect.stringMatching(/^modified: modified \(2026-11-01.*\) is before created/)]);
    expect(refused({ ipRanges: ["203.0.113.0/33"] })).toEqual([expect.stringMatching(/^ipRanges\[0\]: .*not an IPv4 or IPv6 CIDR/)]);
    expect(refused({ templateSignatures: [{ family: "Family 1", bandKeys: ["xyz"] }] })).toEqual([expect.stringMatching(/not hex/)]);
    expect(refused({ recipient: { ...input.recipient, key: new Uint8Array(16) } })).toEqual([expect.stringMatching(/^recipient.key: .*16 bytes/)]);
    // A keyed value in free text would leave in clear: the title names an email's domain here.
    expect(refused({ case: { ...input.case, title: "Signups from Proton-Relay.example" } })).toEqual([expect.stringMatching(/^case.title: .*email at keyed\[0\] \(its domain\)/)]);
  });
});
