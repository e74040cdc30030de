import { describe, expect, it } from "vitest";
import { fakeMeasurer } from "./test-measurer";
import { breakLines, cut, sanitize, type TSpan } from "./text";

const m = fakeMeasurer;
const textOf = (line: TSpan[]) => line.map((s) => s.text).join("");

describe("sanitize", () => {
  it("keeps plain text as it is", () => {
    expect(sanitize("plain text\nsecond line", m)).toBe("plain text\nsecond line");
  });
  it("normalises line ends and tabs and makes controls and unknown code points visible", () => {
    expect(sanitize("a\r\nb\rc\td", m)).toBe("a\nb\nc    d");
    expect(sanitize("x\u0007y\u0085z", m)).toBe("x\uFFFDy\uFFFDz");
    expect(sanitize("p\uE000q", m)).toBe("p\uFFFDq");
  });
  it("separates adjacent emoji so react-pdf draws the second one", () => {
    expect(sanitize("🔥🔥 ok", m)).toBe("🔥\u200C🔥 ok");
  });
});

describe("cut", () => {
  it("cuts with an ellipsis to fit", () => {
    expect(cut("short", 100, 10, "regular", m)).toBe("short");
    const c = cut("a fairly long cell value", 50, 10, "regular", m);
    expect(c.endsWith("…")).toBe(true);
    expect(m.width(c, 10, "regular")).toBeLessThanOrEqual(50);
  });
});

describe("breakLines", () => {
  const o = { maxW: 50, size: 10, m }; // 10 characters a line
  it("breaks at spaces, every line within the width", () => {
    const lines = breakLines([{ text: "one two three four five six", v: "regular" }], o);
    expect(lines.map(textOf)).toEqual(["one two", "three four", "five six"]);
    for (const l of lines) expect(m.width(textOf(l), 10, "regular")).toBeLessThanOrEqual(50);
  });
  it("splits a word longer than a line between characters", () => {
    expect(breakLines([{ text: "abcdefghijklmnopqrstuvwxyz", v: "regular" }], o).map(textOf)).toEqual(["abcdefghij", "klmnopqrst", "uvwxyz"]);
  });
  it("keeps styled runs apart and merges equal ones", () => {
    const [line] = breakLines([{ text: "a ", v: "regular" }, { text: "b", v: "bold" }, { text: " c", v: "regular" }], { ...o, maxW: 100 });
    expect(line.map((s) => [s.text, s.v])).toEqual([["a ", "regular"], ["b", "bold"], [" c", "regular"]]);
  });
  it("verbatim: keeps indentation and blank lines, breaks on newlines", () => {
    const lines = breakLines([{ text: "  indented\n\nlast", v: "regular" }], { ...o, pre: true });
    expect(lines.map(textOf)).toEqual(["  indented", "", "last"]);
  });
  it("reserves the citation width whatever its final text", () => {
    const lines = breakLines([{ text: "see", v: "regular" }, { text: "", v: "regular", ref: "ex-1" }], { ...o, refW: 45 });
    expect(lines).toHaveLength(2);
    expect(lines[1][0].ref).toBe("ex-1");
  });
});
