// Pins the react-pdf and pdfkit internals the package writer drives (pdf-writer.ts, fonts.ts,
// render.tsx), none of which is public API: an upgrade that renames or reshapes one fails here,
// by name, rather than as a blank page or a 3 GB render in a counsel's package.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import layoutDocument from "@react-pdf/layout";
import renderPdf from "@react-pdf/render";
import { Document, Font, Page, pdf, Text } from "@react-pdf/renderer";
import PDFDocument from "pdfkit";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { FONT_STACK, loadFontFaces, loadFonts } from "./fonts";
import { writePdf, type TPdfInfo } from "./pdf-writer";

const page = (text: string) => createElement(Page, { size: "A4" }, createElement(Text, { style: { fontFamily: FONT_STACK } }, text));
const info: TPdfInfo = { Title: "t", Subject: "s", Author: "a", Keywords: "k", Creator: "c", Producer: "p", CreationDate: new Date(0), ModDate: new Date(0) };

describe("the react-pdf internals pdf-writer.ts drives", () => {
  it("pdf() exposes its container's document, which @react-pdf/layout lays out into pages", async () => {
    await loadFonts();
    const { container } = pdf(createElement(Document, null, page("one"), page("two"))) as unknown as { container?: { document?: unknown } };
    expect(container?.document).toBeTypeOf("object");
    const laid = (await (layoutDocument as unknown as (d: unknown, f: typeof Font) => Promise<{ children?: unknown[] }>)(container!.document, Font)) ?? {};
    expect(laid.children).toHaveLength(2);
  });

  it("@react-pdf/render draws into a pdfkit document it is handed, and ends it (writePdf keeps all but the last batch open)", async () => {
    await loadFonts();
    const { container } = pdf(createElement(Document, null, page("one"))) as unknown as { container: { document: unknown } };
    const laid = await (layoutDocument as unknown as (d: unknown, f: typeof Font) => Promise<unknown>)(container.document, Font);
    const doc = new PDFDocument({ autoFirstPage: false });
    let ended = 0;
    const end = doc.end.bind(doc);
    doc.end = () => {
      ended++;
      end();
    };
    doc.on("data", () => {});
    (renderPdf as unknown as (ctx: unknown, d: unknown) => unknown)(doc, laid);
    expect(ended).toBe(1);
  });

  it("Font keeps each registered face's parsed font (load, getFont().data), which paints text and measures it", async () => {
    await loadFonts();
    const store = Font as unknown as { load(d: object): Promise<void>; getFont(d: object): { data?: { layout?: unknown; unitsPerEm?: number } } | null; getRegisteredFonts(): Record<string, unknown> };
    expect(store.getRegisteredFonts()).toHaveProperty(FONT_STACK[0]);
    const d = { fontFamily: FONT_STACK[0], fontWeight: 400, fontStyle: "normal" };
    await store.load(d);
    const font = store.getFont(d)?.data;
    expect(font?.layout).toBeTypeOf("function");
    expect(font?.unitsPerEm).toBeGreaterThan(0);
  });
});

describe("the pdfkit internals", () => {
  it("a font handed to font() as a parsed font embeds, and keeps the words it shaped in _fontFamilies[…].layoutCache (writePdf trims it)", async () => {
    const faces = await loadFontFaces();
    const doc = new PDFDocument({ autoFirstPage: true }) as PDFKit.PDFDocument & { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> };
    doc.on("data", () => {});
    (doc as unknown as { font(f: object): PDFKit.PDFDocument }).font(faces.font(0, "regular")).fontSize(10).text("Exhibit seventeen", 10, 10, { lineBreak: false, baseline: "alphabetic" });
    const caches = Object.values(doc._fontFamilies ?? {}).map((f) => f.layoutCache);
    expect(caches.length).toBeGreaterThan(0);
    expect(caches.some((c) => c && Object.keys(c).length > 0)).toBe(true);
    doc.end();
  });
});

describe("writePdf", () => {
  it("writes every page of every batch, in order, into one valid PDF", async () => {
    const texts = ["alpha", "bravo", "charlie", "delta", "echo"];
    const bytes = await writePdf(texts.length, (i) => page(texts[i]), info, { batch: 2 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cb-writer-"));
    const file = path.join(dir, "w.pdf");
    fs.writeFileSync(file, bytes);
    expect(() => execFileSync("qpdf", ["--check", file])).not.toThrow();
    const pages = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).split("\f").slice(0, -1).map((s) => s.trim());
    expect(pages).toEqual(texts);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
