// The layout pass of the package PDF, pure: measures every block with the embedded fonts' advances,
// splits blocks across explicit pages (pre and paragraphs by lines, tables by rows with the header
// repeated), reserves the table of contents, and settles every anchor's pages before anything is
// drawn. The renderer only positions what this returns; react-pdf never paginates.
import { formatBates, type TBlock, type TInline, type TPackageDocument, type TSection } from "@/lib/package/document";
import type { TChartSpec } from "@/lib/figures/chart-spec";
import { breakLines, cut, sanitize, variantOf, type TLine, type TMeasurer, type TSpan, type TVariant } from "./text";

export const PAGE = { width: 612, height: 792, marginX: 54, top: 54, bottom: 72 } as const;
export const CONTENT_W = PAGE.width - 2 * PAGE.marginX;
export const CONTENT_H = PAGE.height - PAGE.top - PAGE.bottom;
// Lines are broken short of the real width: kerning is ignored (it only narrows) and this slack
// absorbs what shaping (Arabic joining forms, emoji sequences) may widen.
const SLACK = 0.96;

export const TYPE = {
  body: { size: 10, lh: 14 },
  h1: { size: 16, lh: 21 },
  h2: { size: 13, lh: 18 },
  h3: { size: 11, lh: 15 },
  pre: { size: 8.5, lh: 11.5 },
  fields: { size: 9, lh: 12.5 },
  table: { size: 8, lh: 12 },
  note: { size: 8, lh: 11 },
  toc: { size: 10, lh: 16 },
} as const;

export type TTextItem = {
  kind: "text";
  x: number;
  y: number;
  w: number;
  size: number;
  lh: number;
  lines: TLine[];
  color?: string;
  align?: "left" | "right" | "center";
  /** An internal link around the whole item (the table of contents). */
  link?: string;
};
export type TItem =
  | TTextItem
  | { kind: "rect"; x: number; y: number; w: number; h: number; fill: string }
  | { kind: "table"; x: number; y: number; size: number; rowH: number; columns: Array<{ x: number; w: number; align: "left" | "right" }>; header: string[]; rows: string[][] }
  | { kind: "chart"; x: number; y: number; w: number; h: number; chart: TChartSpec }
  /** A link destination. */
  | { kind: "anchor"; y: number; id: string };

export type TPageLayout = { kind: "cover" | "toc" | "body"; header: string; items: TItem[] };

export type TLayout = {
  pages: TPageLayout[];
  /** 1-based first and last page of every section and anchored block. */
  anchors: Record<string, { first: number; last: number }>;
  /** Link destination ids ("a0", "a1"…), never the anchor strings themselves. */
  anchorIds: Map<string, string>;
};

/** The text a citation of `anchor` renders as, once the layout is known. */
export function refLabel(doc: TPackageDocument, layout: Pick<TLayout, "anchors">, anchor: string): string {
  const a = layout.anchors[anchor];
  if (!a) return "[missing exhibit]";
  const first = formatBates(doc.bates, a.first - 1);
  return a.last === a.first ? first : `${first}–${formatBates(doc.bates, a.last - 1)}`;
}

class Flow {
  pages: TPageLayout[] = [];
  y = 0;
  header = "";
  anchors: TLayout["anchors"] = {};
  anchorIds = new Map<string, string>();
  private open = new Set<string>();

  newPage() {
    this.pages.push({ kind: "body", header: this.header, items: [] });
    this.y = 0;
  }
  get page() {
    return this.pages[this.pages.length - 1];
  }
  room() {
    return CONTENT_H - this.y;
  }
  /** Starts a new page unless `h` fits below the cursor (or the page is empty). */
  need(h: number) {
    if (this.y > 0 && h > this.room()) this.newPage();
  }
  gap(h: number) {
    if (this.y > 0) this.y = Math.min(CONTENT_H, this.y + h);
  }
  begin(anchor: string | undefined) {
    if (!anchor || this.anchors[anchor] || this.open.has(anchor)) return;
    this.open.add(anchor);
  }
  end(anchor: string | undefined) {
    if (anchor) this.open.delete(anchor);
  }
  /** Places items whose top is the cursor and advances it by `h`. */
  add(h: number, ...items: TItem[]) {
    const n = this.pages.length;
    for (const anchor of this.open) {
      const a = this.anchors[anchor];
      if (a) a.last = n;
      else {
        this.anchors[anchor] = { first: n, last: n };
        const id = `a${this.anchorIds.size}`;
        this.anchorIds.set(anchor, id);
        this.page.items.push({ kind: "anchor", y: this.y, id });
      }
    }
    this.page.items.push(...items);
    this.y += h;
  }
}

const spansOf = (inlines: TInline[], m: TMeasurer): TSpan[] =>
  inlines.flatMap((i): TSpan[] => {
    if (i.kind === "ref") {
      const pre: TSpan[] = i.prefix ? [{ text: sanitize(i.prefix, m, " ").replace(/\s+/g, " "), v: "regular" }] : [];
      return [...pre, { text: "", v: "regular", ref: i.anchor }];
    }
    return [{ text: sanitize(i.text, m, " ").replace(/\s+/g, " "), v: variantOf(i.bold, i.italic), code: i.code }];
  });

/** Leading spaces of a verbatim line become no-break spaces: react-pdf drops ordinary ones. */
const keepIndent = (lines: TLine[]): TLine[] =>
  lines.map((line) => {
    if (line.length === 0) return [{ text: "\u00A0", v: "regular" }];
    const first = line[0];
    const lead = /^ +/.exec(first.text)?.[0].length ?? 0;
    return lead ? [{ ...first, text: "\u00A0".repeat(lead) + first.text.slice(lead) }, ...line.slice(1)] : line;
  });

/** Splits verbatim text into styled spans at the highlight boundaries (code-point offsets). */
function preSpans(text: string, highlights: Array<{ start: number; end: number }> | undefined, m: TMeasurer): TSpan[] {
  const body = text.replace(/\s+$/, "");
  if (!highlights?.length) return [{ text: sanitize(body, m), v: "regular" }];
  const cps = Array.from(body);
  const mask = new Uint8Array(cps.length);
  for (const h of highlights) for (let i = Math.max(0, h.start); i < Math.min(cps.length, h.end); i++) mask[i] = 1;
  const spans: TSpan[] = [];
  let start = 0;
  for (let i = 1; i <= cps.length; i++) {
    if (i === cps.length || mask[i] !== mask[start]) {
      spans.push({ text: sanitize(cps.slice(start, i).join(""), m), v: "regular", hl: mask[start] === 1 });
      start = i;
    }
  }
  return spans;
}

export function layoutDocument(doc: TPackageDocument, m: TMeasurer): TLayout {
  const digits = Math.max(doc.bates.digits, String(doc.bates.start + 99_999).length);
  const zero = `${doc.bates.prefix}-${"0".repeat(digits)}`;
  const refW = Math.max(m.width(`${zero}–${zero}`, TYPE.body.size, "bold"), m.width("[missing exhibit]", TYPE.body.size, "bold"));
  const fit = (w: number) => w * SLACK;
  const lines = (spans: TSpan[], w: number, size: number, pre = false) => breakLines(spans, { maxW: fit(w), size, m, pre, refW: (refW * size) / TYPE.body.size });
  const plain = (text: string, v: TVariant = "regular"): TSpan[] => [{ text: sanitize(text, m, " ").replace(/\s+/g, " ").trim(), v }];

  const tocSections = doc.sections.filter((s) => s.toc !== false);
  const tocPerPage = Math.floor((CONTENT_H - TYPE.h1.lh - 12) / TYPE.toc.lh);
  const tocPages = Math.max(1, Math.ceil(tocSections.length / tocPerPage));

  const flow = new Flow();
  // Cover and table of contents first, so the body's page numbers are final.
  flow.pages.push({ kind: "cover", header: "", items: coverItems(doc, lines, plain) });
  for (let i = 0; i < tocPages; i++) flow.pages.push({ kind: "toc", header: "Contents", items: [] });

  /** Lays out `all` lines, split across pages; `draw` makes the items of one page's share. */
  const flowLines = (all: TLine[], lh: number, pad: number, draw: (chunk: TLine[], h: number, first: boolean) => TItem[]) => {
    let i = 0;
    while (i < all.length) {
      const fitting = Math.floor((flow.room() - 2 * pad) / lh);
      if (fitting < Math.min(2, all.length - i) && flow.y > 0) {
        flow.newPage();
        continue;
      }
      const n = Math.max(1, Math.min(fitting, all.length - i));
      const h = n * lh + 2 * pad;
      flow.add(h, ...draw(all.slice(i, i + n), h, i === 0));
      i += n;
    }
  };
  const text = (x: number, w: number, t: { size: number; lh: number }, chunk: TLine[], pad = 0, extra: Partial<TTextItem> = {}): TTextItem => ({
    kind: "text",
    x,
    y: flow.y + pad,
    w,
    size: t.size,
    lh: t.lh,
    lines: chunk,
    ...extra,
  });

  const heading = (level: 1 | 2 | 3, title: string, anchor?: string) => {
    const t = level === 1 ? TYPE.h1 : level === 2 ? TYPE.h2 : TYPE.h3;
    const ls = lines(plain(title, "bold"), CONTENT_W, t.size);
    flow.gap(level === 1 ? 10 : 8);
    flow.need(ls.length * t.lh + 4 + 2 * TYPE.body.lh); // keep with what follows
    flow.begin(anchor);
    flowLines(ls, t.lh, 0, (chunk) => [text(0, CONTENT_W, t, chunk)]);
    flow.y += 4;
  };

  const openHeadings: Array<{ level: number; anchor: string }> = [];
  const block = (b: TBlock) => {
    switch (b.kind) {
      case "heading":
        // A heading's anchor covers what follows it up to the next heading of its level or above,
        // so citing an exhibit gives the Bates range of the whole exhibit.
        while (openHeadings.length && openHeadings[openHeadings.length - 1].level >= b.level) flow.end(openHeadings.pop()!.anchor);
        if (b.anchor) openHeadings.push({ level: b.level, anchor: b.anchor });
        return heading(b.level, b.text, b.anchor);
      case "paragraph":
        flow.gap(6);
        return flowLines(lines(spansOf(b.inlines, m), CONTENT_W, TYPE.body.size), TYPE.body.lh, 0, (chunk) => [text(0, CONTENT_W, TYPE.body, chunk)]);
      case "quote":
        flow.gap(6);
        return flowLines(lines(spansOf(b.inlines, m), CONTENT_W - 16, TYPE.body.size), TYPE.body.lh, 0, (chunk, h) => [
          { kind: "rect", x: 4, y: flow.y, w: 2, h, fill: "#B0B0B0" },
          text(16, CONTENT_W - 16, TYPE.body, chunk, 0, { color: "#333333" }),
        ]);
      case "list":
        flow.gap(4);
        b.items.forEach((item, n) => {
          const marker = b.ordered ? `${n + 1}.` : "•";
          flowLines(lines(spansOf(item, m), CONTENT_W - 20, TYPE.body.size), TYPE.body.lh, 0, (chunk, _h, first) => [
            ...(first ? [text(0, 16, TYPE.body, [[{ text: marker, v: "regular" as const }]], 0, { align: "right" })] : []),
            text(20, CONTENT_W - 20, TYPE.body, chunk),
          ]);
        });
        return;
      case "note":
        flow.gap(4);
        return flowLines(lines(plain(b.text, "italic"), CONTENT_W, TYPE.note.size), TYPE.note.lh, 0, (chunk) => [text(0, CONTENT_W, TYPE.note, chunk, 0, { color: "#666666" })]);
      case "pre": {
        flow.gap(6);
        const pad = 4;
        const body = keepIndent(lines(preSpans(b.text, b.highlights, m), CONTENT_W - 2 * pad - 2, TYPE.pre.size, true));
        const label = b.label ? cut(sanitize(b.label, m, " ").replace(/\s+/g, " "), fit(CONTENT_W), TYPE.fields.size, "bold", m) : null;
        if (label) {
          flow.need(TYPE.fields.lh + 2 * pad + 2 * TYPE.pre.lh);
          flow.add(TYPE.fields.lh + 2, text(0, CONTENT_W, TYPE.fields, [[{ text: label, v: "bold" }]]));
        }
        return flowLines(body, TYPE.pre.lh, pad, (chunk, h) => [
          { kind: "rect", x: 0, y: flow.y, w: CONTENT_W, h, fill: "#F3F3F3" },
          text(pad, CONTENT_W - 2 * pad, TYPE.pre, chunk, pad),
        ]);
      }
      case "fields": {
        flow.gap(6);
        const labelW = Math.round(CONTENT_W * 0.28);
        const measured = b.rows.map(([label, value]) => [lines(plain(label, "bold"), labelW - 8, TYPE.fields.size), lines(plain(value), CONTENT_W - labelW, TYPE.fields.size)] as const);
        // A short block (an exhibit's metadata) stays on one page.
        const total = measured.reduce((s, [l, v]) => s + Math.max(l.length, v.length) * TYPE.fields.lh, 0);
        if (total <= CONTENT_H / 3) flow.need(total);
        for (const [l, v] of measured) {
          const n = Math.max(l.length, v.length);
          const rows = Array.from({ length: n }, (_, i): [TLine, TLine] => [l[i] ?? [], v[i] ?? []]);
          // A row is one unit when it fits a page; a giant value runs on with its label repeated.
          if (n * TYPE.fields.lh <= CONTENT_H) flow.need(n * TYPE.fields.lh);
          flowLines(rows.map((r) => r[1]), TYPE.fields.lh, 0, (chunk, _h, first) => {
            const labels = first ? rows.slice(0, chunk.length).map((r) => r[0]) : [[]];
            return [text(0, labelW - 8, TYPE.fields, labels, 0, { color: "#444444" }), text(labelW, CONTENT_W - labelW, TYPE.fields, chunk)];
          });
        }
        return;
      }
      case "table":
        flow.gap(6);
        return table(b);
      case "chart": {
        flow.gap(8);
        const h = chartHeight(b.chart);
        flow.need(h);
        flow.begin(b.anchor);
        flow.add(h, { kind: "chart", x: 0, y: flow.y, w: CONTENT_W, h, chart: b.chart });
        flow.end(b.anchor);
        return;
      }
      case "pageBreak":
        if (flow.y > 0) flow.newPage();
        return;
    }
  };

  const table = (b: Extract<TBlock, { kind: "table" }>) => {
    const t = TYPE.table;
    const pad = 3;
    // Widths are fractions of the page; nonsense (negative, NaN, all zero) falls back to equal ones.
    const widths = b.columns.map((c) => (Number.isFinite(c.width) && c.width > 0 ? c.width : 0));
    const total = widths.reduce((s, w) => s + w, 0);
    let x = 0;
    const columns = b.columns.map((c, i) => {
      const w = total > 0 ? (widths[i] / total) * CONTENT_W : CONTENT_W / b.columns.length;
      const col = { x: x + pad, w: w - 2 * pad, align: c.align ?? ("left" as const) };
      x += w;
      return col;
    });
    // A cell is one line: cut to fit, and its spaces made non-breaking so the renderer can never
    // wrap it (a wrapped cell would push its column out of step with the others).
    const cell = (s: string, i: number, v: TVariant) => cut(sanitize(String(s ?? ""), m, " ").replace(/\s+/g, " "), fit(columns[i].w), t.size, v, m).replaceAll(" ", "\u00A0");
    const header = b.columns.map((c, i) => cell(c.label, i, "bold"));
    const rows = b.rows.map((r) => columns.map((_, i) => cell(r[i] ?? "", i, "regular")));
    let i = 0;
    do {
      const fitting = Math.floor((flow.room() - 2) / t.lh) - 1;
      if (fitting < Math.min(3, rows.length - i) && flow.y > 0) {
        flow.newPage();
        continue;
      }
      const n = Math.max(0, Math.min(fitting, rows.length - i));
      flow.add((n + 1) * t.lh + 2, { kind: "table", x: 0, y: flow.y, size: t.size, rowH: t.lh, columns, header, rows: rows.slice(i, i + n) });
      i += n;
    } while (i < rows.length);
  };

  const section = (s: TSection, index: number) => {
    flow.header = cut(sanitize(s.title, m, " ").replace(/\s+/g, " "), fit(CONTENT_W), 8, "regular", m);
    if (index === 0 || s.newPage !== false) flow.newPage();
    else flow.gap(14);
    flow.begin(s.anchor);
    heading(1, s.title);
    for (const b of s.blocks) block(b);
    while (openHeadings.length) flow.end(openHeadings.pop()!.anchor);
    flow.end(s.anchor);
  };
  doc.sections.forEach(section);

  // The table of contents, now that the page numbers are known.
  if (tocSections.length === 0) flow.pages[1].items.push({ ...text(0, CONTENT_W, TYPE.h1, [[{ text: "Contents", v: "bold" }]]), y: 0 });
  tocSections.forEach((s, n) => {
    const page = flow.pages[1 + Math.floor(n / tocPerPage)];
    const row = n % tocPerPage;
    if (row === 0) page.items.push({ ...text(0, CONTENT_W, TYPE.h1, [[{ text: n === 0 ? "Contents" : "Contents (continued)", v: "bold" }]]), y: 0 });
    const y = TYPE.h1.lh + 12 + row * TYPE.toc.lh;
    const a = flow.anchors[s.anchor];
    const id = flow.anchorIds.get(s.anchor);
    const title = cut(sanitize(s.title, m, " ").replace(/\s+/g, " "), fit(CONTENT_W - 60), TYPE.toc.size, "regular", m);
    page.items.push(
      { ...text(0, CONTENT_W - 60, TYPE.toc, [[{ text: title, v: "regular" }]]), y, ...(id ? { link: id } : {}) },
      { ...text(CONTENT_W - 56, 56, TYPE.toc, [[{ text: a ? String(a.first) : "–", v: "regular" }]], 0, { align: "right" }), y },
    );
  });

  return { pages: flow.pages, anchors: flow.anchors, anchorIds: flow.anchorIds };
}

export function chartHeight(c: TChartSpec): number {
  return 22 + (c.caption ? 14 : 0) + 170 + (c.categorical ? 64 : 22) + (c.series.length > 1 ? 18 : 0);
}

type TBreak = (spans: TSpan[], w: number, size: number) => TLine[];

function coverItems(doc: TPackageDocument, lines: TBreak, plain: (t: string, v?: TVariant) => TSpan[]): TItem[] {
  const items: TItem[] = [];
  let y = 90;
  const put = (spans: TSpan[], size: number, lh: number, maxLines: number, x = 0, w = CONTENT_W, color?: string) => {
    const ls = lines(spans, w, size).slice(0, maxLines);
    items.push({ kind: "text", x, y, w, size, lh, lines: ls, ...(color ? { color } : {}) });
    return ls.length * lh;
  };
  y += put(plain(doc.cover.title, "bold"), 24, 30, 3) + 8;
  y += put(plain(doc.cover.subtitle), 14, 19, 3, 0, CONTENT_W, "#444444") + 28;
  items.push({ kind: "rect", x: 0, y, w: CONTENT_W, h: 1, fill: "#999999" });
  y += 12;
  const labelW = Math.round(CONTENT_W * 0.3);
  const noticeTop = CONTENT_H - 6 * TYPE.body.lh;
  for (const [label, value] of doc.cover.fields) {
    if (y + TYPE.body.lh > noticeTop - 12) break; // the cover is one page: the rest is in the package
    const h = Math.min(4, Math.floor((noticeTop - 12 - y) / TYPE.body.lh));
    put(plain(label, "bold"), TYPE.body.size, TYPE.body.lh, 1, 0, labelW - 8, "#444444");
    y += put(plain(value), TYPE.body.size, TYPE.body.lh, h, labelW, CONTENT_W - labelW) + 4;
  }
  y = noticeTop;
  items.push({ kind: "rect", x: 0, y: y - 8, w: CONTENT_W, h: 1, fill: "#999999" });
  put(plain(doc.cover.notice), TYPE.body.size, TYPE.body.lh, 6);
  return items;
}
