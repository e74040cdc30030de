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
  it("breaks an email or an address at its punctuation, never leaving a hyphen at a line's end", () => {
    expect(breakLines([{ text: "ming.3888@mailhost.example.com", v: "regular" }], { ...o, maxW: 5 * 20 }).map(textOf)).toEqual(["ming.3888@mailhost", ".example.com"]);
    for (const line of breakLines([{ text: "detection-2026-06-qwen-lab-accounts.csv", v: "regular" }], { ...o, maxW: 5 * 12 }).map(textOf)) expect(line.endsWith("-")).toBe(false);
  });
  it("keeps styled runs apart and merges equal ones", () => {
    const [line] = breakLines([{ text: "a ", v: "regular" }, { text: "b", v: "bold" }, { text: " c", v: "regular" }], { ...o, maxW: 100 });
    expect(line.map((s) => [s.text, s.v])).toEqual([["a ", "regular"], ["b", "bold"], [" c", "regular"]]);
  });
  it("verbatim: keeps indentation and blank lines, breaks on newlines", () => {
    const lines = breakLines([{ text: "  indented\n\nlast", v: "regular" }], { ...o, pre: true });
    expect(lines.map(textOf)).toEqual(["  indented", "", "last"]);
  });
  it("gives a citation the width of what it will say, and keeps it with the punctuation around it", () => {
    const refW = () => 30; // "CB-123" at half an em a character
    const spans: TSpan[] = [{ text: "one two (", v: "regular" }, { text: "", v: "regular", ref: "ex-1" }, { text: "). three", v: "regular" }];
    const lines = breakLines(spans, { ...o, maxW: 60, refW });
    // "one two (" + ref + ")." is one word of 9 + 6 + 2 = 17 characters' width: it starts a line and is never split.
    expect(lines.map((l) => l.map((s) => (s.ref ? "[ref]" : s.text)).join(""))).toEqual(["one two", "([ref]).", "three"]);
  });
  it("breaks a digest only between groups of 16 hex digits, in balanced lines", () => {
    const hash = "0123456789abcdef".repeat(4);
    expect(breakLines([{ text: hash, v: "regular" }], { ...o, maxW: 5 * 40 }).map(textOf)).toEqual([hash.slice(0, 32), hash.slice(32)]); // room for 40: two groups a line
    expect(breakLines([{ text: hash, v: "regular" }], { ...o, maxW: 5 * 50 }).map(textOf)).toEqual([hash.slice(0, 32), hash.slice(32)]); // room for 48: balanced as 2 × 32, not 48 + 16
    expect(breakLines([{ text: hash, v: "regular" }], { ...o, maxW: 5 * 20 }).map(textOf)).toEqual([0, 16, 32, 48].map((i) => hash.slice(i, i + 16)));
    expect(breakLines([{ text: `SHA-256 ${hash}`, v: "regular" }], { ...o, maxW: 5 * 70 }).map(textOf)).toEqual(["SHA-256", hash]);
  });
});
