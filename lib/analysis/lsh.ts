// Candidate components: texts whose signatures share an LSH band, joined with union-find when
// their estimated Jaccard clears the bar. Works on any subset of the texts, so families.ts can
// re-split what it peels off. Pure; buckets are scanned in (hash, index) order, so a subset gives
// the same components whatever order its indices come in.

import { bandHash } from "./minhash";

export type TLshIndex = {
  /** Connected components of `subset` (global indices), each ascending, in order of first member. */
  components(subset: readonly number[]): number[][];
  /** Pairs checked against the threshold, and pairs joined, so far. */
  counts(): { candidates: number; joined: number };
};

/**
 * `sigs` holds n signatures of `k` values back to back. A pair joins when at least
 * `minAgree` of the k positions agree.
 */
export function lshIndex(sigs: Uint32Array, k: number, bands: number, minAgree: number): TLshIndex {
  const n = sigs.length / k;
  const rows = k / bands;
  // Band hashes once, reused by every re-split. Only lane one: buckets are for finding
  // candidates, and a rare collision costs one verification.
  const bh = new Uint32Array(n * bands);
  for (let i = 0; i < n; i++) for (let b = 0; b < bands; b++) bh[i * bands + b] = bandHash(sigs, b, rows, i * k)[0];

  // Buckets by sorting: (band hash, index) packed into one float64, so a band is one typed-array
  // sort, not a Map of millions of keys. If indices need more than 21 bits the hash drops low
  // bits to fit 53; that only adds candidates, which verification rejects.
  const idxBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashShift = Math.max(0, idxBits - 21);
  const scale = 2 ** idxBits;

  const parent = new Int32Array(n);
  const find = (x: number) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  let candidates = 0;
  let joined = 0;
  // Checks a pair only when joining would change something, so a large family costs about one
  // check per member per band at worst, and nothing once it is joined.
  const tryJoin = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    candidates++;
    let same = 0;
    for (let p = 0, x = a * k, y = b * k; p < k; p++) if (sigs[x + p] === sigs[y + p]) same++;
    if (same < minAgree) return;
    joined++;
    // The smaller index becomes the root, so roots never depend on which pair came first.
    if (ra < rb) parent[rb] = ra;
    else parent[ra] = rb;
  };

  return {
    counts: () => ({ candidates, joined }),
    components(subset) {
      const m = subset.length;
      for (const i of subset) parent[i] = i;
      const packed = new Float64Array(m);
      for (let b = 0; b < bands; b++) {
        for (let j = 0; j < m; j++) packed[j] = (bh[subset[j] * bands + b] >>> hashShift) * scale + subset[j];
        packed.sort();
        for (let s = 0; s < m; ) {
          const bucket = Math.floor(packed[s] / scale);
          let e = s + 1;
          while (e < m && Math.floor(packed[e] / scale) === bucket) e++;
          // Each member against the bucket's first (a star) and its neighbour (a chain): linear
          // in the bucket's size however large it grows, instead of every pair.
          const head = packed[s] % scale;
          for (let j = s + 1; j < e; j++) {
            const x = packed[j] % scale;
            tryJoin(head, x);
            if (j - 1 > s) tryJoin(packed[j - 1] % scale, x);
          }
          s = e;
        }
      }
      const groups = new Map<number, number[]>();
      for (const i of [...subset].sort((a, b) => a - b)) {
        const r = find(i);
        const g = groups.get(r);
        if (g) g.push(i);
        else groups.set(r, [i]);
      }
      return [...groups.values()];
    },
  };
}
