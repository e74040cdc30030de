import { describe, expect, it } from "vitest";
import { rng } from "../demo/generate";
import { combine } from "./clustering";
import { ROLE, weighPairs, type TWeighedValue } from "./pair-weights";
import type { TSignalKind } from "./signals";

const KINDS: TSignalKind[] = ["ip_prefix", "asn_user_agent", "template_family", "creation_burst", "creation_burst"];

/** A random case: n accounts, values of random kinds, weights and roles, and some accounts already grouped. */
function randomCase(seed: number, n: number, count: number) {
  const r = rng(seed);
  const values: TWeighedValue[] = Array.from({ length: count }, (_, i) => {
    const holders = [...new Set(Array.from({ length: 2 + Math.floor(r() * 8) }, () => Math.floor(r() * n)))].sort((x, y) => x - y);
    return { kind: KINDS[i % KINDS.length], weight: 0.15 + r() * 0.5, holders };
  });
  const role = values.map(() => (r() < 0.7 ? ROLE.proposing : ROLE.evidence));
  const held: number[][] = Array.from({ length: n }, () => []);
  values.forEach((v, vi) => v.holders.forEach((i) => held[i].push(vi)));
  const groupOf = Array.from({ length: n }, (_, i) => (r() < 0.2 ? Math.floor(i / 3) * 3 : i));
  return { values, role, held, group: (i: number) => groupOf[i] };
}

describe("weighPairs", () => {
  it("finds exactly the pairs that listing every pair finds, with the same confidence (in its own order)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 60;
      const { values, role, held, group } = randomCase(seed, n, 80);
      const fast = weighPairs(n, values, role, held, group, 0.7).sort((p, q) => p.a - q.a || p.b - q.b);
      const slow: { a: number; b: number; confidence: number }[] = [];
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          const shared = held[a].filter((vi) => held[b].includes(vi));
          if (group(a) === group(b) || !shared.some((vi) => role[vi] === ROLE.proposing)) continue;
          const { confidence } = combine(shared.map((vi) => values[vi]));
          if (confidence >= 0.7) slow.push({ a, b, confidence });
        }
      }
      expect(fast.map((p) => [p.a, p.b])).toEqual(slow.map((p) => [p.a, p.b]));
      fast.forEach((p, i) => expect(p.confidence).toBeCloseTo(slow[i].confidence, 12));
    }
  });

  it("proposes nothing from values that only add weight", () => {
    const values: TWeighedValue[] = [
      { kind: "template_family", weight: 0.6, holders: [0, 1] },
      { kind: "ip_prefix", weight: 0.6, holders: [0, 1] },
    ];
    const held = [[0, 1], [0, 1]];
    expect(weighPairs(2, values, [ROLE.evidence, ROLE.evidence], held, (i) => i, 0.7)).toEqual([]);
    expect(weighPairs(2, values, [ROLE.proposing, ROLE.evidence], held, (i) => i, 0.7)).toEqual([{ a: 0, b: 1, confidence: 1 - 0.4 * 0.4 }]);
  });
});
