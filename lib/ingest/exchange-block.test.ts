import { describe, expect, it } from "vitest";
import { parseExchangeBlock, type TBlockTarget } from "./exchange-block";
import { ParsePool } from "./parse-pool";
import { RollupTally } from "./rollup-tally";

const target: TBlockTarget = { mode: "fresh", caseId: "c1", importId: "i1" };
const accounts = new Map([["a", "7"], ["b", "8"]]);
const enc = new TextEncoder();
const line = (id: string, account: string, ts: string) => JSON.stringify({ exchange_id: id, account_id: account, timestamp: ts, model: "m", prompt_tokens: 3 });

describe("a block of an exchanges file", () => {
  it("numbers its lines from the block's first, takes \\r\\n and blank lines, and drops a BOM only at the file's start", () => {
    const text = `\uFEFF${line("x1", "a", "2026-04-10T00:00:00Z")}\r\n\n{not json\n${line("x2", "nobody", "2026-04-11T00:00:00Z")}`;
    const tally = new RollupTally();
    const r = parseExchangeBlock(target, accounts, { bytes: enc.encode(text), byteOffset: 0, firstLine: 41, gzipped: false }, tally);
    expect(r.fileError).toBeNull();
    expect(r.rows).toBe(3);
    expect(r.errors.map((e) => e.line)).toEqual([43, 44]);
    expect(r.errors[1].message).toMatch(/^line 44: account_id 'nobody' is not an account of this case/);
    const rows = new TextDecoder().decode(r.copy).trimEnd().split("\n").map((l) => l.split("\t"));
    expect(rows.map((c) => [c[0], c[1], c[2], c[3]])).toEqual([["c1", "7", "x1", "2026-04-10T00:00:00.000Z"], ["c1", "0", "x2", "2026-04-11T00:00:00.000Z"]]);
    expect(tally.result().total).toMatchObject({ exchanges: 1, promptTokens: 3 });
    // Past the file's start a BOM is text, and a line that is not JSON says so.
    const later = parseExchangeBlock(target, accounts, { bytes: enc.encode(`\uFEFF${line("x3", "a", "2026-04-10T00:00:00Z")}\n`), byteOffset: 100, firstLine: 9, gzipped: false }, null);
    expect(later.errors[0].message).toMatch(/^line 9: not valid JSON/);
  });

  it("names the bytes that are not UTF-8, counted from the file's start", () => {
    const bytes = new Uint8Array([...enc.encode('{"exchange_id":"'), 0xe9, ...enc.encode('"}\n')]);
    const r = parseExchangeBlock(target, accounts, { bytes, byteOffset: 1000, firstLine: 5, gzipped: true }, null);
    expect(r.fileError).toMatch(/not valid UTF-8 text \(a bad byte sequence within bytes 1000–1020 of the decompressed data\)/);
  });

  it("comes back the same from parser threads as from the importer's own thread, in order", async () => {
    const blocks = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => line(`e${b}_${i}`, i % 3 ? "a" : "b", `2026-04-${String(10 + (i % 5)).padStart(2, "0")}T0${b}:00:00Z`)).join("\n") + "\n",
    );
    const run = async (threads: number) => {
      const pool = new ParsePool(target, accounts, threads);
      try {
        let firstLine = 1;
        const out = await Promise.all(blocks.map((text) => {
          const p = pool.parse({ bytes: enc.encode(text), byteOffset: 0, firstLine, gzipped: false });
          firstLine += 50;
          return p;
        }));
        const tally = new RollupTally();
        const parts = await pool.tallies();
        expect(parts.length).toBe(Math.max(1, threads));
        for (const t of parts) tally.absorb(t);
        return { copy: out.map((r) => new TextDecoder().decode(r.copy)).join(""), rows: out.reduce((n, r) => n + r.rows, 0), rollups: tally.result() };
      } finally {
        await pool.close();
      }
    };
    const inline = await run(0);
    expect(inline.rows).toBe(300);
    expect(await run(2)).toEqual(inline);
  });
});
