// Groups near-duplicate prompts into template families: the "industrial-scale, repetitive
// template" signal. Exact duplicates (after normalisation) collapse first; MinHash/LSH candidates,
// verified by estimated Jaccard, are joined with union-find; each component is then peeled
// around its consensus so shared slot text cannot chain templates together. Pure, and
// independent of input order.

import { lshIndex } from "./lsh";
import { MINHASH_DEFAULTS, bandKeys, normalisePrompt, resolveMinhashOptions, signatureId, signer, type TMinhashOptions } from "./minhash";

export type TPromptInput = { id: string; text: string };

export type TFamilyOptions = TMinhashOptions & {
  /** Estimated Jaccard (share of agreeing signature positions) a candidate pair needs to join. */
  threshold: number;
  /** Families with fewer prompts (duplicates count) are not reported. */
  minSize: number;
};

// threshold 0.4: on the fixture, pairs of fills of one template have median 0.43 (10th
// percentile 0.30), pairs from different templates a 99th percentile of 0.07 and a maximum of
// 0.25. A family needs connecting, not every pair above the bar, so the bar sits well clear of
// the unrelated tail. minSize 5: fewer repeats than that is what one user retrying looks like.
export const FAMILY_DEFAULTS: TFamilyOptions = { ...MINHASH_DEFAULTS, threshold: 0.4, minSize: 5 };

export type TFamily = {
  /**
   * Digest of the representative's signature: the same input gives the same key, and no two
   * families in one result share one. It changes when the representative does; to follow a
   * family across runs or cases, match band keys.
   */
  key: string;
  /** Prompts in the family, duplicates included (members.length). */
  size: number;
  /** Distinct prompts after normalisation. */
  distinct: number;
  /** Prompt ids, sorted. */
  members: string[];
  /** The member whose signature agrees most with the family's per-position consensus. */
  representative: string;
  /** The member least like the representative: diffing the two shows what the template varies. */
  contrast: string;
  /**
   * LSH band keys of the family's consensus signature, which approximates the template's fixed
   * text: another case using the same template shares most of them whatever it put in the
   * slots, where one member's keys would match another case's with odds near a coin toss.
   */
  bandKeys: string[];
};

export type TFamilyStats = {
  prompts: number;
  distinct: number;
  /** Candidate pairs from LSH buckets that were checked against the threshold. */
  candidates: number;
  /** Checked pairs that passed and were joined. */
  joined: number;
  families: number;
  largest: number;
};

export type TFamilyResult = { families: TFamily[]; unassigned: number; stats: TFamilyStats };

function resolveOptions(options?: Partial<TFamilyOptions>): TFamilyOptions {
  const o = { ...FAMILY_DEFAULTS, ...options, ...resolveMinhashOptions(options) };
  if (!(o.threshold >= 0 && o.threshold <= 1)) throw new RangeError("threshold must be between 0 and 1");
  if (!(Number.isInteger(o.minSize) && o.minSize >= 1)) throw new RangeError("minSize must be a positive integer");
  return o;
}

export function groupTemplates(prompts: TPromptInput[], options?: Partial<TFamilyOptions>): TFamilyResult {
  const o = resolveOptions(options);
  const k = o.hashes;

  // Exact duplicates collapse to one distinct text before any hashing, so 100,000 copies of one
  // prompt cost 100,000 normalisations and one signature, and never fill an LSH bucket.
  const byText = new Map<string, string[]>();
  for (const p of prompts) {
    const t = normalisePrompt(p.text);
    const ids = byText.get(t);
    if (ids) ids.push(p.id);
    else byText.set(t, [p.id]);
  }
  // Everything after works in sorted-text order, which is what makes the output independent of
  // input order: the same buckets, the same pairs checked, the same ties broken.
  const texts = [...byText.keys()].sort();
  const n = texts.length;
  const ids = texts.map((t) => byText.get(t)!.sort());

  const sign = signer(o);
  const sigs = new Uint32Array(n * k);
  for (let i = 0; i < n; i++) sigs.set(sign(texts[i]), i * k);

  const weight = ids.map((x) => x.length);
  const minAgree = Math.ceil(o.threshold * k - 1e-9);
  const index = lshIndex(sigs, k, o.bands, minAgree);

  // Pairwise joining alone chains: "Can you {task}?" sits at Jaccard ~0.45 to the fills of every
  // template that uses the same task, and would weld them all into one family (it did, on the
  // fixture: 24 of 30 templates in one). So each component is peeled: the members that agree
  // with its consensus signature (≈ the template's fixed text) are one family.
  const families: TFamily[] = [];
  let assigned = 0;
  const weightOf = (members: number[]) => members.reduce((sum, i) => sum + weight[i], 0);
  const emit = (members: number[], consensus?: Uint32Array): boolean => {
    const size = weightOf(members);
    if (size < o.minSize) return false;
    assigned += size;
    families.push(describe(members, ids, sigs, k, o.bands, consensus ?? consensusOf(members, sigs, k)));
    return true;
  };
  // Peeling repeats on what is left while it keeps yielding families: an agreement pass is far
  // cheaper than re-bucketing. When it yields only scraps, what is left is split into components
  // afresh (the bridges that held it together are gone), and those are peeled in turn. A
  // component whose very first peel yields scraps has no dominant template: it stands as
  // single-linkage found it. So every re-split follows a reported family; and should crafted
  // input still make that quadratic, once the texts handled add up to PEEL_BUDGET passes over
  // the input, components are reported as they stand.
  let budget = PEEL_BUDGET * n;
  const queue: number[][] = [Array.from({ length: n }, (_, i) => i)];
  for (let subset = queue.pop(); subset; subset = queue.pop()) {
    budget -= subset.length;
    for (const comp of index.components(subset)) {
      let left = comp;
      while (left.length > 1 && budget >= 0) {
        budget -= left.length;
        const { core, rest, consensus } = peel(left, sigs, k, minAgree);
        if (left === comp && weightOf(core) < o.minSize) break;
        if (!emit(core, consensus)) {
          if (rest.length) queue.push(rest);
          left = [];
          break;
        }
        left = rest;
      }
      if (left.length) emit(left);
    }
  }
  families.sort((a, b) => b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    families,
    unassigned: prompts.length - assigned,
    stats: { prompts: prompts.length, distinct: n, ...index.counts(), families: families.length, largest: families[0]?.size ?? 0 },
  };
}

// Consensus from at most this many distinct members, evenly spread over the component: enough
// for the template's fixed text to win each position's vote, and bounded for families of 50,000.
const CONSENSUS_SAMPLE = 256;
// See groupTemplates: at most this many passes over the input, in total, go to peeling.
const PEEL_BUDGET = 64;
// Re-centring a peel's consensus settles in two or three rounds, and needs only a sample.
const REFINE_ROUNDS = 4;
const REFINE_SAMPLE = 2048;

function agreement(sigs: Uint32Array, offset: number, other: Uint32Array, k: number): number {
  let same = 0;
  for (let p = 0; p < k; p++) if (sigs[offset + p] === other[p]) same++;
  return same;
}

/**
 * Per position, the value most distinct members have (ties to the smaller value). Slot text
 * varies from fill to fill and splits its vote, so the winner is mostly the template's own
 * minimum: the consensus approximates the signature of the fixed text. One vote per distinct
 * text, not per prompt: a fill retried 3,000 times would otherwise become the centre, and fills
 * unlike it would be cut away.
 */
function consensusOf(members: number[], sigs: Uint32Array, k: number): Uint32Array {
  const sample = spread(members, CONSENSUS_SAMPLE);
  const consensus = new Uint32Array(k);
  const votes = new Map<number, number>();
  for (let p = 0; p < k; p++) {
    votes.clear();
    let best = 0;
    let bestVotes = 0;
    for (const i of sample) {
      const v = sigs[i * k + p];
      const c = (votes.get(v) ?? 0) + 1;
      votes.set(v, c);
      if (c > bestVotes || (c === bestVotes && v < best)) [best, bestVotes] = [v, c];
    }
    consensus[p] = best;
  }
  return consensus;
}

/** Up to `max` members, evenly spread (members are in text order, so this is no bias). */
function spread(members: number[], max: number): number[] {
  if (members.length <= max) return members;
  const step = members.length / max;
  return Array.from({ length: max }, (_, j) => members[Math.floor(j * step)]);
}

/**
 * The family at the heart of a component. A mixed component's consensus is itself a blend, so
 * few members clear the pair bar against it; the consensus of those few is the dominant
 * template's, which its fills clear easily (mode-seeking, as k-modes with one centre). Then
 * membership: agreeing with the centre measures how much of a prompt is the template's fixed
 * text, and a fill whose slot text is long can share half as much with the centre as two fills
 * share with each other, so membership asks half the pair bar.
 */
function peel(comp: number[], sigs: Uint32Array, k: number, minAgree: number) {
  const sample = spread(comp, REFINE_SAMPLE);
  let consensus = consensusOf(sample, sigs, k);
  let previous = -1;
  for (let round = 0; round < REFINE_ROUNDS; round++) {
    let seeds = sample.filter((i) => agreement(sigs, i * k, consensus, k) >= minAgree);
    // No one near the blend (a loose chain): the members nearest it are the centre.
    if (seeds.length === 0) seeds = nearest(sample, sigs, k, consensus);
    if (seeds.length === sample.length || seeds.length === previous) break;
    previous = seeds.length;
    consensus = consensusOf(seeds, sigs, k);
  }
  const bar = Math.ceil(minAgree / 2);
  const core: number[] = [];
  const rest: number[] = [];
  for (const i of comp) (agreement(sigs, i * k, consensus, k) >= bar ? core : rest).push(i);
  if (core.length === 0) {
    const centre = new Set(nearest(comp, sigs, k, consensus));
    return { core: comp.filter((i) => centre.has(i)), rest: comp.filter((i) => !centre.has(i)), consensus };
  }
  return { core, rest, consensus };
}

/**
 * The members agreeing most with `consensus`, all of them on a tie: texts with one signature
 * must never be parted, or two families could get one key (the store requires it unique).
 */
function nearest(members: number[], sigs: Uint32Array, k: number, consensus: Uint32Array): number[] {
  let best: number[] = [];
  let bestScore = -1;
  for (const i of members) {
    const s = agreement(sigs, i * k, consensus, k);
    if (s > bestScore) [best, bestScore] = [[i], s];
    else if (s === bestScore) best.push(i);
  }
  return best;
}

/** Representative, contrast, key and band keys of one family (distinct indices ascending). */
function describe(members: number[], ids: string[][], sigs: Uint32Array, k: number, bands: number, consensus: Uint32Array): TFamily {
  const sigOf = (i: number) => sigs.subarray(i * k, (i + 1) * k);
  // Medoid, cheaply: the member agreeing most with the consensus; ties to the more sent, then
  // the first in text order.
  let rep = members[0];
  let repScore = -1;
  for (const i of members) {
    const s = agreement(sigs, i * k, consensus, k);
    if (s > repScore || (s === repScore && ids[i].length > ids[rep].length)) [rep, repScore] = [i, s];
  }
  // Contrast: the distinct text agreeing least with the representative; with only one distinct
  // text, another copy of it (the diff then shows only what normalisation hid: digits, spacing).
  let contrast = ids[rep][ids[rep].length > 1 ? 1 : 0];
  let low = k + 1;
  const repSig = sigOf(rep);
  for (const i of members) {
    if (i === rep) continue;
    const s = agreement(sigs, i * k, repSig, k);
    if (s < low) [low, contrast] = [s, ids[i][0]];
  }
  const all: string[] = [];
  for (const i of members) for (const id of ids[i]) all.push(id);
  all.sort();
  return {
    key: signatureId(repSig),
    size: all.length,
    distinct: members.length,
    members: all,
    representative: ids[rep][0],
    contrast,
    bandKeys: bandKeys(consensus, { bands }),
  };
}
