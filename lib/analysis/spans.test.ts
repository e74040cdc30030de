import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codePointLength,
  codePointToUtf16,
  segmentsForHighlight,
  sliceCodePoints,
  snapToGraphemes,
  spanFromUtf16,
  utf16ToCodePoint,
  utf16ToCodePointMapper,
  validateSpan,
} from "./spans";

const FAMILY = "👩‍👩‍👧"; // woman ZWJ woman ZWJ girl: 5 code points, 8 UTF-16 units, 1 grapheme

describe("code point offsets over surrogate pairs", () => {
  it("counts an emoji as one code point and two UTF-16 units", () => {
    const t = "a😀b";
    expect(t.length).toBe(4);
    expect(codePointLength(t)).toBe(3);
    expect([0, 1, 3, 4].map((o) => utf16ToCodePoint(t, o))).toEqual([0, 1, 2, 3]);
    expect([0, 1, 2, 3].map((c) => codePointToUtf16(t, c))).toEqual([0, 1, 3, 4]);
    expect(sliceCodePoints(t, 1, 2)).toBe("😀");
  });

  it("snaps a UTF-16 offset inside a pair back to the pair's start", () => {
    expect(utf16ToCodePoint("a😀b", 2)).toBe(1);
    expect(utf16ToCodePointMapper("a😀b")(2)).toBe(1);
  });

  it("counts a ZWJ family as its five code points", () => {
    expect(FAMILY.length).toBe(8);
    expect(codePointLength(FAMILY)).toBe(5);
    expect(sliceCodePoints(`x${FAMILY}y`, 1, 6)).toBe(FAMILY);
  });

  it("treats CJK in the BMP as one unit each, and an Extension B ideograph as a pair", () => {
    const t = "数据蒸馏𠀋攻击";
    expect(codePointLength(t)).toBe(7);
    expect(t.length).toBe(8);
    expect(sliceCodePoints(t, 4, 6)).toBe("𠀋攻");
    expect(utf16ToCodePoint(t, 6)).toBe(5);
  });

  it("uses logical order for right-to-left text with left-to-right digits", () => {
    const hebrew = "שלום 123 עולם";
    expect(sliceCodePoints(hebrew, 5, 8)).toBe("123");
    expect(sliceCodePoints(hebrew, 0, 4)).toBe("שלום");
    const arabic = "مرحبا 2024 ١٢٣ world";
    expect(sliceCodePoints(arabic, 6, 10)).toBe("2024");
    expect(sliceCodePoints(arabic, 11, 14)).toBe("١٢٣");
    expect(sliceCodePoints(arabic, 15, 20)).toBe("world");
  });

  it("rejects offsets outside the text", () => {
    expect(() => utf16ToCodePoint("abc", 4)).toThrow(/outside the text \(3 UTF-16 code units\)/);
    expect(() => codePointToUtf16("a😀", 3)).toThrow(/outside the text/);
    expect(() => sliceCodePoints("abc", 2, 1)).toThrow(RangeError);
    expect(sliceCodePoints("abc", 3, 3)).toBe("");
  });
});

// Code points that exercise every path: ASCII, BMP, astral, ZWJ, combining mark, RTL, lone surrogate.
const unit = fc.constantFrom("a", " ", "\n", "é", "e\u0301", "中", "😀", "\u200d", "👩", "ש", "١", "𠀋", "\ud800", "\udc00");
const text = fc.array(unit, { maxLength: 40 }).map((xs) => xs.join(""));

describe("round trips (property)", () => {
  it("code point → UTF-16 → code point is the identity", () => {
    fc.assert(
      fc.property(text, fc.nat(), (t, k) => {
        const cp = k % (codePointLength(t) + 1);
        expect(utf16ToCodePoint(t, codePointToUtf16(t, cp))).toBe(cp);
      }),
    );
  });

  it("slices agree with Array.from, and the mapper with utf16ToCodePoint at every offset", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, i, j) => {
        const n = codePointLength(t);
        expect(n).toBe(Array.from(t).length);
        const [a, b] = [i % (n + 1), j % (n + 1)].sort((x, y) => x - y);
        expect(sliceCodePoints(t, a, b)).toBe(Array.from(t).slice(a, b).join(""));
        const map = utf16ToCodePointMapper(t);
        for (let o = 0; o <= t.length; o++) expect(map(o)).toBe(utf16ToCodePoint(t, o));
      }),
    );
  });
});

describe("validateSpan", () => {
  it("says what is wrong in words a person can act on", () => {
    expect(validateSpan("abcdefg", 4, 9, "prompt")).toBe("span 4–9 is outside the prompt (length 7)");
    expect(validateSpan("abc", 2, 1, "response")).toBe("span 2–1 starts after it ends");
    expect(validateSpan("abc", 1, 1, "response")).toBe("span 1–1 is empty: select at least one character of the response");
    expect(validateSpan("abc", -1, 2)).toBe("span -1–2 must be whole character offsets of 0 or more");
    expect(validateSpan("abc", 0.5, 2)).toMatch(/whole character offsets/);
  });

  it("measures length in code points, as SQL does", () => {
    expect(validateSpan("😀😀", 0, 2, "prompt")).toBeNull();
    expect(validateSpan("😀😀", 0, 3, "prompt")).toBe("span 0–3 is outside the prompt (length 2)");
  });
});

describe("segmentsForHighlight", () => {
  it("covers the text with ordered segments, overlapping spans nesting", () => {
    const t = "step by step 😀 reasoning";
    const segs = segmentsForHighlight(t, [
      { id: "a", start: 0, end: 12 },
      { id: "b", start: 8, end: 14 },
    ]);
    expect(segs).toEqual([
      { text: "step by ", spanIds: ["a"] },
      { text: "step", spanIds: ["a", "b"] },
      { text: " 😀", spanIds: ["b"] },
      { text: " reasoning", spanIds: [] },
    ]);
  });

  it("keeps identical and nested spans apart by id, in the order given", () => {
    const segs = segmentsForHighlight("abcdef", [
      { id: "outer", start: 0, end: 6 },
      { id: "inner", start: 2, end: 4 },
      { id: "twin", start: 0, end: 6 },
    ]);
    expect(segs.map((s) => [s.text, s.spanIds.join("+")])).toEqual([
      ["ab", "outer+twin"],
      ["cd", "outer+inner+twin"],
      ["ef", "outer+twin"],
    ]);
  });

  it("clips spans that overrun the text and ignores empty or reversed ones", () => {
    expect(segmentsForHighlight(FAMILY + "!", [{ id: "x", start: 5, end: 99 }, { id: "e", start: 2, end: 2 }, { id: "r", start: 3, end: 1 }])).toEqual([
      { text: FAMILY, spanIds: [] },
      { text: "!", spanIds: ["x"] },
    ]);
    expect(segmentsForHighlight("", [{ id: "x", start: 0, end: 1 }])).toEqual([]);
    expect(segmentsForHighlight("plain", [])).toEqual([{ text: "plain", spanIds: [] }]);
  });

  it("always rebuilds the text, and marks exactly the spans over each segment (property)", () => {
    const span = fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), start: fc.integer({ min: -2, max: 45 }), end: fc.integer({ min: -2, max: 45 }) });
    fc.assert(
      fc.property(text, fc.array(span, { maxLength: 6 }), (t, spans) => {
        const segs = segmentsForHighlight(t, spans);
        expect(segs.map((s) => s.text).join("")).toBe(t);
        let at = 0;
        for (const s of segs) {
          const len = codePointLength(s.text);
          expect(len).toBeGreaterThan(0);
          const covering = spans.filter((x) => Math.max(x.start, 0) <= at && Math.min(x.end, codePointLength(t)) >= at + len && x.start < x.end);
          expect(s.spanIds).toEqual(covering.map((x) => x.id));
          at += len;
        }
      }),
    );
  });
});

describe("snapToGraphemes", () => {
  it("never splits a ZWJ sequence", () => {
    const t = `hi ${FAMILY}!`;
    expect(snapToGraphemes(t, 4, 5)).toEqual({ start: 3, end: 8 });
    expect(sliceCodePoints(t, 3, 8)).toBe(FAMILY);
    expect(snapToGraphemes(t, 0, 4)).toEqual({ start: 0, end: 8 });
  });

  it("keeps a combining mark with its letter", () => {
    const t = "cafe\u0301 ok";
    expect(snapToGraphemes(t, 3, 4)).toEqual({ start: 3, end: 5 });
    expect(snapToGraphemes(t, 4, 6)).toEqual({ start: 3, end: 6 });
  });

  it("keeps both regional indicators of a flag, and leaves aligned spans alone", () => {
    const t = "🇯🇵 and 🇺🇸";
    expect(snapToGraphemes(t, 1, 2)).toEqual({ start: 0, end: 2 });
    expect(snapToGraphemes(t, 3, 6)).toEqual({ start: 3, end: 6 });
  });

  it("moves an empty span to the start of its cluster, and rejects one that does not fit", () => {
    expect(snapToGraphemes(FAMILY, 2, 2)).toEqual({ start: 0, end: 0 });
    expect(() => snapToGraphemes("abc", 1, 9)).toThrow(/does not fit the text \(length 3\)/);
  });
});

describe("spanFromUtf16", () => {
  it("turns a backwards browser selection into a snapped code point span", () => {
    const t = `ok ${FAMILY} done`;
    // A selection dragged backwards from the start of the second woman (UTF-16 6) into the middle of
    // the first one's surrogate pair (UTF-16 4).
    expect(spanFromUtf16(t, 6, 4)).toEqual({ start: 3, end: 8 });
    expect(sliceCodePoints(t, 3, 8)).toBe(FAMILY);
  });
});
