// The pairs of accounts that moderate values tie together, weighed without listing every pair:
// the clustering's inner loop, kept apart so its bookkeeping does not hide the rules. Pure.
import type { TSignalKind } from "./signals";

export type TWeighedValue = { kind: TSignalKind; weight: number; holders: readonly number[] };

/** What a value may do: tie its holders alone, propose pairs, or only add weight to a pair. */
export const ROLE = { strong: 0, proposing: 1, evidence: 2 } as const;

/** First index in an ascending array whose element is greater than x. */
function after(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every pair (a < b) that shares at least one proposing value, is not yet in one group, and whose
 * confidence reaches `link`: noisy-OR over the values the two share, the strongest burst only
 * (as combine() in clustering.ts). For each account a, the accounts after it that share a proposing
 * value have their product of (1 − w) accumulated in typed arrays, one pass over the holders, so a
 * value held by k accounts costs k²/2 multiplications and nothing is kept per pair that fails.
 * Values that only add weight (too common to propose) are flagged for a and looked for in b's list.
 * `held[i]`: account i's values as ascending indexes into `values`.
 */
export function weighPairs(
  n: number,
  values: readonly TWeighedValue[],
  role: ArrayLike<number>,
  held: readonly (readonly number[])[],
  group: (i: number) => number,
  link: number,
): { a: number; b: number; confidence: number }[] {
  const product = new Float64Array(n).fill(1);
  const burst = new Float64Array(n);
  const touched = new Int32Array(n);
  const seen = new Uint8Array(n);
  const out: { a: number; b: number; confidence: number }[] = [];
  // a's values that only add weight, listed and flagged (b's list is scanned against the flags).
  const extra: number[] = [];
  const isExtra = new Uint8Array(values.length);
  for (let a = 0; a < n; a++) {
    let count = 0;
    extra.length = 0;
    // The most a's weight-only values could add: every one shared, bursts multiplied in too.
    let extraBound = 1;
    for (const vi of held[a]) {
      if (role[vi] === ROLE.evidence) {
        extra.push(vi);
        isExtra[vi] = 1;
        extraBound *= 1 - values[vi].weight;
      }
      if (role[vi] !== ROLE.proposing) continue;
      const v = values[vi];
      const h = v.holders;
      const isBurst = v.kind === "creation_burst";
      for (let y = after(h, a); y < h.length; y++) {
        const b = h[y];
        if (!seen[b]) {
          seen[b] = 1;
          touched[count++] = b;
        }
        if (!isBurst) product[b] *= 1 - v.weight;
        else if (v.weight > burst[b]) burst[b] = v.weight;
      }
    }
    if (count > 0) weigh(a, count, extraBound);
    for (const vi of extra) isExtra[vi] = 0;
  }
  return out;

  function weigh(a: number, count: number, extraBound: number) {
    const ga = group(a);
    for (let t = 0; t < count; t++) {
      const b = touched[t];
      // Most pairs fail even with all of a's extra values shared: skip the lookups for them.
      if (1 - product[b] * (1 - burst[b]) * extraBound >= link && group(b) !== ga) {
        let p = product[b];
        let bw = burst[b];
        for (const vi of held[b]) {
          if (!isExtra[vi]) continue;
          const v = values[vi];
          if (v.kind !== "creation_burst") p *= 1 - v.weight;
          else if (v.weight > bw) bw = v.weight;
        }
        const confidence = 1 - p * (1 - bw);
        if (confidence >= link) out.push({ a, b, confidence });
      }
      product[b] = 1;
      burst[b] = 0;
      seen[b] = 0;
    }
  }
}

/** Pairs a set of values proposes: Σ k(k − 1)/2, the work weighPairs does for them. */
export const pairsOf = (holders: number) => (holders * (holders - 1)) / 2;
