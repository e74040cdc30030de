import { describe, expect, it } from "vitest";
import { clusterTitle, jaccard } from "./naming";

describe("clusterTitle", () => {
  it("names a suggestion by its strongest signal and size", () => {
    expect(clusterTitle([{ kind: "payment_fingerprint", value: "pf_9c2e0a" }, { kind: "ip_prefix", value: "203.0.113.0/24" }], 1240, new Set())).toBe("Payment pf_9c2e0a · 1,240 accounts");
  });
  it("never repeats a name already taken in the case", () => {
    const taken = new Set(["Payment pf_1 · 2 accounts", "Payment pf_1 · 2 accounts (2)"]);
    expect(clusterTitle([{ kind: "payment_fingerprint", value: "pf_1" }], 2, taken)).toBe("Payment pf_1 · 2 accounts (3)");
  });
  it("clips a long attacker-chosen value", () => {
    const name = clusterTitle([{ kind: "asn_user_agent", value: "x".repeat(500) }], 3, new Set());
    expect(name.length).toBeLessThan(80);
    expect(name).toContain("…");
  });
});

describe("jaccard", () => {
  it("is the shared share of the union", () => {
    expect(jaccard(new Set([1, 2, 3, 4]), new Set([3, 4, 5]))).toBeCloseTo(2 / 5);
    expect(jaccard(new Set([1]), new Set([1]))).toBe(1);
    expect(jaccard(new Set([1]), new Set([2]))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});
