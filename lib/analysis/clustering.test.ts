import { describe, expect, it } from "vitest";
import { rng } from "../demo/generate";
import { clusteringFixture } from "./clustering-fixture";
import { CLUSTER_DEFAULTS, suggestClusters, valueWeight, type TAccountInput, type TSuggestedCluster } from "./clustering";

const T0 = Date.parse("2026-04-22T00:00:00Z");
const acct = (id: string, extra: Partial<TAccountInput> = {}, at = 0): TAccountInput => ({ id, createdAt: T0 + at * 3_600_000, ...extra });
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`);

describe("valueWeight", () => {
  it("keeps a card shared by 40 accounts strong and makes an ASN + UA shared by 8,000 next to nothing", () => {
    expect(valueWeight("payment_fingerprint", 40)).toBeGreaterThan(0.9);
    expect(valueWeight("payment_fingerprint", 300)).toBeGreaterThan(0.7);
    expect(valueWeight("payment_fingerprint", 8000)).toBeLessThan(0.15);
    expect(valueWeight("asn_user_agent", 8000)).toBeLessThan(0.01);
    expect(valueWeight("payment_fingerprint", 1)).toBe(0);
    expect(valueWeight("ip_prefix", 10)).toBeGreaterThan(valueWeight("ip_prefix", 100));
  });
});

describe("suggestClusters", () => {
  it("links 40 accounts that share a payment card, and says why each one is in", () => {
    const card = ids("c", 40).map((id, i) => acct(id, { paymentFingerprint: "pf_9c2e0a" }, i * 7));
    const { clusters } = suggestClusters([...card, acct("lone", { paymentFingerprint: "pf_other" })]);
    expect(clusters).toHaveLength(1);
    const [c] = clusters;
    expect(c.members).toEqual(ids("c", 40));
    // Every member but the first is tied in by a recorded link, with its signal, value and figures.
    const tied = new Set(c.links.flatMap((l) => [l.from, l.to]));
    expect(c.members.every((m) => tied.has(m))).toBe(true);
    for (const l of c.links) {
      expect(l).toMatchObject({ kind: "payment_fingerprint", value: "pf_9c2e0a", sharedBy: 40 });
      expect(l.weight).toBeGreaterThan(0.8);
      expect(l.confidence).toBeGreaterThanOrEqual(l.weight);
    }
    expect(c.signals[0]).toMatchObject({ kind: "payment_fingerprint", value: "pf_9c2e0a", members: 40, sharedBy: 40 });
  });

  it("ties a ring of 300 accounts on one card, but not 8,000 accounts on a placeholder card", () => {
    const ring = ids("r", 300).map((id, i) => acct(id, { paymentFingerprint: "pf_ring" }, i));
    const placeholder = ids("p", 8000).map((id, i) => acct(id, { paymentFingerprint: "0000" }, i / 10));
    const { clusters, stats } = suggestClusters([...ring, ...placeholder]);
    expect(clusters.map((c) => c.members)).toEqual([ids("r", 300)]);
    expect(clusters[0].links).toHaveLength(299);
    expect(stats.weakValuesIgnored).toBe(1);
  });

  it("does not let a weak value shared by thousands merge two unrelated clusters", () => {
    const common = { asn: 16509, userAgent: "Mozilla/5.0 Chrome/126" };
    const r = rng(11);
    const a = ids("a", 30).map((id) => acct(id, { ...common, paymentFingerprint: "pf_A", signupIp: `203.0.113.${Math.floor(r() * 250)}` }, r() * 1000));
    const b = ids("b", 25).map((id) => acct(id, { ...common, paymentFingerprint: "pf_B", organizationId: "org_B" }, r() * 1000));
    const crowd = ids("x", 3000).map((id) => acct(id, { ...common, paymentFingerprint: `pf_${id}` }, r() * 1000));
    const { clusters, stats } = suggestClusters([...crowd, ...b, ...a]);
    expect(clusters.map((c) => c.members)).toEqual([ids("a", 30), ids("b", 25)]);
    expect(stats.weakValuesIgnored).toBeGreaterThanOrEqual(1);
    // The shared ASN + UA is listed as a signal the members share, with its true (tiny) weight.
    const weak = clusters[0].signals.find((s) => s.kind === "asn_user_agent");
    expect(weak?.sharedBy).toBe(3055);
    expect(weak?.weight).toBeLessThan(0.01);
  });

  it("does not let a pile of common values, with a burst both opened in, merge two actors", () => {
    // Two actors open 30 accounts each in the same ten minutes on the same cloud network, through
    // the same cloud /24 (440 accounts use it), with a browser 3,060 accounts send, two public
    // prompt templates hundreds use, and one jailbreak template both use. A pair across them
    // shares the burst (0.46), the jailbreak (0.31), and values each next to nothing; summed by
    // noisy-OR the crumbs would pass 0.7. Values under FLOOR are no evidence at all.
    const r = rng(4);
    const common = { asn: 16509, userAgent: "Mozilla/5.0 Chrome/126" };
    const cloud = () => `52.95.110.${Math.floor(r() * 250)}`;
    const crowd = ids("x", 3000).map((id, i) =>
      acct(id, { ...common, paymentFingerprint: `pf_${id}`, signupIp: i < 380 ? cloud() : `100.${i % 250}.${Math.floor(i / 250)}.1`, templateFamilies: i < 260 ? ["fam_public_1", "fam_public_2"] : [] }, r() * 45 * 24),
    );
    const actor = (p: string, extra: Partial<TAccountInput>, offset: number) =>
      ids(p, 30).map((id, i) => acct(id, { ...common, signupIp: cloud(), templateFamilies: ["fam_public_1", "fam_public_2", "fam_jailbreak"], ...extra }, 120 + (i * 20 + offset) / 3600));
    const a = actor("a", { paymentFingerprint: "pf_A" }, 0);
    const b = actor("b", { paymentFingerprint: "pf_B", organizationId: "org_B" }, 9);
    const { clusters } = suggestClusters([...crowd, ...a, ...b]);
    expect(clusters.map((c) => c.members)).toEqual([ids("a", 30), ids("b", 30)]);
    // The burst is there, holding both actors: it is what the floor keeps from tipping over.
    expect(clusters[0].signals.find((g) => g.kind === "creation_burst")?.sharedBy).toBeGreaterThanOrEqual(60);
    expect(suggestClusters([...crowd, ...a, ...b], { floor: 0.05 }).clusters).toHaveLength(1);
  });

  it("links a pair on two moderate signals together, never on one alone", () => {
    const ip = (id: string) => acct(id, { signupIp: "198.51.100.7", asn: 4134, userAgent: "httpx/0.27" });
    const onlyIp = (id: string, n: number) => acct(id, { signupIp: `192.0.2.${n}` });
    const { clusters } = suggestClusters([ip("p1"), ip("p2"), onlyIp("q1", 1), onlyIp("q2", 2)]);
    expect(clusters.map((c) => c.members)).toEqual([["p1", "p2"]]);
    const kinds = clusters[0].links.map((l) => l.kind).sort();
    expect(kinds).toEqual(["asn_user_agent", "ip_prefix"]);
    expect(clusters[0].links[0].confidence).toBeCloseTo(1 - (1 - clusters[0].links[0].weight) * (1 - clusters[0].links[1].weight), 3);
  });

  it("links accounts opened in a burst on a common network, but not the crowd around them", () => {
    const r = rng(5);
    const crowd = ids("x", 2000).map((id) => acct(id, { asn: 15169, userAgent: "Chrome", paymentFingerprint: `pf_${id}` }, r() * 45 * 24));
    const burst = ids("z", 15).map((id, i) => acct(id, { asn: 15169, userAgent: "Chrome", signupIp: "203.0.113.5" }, 100 + i / 60));
    const { clusters } = suggestClusters([...crowd, ...burst]);
    expect(clusters.map((c) => c.members)).toEqual([ids("z", 15)]);
    expect(clusters[0].signals.some((s) => s.kind === "creation_burst" && s.value.includes("15 accounts created"))).toBe(true);
  });

  it("refuses an account given twice, which would make the output depend on input order", () => {
    expect(() => suggestClusters([acct("a", { paymentFingerprint: "pf" }), acct("b"), acct("a")])).toThrow(/account a is given twice/);
  });

  it("copes with a case too big to spread into Math.max", () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ id: `m${i}`, createdAt: T0 + i * 1000 }));
    expect(suggestClusters(many).stats.accounts).toBe(200_000);
  });

  it("weighs a pair by a moderate value too common to propose pairs, once something rarer proposes it", () => {
    // A card on 500 accounts (a reseller's, 0.63) proposes no pairs: 124,750 of them, each saying
    // little. Two of its holders that also share a rare template family (0.49) are a tie (0.81).
    const reseller = ids("r", 500).map((id, i) => acct(id, { paymentFingerprint: "pf_reseller" }, i));
    reseller[3] = { ...reseller[3], templateFamilies: ["fam_rare"] };
    reseller[7] = { ...reseller[7], templateFamilies: ["fam_rare"] };
    const { clusters, stats } = suggestClusters(reseller);
    expect(clusters.map((c) => c.members)).toEqual([["r0003", "r0007"]]);
    expect(clusters[0].links.map((l) => [l.kind, l.sharedBy])).toEqual([
      ["payment_fingerprint", 500],
      ["template_family", 2],
    ]);
    expect(stats.weakValuesIgnored).toBe(1);
  });

  it("keeps the pair work within its budget, rarest values first, the rest still adding weight", () => {
    const pair = [
      acct("p1", { signupIp: "198.51.100.7", asn: 4134, userAgent: "httpx/0.27" }),
      acct("p2", { signupIp: "198.51.100.9", asn: 4134, userAgent: "httpx/0.27" }),
    ];
    const none = suggestClusters(pair, { maxPairs: 0 });
    expect(none.clusters).toEqual([]);
    expect(none.stats.valuesOverPairBudget).toBe(2);
    // Room for one value's pair: the /24 (0.53) proposes it, the ASN + user agent (0.43) adds its weight.
    const one = suggestClusters(pair, { maxPairs: 1 });
    expect(one.stats.valuesOverPairBudget).toBe(1);
    expect(one.clusters).toEqual(suggestClusters(pair).clusters);
    expect(one.clusters[0].links.map((l) => l.kind)).toEqual(["ip_prefix", "asn_user_agent"]);
  });

  it("gives a cluster the mean confidence of its ties, a tie named by three values counting once", () => {
    const { clusters } = suggestClusters([
      acct("A", { paymentFingerprint: "pf_x" }),
      acct("B", { paymentFingerprint: "pf_x", signupIp: "203.0.113.1", asn: 4134, userAgent: "httpx", templateFamilies: ["f"] }),
      acct("C", { signupIp: "203.0.113.2", asn: 4134, userAgent: "httpx", templateFamilies: ["f"] }, 100),
    ]);
    const [c] = clusters;
    expect(c.members).toEqual(["A", "B", "C"]);
    expect(c.links.map((l) => `${l.from}-${l.to} ${l.kind}`)).toEqual(["A-B payment_fingerprint", "B-C ip_prefix", "B-C template_family", "B-C asn_user_agent"]);
    const ab = c.links[0].confidence;
    const bc = c.links[1].confidence;
    expect(c.confidence).toBeCloseTo((ab + bc) / 2, 3);
  });

  it("counts a burst once per pair, though the run shows among its network's and its ASN's holders", () => {
    // A /24 shared by 150 accounts over 45 days (a campus NAT), on a network with a browser
    // thousands share; six of them sign up within ten minutes. Seen from the /24, from the ASN with
    // the user agent and from the ASN, it is one observation: opened together. With the /24 that
    // is 1 − (1 − 0.16)(1 − 0.58) ≈ 0.65, short of a link; counted thrice it would pass.
    const r = rng(21);
    const common = { asn: 15169, userAgent: "Chrome/126" };
    const crowd = ids("x", 2000).map((id) => acct(id, { ...common, paymentFingerprint: `pf_${id}` }, r() * 45 * 24));
    const campus = ids("n", 144).map((id) => acct(id, { ...common, signupIp: `198.51.100.${Math.floor(r() * 250)}` }, r() * 45 * 24));
    const six = ids("s", 6).map((id, i) => acct(id, { ...common, signupIp: `198.51.100.${200 + i}` }, 300 + i / 30));
    expect(suggestClusters([...crowd, ...campus, ...six]).clusters).toEqual([]);
    // With one more moderate value in common they are linked, and the links name one burst.
    const { clusters } = suggestClusters([...crowd, ...campus, ...six.map((a) => ({ ...a, templateFamilies: ["fam_cot_7"] }))]);
    expect(clusters.map((c) => c.members)).toEqual([ids("s", 6)]);
    const pairs = new Map<string, string[]>();
    for (const l of clusters[0].links) pairs.set(`${l.from}>${l.to}`, [...(pairs.get(`${l.from}>${l.to}`) ?? []), l.kind]);
    for (const kinds of pairs.values()) expect(kinds.filter((k) => k === "creation_burst")).toHaveLength(1);
  });

  it("finds a burst on one network when the actor rotates user agents", () => {
    // 20 accounts within six minutes on AS4134, each with its own user agent and address, and one
    // prompt template family: the family alone (0.42) does not link them; with the burst it does.
    const r = rng(8);
    const crowd = ids("x", 1500).map((id) => acct(id, { asn: 4134, userAgent: `ua-${Math.floor(r() * 50)}` }, r() * 45 * 24));
    const actor = ids("z", 20).map((id, i) => acct(id, { asn: 4134, userAgent: `rotating-ua-${i}`, signupIp: `100.${i}.1.1`, templateFamilies: ["fam_reasoning_3"] }, 200 + i / 200));
    const { clusters } = suggestClusters([...crowd, ...actor]);
    expect(clusters.map((c) => c.members)).toEqual([ids("z", 20)]);
    expect(clusters[0].signals.find((g) => g.kind === "creation_burst")?.value).toBe("AS4134 · 20 accounts created 2026-04-30 08:00Z within 6 min");
    // The same accounts opened over weeks are tied by nothing but the family.
    expect(suggestClusters([...crowd, ...actor.map((a, i) => ({ ...a, createdAt: T0 + i * 86_400_000 }))]).clusters).toEqual([]);
  });

  it("gives the same clusters and links for the same accounts in any order", () => {
    const accounts = clusteringFixture({ actors: 5, actorAccounts: 2_500, benign: 800, seed: 3 });
    const shuffled = [...accounts];
    const r = rng(9);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    expect(suggestClusters(shuffled)).toEqual(suggestClusters(accounts));
  });

  it("recovers the actors of a 25,000-account case without mixing actors, teams or the crowd", () => {
    const accounts = clusteringFixture();
    expect(accounts).toHaveLength(25_000);
    const ownerOf = new Map(accounts.map((a) => [a.id, a.actor]));
    const { clusters, stats } = suggestClusters(accounts);
    expect(stats.accounts).toBe(25_000);
    const seen = new Set<string>();
    const clustersOf = new Map<string, number[]>();
    for (const c of clusters) {
      // Every cluster is one owner's: no two actors, no actor with a benign account, no lone
      // benign account glued to anything.
      const owners = new Set(c.members.map((m) => ownerOf.get(m)));
      expect([...owners]).toHaveLength(1);
      const owner = [...owners][0]!;
      expect(owner).not.toBe("");
      clustersOf.set(owner, [...(clustersOf.get(owner) ?? []), c.members.length]);
      // Well formed: members sorted and in no other cluster; every member after the first tied in
      // by a link inside the cluster, and the links connect it.
      expect(c.members).toEqual([...c.members].sort());
      for (const m of c.members) expect(seen.has(m)).toBe(false);
      for (const m of c.members) seen.add(m);
      expect(unexplained(c)).toEqual([]);
    }
    const sizes = new Map<string, number>();
    for (const a of accounts) if (a.actor) sizes.set(a.actor, (sizes.get(a.actor) ?? 0) + 1);
    for (const [owner, size] of sizes) {
      const got = clustersOf.get(owner) ?? [];
      if (owner.startsWith("team-")) expect(got).toEqual([size]);
      else if (Number(owner.slice("actor-".length)) % 5 !== 4) expect(Math.max(...got) / size).toBeGreaterThanOrEqual(0.95);
      else {
        // Actors without organizations are held together only by batches (a /24 and a burst):
        // every account is found, and batches join card groups, but the actor may come in a few
        // pieces, which the analyst merges. Fragments, never glue.
        expect(got.reduce((s, x) => s + x, 0)).toBe(size);
        expect(got.length).toBeLessThan(Math.ceil(size / 40) / 2);
      }
    }
  });
});

/**
 * What is wrong with a cluster's explanation, if anything: every member after the first must be
 * tied in by a link, the links must connect the cluster, and each link must carry its reason
 * (kind, value, holders, weight, confidence). Plain checks, one expect per cluster: 20,000 links.
 */
function unexplained(c: TSuggestedCluster): string[] {
  const bad: string[] = [];
  const members = new Set(c.members);
  const parent = new Map(c.members.map((m) => [m, m]));
  const root = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const l of c.links) {
    const ok =
      members.has(l.from) &&
      members.has(l.to) &&
      l.from !== l.to &&
      KINDS.includes(l.kind) &&
      l.value.length > 0 &&
      l.sharedBy >= 2 &&
      l.weight > 0 &&
      l.weight <= l.confidence &&
      l.confidence >= CLUSTER_DEFAULTS.link - 1e-4 &&
      l.confidence <= 1;
    if (!ok) bad.push(JSON.stringify(l));
    else parent.set(root(l.from), root(l.to));
  }
  if (new Set(c.members.map(root)).size !== 1) bad.push(`links do not connect the ${c.members.length} members of ${c.members[0]}`);
  if (c.confidence < CLUSTER_DEFAULTS.link - 1e-4 || c.confidence > 1) bad.push(`confidence ${c.confidence}`);
  return bad;
}

const KINDS: string[] = ["payment_fingerprint", "organization_id", "ip_prefix", "asn_user_agent", "creation_burst", "template_family"];
