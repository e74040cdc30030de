import { describe, expect, it } from "vitest";
import { rng } from "../demo/generate";
import { projectCount, samplingStatement, wilson } from "./estimates";

// Published values: Newcombe RG (1998), "Two-sided confidence intervals for the single proportion:
// comparison of seven methods", Statistics in Medicine 17:857–872, Table II, 95% intervals for
// 81/263, 15/148, 0/20 and 1/29: method 3 (Wilson score, no continuity correction). Printed to four
// decimals.
const NEWCOMBE: { x: number; n: number; wilson: [number, number] }[] = [
  { x: 81, n: 263, wilson: [0.2553, 0.3662] },
  { x: 15, n: 148, wilson: [0.0624, 0.1605] },
  { x: 0, n: 20, wilson: [0, 0.1611] },
  { x: 1, n: 29, wilson: [0.0061, 0.1718] },
];

describe("wilson", () => {
  it.each(NEWCOMBE)("matches Newcombe (1998) Table II for $x/$n", ({ x, n, wilson: [low, high] }) => {
    const r = wilson(x, n)!;
    expect(r.p).toBe(x / n);
    expect(r.low).toBeCloseTo(low, 4);
    expect(r.high).toBeCloseTo(high, 4);
  });

  it("has no estimate for an empty sample", () => {
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 0, { population: 100 })).toBeNull();
  });

  it("puts the bound at exactly 0 for x = 0 and exactly 1 for x = n", () => {
    expect(wilson(0, 37)!.low).toBe(0);
    expect(wilson(37, 37)!.high).toBe(1);
    expect(wilson(0, 37)!.high).toBeGreaterThan(0);
    expect(wilson(37, 37)!.low).toBeLessThan(1);
  });

  it("widens with the confidence level", () => {
    const [a, b, c] = [0.9, 0.95, 0.99].map((confidence) => wilson(81, 263, { confidence })!);
    expect(a.high - a.low).toBeLessThan(b.high - b.low);
    expect(b.high - b.low).toBeLessThan(c.high - c.low);
  });

  it("rejects counts and levels that make no sense", () => {
    expect(() => wilson(5, 4)).toThrow(/count must be a whole number from 0 to 4/);
    expect(() => wilson(-1, 4)).toThrow(RangeError);
    expect(() => wilson(1.5, 4)).toThrow(RangeError);
    expect(() => wilson(1, 4, { confidence: 95 })).toThrow(/confidence must be between 0 and 1/);
    expect(() => wilson(1, 4, { population: 3 })).toThrow(/population must be a whole number at least the sample size 4/);
  });
});

describe("wilson with the finite-population correction", () => {
  it("collapses to the point when the whole frame was drawn", () => {
    expect(wilson(170, 412, { population: 412 })).toEqual({ p: 170 / 412, low: 170 / 412, high: 170 / 412 });
  });

  it("is Wilson with the effective size n(N − 1)/(N − n), computed here by hand", () => {
    // n = 400 of N = 1,000: m = 400 · 999 / 600 = 666; p̂ = 0.25; z = 1.959963984540054.
    const z = 1.959963984540054;
    const m = 666;
    const centre = (0.25 + (z * z) / (2 * m)) / (1 + (z * z) / m);
    const half = (z / (1 + (z * z) / m)) * Math.sqrt((0.25 * 0.75) / m + (z * z) / (4 * m * m));
    const r = wilson(100, 400, { population: 1000 })!;
    expect(r.low).toBeCloseTo(centre - half, 12);
    expect(r.high).toBeCloseTo(centre + half, 12);
  });

  it("narrows as the draw becomes a larger share of the frame, and vanishes for a huge frame", () => {
    const plain = wilson(170, 412)!;
    const widths = [1e9, 3_000_000, 10_000, 1_000, 500].map((population) => {
      const r = wilson(170, 412, { population })!;
      return r.high - r.low;
    });
    expect(widths[0]).toBeCloseTo(plain.high - plain.low, 6);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeLessThan(widths[i - 1]);
  });

  it("never leaves what the frame makes certain", () => {
    // 9 of 9 drawn from a frame of 10: at least 9 of the 10 have it.
    const r = wilson(9, 9, { population: 10 })!;
    expect(r.low).toBeGreaterThanOrEqual(0.9);
    expect(r.high).toBe(1);
    const none = wilson(0, 9, { population: 10 })!;
    expect(none.high).toBeLessThanOrEqual(0.1);
  });

  it("covers the true share close to 95% of the time in repeated draws without replacement", () => {
    // Deterministic simulation (fixed seed): frame of 2,000 with 600 positives, draws of 400.
    const N = 2000;
    const K = 600;
    const n = 400;
    const r = rng(20260424);
    const frame = Array.from({ length: N }, (_, i) => i < K);
    let coveredFpc = 0;
    let coveredPlain = 0;
    const reps = 2000;
    for (let rep = 0; rep < reps; rep++) {
      // Partial Fisher–Yates: the first n are a uniform draw without replacement.
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(r() * (N - i));
        [frame[i], frame[j]] = [frame[j], frame[i]];
      }
      let x = 0;
      for (let i = 0; i < n; i++) if (frame[i]) x++;
      const truth = K / N;
      const a = wilson(x, n, { population: N })!;
      const b = wilson(x, n)!;
      if (a.low <= truth && truth <= a.high) coveredFpc++;
      if (b.low <= truth && truth <= b.high) coveredPlain++;
    }
    expect(coveredFpc / reps).toBeGreaterThan(0.93);
    expect(coveredFpc / reps).toBeLessThan(0.97);
    // Without the correction the interval is needlessly wide: it over-covers.
    expect(coveredPlain / reps).toBeGreaterThan(coveredFpc / reps);
  });
});

describe("projectCount", () => {
  it("rounds the point to the nearest exchange and the bounds outward", () => {
    expect(projectCount({ p: 0.41262, low: 0.366104, high: 0.460753 }, 3_000_000)).toEqual({ count: 1_237_860, low: 1_098_312, high: 1_382_259 });
  });

  it("is not fooled by floating-point noise at a whole count", () => {
    // 0.29 × 3,000,000 is 869,999.9999999999 in doubles; the bound is 870,000, not 869,999.
    expect(projectCount({ p: 0.29, low: 0.29, high: 0.29 }, 3_000_000)).toEqual({ count: 870_000, low: 870_000, high: 870_000 });
  });

  it("stays within the frame and refuses what is not an interval", () => {
    expect(projectCount({ p: 0, low: 0, high: 1 }, 7)).toEqual({ count: 0, low: 0, high: 7 });
    expect(() => projectCount({ p: 0.5, low: 0.6, high: 0.7 }, 10)).toThrow(/not an interval/);
    expect(() => projectCount({ p: 0.5, low: 0.4, high: 0.7 }, 1.5)).toThrow(RangeError);
  });
});

describe("samplingStatement", () => {
  it("states a uniform draw with its interval and projection", () => {
    // 170/412 = 41.26%; Wilson with the correction for 3,000,000 gives 36.61–46.07% (checked
    // independently in SciPy), i.e. 1,098,322–1,382,248 exchanges.
    expect(samplingStatement({ drawn: 412, frame: 3_000_000, seed: 7, method: "uniform", capabilityName: "software engineering", x: 170 })).toBe(
      "412 of 3,000,000 exchanges drawn uniformly at random with seed 7; 41.3% (95% CI 36.6–46.1%) targeted software engineering, ≈ 1.24M (1.10M–1.38M) exchanges",
    );
  });

  it("names another confidence level and keeps small shares readable", () => {
    expect(samplingStatement({ drawn: 10_000, frame: 3_000_000, seed: 12, method: "uniform", capabilityName: "tool use", x: 1, confidence: 0.9 })).toBe(
      "10,000 of 3,000,000 exchanges drawn uniformly at random with seed 12; 0.010% (90% CI 0.0022–0.045%) targeted tool use, ≈ 300 (67–1,342) exchanges",
    );
    expect(samplingStatement({ drawn: 500, frame: 3_000_000, seed: 1, method: "uniform", capabilityName: "tool use", x: 0 })).toBe(
      "500 of 3,000,000 exchanges drawn uniformly at random with seed 1; 0.0% (95% CI 0.0–0.8%) targeted tool use, ≈ 0 (0–22.9k) exchanges",
    );
  });

  it("counts a convenience sample and says it is not projected", () => {
    expect(samplingStatement({ method: "convenience", annotated: 1204, x: 38, capabilityName: "tool use" })).toBe(
      "38 of 1,204 annotated samples (not drawn at random) targeted tool use; no projection to the case's exchanges is made from a convenience sample.",
    );
    expect(samplingStatement({ method: "convenience", annotated: 1, x: 1, capabilityName: "tool use" })).toMatch(/^1 of 1 annotated sample \(not drawn/);
    expect(samplingStatement({ method: "convenience", annotated: 0, x: 0, capabilityName: "tool use" })).toBe("No samples have been annotated yet, so none is counted for tool use.");
  });

  it("says a census is a count, and that an empty draw gives no estimate", () => {
    expect(samplingStatement({ drawn: 412, frame: 412, seed: 7, method: "uniform", capabilityName: "software engineering", x: 170 })).toBe(
      "All 412 exchanges of the frame were examined; 170 (41.3%) targeted software engineering, a count rather than an estimate.",
    );
    expect(samplingStatement({ drawn: 0, frame: 3_000_000, seed: 7, method: "uniform", capabilityName: "tool use", x: 0 })).toBe(
      "No exchanges were drawn from the frame of 3,000,000, so no estimate is made for tool use.",
    );
  });

  it("refuses counts that cannot be", () => {
    expect(() => samplingStatement({ drawn: 10, frame: 5, seed: 7, method: "uniform", capabilityName: "x", x: 1 })).toThrow(RangeError);
    expect(() => samplingStatement({ method: "convenience", annotated: 3, x: 4, capabilityName: "x" })).toThrow(RangeError);
  });
});
