// How estimates read in sentences: percentages, confidence levels and projected counts. Pure.
import { formatCount } from "../format";

const twoSignificant = new Intl.NumberFormat("en-US", { minimumSignificantDigits: 2, maximumSignificantDigits: 2, useGrouping: false });

// Whether one decimal would show a value that is neither 0 nor 100 as 0.0 or 100.0.
function hidesUncertainty(v: number): boolean {
  const oneDecimal = v.toFixed(1);
  return v !== 0 && v !== 100 && (oneDecimal === "0.0" || oneDecimal === "100.0");
}

// Two significant figures of the distance to the nearer end: 0.0241 → "0.024", 99.9759 → "99.976".
function nearEnd(v: number): string {
  if (v < 50) return twoSignificant.format(v);
  const gap = twoSignificant.format(100 - v);
  return (100 - Number(gap)).toFixed(gap.split(".")[1]?.length ?? 1);
}

/**
 * A proportion (0–1) as a percentage without the sign: one decimal ("41.3"), except that a value
 * one decimal would show as 0.0 or 100.0 but is neither gets two significant figures of its
 * distance from that end ("0.024", "99.976"): "0.0%" for an estimate that is not zero overstates
 * what the sample says. `fine` asks for that form for every value under 1% or over 99%, so the
 * bounds of one interval read alike.
 */
export function formatPercentNumber(fraction: number, fine = false): string {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`a proportion must be in [0, 1], got ${fraction}`);
  const v = fraction * 100;
  if (v === 0 || v === 100) return v.toFixed(1);
  if (hidesUncertainty(v) || (fine && (v < 1 || v > 99))) return nearEnd(v);
  return v.toFixed(1);
}

export function formatPercent(fraction: number): string {
  return `${formatPercentNumber(fraction)}%`;
}

/** "36.6–46.1%": one percent sign, an en dash, and both bounds to the same kind of precision. */
export function formatPercentRange(low: number, high: number): string {
  const fine = hidesUncertainty(low * 100) || hidesUncertainty(high * 100);
  return `${formatPercentNumber(low, fine)}–${formatPercentNumber(high, fine)}%`;
}

/** The confidence level as people write it: 0.95 → "95%", 0.995 → "99.5%". */
export function formatConfidence(confidence: number): string {
  return `${Number((confidence * 100).toFixed(4))}%`;
}

/**
 * A projected count. Exact with thousands separators under 10,000 ("9,876"); above that three
 * significant figures with k, M or B ("12.4k", "1.24M", "1.10M"), since a projection from a sample
 * has nothing like seven meaningful digits. Rounding happens before the unit is chosen, so
 * 999,950 reads "1.00M", never "1000k".
 */
export function formatApproxCount(n: number): string {
  if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`a count must be a finite number ≥ 0, got ${n}`);
  const whole = Math.round(n);
  if (whole < 10_000) return formatCount(whole);
  const r = Number(whole.toPrecision(3));
  if (r >= 1e9) return `${(r / 1e9).toPrecision(3)}B`;
  if (r >= 1e6) return `${(r / 1e6).toPrecision(3)}M`;
  return `${(r / 1e3).toPrecision(3)}k`;
}
