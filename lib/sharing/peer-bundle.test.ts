import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyedValue } from "./keyed";
import { readPeerBundle } from "./peer-bundle";
import { buildBundle, type TShareInput } from "./stix";

const ourKey = new Uint8Array(32).map((_, i) => (i * 31 + 5) % 256);

// What a partner running Casebook sends us, keyed under the key it agreed with us.
const sent: TShareInput = {
  lab: { name: "Aurora Labs" },
  recipient: { id: "partner-northwind", name: "Northwind AI", key: ourKey },
  case: { id: "case-77", ref: "AUR-311", title: "Synthetic-data resellers" },
  tlp: "amber+strict",
  created: new Date("2026-11-01T00:00:00Z"),
  modified: new Date("2026-12-07T10:00:00Z"),
  validFrom: new Date("2026-11-01T00:00:00Z"),
  validUntil: new Date("2027-02-01T00:00:00Z"),
  window: { first: new Date("2026-08-15T00:00:00Z"), last: new Date("2026-10-31T23:59:59.999Z") },
  volume: { accounts: 38, exchanges: 96_001 },
  keyed: [
    { kind: "email", value: " Reseller.Bot@Mail-Drop.example" },
    { kind: "email_domain", value: "mail-drop.example" },
    { kind: "payment_fingerprint", value: "pm_fp_77AA01" },
    { kind: "org_id", value: "組織-東京-42" },
    { kind: "account_id", value: "acct_9XK2" },
  ],
  ipRanges: ["192.0.2.0/24", "2001:db8:ab::/48"],
  asnUserAgents: [{ asn: 13335, userAgent: "curl/8.5.0 'quoted' C:\\tools\\" }],
  templateSignatures: [{ family: "Family 2", bandKeys: ["c0ffee00", "beef0001"] }],
};

describe("readPeerBundle", () => {
  it("reads back every indicator of a bundle Casebook built, keyed values as our own keying gives them", () => {
    const bundle = buildBundle(sent);
    const read = readPeerBundle(JSON.parse(JSON.stringify(bundle)), new Date("2026-12-08T00:00:00Z"));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read).toMatchObject({ lab: "Aurora Labs", tlp: "amber+strict", skipped: 0 });
    expect(read.campaign).toEqual({
      name: "AUR-311: Synthetic-data resellers",
      firstSeen: "2026-08-15T00:00:00.000Z",
      lastSeen: "2026-10-31T23:59:59.999Z",
      exchanges: 96_001,
      accounts: 38,
    });

    const found = read.indicators.map((i) => `${i.kind} ${i.keyed} ${i.value}`).sort();
    const independent = (kind: string, normalised: string) => createHmac("sha256", ourKey).update(`${kind}:${normalised}`, "utf8").digest("hex");
    const expected = [
      `email true ${independent("email", "reseller.bot@mail-drop.example")}`,
      `email_domain true ${independent("email_domain", "mail-drop.example")}`,
      `payment_fingerprint true ${independent("payment_fingerprint", "pm_fp_77AA01")}`,
      `org_id true ${independent("org_id", "組織-東京-42")}`,
      `account_id true ${independent("account_id", "acct_9XK2")}`,
      "ip_range false 192.0.2.0/24",
      "ip_range false 2001:db8:ab::/48",
      "asn_user_agent false 13335|curl/8.5.0 'quoted' C:\\tools\\",
      "template_signature false beef0001,c0ffee00",
    ].sort();
    expect(found).toEqual(expected);
    for (const { kind, value } of sent.keyed) {
      expect(read.indicators.map((i) => i.value)).toContain(keyedValue(ourKey, kind, value));
    }
    for (const indicator of read.indicators) {
      expect(indicator).toMatchObject({ validFrom: "2026-11-01T00:00:00.000Z", validUntil: "2027-02-01T00:00:00.000Z", expired: false });
      expect(indicator.stixId).toMatch(/^indicator--/);
    }
  });

  it("marks indicators whose valid_until has passed as expired", () => {
    const read = readPeerBundle(buildBundle(sent), new Date("2027-02-01T00:00:00Z"));
    expect(read.ok && read.indicators.every((i) => i.expired)).toBe(true);
  });

  it("keeps the latest version of an object sent twice", () => {
    const older = buildBundle({ ...sent, modified: new Date("2026-11-15T00:00:00Z"), validUntil: new Date("2026-12-01T00:00:00Z") });
    const newer = buildBundle(sent);
    const merged = { ...newer, objects: [...newer.objects, ...older.objects.filter((o) => o.type === "indicator")] };
    const read = readPeerBundle(merged, new Date("2026-12-08T00:00:00Z"));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.indicators).toHaveLength(9);
    expect(read.indicators.every((i) => i.validUntil === "2027-02-01T00:00:00.000Z" && !i.expired)).toBe(true);
  });

  it("counts indicators of shapes it does not read, and ones whose extension and pattern disagree, as skipped", () => {
    const bundle = structuredClone(buildBundle(sent));
    const indicators = bundle.objects.filter((o) => o.type === "indicator");
    indicators.find((i) => !i.extensions)!.pattern = "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']";
    const keyed = indicators.find((i) => i.extensions)!;
    keyed.pattern = String(keyed.pattern).replace(/'[0-9a-f]{64}'/, `'${"0".repeat(64)}'`);
    const read = readPeerBundle(bundle, new Date("2026-12-08T00:00:00Z"));
    expect(read.ok && read.skipped).toBe(2);
    expect(read.ok && read.indicators).toHaveLength(7);
  });

  it("refuses a value that is not a bundle, invalid JSON text, and an invalid bundle, with problems", () => {
    const notBundle = readPeerBundle({ hello: "world" }, new Date());
    expect(notBundle).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ path: "(bundle).type" })]) });
    expect(readPeerBundle('{"type": "bundle", ', new Date())).toEqual({
      ok: false,
      problems: [{ path: "(bundle)", message: expect.stringMatching(/^The file is not valid JSON: /) }],
    });
    const broken = structuredClone(buildBundle(sent));
    delete broken.objects.find((o) => o.type === "indicator")!.valid_from;
    const read = readPeerBundle(broken, new Date());
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems.map((p) => p.message)).toEqual([expect.stringContaining('missing required property "valid_from"')]);
  });
});
