// Renders an evidence package's PDF from plain data: the layout pass (./layout) settles every page
// and anchor first, then each computed page becomes one <Page wrap={false}> whose items sit at fixed
// positions, with the Bates number, the marking and "Page n of N" in every footer. Text without a
// link is painted straight into the PDF (Pen, below); citations, the contents and charts go through
// react-pdf. Runs in a plain Node process (the job worker) or a route handler; never in React
// Server Components.
import { Canvas, Link, Page, Text, View } from "@react-pdf/renderer";
import type { ReactElement, ReactNode } from "react";
import { formatBates, type TPackageDocument, type TRenderedPdf } from "@/lib/package/document";
import { PdfChart } from "./chart";
import { FONT_STACK, loadFontFaces, loadFonts, type TFontFaces } from "./fonts";
import { paintRuns } from "./paint-text";
import { writePdf } from "./pdf-writer";
import { PAGE, layoutDocument, refLabel, type TItem, type TLayout, type TTableColumn, type TTextItem } from "./layout";
import { cut, sanitize, type TMeasurer, type TSpan, type TVariant } from "./text";

const WEIGHT: Record<TVariant, { fontWeight: 400 | 700; fontStyle: "normal" | "italic" }> = {
  regular: { fontWeight: 400, fontStyle: "normal" },
  bold: { fontWeight: 700, fontStyle: "normal" },
  italic: { fontWeight: 400, fontStyle: "italic" },
  boldItalic: { fontWeight: 700, fontStyle: "italic" },
};

type TCtx = { doc: TPackageDocument; layout: TLayout; m: TMeasurer; faces: TFontFaces };

/** The layout of a document with the embedded fonts' measures, as renderPackagePdf draws it. */
export async function layoutPackage(doc: TPackageDocument): Promise<TLayout> {
  return layoutDocument(doc, await loadFonts());
}

/**
 * `signal` stops the render between batches of pages (a worker stopping), throwing its reason;
 * `layout`, when the caller laid the document out already (layoutPackage), is drawn as it is.
 */
export async function renderPackagePdf(doc: TPackageDocument, opts: { signal?: AbortSignal; layout?: TLayout } = {}): Promise<TRenderedPdf> {
  const m = await loadFonts();
  const layout = opts.layout ?? layoutDocument(doc, m);
  const ctx: TCtx = { doc, layout, m, faces: await loadFontFaces() };
  const total = layout.pages.length;
  const created = doc.meta.createdAt;
  const page = (i: number) => {
    const p = layout.pages[i];
    const size = p.landscape ? { w: PAGE.height, h: PAGE.width } : { w: PAGE.width, h: PAGE.height };
    const contentW = size.w - 2 * PAGE.marginX;
    return (
      <Page key={i} size="LETTER" orientation={p.landscape ? "landscape" : "portrait"} wrap={false} style={{ fontFamily: FONT_STACK, fontSize: 10 }}>
        {/* With wrap={false} react-pdf sizes a page to its content: one full-page box keeps it Letter. */}
        <View style={{ width: size.w, height: size.h }} />
        {p.header ? (
          <Text style={{ position: "absolute", top: 30, left: PAGE.marginX, width: contentW + 8, fontSize: 8, lineHeight: "11pt", color: "#777777" }}>{p.header}</Text>
        ) : null}
        <View style={{ position: "absolute", top: PAGE.top, left: PAGE.marginX, width: contentW, height: size.h - PAGE.top - PAGE.bottom }}>
          {p.items.map((item, k) => renderItem(item, k, ctx))}
        </View>
        {footer(ctx, i, total, size)}
      </Page>
    );
  };
  const info = { Title: doc.meta.title, Subject: doc.meta.subject, Author: doc.meta.author, Keywords: doc.meta.keywords, Creator: "Casebook", Producer: "Casebook", CreationDate: created, ModDate: created };
  const bytes = await writePdf(total, page, info, { signal: opts.signal });
  const anchors: TRenderedPdf["anchors"] = {};
  for (const [k, v] of Object.entries(layout.anchors)) anchors[k] = { ...v };
  return { bytes, pageCount: total, batesFirst: formatBates(doc.bates, 0), batesLast: formatBates(doc.bates, total - 1), anchors };
}

function footer({ doc, m }: TCtx, index: number, total: number, size: { w: number; h: number }): ReactElement {
  const bottom = size.h - 46;
  const contentW = size.w - 2 * PAGE.marginX;
  const marking = cut(sanitize(doc.marking, m, " ").replace(/\s+/g, " "), contentW * 0.96, 8, "bold", m);
  const base = { position: "absolute" as const, left: PAGE.marginX, width: contentW, lineHeight: "11pt" };
  return (
    <>
      <View style={{ position: "absolute", top: bottom - 6, left: PAGE.marginX, width: contentW, height: 0.5, backgroundColor: "#999999" }} />
      <Text style={{ ...base, top: bottom, fontSize: 8, fontWeight: 700, textAlign: "center" }}>{marking}</Text>
      <Text style={{ ...base, top: bottom + 13, fontSize: 8, color: "#555555" }}>{`Page ${index + 1} of ${total}`}</Text>
      <Text style={{ ...base, top: bottom + 13, fontSize: 9, fontWeight: 700, textAlign: "right" }}>{formatBates(doc.bates, index)}</Text>
    </>
  );
}

function renderItem(item: TItem, key: number, ctx: TCtx): ReactElement | null {
  switch (item.kind) {
    case "anchor":
      return <View key={key} id={item.id} style={{ position: "absolute", top: item.y, left: 0, width: 1, height: 1 }} />;
    case "rect":
      return <View key={key} style={{ position: "absolute", top: item.y, left: item.x, width: item.w, height: item.h, backgroundColor: item.fill }} />;
    case "text":
      return textItem(item, key, ctx);
    case "chart":
      return (
        <View key={key} style={{ position: "absolute", top: item.y, left: item.x }}>
          <PdfChart chart={item.chart} w={item.w} h={item.h} font={FONT_STACK} clean={(s) => cut(sanitize(s, ctx.m, " ").replace(/\s+/g, " "), 400, 8, "regular", ctx.m)} />
        </View>
      );
    case "table":
      return tableItem(item, key, ctx);
  }
}

/** The part of pdfkit react-pdf hands a <Canvas>: each call returns the painter. */
type TPainter = {
  rect(x: number, y: number, w: number, h: number): TPainter;
  fill(color: string): TPainter;
  font(font: object): TPainter;
  fontSize(size: number): TPainter;
  fillColor(color: string): TPainter;
  text(text: string, x: number, y: number, o: { lineBreak: false; baseline: "alphabetic" }): TPainter;
};

/**
 * Draws pre-broken lines straight into the PDF, run by run (./paint-text.ts), where the layout put
 * them: text with no link in it, which is nearly every line of a package (table cells, prompts and
 * responses, fields). react-pdf's own text layout spent ~115 ms on a page of 500 table lines, 13
 * times what this takes, and a 25,000-account legal referral is 1,600 pages.
 */
class Pen {
  /** pdfkit compares a font it is handed with every one it has embedded: hand it one only when it changes. */
  private font: object | null = null;
  constructor(
    private readonly p: TPainter,
    private readonly ctx: TCtx,
  ) {}

  /** One line of spans, its box's top-left at (x, top); `align` within `w`. */
  line(spans: TSpan[], x: number, top: number, o: { size: number; lh: number; color: string; w?: number; align?: "left" | "right" | "center" }) {
    const { faces, m } = this.ctx;
    const laid = spans.filter((s) => s.text).map((s) => ({ s, ...paintRuns(s.text, s.v, o.size, faces, (t) => m.width(t, o.size, s.v)) }));
    if (!laid.length) return;
    const total = laid.reduce((sum, l) => sum + l.width, 0);
    let at = o.align === "right" ? x + (o.w ?? 0) - total : o.align === "center" ? x + ((o.w ?? 0) - total) / 2 : x;
    const latin = faces.font(0, "regular");
    const ascent = latin.ascent / latin.unitsPerEm;
    const descent = -latin.descent / latin.unitsPerEm;
    // The line's glyphs centred in its box by the Latin face's metrics, whichever font draws them.
    const baseline = top + (o.lh - (ascent + descent) * o.size) / 2 + ascent * o.size;
    for (const { s, runs, width } of laid) {
      if (s.hl || s.code) this.p.rect(at, top, width, o.lh).fill(s.hl ? "#FFE45C" : "#EEEEEE");
      const color = s.code ? "#333333" : o.color;
      this.p.fillColor(color);
      for (const run of runs) {
        if (run.font !== this.font) this.p.font((this.font = run.font));
        this.p.fontSize(o.size).text(run.text, at + run.x, baseline, { lineBreak: false, baseline: "alphabetic" });
      }
      if (s.hl) this.p.rect(at, baseline + 0.12 * o.size, width, 0.06 * o.size).fill(color);
      at += width;
    }
  }
}

// A table page is drawn on one <Canvas>: the shading, then every line of every cell. Each row is
// as tall as its tallest cell; every cell starts on its row's first line.
function tableItem(item: Extract<TItem, { kind: "table" }>, key: number, ctx: TCtx): ReactElement {
  const { lh, size } = item;
  const width = item.columns.reduce((s, c) => Math.max(s, c.x + c.w + 3), 0);
  const headH = item.headerLines * lh;
  const tops: number[] = [];
  let y = headH + 2;
  for (const h of item.heights) {
    tops.push(y);
    y += h * lh;
  }
  const paint = (p: TPainter) => {
    p.rect(0, 0, width, headH + 1).fill("#E8E8E8");
    item.heights.forEach((h, r) => (r % 2 === 1 ? p.rect(0, tops[r], width, h * lh).fill("#F6F6F6") : null));
    const pen = new Pen(p, ctx);
    const cell = (lines: string[], c: TTableColumn, top: number, v: TVariant) =>
      lines.forEach((t, k) => pen.line([{ text: t, v }], c.x, top + k * lh, { size, lh, color: "#000000", w: c.w, align: c.align }));
    item.columns.forEach((c, i) => cell(item.header[i], c, 0, "bold"));
    item.rows.forEach((row, r) => item.columns.forEach((c, i) => cell(row[i] ?? [], c, tops[r], "regular")));
  };
  return <Canvas key={key} style={{ position: "absolute", top: item.y, left: item.x, width, height: y }} paint={(p: TPainter) => (paint(p), null)} />;
}

function spanNode(s: TSpan, key: number, ctx: TCtx): ReactNode {
  if (s.ref !== undefined) {
    const label = refLabel(ctx.doc, ctx.layout, s.ref);
    const id = ctx.layout.anchorIds.get(s.ref);
    const style = { ...WEIGHT[s.v], color: "#0B4F8A" };
    return id ? (
      <Link key={key} src={`#${id}`} style={{ ...style, textDecoration: "none" }}>
        {label}
      </Link>
    ) : (
      <Text key={key} style={style}>
        {label}
      </Text>
    );
  }
  if (s.v === "regular" && !s.code && !s.hl) return s.text;
  return (
    <Text
      key={key}
      style={{
        ...WEIGHT[s.v],
        ...(s.code ? { backgroundColor: "#EEEEEE", color: "#333333" } : {}),
        ...(s.hl ? { backgroundColor: "#FFE45C", textDecoration: "underline" } : {}),
      }}
    >
      {s.text}
    </Text>
  );
}

/**
 * The box a text of pre-broken lines is drawn in. react-pdf counts each line's "\n" as a glyph of
 * up to an em when it breaks lines (never when it aligns them), so a line the layout measured to
 * fit would break again: the box is an em wider, on the side away from the alignment, and the
 * text sits where the layout put it.
 */
function roomForNewline(x: number, w: number, size: number, align?: "left" | "right" | "center") {
  return align === "right" ? { left: x - size, width: w + size } : align === "center" ? { left: x - size / 2, width: w + size } : { left: x, width: w + size };
}

function textItem(item: TTextItem, key: number, ctx: TCtx): ReactElement | null {
  // An empty run would make react-pdf select (and list) its unembedded Helvetica fallback.
  if (item.lines.every((l) => l.every((s) => !s.text && s.ref === undefined))) return null;
  // Without a link in it, drawn straight into the PDF; citations and the contents are links, which react-pdf makes.
  if (!item.link && !item.lines.some((l) => l.some((s) => s.ref !== undefined))) {
    const paint = (p: TPainter) => {
      const pen = new Pen(p, ctx);
      item.lines.forEach((line, k) => pen.line(line, 0, k * item.lh, { size: item.size, lh: item.lh, color: item.color ?? "#000000", w: item.w, align: item.align }));
    };
    return <Canvas key={key} style={{ position: "absolute", top: item.y, left: item.x, width: item.w + item.size, height: item.lines.length * item.lh }} paint={(p: TPainter) => (paint(p), null)} />;
  }
  const children: ReactNode[] = [];
  item.lines.forEach((line, li) => {
    if (li > 0) children.push("\n");
    if (line.every((s) => !s.text && s.ref === undefined)) children.push("\u00A0");
    else line.forEach((s, si) => (s.text || s.ref !== undefined ? children.push(spanNode(s, li * 1000 + si, ctx)) : null));
  });
  const box = { position: "absolute" as const, top: item.y, ...roomForNewline(item.x, item.w, item.size, item.align) };
  const style = { fontSize: item.size, lineHeight: `${item.lh}pt`, ...(item.color ? { color: item.color } : {}), ...(item.align ? { textAlign: item.align } : {}) };
  if (item.link) {
    return (
      <Link key={key} src={`#${item.link}`} style={{ ...box, textDecoration: "none", color: "#000000" }}>
        <Text style={style}>{children}</Text>
      </Link>
    );
  }
  return (
    <Text key={key} style={{ ...box, ...style }}>
      {children}
    </Text>
  );
}
