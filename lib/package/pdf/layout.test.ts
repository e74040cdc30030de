import { describe, expect, it } from "vitest";
import type { TPackageDocument, TSection } from "@/lib/package/document";
import { CONTENT_H, layoutDocument, refLabel, type TItem } from "./layout";
import { fakeMeasurer } from "./test-measurer";

const base: Omit<TPackageDocument, "sections"> = {
  meta: { title: "t", subject: "s", author: "a", keywords: "k", createdAt: new Date("2026-01-01T00:00:00Z") },
  marking: "CONFIDENTIAL",
  bates: { prefix: "CB", start: 100, digits: 7 },
  cover: { title: "Cover", subtitle: "sub", fields: [["Case", "CB-1"]], notice: "notice" },
};
const para = (text: string) => ({ kind: "paragraph" as const, inlines: [{ kind: "text" as const, text }] });
const bottom = (i: TItem) => (i.kind === "text" ? i.y + i.lines.length * i.lh : i.kind === "rect" || i.kind === "chart" ? i.y + i.h : i.kind === "table" ? i.y + (i.rows.length + 1) * i.rowH : i.y);

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
    const tables = l.pages.flatMap((p) => p.items.filter((i) => i.kind === "table"));
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.reduce((s, t) => s + (t.kind === "table" ? t.rows.length : 0), 0)).toBe(500);
    for (const t of tables) if (t.kind === "table") expect(t.header).toEqual(["Name", "N"]);
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
});
