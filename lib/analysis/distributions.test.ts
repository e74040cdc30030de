import { describe, expect, it } from "vitest";
import { normalQuantile } from "./distributions";

// Reference values from SciPy 1.17.1 (scipy.stats.norm.ppf, scipy.special.gammaln, betainc,
// betaincinv), which agree with R's qnorm / lgamma / pbeta / qbeta to the digits shown.
const close = (actual: number, expected: number, relTol: number) => {
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300)).toBeLessThanOrEqual(relTol);
};

describe("normalQuantile (AS 241)", () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.995, 2.5758293035489004],
    [0.5, 0],
    [0.3, -0.5244005127080409],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
    [1e-20, -9.262340089798409],
    [1e-300, -37.0470962993612],
  ])("Φ⁻¹(%s) = %s", (p, z) => {
    if (z === 0) expect(normalQuantile(p)).toBe(0);
    else close(normalQuantile(p), z, 1e-15);
  });

  it("is antisymmetric and has infinite ends", () => {
    expect(normalQuantile(0.025)).toBeCloseTo(-normalQuantile(0.975), 15);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});
