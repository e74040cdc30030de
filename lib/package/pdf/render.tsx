// Renders an evidence package's PDF from plain data: the layout pass (./layout) settles every page
// and anchor first, then each computed page becomes one <Page wrap={false}> whose items sit at fixed
// positions, with the Bates number, the marking and "Page n of N" in every footer. Runs in a plain
// Node process (the job worker) or a route handler; never in React Server Components.
import { Link, Page, Text, View } from "@react-pdf/renderer";
import type { ReactElement, ReactNode } from "react";
import { formatBates, type TPackageDocument, type TRenderedPdf } from "@/lib/package/document";
import { PdfChart } from "./chart";
import { FONT_STACK, loadFonts } from "./fonts";
import { writePdf } from "./pdf-writer";
import { PAGE, layoutDocument, refLabel, type TItem, type TLayout, type TTextItem } from "./layout";
import { cut, sanitize, type TMeasurer, type TSpan, type TVariant } from "./text";

const WEIGHT: Record<TVariant, { fontWeight: 400 | 700; fontStyle: "normal" | "italic" }> = {
  regular: { fontWeight: 400, fontStyle: "normal" },
  bold: { fontWeight: 700, fontStyle: "normal" },
  italic: { fontWeight: 400, fontStyle: "italic" },
  boldItalic: { fontWeight: 700, fontStyle: "italic" },
};

type TCtx = { doc: TPackageDocument; layout: TLayout; m: TMeasurer };

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
  const ctx: TCtx = { doc, layout, m };
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
      return tableItem(item, key);
  }
}

// A table page is one <Text> per column with its cells' lines joined by line breaks, each cell
// padded with empty lines to its row's height: a few nodes per page instead of one per cell, which
// is what keeps a 25,000-row appendix fast, and every cell starts on its row's first line.
/**
 * The box a text of pre-broken lines is drawn in. react-pdf counts each line's "\n" as a glyph of
 * up to an em when it breaks lines (never when it aligns them), so a line the layout measured to
 * fit would break again and push its column out of step: the box is an em wider, on the side
 * away from the alignment, and the text sits where the layout put it.
 */
function roomForNewline(x: number, w: number, size: number, align?: "left" | "right" | "center") {
  return align === "right" ? { left: x - size, width: w + size } : align === "center" ? { left: x - size / 2, width: w + size } : { left: x, width: w + size };
}

function tableItem(item: Extract<TItem, { kind: "table" }>, key: number): ReactElement {
  const { lh, size } = item;
  const width = item.columns.reduce((s, c) => Math.max(s, c.x + c.w + 3), 0);
  const headH = item.headerLines * lh;
  const col = (c: (typeof item.columns)[number]) => ({ position: "absolute" as const, ...roomForNewline(c.x, c.w, size, c.align), fontSize: size, lineHeight: `${lh}pt`, textAlign: c.align });
  const tops: number[] = [];
  let y = headH + 2;
  for (const h of item.heights) {
    tops.push(y);
    y += h * lh;
  }
  const column = (cells: string[][][], heights: number[], i: number) =>
    cells
      .flatMap((row, r) => {
        const lines = row[i] ?? [];
        return Array.from({ length: heights[r] }, (_, k) => lines[k] || "\u00A0");
      })
      .join("\n");
  return (
    <View key={key} style={{ position: "absolute", top: item.y, left: item.x, width, height: y }}>
      <View style={{ position: "absolute", top: 0, left: 0, width, height: headH + 1, backgroundColor: "#E8E8E8" }} />
      {item.heights.map((h, r) => (r % 2 === 1 ? <View key={`s${r}`} style={{ position: "absolute", top: tops[r], left: 0, width, height: h * lh, backgroundColor: "#F6F6F6" }} /> : null))}
      {item.columns.map((c, i) => (
        <Text key={`h${i}`} style={{ ...col(c), top: 0, fontWeight: 700 }}>
          {column([item.header], [item.headerLines], i)}
        </Text>
      ))}
      {item.rows.length
        ? item.columns.map((c, i) => (
            <Text key={`c${i}`} style={{ ...col(c), top: headH + 2 }}>
              {column(item.rows, item.heights, i)}
            </Text>
          ))
        : null}
    </View>
  );
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

function textItem(item: TTextItem, key: number, ctx: TCtx): ReactElement | null {
  // An empty run would make react-pdf select (and list) its unembedded Helvetica fallback.
  if (item.lines.every((l) => l.every((s) => !s.text && s.ref === undefined))) return null;
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
