import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { niceTicks, labelEvery } from "./chart";
import { woffToSfnt } from "./woff";

describe("woffToSfnt", () => {
  it("unpacks a WOFF into a TrueType file with the same tables", () => {
    const woff = fs.readFileSync(createRequire(import.meta.url).resolve("@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff"));
    const ttf = woffToSfnt(woff);
    expect(ttf.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    expect(ttf.readUInt16BE(4)).toBe(woff.readUInt16BE(12));
    expect(ttf.length).toBeGreaterThanOrEqual(woff.readUInt32BE(16) - 3);
    // The head table's magic number sits 12 bytes in.
    const n = ttf.readUInt16BE(4);
    const head = Array.from({ length: n }, (_, i) => 12 + i * 16).find((at) => ttf.toString("latin1", at, at + 4) === "head")!;
    expect(ttf.readUInt32BE(ttf.readUInt32BE(head + 8) + 12)).toBe(0x5f0f3cf5);
  });
  it("refuses what is not a WOFF", () => {
    expect(() => woffToSfnt(Buffer.alloc(64))).toThrow(/not a WOFF/);
  });
});

describe("chart axes", () => {
  it("chooses round count ticks from zero past the maximum", () => {
    expect(niceTicks(1300)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
  it("thins day labels but shows every category", () => {
    expect(labelEvery(90, 480, false)).toBe(9);
    expect(labelEvery(90, 480, true)).toBe(1);
  });
});
