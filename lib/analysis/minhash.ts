// MinHash signatures and LSH band keys for prompts: the same text and options give the same
// numbers on every machine and run, because band keys are compared across cases. Pure.

export type TMinhashOptions = {
  /** Tokens per shingle: words, or single characters in scripts written without spaces. */
  shingle: number;
  /** Signature length: more hashes, a tighter Jaccard estimate (sd ≈ √(J(1−J)/hashes)). */
  hashes: number;
  /** LSH bands; `hashes` must be a multiple. Rows per band = hashes / bands. */
  bands: number;
  seed: number;
};

// 3-token shingles: prompts are short (tens of words), so longer shingles leave too few shared
// ones to see a template through its filled-in slots, while 2-token ones ("of the", "step by")
// lift unrelated prompts. Measured on the fixture, pairs from different templates: 99th
// percentile 0.10 with 2, 0.07 with 3, 0.06 with 4; same template, median 0.45, 0.43, 0.40.
// 128 hashes in 32 bands of 4 rows: a pair at Jaccard 0.5 becomes a candidate with p ≈ 0.87, at
// 0.3 with p ≈ 0.23, at 0.1 with p ≈ 0.003 (1−(1−J⁴)³²); the estimate's sd is ≤ 0.044.
export const MINHASH_DEFAULTS: TMinhashOptions = { shingle: 3, hashes: 128, bands: 32, seed: 1 };

/**
 * Lowercase (String#toLowerCase is locale-independent, unlike toLocaleLowerCase), NFKC so
 * full-width and compatibility forms match their plain ones, every run of digits masked to "0"
 * so "task #4812" and "task #17" read alike, whitespace collapsed. Also the exact-duplicate key.
 */
export function normalisePrompt(text: string): string {
  // Only runs of two or more, and lone tabs or newlines: replacing every single space with
  // itself was the slowest step of all.
  return text.normalize("NFKC").toLowerCase().replace(/\p{Nd}+/gu, "0").replace(/\s{2,}|[^\S ]/gu, " ").trim();
}

// Scripts written without spaces between words: each character is a token, so shingles there
// are character n-grams. A dictionary segmenter (Intl.Segmenter) would give real words, but its
// output depends on the ICU build, and band keys must not change between machines. (Script
// properties and NFKC do follow the engine's Unicode version, but Unicode keeps both stable for
// characters already assigned; only text using newly encoded characters could hash differently.)
const NO_SPACE = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}";
// One no-space character | one emoji | a run of letters, marks and digits from other scripts
// (Latin, Cyrillic, Arabic, Hebrew, Hangul, ...). Punctuation and spaces separate tokens only.
// The "v" flag (set subtraction) is built at run time: TypeScript rejects it below ES2024.
const TOKEN = new RegExp(`[${NO_SPACE}]|\\p{Extended_Pictographic}|[[\\p{L}\\p{M}\\p{N}]--[${NO_SPACE}]]+`, "gv");

/** The tokens shingles are made of, from an already normalised text. */
export function tokenise(normalised: string): string[] {
  return normalised.match(TOKEN) ?? [];
}

/** murmur3's finaliser: a bijection on 32 bits with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with fmix32 (FNV's low bits mix poorly). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * The set of shingle hashes of a normalised text (may repeat; MinHash takes minima, so repeats
 * change nothing). A text shorter than one shingle is one shingle; a text with no tokens at all
 * (only punctuation) hashes whole, so "???" and "!!!" still differ.
 */
export function shingleHashes(normalised: string, shingle: number): Uint32Array {
  const tokens = tokenise(normalised);
  if (tokens.length === 0) return Uint32Array.of(hashString(normalised));
  const th = tokens.map(hashString);
  const n = Math.max(1, th.length - shingle + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // Chained through the mixer, so the order of tokens inside a shingle counts.
    let h = 0x9747b28c;
    const end = Math.min(th.length, i + shingle);
    for (let j = i; j < end; j++) h = fmix32(h ^ th[j]);
    out[i] = h;
  }
  return out;
}

// One mixer, k keys: permutation i is x ↦ fmix32(x ⊕ key_i). fmix32 is a bijection, so each is
// a true permutation of 32-bit values, it costs a handful of integer ops (the (a·x+b) mod p
// family needs 64-bit products, slow in JS), and the estimate is checked in the tests.
function permutationKeys(hashes: number, seed: number): Uint32Array {
  const keys = new Uint32Array(hashes);
  for (let i = 0; i < hashes; i++) keys[i] = fmix32((Math.imul(seed, 0x9e3779b1) + Math.imul(i + 1, 0x7feb352d)) | 0);
  return keys;
}

export function resolveMinhashOptions(opts?: Partial<TMinhashOptions>): TMinhashOptions {
  const o = { ...MINHASH_DEFAULTS, ...opts };
  if (!(Number.isInteger(o.shingle) && o.shingle >= 1)) throw new RangeError("shingle must be a positive integer");
  if (!(Number.isInteger(o.hashes) && o.hashes >= 1)) throw new RangeError("hashes must be a positive integer");
  if (!(Number.isInteger(o.bands) && o.bands >= 1 && o.hashes % o.bands === 0)) throw new RangeError("bands must divide hashes");
  if (!Number.isInteger(o.seed)) throw new RangeError("seed must be an integer");
  return o;
}

/** A signer for many texts: options checked and permutation keys made once. */
export function signer(opts?: Partial<TMinhashOptions>): (normalised: string) => Uint32Array {
  const o = resolveMinhashOptions(opts);
  const keys = permutationKeys(o.hashes, o.seed);
  return (normalised) => {
    const sig = new Uint32Array(o.hashes);
    const shingles = shingleHashes(normalised, o.shingle);
    const n = shingles.length;
    // Permutation outside, shingles inside: the running minimum stays in a register.
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let min = 0xffffffff;
      for (let s = 0; s < n; s++) {
        // fmix32 inlined: this loop is where the time goes.
        let h = shingles[s] ^ key;
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h = (h ^ (h >>> 16)) >>> 0;
        if (h < min) min = h;
      }
      sig[i] = min;
    }
    return sig;
  };
}

/** MinHash signature of a raw prompt. */
export function minhashSignature(text: string, opts?: Partial<TMinhashOptions>): Uint32Array {
  return signer(opts)(normalisePrompt(text));
}

/** Fraction of positions where two signatures agree: an unbiased estimate of Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError("signatures of different lengths");
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}

/**
 * Band b's hash as two independent 32-bit lanes, over rows [b·rows, (b+1)·rows) of the signature
 * starting at `offset`; the band number is mixed in so equal rows in different bands don't
 * collide. Lane one alone buckets candidates (a collision only costs a verification); both
 * lanes make the 64-bit public key.
 */
export function bandHash(sigs: Uint32Array, band: number, rows: number, offset = 0): [number, number] {
  let h1 = fmix32(0x1b873593 ^ band);
  let h2 = fmix32(0x5bd1e995 + band);
  for (let j = offset + band * rows, end = j + rows; j < end; j++) {
    h1 = fmix32(h1 ^ sigs[j]);
    h2 = fmix32(Math.imul(h2 ^ sigs[j], 0xcc9e2d51) + 0x9e3779b9);
  }
  return [h1, h2];
}

const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/**
 * One key per band, "band:16 hex digits". Two texts (from any case, in any order) share a key
 * when that band of their signatures is identical, which happens with probability J^rows. Keys
 * depend on the signature and bands only; changing shingle, hashes or seed changes every key.
 */
export function bandKeys(sig: Uint32Array, opts?: Partial<Pick<TMinhashOptions, "bands">>): string[] {
  const bands = opts?.bands ?? MINHASH_DEFAULTS.bands;
  if (!(Number.isInteger(bands) && bands >= 1 && sig.length % bands === 0)) throw new RangeError("bands must divide the signature length");
  const rows = sig.length / bands;
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    const [h1, h2] = bandHash(sig, b, rows);
    keys.push(`${b}:${hex8(h1)}${hex8(h2)}`);
  }
  return keys;
}

/** A 64-bit hex digest of a whole signature: the same signature, the same id. */
export function signatureId(sig: Uint32Array): string {
  let h1 = 0x2545f491;
  let h2 = 0x6a09e667;
  for (let i = 0; i < sig.length; i++) {
    h1 = fmix32(h1 ^ sig[i]);
    h2 = fmix32(Math.imul(h2 ^ sig[i], 0xcc9e2d51) + 0x9e3779b9);
  }
  return hex8(h1) + hex8(h2);
}
