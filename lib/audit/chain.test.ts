import { describe, expect, it } from "vitest";
import { advance, canonicalJson, CHAIN_START, chainBreak, GENESIS_HASH, hashAuditEvent, type TAuditRow, type TChainBreak } from "./chain";

/** Walks rows as lib/audit/verify.ts does, and lists each break with the seq of the row it was found at. */
function breaks(rows: TAuditRow[]): (TChainBreak & { at: string })[] {
  let cursor = CHAIN_START;
  const out: (TChainBreak & { at: string })[] = [];
  for (const row of rows) {
    const b = chainBreak(cursor, row);
    if (b) out.push({ ...b, at: row.seq.toString() });
    cursor = advance(row, b);
  }
  return out;
}

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
    expect(breaks(chain(5))).toEqual([]);
  });

  it("detects an altered row, a removed row and a reordered pair", () => {
    const altered = chain(5);
    altered[2] = { ...altered[2], data: { n: 999 } };
    expect(breaks(altered)).toEqual([{ kind: "content", at: "3" }]);

    const removed = chain(5);
    removed.splice(1, 1);
    expect(breaks(removed)).toEqual([{ kind: "gap", from: 2n, to: 2n, at: "3" }]);

    // The database reads in seq order: a swap shows as each row holding the other's seq.
    const swapped = chain(4);
    [swapped[1], swapped[2]] = [{ ...swapped[2], seq: 2n }, { ...swapped[1], seq: 3n }];
    expect(breaks(swapped)).toEqual([{ kind: "content", at: "2" }, { kind: "content", at: "3" }]);
  });

  it("detects a first row that does not start from the genesis hash", () => {
    const rows = chain(2);
    const moved = { ...rows[0], prevHash: "f".repeat(64) };
    rows[0] = { ...moved, hash: hashAuditEvent(moved) };
    expect(breaks(rows)).toEqual([{ kind: "link", fromGenesis: true, at: "1" }]);
  });

  it("detects a row re-hashed after alteration, because the next link breaks", () => {
    const rows = chain(4);
    const forged = { ...rows[1], actorLabel: "Mallory" };
    rows[1] = { ...forged, hash: hashAuditEvent(forged) };
    expect(breaks(rows)).toEqual([{ kind: "link", fromGenesis: false, at: "3" }]);
  });
});
