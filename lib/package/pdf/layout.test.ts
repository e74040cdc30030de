import { describe, expect, it } from "vitest";
import type { TPackageDocument, TSection } from "@/lib/package/document";
import { CONTENT_H, CONTENT_W, layoutDocument, refLabel, tableHeight, type TItem, type TLayout } from "./layout";
import { fakeMeasurer } from "./test-measurer";

const base: Omit<TPackageDocument, "sections"> = {
  meta: { title: "t", subject: "s", author: "a", keywords: "k", createdAt: new Date("2026-01-01T00:00:00Z") },
  marking: "CONFIDENTIAL",
  bates: { prefix: "CB", start: 100, digits: 7 },
  cover: { title: "Cover", subtitle: "sub", fields: [["Case", "CB-1"]], notice: "notice" },
};
const para = (text: string) => ({ kind: "paragraph" as const, inlines: [{ kind: "text" as const, text }] });
const bottom = (i: TItem) => (i.kind === "text" ? i.y + i.lines.length * i.lh : i.kind === "rect" || i.kind === "chart" ? i.y + i.h : i.kind === "table" ? i.y + tableHeight(i) : i.y);
const tables = (l: TLayout) => l.pages.flatMap((p) => p.items).filter((i): i is Extract<TItem, { kind: "table" }> => i.kind === "table");

describe("layoutDocument", () => {
  it("reserves the table of contents before the body and starts sections on fresh pages", () => {
    const sections: TSection[] = Array.from({ length: 100 }, (_, i) => ({ anchor: `s${i}`, title: `Section ${i}`, blocks: [para("text")] }));
    const l = layoutDocument({ ...base, sections }, fakeMeasurer);
    const tocPages = l.pages.filter((p) => p.kind === "toc").length;
    expect(tocPages).toBe(3);
    expect(l.anchors.s0).toEqual({ first: 1 + tocPages + 1, last: 1 + tocPages + 1 });
    expect(l.anchors.s99.first).toBe(l.pages.length);
  });

  it("splits a long table by rows with the header on every page, and nothing passes the bottom", () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`row ${i}`, String(i)]);
    const l = layoutDocument({ ...base, sections: [{ anchor: "t", title: "Table", blocks: [{ kind: "table", columns: [{ label: "Name", width: 3 }, { label: "N", width: 1, align: "right" }], rows }] }] }, fakeMeasurer);
    const parts = tables(l);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.reduce((s, t) => s + t.rows.length, 0)).toBe(500);
    for (const t of parts) expect(t.header).toEqual([["Name"], ["N"]]);
    for (const p of l.pages) for (const i of p.items) expect(bottom(i)).toBeLessThanOrEqual(CONTENT_H);
  });

  it("splits verbatim text by lines across pages and keeps a heading's anchor to its next sibling", () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i}`).join("\n");
    const l = layoutDocument(
      {
        ...base,
        sections: [
          {
            anchor: "ex",
            title: "Exhibits",
            blocks: [{ kind: "heading", level: 2, text: "Exhibit 1", anchor: "ex-1" }, { kind: "pre", text }, { kind: "heading", level: 2, text: "Exhibit 2", anchor: "ex-2" }, para("short")],
          },
        ],
      },
      fakeMeasurer,
    );
    const preLines = l.pages.flatMap((p) => p.items).filter((i) => i.kind === "text" && i.size === 8.5);
    expect(preLines.reduce((s, i) => s + (i.kind === "text" ? i.lines.length : 0), 0)).toBe(400);
    expect(l.anchors["ex-1"].last).toBeGreaterThan(l.anchors["ex-1"].first);
    expect(l.anchors["ex-2"].first).toBe(l.anchors["ex-1"].last);
    for (const p of l.pages) for (const i of p.items) expect(bottom(i)).toBeLessThanOrEqual(CONTENT_H);
  });

  it("writes a citation as one Bates number, a range, or a missing exhibit", () => {
    const doc = { ...base, sections: [] };
    const layout = { anchors: { a: { first: 3, last: 3 }, b: { first: 3, last: 5 } } };
    expect(refLabel(doc, layout, "a")).toBe("CB-0000102");
    expect(refLabel(doc, layout, "b")).toBe("CB-0000102–CB-0000104");
    expect(refLabel(doc, layout, "zzz")).toBe("[missing exhibit]");
  });

  it("wraps a value too long for its column instead of cutting it, and grows its row to the tallest cell", () => {
    const long = `${"x".repeat(70)}@${"example".repeat(3)}.com`; // 92 characters, no space
    const ua = `Mozilla/5.0 ${"(compatible; crawler) ".repeat(9)}`.trim();
    const hash = "9f".repeat(32);
    const rows = [
      ["acct_1", long, ua, hash],
      ["acct_2", "short@example.com", "python-httpx/0.27.0", hash],
    ];
    const cols = ["Account", "Email", "User agent", "SHA-256"].map((label) => ({ label, width: 1 }));
    const l = layoutDocument({ ...base, sections: [{ anchor: "t", title: "Accounts", blocks: [{ kind: "table", columns: cols, rows }] }] }, fakeMeasurer);
    const [t] = tables(l);
    expect(t.rows).toHaveLength(2);
    const flat = (lines: string[]) => lines.join("").replace(/\s+/g, "");
    t.rows.forEach((row, r) => row.forEach((cell, c) => expect(flat(cell)).toBe(rows[r][c].replace(/\s+/g, ""))));
    expect(t.heights[0]).toBe(Math.max(...t.rows[0].map((c) => c.length)));
    expect(t.heights[0]).toBeGreaterThan(1);
    // The digest breaks only between groups of 16.
    for (const line of t.rows[0][3]) expect(line.length % 16).toBe(0);
    // Columns stay inside the page and apart.
    t.columns.forEach((c, i) => {
      expect(c.x + c.w).toBeLessThanOrEqual(CONTENT_W);
      if (i > 0) expect(c.x).toBeGreaterThanOrEqual(t.columns[i - 1].x + t.columns[i - 1].w);
    });
    for (const p of l.pages) for (const i of p.items) expect(bottom(i)).toBeLessThanOrEqual(CONTENT_H);
  });

  it("runs a row taller than a page on to the next, with the header again", () => {
    const giant = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(" ");
    const l = layoutDocument({ ...base, sections: [{ anchor: "t", title: "T", blocks: [{ kind: "table", columns: [{ label: "Id", width: 1 }, { label: "Text", width: 1 }], rows: [["a", giant], ["b", "short"]] }] }] }, fakeMeasurer);
    const parts = tables(l);
    expect(parts.length).toBeGreaterThan(1);
    const text = parts.flatMap((t) => t.rows.map((r) => r[1].join(" "))).join(" ");
    expect(text.replace(/\s+/g, " ")).toContain("word0 word1");
    expect(text).toContain("word1499");
    for (const p of l.pages) for (const i of p.items) expect(bottom(i)).toBeLessThanOrEqual(CONTENT_H);
  });

  it("fills every line of a paragraph with citations as one without (85% of the measure or the next word would not fit)", () => {
    // Citations of exhibits that span one page and several: their labels differ in width.
    const words = "the accounts of the cluster harvested answers at scale with templated prompts".split(" ");
    const inlines = Array.from({ length: 12 }, (_, k) => [
      { kind: "text" as const, text: `${words.slice(0, 3 + (k % 8)).join(" ")} ` },
      { kind: "ref" as const, anchor: `ex-${k % 3}`, prefix: `Exhibit ${(k % 3) + 1}, ` },
      { kind: "text" as const, text: k % 2 ? "). " : ", " },
    ]).flat();
    const exhibits: TSection[] = [0, 1, 2].map((k) => ({ anchor: `ex-${k}`, title: `Exhibit ${k + 1}`, blocks: [para("x ".repeat(k === 1 ? 3000 : 10))] }));
    const doc = { ...base, sections: [{ anchor: "s", title: "Summary", blocks: [{ kind: "paragraph" as const, inlines }] }, ...exhibits] };
    const l = layoutDocument(doc, fakeMeasurer);
    expect(l.anchors["ex-1"].last).toBeGreaterThan(l.anchors["ex-1"].first); // a range, wider than one number
    const para1 = l.pages.flatMap((p) => p.items).find((i): i is Extract<TItem, { kind: "text" }> => i.kind === "text" && i.lines.some((ln) => ln.some((s) => s.ref)))!;
    const written = para1.lines.map((ln) => ln.map((s) => (s.ref ? refLabel(doc, l, s.ref) : s.text)).join(""));
    expect(written.length).toBeGreaterThan(5);
    const measure = CONTENT_W * 0.96;
    const w = (t: string) => fakeMeasurer.width(t, 10, "regular");
    written.slice(0, -1).forEach((line, i) => {
      const nextWord = written[i + 1].split(" ")[0];
      if (w(line) < 0.85 * measure) expect(w(line) + w(" ") + w(nextWord), `line ${i + 1}: "${line}"`).toBeGreaterThan(measure);
      expect(w(line), `line ${i + 1} overflows`).toBeLessThanOrEqual(measure);
    });
  });

  it("shortens only a contents entry and a running header, each saying where the title is in full", () => {
    const title = `Exhibit 1: ${"a very long caption that goes on ".repeat(12)}`.trim();
    const l = layoutDocument({ ...base, sections: [{ anchor: "s", title: "Summary", blocks: [para("x")] }, { anchor: "e", title, blocks: [para("y ".repeat(4000))] }] }, fakeMeasurer);
    const first = l.anchors.e.first;
    const header = l.pages[first].header;
    expect(header.endsWith(`(in full on page ${first})`)).toBe(true);
    expect(header).toContain("…");
    const toc = l.pages[1].items.filter((i): i is Extract<TItem, { kind: "text" }> => i.kind === "text").map((i) => i.lines.map((ln) => ln.map((s) => s.text).join("")).join(" "));
    expect(toc.some((t) => t.startsWith("Exhibit 1: a very long caption") && t.endsWith("…"))).toBe(true);
    expect(toc.some((t) => t.includes("in full on its page"))).toBe(true);
    // Its heading on the page carries it whole.
    const heading = l.pages[first - 1].items.find((i): i is Extract<TItem, { kind: "text" }> => i.kind === "text" && i.size === 16)!;
    expect(heading.lines.map((ln) => ln.map((s) => s.text).join("")).join(" ")).toBe(title);
  });
});
