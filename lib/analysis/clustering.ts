// Suggests clusters of accounts from their linking signals, with the reason for every link. Pure.
//
// Every shared value is weighed by how rare it is in the case: weight = base(kind) / (1 + k / K(kind))
// for a value held by k accounts. A payment card shared by 40 accounts keeps most of its base
// strength (0.95 / (1 + 40/1000) = 0.91), one shared by 300 still ties them alone (0.73), one
// shared by 8,000 is more likely a placeholder or a reseller's card (0.11, under FLOOR: no
// evidence); an ASN with a user agent shared by 8,000 accounts keeps almost nothing
// (0.45 / (1 + 8000/40) = 0.002). Then:
//   - a value whose weight reaches STRONG ties its holders directly (a star of links to the
//     first holder: O(k) links, not O(k²)). STRONG equals LINK, so this is exactly what the pair
//     rule below would decide for each of the k² pairs, done in O(k);
//   - moderate values tie a pair only together: per pair, the confidence is the noisy-OR
//     1 − Π(1 − w) over the distinct values the two share (of creation bursts only the strongest:
//     several runs holding one pair are one observation), and the pair is linked when it reaches
//     LINK. Pairs are proposed only by moderate values held by at most PAIR_CAP accounts, rarest
//     first while Σ k(k − 1)/2 stays within MAX_PAIRS, and only between accounts not already tied,
//     so the work stays bounded (pair-weights.ts, without a map of pairs); a moderate value that
//     proposes nothing still adds its weight to a pair something rarer proposed;
//   - a value below FLOOR (0.15) counts for nothing: noisy-OR takes values as independent, and
//     many common ones (a cloud /24, its ASN, popular templates) are not, so their crumbs must not
//     add up to a tie. Values under FLOOR or over PAIR_CAP are counted in
//     stats.weakValuesIgnored: this is what keeps a common ASN or user agent from gluing actors
//     into one cluster.
// Clusters are the connected components of the links (union-find, strong values first, then pairs
// strongest first). Each link is recorded as made: the pair, the signal, the shared value, how many
// accounts share it, its weight and the pair's confidence (every value the two share, noisy-OR).
// A cluster's confidence is the mean confidence of the ties that made it (one per member after the
// first, however many values name it). Output is deterministic: the same accounts in any order give
// the same result.
import { pairsOf, ROLE, weighPairs } from "./pair-weights";
import { burstRuns, isAsn, signalValues, BURST_DEFAULTS, type TAccountInput, type TBurstOptions, type TSignalKind } from "./signals";
import { UnionFind } from "./union-find";

export type { TAccountInput, TSignalKind } from "./signals";

export type TLink = { from: string; to: string; kind: TSignalKind; value: string; sharedBy: number; weight: number; confidence: number };

export type TClusterSignal = { kind: TSignalKind; value: string; members: number; sharedBy: number; weight: number };

export type TSuggestedCluster = { members: string[]; links: TLink[]; signals: TClusterSignal[]; confidence: number };

export type TClusterOptions = {
  /** Strength of a value of each kind held by two accounts, before rarity. */
  base: Record<TSignalKind, number>;
  /** Holders at which a value of each kind has lost half its strength. */
  halfAt: Record<TSignalKind, number>;
  /** A value this strong ties its holders by itself (a star of links). */
  strong: number;
  /** A pair whose combined confidence reaches this is linked. */
  link: number;
  /** A value weaker than this is no evidence at all. */
  floor: number;
  /** A moderate value proposes its holders' pairs only up to this many holders. */
  pairCap: number;
  /** Most pairs moderate values may propose in one run (Σ k(k − 1)/2): the bound on the work. */
  maxPairs: number;
  /** Smallest cluster reported. */
  minSize: number;
  burst: TBurstOptions;
};

export const CLUSTER_DEFAULTS: TClusterOptions = {
  base: { payment_fingerprint: 0.95, organization_id: 0.9, creation_burst: 0.6, ip_prefix: 0.55, template_family: 0.5, asn_user_agent: 0.45 },
  // Cards and organizations: a ring of a few hundred accounts on one card or in one organization
  // is the campaign itself, so they stay strong (≥ STRONG) up to about 350 and 280 holders.
  halfAt: { payment_fingerprint: 1000, organization_id: 1000, creation_burst: 200, ip_prefix: 60, template_family: 100, asn_user_agent: 40 },
  // Moderate values must agree to pass LINK: a /24 and an ASN + user agent held by just the two
  // accounts do (0.53, 0.43 → 0.73); held by ten accounts each they do not (0.47, 0.36 → 0.66)
  // without a third value, such as the burst they were opened in.
  strong: 0.7,
  link: 0.7,
  // Noisy-OR treats values as independent, and common ones are not (a cloud /24 implies its ASN,
  // popular templates travel together): crumbs of 0.05–0.12 would add up past LINK between two
  // actors that merely use the same cloud and templates. At 0.15 a template family counts up to
  // ~230 holders, an ASN + user agent up to ~80, a card or organization up to ~5,000.
  floor: 0.15,
  // 150 holders make 11,175 pairs; at that size an IP /24 or template family is already weak.
  pairCap: 150,
  // The 25,000-account fixture proposes under 1 M. A case shaped to hurt (every account in 40
  // template families of 150) would propose 70 M and take minutes; at 5 M it takes a few seconds,
  // and the values left out still add their weight to the pairs that are weighed.
  maxPairs: 5_000_000,
  minSize: 2,
  burst: BURST_DEFAULTS,
};

export function valueWeight(kind: TSignalKind, holders: number, o: TClusterOptions = CLUSTER_DEFAULTS): number {
  return holders < 2 ? 0 : o.base[kind] / (1 + holders / o.halfAt[kind]);
}

type TValue = { kind: TSignalKind; value: string; holders: number[]; weight: number };

// Bursts are looked for among the holders of an IP network, of an ASN with a user agent, and of an
// ASN alone (an actor that rotates user agents still opens its accounts together on one network).
const BURST_FROM: readonly TSignalKind[] = ["asn_user_agent", "ip_prefix"];

function iso(ms: number) {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** Every shared value of the case, with its holders (indexes into the sorted accounts). */
function collectValues(accounts: readonly TAccountInput[], o: TClusterOptions): TValue[] {
  const byKey = new Map<string, { kind: TSignalKind; value: string; holders: number[] }>();
  const byAsn = new Map<number, number[]>();
  accounts.forEach((a, i) => {
    for (const v of signalValues(a)) {
      const key = `${v.kind}\u0000${v.value}`;
      const e = byKey.get(key) ?? { kind: v.kind, value: v.value, holders: [] };
      e.holders.push(i);
      byKey.set(key, e);
    }
    if (isAsn(a.asn)) {
      const g = byAsn.get(a.asn);
      if (g) g.push(i);
      else byAsn.set(a.asn, [i]);
    }
  });
  // A loop, not Math.max(...times): spreading 100,000+ arguments overflows the stack.
  let first = Infinity;
  let last = -Infinity;
  for (const a of accounts) {
    if (a.createdAt < first) first = a.createdAt;
    if (a.createdAt > last) last = a.createdAt;
  }
  const caseSpan = accounts.length ? last - first : 0;
  const groups = [
    ...[...byKey.values()].filter((e) => BURST_FROM.includes(e.kind)).map((e) => ({ label: e.value, holders: e.holders })),
    ...[...byAsn.entries()].map(([asn, holders]) => ({ label: `AS${asn}`, holders })),
  ];
  // One run is often seen from several groups (its IP network, its ASN with the user agent, its
  // ASN): keep it once, named after the smallest group, where it is the most telling.
  const bursts = new Map<string, TValue & { group: number }>();
  // Accounts in creation order once; a group is put in that order by sorting its ranks (numbers in
  // a typed array, far cheaper than comparing accounts' times for each of the 25,000 × 3 holders).
  const order = Int32Array.from(accounts.keys()).sort((x, y) => accounts[x].createdAt - accounts[y].createdAt || x - y);
  const rank = new Int32Array(accounts.length);
  order.forEach((i, r) => (rank[i] = r));
  for (const g of groups) {
    if (g.holders.length < o.burst.minAccounts) continue;
    const ranks = Int32Array.from(g.holders, (i) => rank[i]).sort();
    const times = Float64Array.from(ranks, (r) => accounts[order[r]].createdAt);
    for (const r of burstRuns(times, caseSpan, o.burst)) {
      const minutes = Math.max(1, Math.round((times[r.end - 1] - times[r.start]) / 60_000));
      const value = `${g.label} · ${r.end - r.start} accounts created ${iso(times[r.start])}Z within ${minutes} min`;
      const holders = Array.from(ranks.subarray(r.start, r.end), (x) => order[x]).sort((x, y) => x - y);
      const key = holders.join(",");
      const seen = bursts.get(key);
      if (!seen || g.holders.length < seen.group || (g.holders.length === seen.group && value < seen.value))
        bursts.set(key, { kind: "creation_burst", value, holders, weight: 0, group: g.holders.length });
    }
  }
  const all: TValue[] = [
    ...[...byKey.values()].filter((e) => e.holders.length >= 2).map((e) => ({ ...e, weight: 0 })),
    ...[...bursts.values()].map(({ group: _group, ...b }) => b),
  ];
  for (const v of all) v.weight = valueWeight(v.kind, v.holders.length, o);
  // Strongest first, then a fixed order, so links and names never depend on input order.
  return all.sort((a, b) => b.weight - a.weight || cmp(a.kind, b.kind) || cmp(a.value, b.value));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A pair's confidence from the values the two share: noisy-OR, 1 − Π(1 − w), as if each value were
 * independent evidence. Creation bursts are not independent of one another (two runs that hold the
 * same pair say one thing: they were opened together), so only the strongest burst counts. Returns
 * the values that counted, which are the pair's recorded links.
 */
export function combine<T extends { kind: TSignalKind; weight: number }>(shared: readonly T[]): { confidence: number; counted: T[] } {
  let burst: T | null = null;
  const counted: T[] = [];
  for (const v of shared) {
    if (v.kind !== "creation_burst") counted.push(v);
    else if (!burst || v.weight > burst.weight) burst = v;
  }
  if (burst) counted.push(burst);
  return { confidence: 1 - counted.reduce((p, v) => p * (1 - v.weight), 1), counted };
}

export function suggestClusters(input: readonly TAccountInput[], options: Partial<TClusterOptions> = {}) {
  const o: TClusterOptions = { ...CLUSTER_DEFAULTS, ...options };
  const accounts = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Two rows with one id would make the order, and so the output, depend on the input's order.
  for (let i = 1; i < accounts.length; i++) if (accounts[i].id === accounts[i - 1].id) throw new Error(`suggestClusters: account ${accounts[i].id} is given twice`);
  const values = collectValues(accounts, o);
  const n = accounts.length;
  // Evidence: every value at or above FLOOR counts towards the confidence of a pair that shares it.
  // Proposing pairs is narrower: a strong value ties its holders itself; a moderate one proposes
  // its holders' pairs only if it has at most PAIR_CAP holders (past that the pairs are too many,
  // and each says little). A moderate value over the cap still adds its weight to pairs that
  // something rarer proposed: a card shared by 500 (0.63) with a rare template family is a tie.
  const evidence = values.filter((v) => v.weight >= o.floor);
  const { role, overBudget } = assignRoles(evidence, o);
  const { held, sharedEvidence } = evidenceIndex(n, evidence);

  const uf = new UnionFind(n);
  const unions: TUnion[] = [];
  evidence.forEach((v, vi) => {
    if (role[vi] !== ROLE.strong) return;
    const [first, ...rest] = v.holders;
    for (const i of rest) if (uf.union(first, i)) unions.push({ a: first, b: i, confidence: sharedEvidence(first, i).confidence, why: [v] });
  });
  // Pairs that moderate values tie, between accounts not already tied; weighed again exactly from
  // the values the two share, which are then the pair's links.
  const tied = weighPairs(n, evidence, role, held, (i) => uf.find(i), o.link)
    .map((p) => {
      const { confidence, counted } = sharedEvidence(p.a, p.b);
      return { a: p.a, b: p.b, confidence, why: counted };
    })
    .filter((p) => p.confidence >= o.link);
  // Strongest pairs first, so each union is made by the best tie available (Kruskal's order).
  tied.sort((p, q) => q.confidence - p.confidence || p.a - q.a || p.b - q.b);
  for (const p of tied) if (uf.union(p.a, p.b)) unions.push(p);

  const clusters = describeClusters(accounts, values, uf, unions, o);
  return {
    clusters,
    stats: {
      accounts: n,
      values: values.length,
      // Values that tie nothing by themselves: under FLOOR, or moderate with more than PAIR_CAP holders.
      weakValuesIgnored: values.length - evidence.length + evidence.filter((v) => v.weight < o.strong && v.holders.length > o.pairCap).length,
      // Moderate values that would have proposed pairs but did not fit MAX_PAIRS (0 in any ordinary case).
      valuesOverPairBudget: overBudget,
      pairsTied: tied.length,
      links: clusters.reduce((s, c) => s + c.links.length, 0),
    },
  };
}

/** A union joins two groups; its links are the values that justify it (one for a strong value,
 *  each counted value for a pair), all with the pair's confidence. */
type TUnion = { a: number; b: number; confidence: number; why: TValue[] };

/** Proposing values, rarest first, while the pairs they make fit the budget: the rest only add
 *  weight. Deterministic (values are in a fixed order), and bounded however the case is shaped. */
function assignRoles(evidence: readonly TValue[], o: TClusterOptions) {
  const role = new Uint8Array(evidence.length).fill(ROLE.evidence);
  let budget = o.maxPairs;
  let overBudget = 0;
  evidence.forEach((v, vi) => {
    if (v.weight >= o.strong) role[vi] = ROLE.strong;
    else if (v.holders.length <= o.pairCap) {
      if (pairsOf(v.holders.length) <= budget) {
        role[vi] = ROLE.proposing;
        budget -= pairsOf(v.holders.length);
      } else overBudget++;
    }
  });
  return { role, overBudget };
}

/** Each account's evidence, as ascending indexes into `evidence`, to intersect two of them fast. */
function evidenceIndex(n: number, evidence: readonly TValue[]) {
  const held: number[][] = Array.from({ length: n }, () => []);
  evidence.forEach((v, vi) => {
    for (const i of v.holders) held[i].push(vi);
  });
  const sharedEvidence = (a: number, b: number) => {
    const out: TValue[] = [];
    const x = held[a];
    const y = held[b];
    for (let i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] === y[j]) {
        out.push(evidence[x[i]]);
        i++;
        j++;
      } else if (x[i] < y[j]) i++;
      else j++;
    }
    return combine(out);
  };
  return { held, sharedEvidence };
}

/** The groups the unions made, at least minSize strong, each with its links and what its members share. */
function describeClusters(accounts: readonly TAccountInput[], values: readonly TValue[], uf: UnionFind, unions: readonly TUnion[], o: TClusterOptions): TSuggestedCluster[] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < accounts.length; i++) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const unionsByRoot = new Map<number, TUnion[]>();
  for (const u of unions) {
    const r = uf.find(u.a);
    const list = unionsByRoot.get(r);
    if (list) list.push(u);
    else unionsByRoot.set(r, [u]);
  }
  // What each account holds, weak values included: a cluster lists what its members share, a
  // common ASN with its true, tiny weight too.
  const heldAll: TValue[][] = accounts.map(() => []);
  for (const v of values) for (const i of v.holders) heldAll[i].push(v);
  const clusters: TSuggestedCluster[] = [];
  for (const [root, members] of groups) {
    if (members.length < Math.max(2, o.minSize)) continue;
    const own = unionsByRoot.get(root) ?? [];
    const shared = new Map<TValue, number>();
    for (const i of members) for (const v of heldAll[i]) shared.set(v, (shared.get(v) ?? 0) + 1);
    const signals = [...shared.entries()]
      .filter(([, count]) => count >= 2)
      .map(([v, count]) => ({ kind: v.kind, value: v.value, members: count, sharedBy: v.holders.length, weight: round(v.weight) }))
      .sort((a, b) => b.weight - a.weight || b.members - a.members || cmp(a.kind, b.kind) || cmp(a.value, b.value))
      .slice(0, 20);
    clusters.push({
      members: members.map((i) => accounts[i].id),
      links: own.flatMap((u) =>
        u.why.map((v) => ({ from: accounts[u.a].id, to: accounts[u.b].id, kind: v.kind, value: v.value, sharedBy: v.holders.length, weight: round(v.weight), confidence: round(u.confidence) })),
      ),
      signals,
      // The mean over the ties that made the cluster, one per account tied in, however many values
      // a tie names (a pair tied by three values is one tie, not three).
      confidence: round(own.reduce((s, u) => s + u.confidence, 0) / Math.max(1, own.length)),
    });
  }
  clusters.sort((a, b) => b.members.length - a.members.length || (a.members[0] < b.members[0] ? -1 : 1));
  return clusters;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
