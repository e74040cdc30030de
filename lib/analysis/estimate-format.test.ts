import { describe, expect, it } from "vitest";
import { formatApproxCount, formatConfidence, formatPercent, formatPercentRange } from "./estimate-format";

describe("formatPercent", () => {
  it.each([
    [0.41262, "41.3%"],
    [0.4125, "41.3%"],
    [0.05, "5.0%"],
    [0.0006, "0.1%"],
    [0, "0.0%"],
    [1, "100.0%"],
    [0.995, "99.5%"],
  ])("%s → %s (one decimal)", (v, s) => expect(formatPercent(v)).toBe(s));

  it.each([
    [0.0001, "0.010%"],
    [0.000024, "0.0024%"],
    [0.9999, "99.990%"],
    [0.999976, "99.9976%"],
  ])("%s → %s: never 0.0% or 100.0% for a value that is neither", (v, s) => expect(formatPercent(v)).toBe(s));

  it("refuses what is not a proportion", () => {
    expect(() => formatPercent(1.2)).toThrow(RangeError);
    expect(() => formatPercent(Number.NaN)).toThrow(RangeError);
  });
});

describe("formatPercentRange", () => {
  it("writes one percent sign and an en dash", () => {
    expect(formatPercentRange(0.36611, 0.46075)).toBe("36.6–46.1%");
    expect(formatPercentRange(0, 0.0076)).toBe("0.0–0.8%");
  });

  it("gives both bounds the finer form when one needs it", () => {
    expect(formatPercentRange(0.000022, 0.00045)).toBe("0.0022–0.045%");
    expect(formatPercentRange(0.000022, 0.02)).toBe("0.0022–2.0%");
  });
});

describe("formatApproxCount", () => {
  it.each([
    [0, "0"],
    [412, "412"],
    [9_999, "9,999"],
    [9_999.4, "9,999"],
    [9_999.6, "10.0k"],
    [12_400, "12.4k"],
    [22_870, "22.9k"],
    [124_499, "124k"],
    [999_950, "1.00M"],
    [1_098_322, "1.10M"],
    [1_237_864, "1.24M"],
    [12_400_000, "12.4M"],
    [2_345_678_901, "2.35B"],
  ])("%s → %s", (n, s) => expect(formatApproxCount(n)).toBe(s));

  it("refuses negative and non-finite counts", () => {
    expect(() => formatApproxCount(-1)).toThrow(RangeError);
    expect(() => formatApproxCount(Infinity)).toThrow(RangeError);
  });
});

describe("formatConfidence", () => {
  it.each([
    [0.95, "95%"],
    [0.9, "90%"],
    [0.995, "99.5%"],
  ])("%s → %s", (c, s) => expect(formatConfidence(c)).toBe(s));
});
