import { describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashAuditEvent, verifyChain, type TAuditRow } from "./chain";

function chain(n: number): TAuditRow[] {
  const rows: TAuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const f = { seq: BigInt(i), at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: "u1", actorLabel: "Ana", action: "case.update", caseId: "c1", entityType: "case", entityId: "c1", data: { n: i, nested: { b: 1, a: [1, "x"] } }, prevHash: prev };
    const row = { ...f, hash: hashAuditEvent(f) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

describe("audit chain", () => {
  it("encodes objects canonically, whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it("verifies an intact chain", () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, events: 5 });
  });

  it("detects an altered row, a removed row and a reordered pair", () => {
    const altered = chain(5);
    altered[2] = { ...altered[2], data: { n: 999 } };
    expect(verifyChain(altered)).toMatchObject({ ok: false, brokenAt: "3" });

    const removed = chain(5);
    removed.splice(1, 1);
    expect(verifyChain(removed)).toMatchObject({ ok: false, brokenAt: "3" });

    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(verifyChain(swapped).ok).toBe(false);
  });

  it("detects a row re-hashed after alteration, because the next link breaks", () => {
    const rows = chain(4);
    const forged = { ...rows[1], actorLabel: "Mallory" };
    rows[1] = { ...forged, hash: hashAuditEvent(forged) };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: "3" });
  });
});
