import { describe, expect, it } from "vitest";
import { betaQuantile, logGamma, normalQuantile, regularizedBeta } from "./distributions";

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

describe("logGamma (Lanczos)", () => {
  it.each([
    [0.5, 0.5723649429247001], // ln √π
    [3, 0.6931471805599453], // ln 2!
    [10, 12.801827480081469], // ln 9!
    [1000, 5905.220423209181],
    [1e-8, 18.42068073818021],
  ])("ln Γ(%s) = %s", (x, v) => close(logGamma(x), v, 1e-14));

  it("is 0 at 1 and 2", () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
  });
});

describe("regularizedBeta", () => {
  it.each([
    [0.3, 2, 5, 0.5798250000000003, 1e-14],
    [0.9, 0.5, 0.5, 0.7951672353008665, 1e-14],
    [0.2, 81, 183, 0.000021930900879896908, 1e-12],
    [0.4, 170, 243, 0.3173276621638549, 1e-11],
    // Large parameters lose a few digits to ln Γ cancellation; still far below what a CI shows.
    [0.5, 5000, 5001, 0.5039893230696917, 1e-9],
    [0.000001, 1, 3_000_000, 0.9502130063127324, 1e-9],
  ])("I_%s(%s, %s) = %s", (x, a, b, v, tol) => close(regularizedBeta(x, a, b), v, tol));

  it("is 0 and 1 at the ends", () => {
    expect(regularizedBeta(0, 3, 4)).toBe(0);
    expect(regularizedBeta(1, 3, 4)).toBe(1);
  });
});

describe("betaQuantile", () => {
  it.each([
    [0.025, 81, 183, 0.25273674558527126, 1e-13],
    [0.975, 82, 182, 0.36762192260135135, 1e-13],
    [0.025, 1, 29, 0.000872646883579922, 1e-13],
    [0.975, 2, 28, 0.1776442954887229, 1e-13],
    [0.975, 5001, 5000, 0.5098486194100196, 1e-11],
    [0.025, 1, 10_000, 0.0000025317775934746866, 1e-10],
    [0.025, 3, 2_999_998, 2.062240884423889e-7, 1e-8],
    [1e-10, 2, 3, 0.000004082494015808333, 1e-13],
    [0.5, 0.5, 0.5, 0.5, 1e-14],
  ])("Beta⁻¹(%s; %s, %s) = %s", (p, a, b, v, tol) => close(betaQuantile(p, a, b), v, tol));

  it("inverts regularizedBeta", () => {
    for (const [p, a, b] of [
      [0.1, 3, 7],
      [0.9, 40, 2],
      [0.5, 1, 1],
    ]) {
      close(regularizedBeta(betaQuantile(p, a, b), a, b), p, 1e-12);
    }
  });
});
