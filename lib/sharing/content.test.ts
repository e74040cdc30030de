import { describe, expect, it } from "vitest";
import { bandKeys } from "../analysis/minhash";
import { stixBandKey, stixBandKeyOrNull } from "./content";
import { buildBundle } from "./stix";
import { validateBundle } from "./validate";

describe("template band keys in a bundle", () => {
  it("keep the band: the same hash under two bands stays two keys, as one hex string each", () => {
    expect(stixBandKey("0:90393c7591c546e8")).toBe("0090393c7591c546e8");
    expect(stixBandKey("13:90393c7591c546e8")).toBe("0d90393c7591c546e8");
    expect(() => stixBandKey("band 3")).toThrow(/3:0123456789abcdef/);
    expect(stixBandKeyOrNull("shared-band")).toBeNull();
  });

  it("go into a bundle that validates, from keys as the families store them", () => {
    const keys = bandKeys(new Uint32Array(128).map((_, i) => i * 2654435761));
    expect(keys.length).toBeGreaterThan(1);
    const now = new Date("2026-12-07T10:00:00Z");
    const bundle = buildBundle({
      lab: { name: "Test lab" },
      recipient: { id: "11111111-1111-4111-8111-111111111111", name: "Partner", key: new Uint8Array(32).fill(7) },
      case: { id: "c1", ref: "CB-2026-0009", title: "Templates only" },
      tlp: "green",
      created: now,
      modified: now,
      validFrom: now,
      validUntil: new Date("2027-01-07T10:00:00Z"),
      window: null,
      volume: { accounts: 0, exchanges: 0 },
      keyed: [],
      ipRanges: [],
      asnUserAgents: [],
      templateSignatures: [{ family: "Family 1", bandKeys: keys.map(stixBandKey) }],
    });
    expect(validateBundle(bundle)).toMatchObject({ ok: true, problems: [] });
    expect(JSON.stringify(bundle)).toContain(stixBandKey(keys[0]));
  });
});
