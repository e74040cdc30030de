import { describe, expect, it } from "vitest";
import { generateCampaign, type TCampaignSpec } from "./generate";

const spec: TCampaignSpec = {
  seed: 7,
  prefix: "a_",
  clusters: [{ label: "c1", accounts: 20, asn: 1, country: ["SG"], ipBase: "203.0.113", userAgent: "ua" }],
  windowStart: "2026-04-22T00:00:00Z",
  windowDays: 10,
  exchanges: 200,
  sampleRate: 0.1,
  models: ["m"],
  templates: [{ text: "do {task}", capability: "tool-use" }],
  tasks: ["x"],
};

describe("synthetic campaign generator", () => {
  it("is deterministic for a seed and different across seeds", () => {
    expect(generateCampaign(spec)).toEqual(generateCampaign(spec));
    expect(generateCampaign({ ...spec, seed: 8 }).accounts[0]).not.toEqual(generateCampaign(spec).accounts[0]);
  });

  it("keeps exchanges inside the window, on known accounts, in time order", () => {
    const { accounts, exchanges } = generateCampaign(spec);
    const ids = new Set(accounts.map((a) => a.account_id));
    const start = Date.parse(spec.windowStart);
    for (const e of exchanges) {
      expect(ids.has(e.account_id)).toBe(true);
      const t = Date.parse(e.timestamp);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(start + 10 * 86_400_000);
    }
    expect(exchanges.map((e) => e.timestamp)).toEqual([...exchanges.map((e) => e.timestamp)].sort());
    expect(exchanges.some((e) => e.prompt)).toBe(true);
  });
});
