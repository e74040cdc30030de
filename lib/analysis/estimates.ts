// Proportions with honest uncertainty: the Wilson interval (with finite-population correction),
// projections to a frame, and the sentence a report prints. Pure. (A Clopper–Pearson interval was
// here, unused by any report; it is in git history, 4201757, should small draws want an exact one.)
import { formatCount } from "../format";
import { normalQuantile } from "./distributions";
import { formatApproxCount, formatConfidence, formatPercent, formatPercentRange } from "./estimate-format";

/** A proportion and its interval, all in [0, 1]. */
export type TProportionInterval = { p: number; low: number; high: number };
/** A projected count of exchanges and its interval, whole numbers. */
export type TCountInterval = { count: number; low: number; high: number };

export type TWilsonOptions = {
  /** Two-sided confidence level in (0, 1). */
  confidence?: number;
  /** Size of the frame the sample was drawn from without replacement; turns on the correction. */
  population?: number;
};

function checkCounts(x: number, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sample size must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`count must be a whole number from 0 to ${n}, got ${x}`);
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1 (e.g. 0.95), got ${confidence}`);
}

/**
 * Wilson score interval for x successes in n (Wilson 1927; Newcombe 1998, method 3). Returns null
 * when n = 0: there is no estimate, and a caller must say so rather than print 0%.
 *
 * With `population` = N (the sample is drawn without replacement from a frame of N), the standard
 * error shrinks by √((N − n)/(N − 1)): the variance of a sample proportion under simple random
 * sampling is P(1 − P)/n · (N − n)/(N − 1) (Cochran, Sampling Techniques, 3rd ed. 1977, §3.2).
 * Inverting the score test with that variance,
 *     (p̂ − P)² ≤ z² · P(1 − P)/n · (N − n)/(N − 1),
 * is the ordinary Wilson formula with n replaced by the effective size m = n(N − 1)/(N − n):
 *     (p̂ + z²/2m ± z·√(p̂(1 − p̂)/m + z²/4m²)) / (1 + z²/m).
 * When n = N, m is infinite and the interval collapses to p̂: the whole frame was counted. The
 * bounds are then clamped to what the frame makes certain, x/N ≤ P ≤ (x + N − n)/N, which only
 * bites for tiny frames. (O'Neill 2021, arXiv:2109.12464, studies finite-population forms of the
 * Wilson interval in depth.)
 */
export function wilson(x: number, n: number, options: TWilsonOptions = {}): TProportionInterval | null {
  const { confidence = 0.95, population } = options;
  checkCounts(x, n);
  checkConfidence(confidence);
  if (population !== undefined && (!Number.isInteger(population) || population < n)) {
    throw new RangeError(`population must be a whole number at least the sample size ${n}, got ${population}`);
  }
  if (n === 0) return null;
  const p = x / n;
  if (population === n) return { p, low: p, high: p };

  const m = population === undefined ? n : (n * (population - 1)) / (population - n);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const denom = 1 + z2 / m;
  const centre = (p + z2 / (2 * m)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / m + z2 / (4 * m * m));
  // At x = 0 (x = n) the lower (upper) bound is exactly 0 (1) in exact arithmetic; say so exactly.
  let low = x === 0 ? 0 : centre - half;
  let high = x === n ? 1 : centre + half;
  const floor = population === undefined ? 0 : x / population;
  const ceiling = population === undefined ? 1 : (x + population - n) / population;
  low = Math.min(Math.max(low, floor), p);
  high = Math.max(Math.min(high, ceiling), p);
  return { p, low, high };
}

// Forgives floating-point noise (0.29 × 3,000,000 is 869,999.9999999999 in doubles) before floor and ceil.
const NOISE = 1e-6;

/**
 * The interval as counts of a frame of N exchanges. The point is rounded to the nearest whole
 * exchange; the bounds are rounded outward (floor the low, ceil the high), so the counts never
 * claim more precision than the interval they came from.
 */
export function projectCount(interval: TProportionInterval, population: number): TCountInterval {
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, got ${population}`);
  const { p, low, high } = interval;
  if (!(0 <= low && low <= p && p <= high && high <= 1)) throw new RangeError(`not an interval: ${low} ≤ ${p} ≤ ${high} within [0, 1]`);
  return {
    count: Math.round(p * population),
    low: Math.max(0, Math.floor(low * population + NOISE)),
    high: Math.min(population, Math.ceil(high * population - NOISE)),
  };
}

export type TSamplingStatementInput =
  | {
      /** A uniform random draw (lib/analysis/sampling.ts): the estimate is projected to the frame. */
      method: "uniform";
      /** Exchanges drawn and annotated. */
      drawn: number;
      /** Exchanges in the frame the draw was taken from. */
      frame: number;
      seed: number;
      /** Drawn exchanges that targeted the capability. */
      x: number;
      /** As it should read mid-sentence, e.g. "software engineering". */
      capabilityName: string;
      confidence?: number;
    }
  | {
      /** Samples picked by people or by the provider's export: counted, never projected. */
      method: "convenience";
      annotated: number;
      x: number;
      capabilityName: string;
    };

const nounFor = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * One sentence for a report. A uniform draw gives the share with its Wilson interval (corrected
 * for the frame) and the projected count, e.g.
 *   "412 of 3,000,000 exchanges drawn uniformly at random with seed 7; 41.3% (95% CI 36.6–46.1%)
 *    targeted software engineering, ≈ 1.24M (1.10M–1.38M) exchanges"
 * A convenience sample is counted and explicitly not projected, because the samples were not
 * drawn at random and nothing licenses carrying their share over to the case's exchanges.
 */
export function samplingStatement(input: TSamplingStatementInput): string {
  if (input.method === "convenience") {
    const { annotated, x, capabilityName } = input;
    checkCounts(x, annotated);
    if (annotated === 0) return `No samples have been annotated yet, so none is counted for ${capabilityName}.`;
    return (
      `${formatCount(x)} of ${formatCount(annotated)} annotated ${nounFor(annotated, "sample", "samples")} (not drawn at random) ` +
      `targeted ${capabilityName}; no projection to the case's exchanges is made from a convenience sample.`
    );
  }

  const { drawn, frame, seed, x, capabilityName, confidence = 0.95 } = input;
  checkCounts(x, drawn);
  if (drawn === 0) return `No exchanges were drawn from the frame of ${formatCount(frame)}, so no estimate is made for ${capabilityName}.`;
  const interval = wilson(x, drawn, { confidence, population: frame });
  if (!interval) throw new Error("unreachable: wilson is null only when nothing was drawn");
  if (drawn === frame) {
    // Every exchange of the frame was looked at: the share is a count, and an interval would imply doubt there is none of.
    return `All ${formatCount(frame)} ${nounFor(frame, "exchange", "exchanges")} of the frame were examined; ${formatCount(x)} (${formatPercent(interval.p)}) targeted ${capabilityName}, a count rather than an estimate.`;
  }
  const counts = projectCount(interval, frame);
  return (
    `${formatCount(drawn)} of ${formatCount(frame)} exchanges drawn uniformly at random with seed ${seed}; ` +
    `${formatPercent(interval.p)} (${formatConfidence(confidence)} CI ${formatPercentRange(interval.low, interval.high)}) targeted ${capabilityName}, ` +
    `≈ ${formatApproxCount(counts.count)} (${formatApproxCount(counts.low)}–${formatApproxCount(counts.high)}) exchanges`
  );
}
