// The layout pass of the package PDF, pure: measures every block with the embedded fonts' advances,
// splits blocks across explicit pages (pre and paragraphs by lines, tables by rows with the header
// repeated), reserves the table of contents, and settles every anchor's pages before anything is
// drawn. Citations are written as the Bates numbers they point at, which are known only once the
// pages are: the pass runs again with each citation's real width until nothing moves (two passes,
// as a rule). The renderer only positions what this returns; react-pdf never paginates.
import { formatBates, type TBlock, type TInline, type TPackageDocument, type TSection } from "@/lib/package/document";
import type { TChartSpec } from "@/lib/figures/chart-spec";
import { breakLines, cut, sanitize, variantOf, type TLine, type TMeasurer, type TSpan, type TVariant } from "./text";

export const PAGE = { width: 612, height: 792, marginX: 54, top: 54, bottom: 72 } as const;
export const CONTENT_W = PAGE.width - 2 * PAGE.marginX;
export const CONTENT_H = PAGE.height - PAGE.top - PAGE.bottom;
/** A landscape page (a section with many columns): the same margins, turned. */
export const LANDSCAPE_W = PAGE.height - 2 * PAGE.marginX;
export const LANDSCAPE_H = PAGE.width - PAGE.top - PAGE.bottom;
// Lines are broken short of the real width: kerning is ignored (it only narrows) and this slack
// absorbs what shaping (Arabic joining forms, emoji sequences) may widen.
const SLACK = 0.96;
// Table cells are short runs, mostly Latin, where the advances are exact: a smaller margin keeps a
// column from wrapping a value that fits.
const CELL_SLACK = 0.985;

export const TYPE = {
  body: { size: 10, lh: 14 },
  h1: { size: 16, lh: 21 },
  h2: { size: 13, lh: 18 },
  h3: { size: 11, lh: 15 },
  pre: { size: 8.5, lh: 11.5 },
  fields: { size: 9, lh: 12.5 },
  table: { size: 8, lh: 11 },
  /** Tables with many columns (the account appendix, custody, the audit excerpt). */
  tableSmall: { size: 7, lh: 9.5 },
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
  /**
   * One page's share of a table. A cell is its lines; a row is as tall as its tallest cell
   * (`heights`, in lines); the header repeats on every page.
   */
  | { kind: "table"; x: number; y: number; size: number; lh: number; columns: TTableColumn[]; header: string[][]; headerLines: number; rows: string[][][]; heights: number[] }
  | { kind: "chart"; x: number; y: number; w: number; h: number; chart: TChartSpec }
  /** A link destination. */
  | { kind: "anchor"; y: number; id: string };

export type TTableColumn = { x: number; w: number; align: "left" | "right" };

/** Height in points of a table item: the header, its rule, the rows. */
export const tableHeight = (t: Extract<TItem, { kind: "table" }>) => (t.headerLines + t.heights.reduce((s, h) => s + h, 0)) * t.lh + 2;

export type TPageLayout = { kind: "cover" | "toc" | "body"; header: string; items: TItem[]; landscape?: boolean };

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
  /** The current section's page: portrait, or landscape for a wide appendix. */
  landscape = false;
  get h() {
    return this.landscape ? LANDSCAPE_H : CONTENT_H;
  }
  /** The width of the current section's pages. */
  get w() {
    return this.landscape ? LANDSCAPE_W : CONTENT_W;
  }
  anchors: TLayout["anchors"] = {};
  anchorIds = new Map<string, string>();
  private open = new Set<string>();

  newPage() {
    this.pages.push({ kind: "body", header: this.header, items: [], ...(this.landscape ? { landscape: true } : {}) });
    this.y = 0;
  }
  get page() {
    return this.pages[this.pages.length - 1];
  }
  room() {
    return this.h - this.y;
  }
  /** Starts a new page unless `h` fits below the cursor (or the page is empty). */
  need(h: number) {
    if (this.y > 0 && h > this.room()) this.newPage();
  }
  gap(h: number) {
    if (this.y > 0) this.y = Math.min(this.h, this.y + h);
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
  /** Lays out `all` lines, split across pages; `draw` makes the items of one page's share. */
  addLines(all: TLine[], lh: number, pad: number, draw: (chunk: TLine[], h: number, first: boolean) => TItem[]) {
    let i = 0;
    while (i < all.length) {
      const fitting = Math.floor((this.room() - 2 * pad) / lh);
      if (fitting < Math.min(2, all.length - i) && this.y > 0) {
        this.newPage();
        continue;
      }
      const n = Math.max(1, Math.min(fitting, all.length - i));
      const h = n * lh + 2 * pad;
      this.add(h, ...draw(all.slice(i, i + n), h, i === 0));
      i += n;
    }
  }
  /** A text item at the cursor (`pad` below it). */
  text(x: number, w: number, t: { size: number; lh: number }, chunk: TLine[], pad = 0, extra: Partial<TTextItem> = {}): TTextItem {
    return { kind: "text", x, y: this.y + pad, w, size: t.size, lh: t.lh, lines: chunk, ...extra };
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

/** What stays the same from one pass to the next: measured tables and verbatim text. */
type TCache = { tables: WeakMap<object, TPreparedTable>; pre: WeakMap<object, TLine[]> };

export function layoutDocument(doc: TPackageDocument, m: TMeasurer): TLayout {
  const cache: TCache = { tables: new WeakMap(), pre: new WeakMap() };
  // First guess: every citation one Bates number (the widest a number of this production can be).
  const digits = Math.max(doc.bates.digits, String(doc.bates.start + 99_999).length);
  const one = `${doc.bates.prefix}-${"0".repeat(digits)}`;
  let labels = new Map<string, string>();
  const labelOf = (anchor: string) => labels.get(anchor) ?? one;
  const seen = new Map<string, number>();
  for (let pass = 0; ; pass++) {
    const layout = layoutPass(doc, m, cache, labelOf, pass >= 4 ? seen : null);
    const next = new Map<string, string>();
    for (const a of layout.refs) next.set(a, refLabel(doc, layout, a));
    // Settled when every citation measures what this pass reserved for it.
    const settled = [...next].every(([a, l]) => m.width(l, 10, "regular") === m.width(labelOf(a), 10, "regular"));
    if (settled || pass >= 4) return layout;
    for (const [a, l] of next) seen.set(a, Math.max(seen.get(a) ?? 0, m.width(l, 1, "bold")));
    labels = next;
  }
}

type TLabelOf = (anchor: string) => string;

/** Breaks spans into lines of width `w` (verbatim when `pre`). */
type TBreakLines = (spans: TSpan[], w: number, size: number, pre?: boolean) => TLine[];
/** Untrusted text as one span of one variant. */
type TPlain = (text: string, v?: TVariant) => TSpan[];

/** What one pass's block layouts share: the flow they fill and how they measure. */
type TPass = {
  flow: Flow;
  m: TMeasurer;
  cache: TCache;
  lines: TBreakLines;
  plain: TPlain;
  /** The headings whose anchors are open, innermost last. */
  openHeadings: Array<{ level: number; anchor: string }>;
};

const fit = (w: number) => w * SLACK;

function layoutPass(doc: TPackageDocument, m: TMeasurer, cache: TCache, labelOf: TLabelOf, widest: Map<string, number> | null): TLayout & { refs: Set<string> } {
  const refs = new Set<string>();
  // A citation's width as written; when the passes would not settle, the widest it has been.
  const refW = (size: number) => (anchor: string, v: TVariant) => {
    refs.add(anchor);
    const w = m.width(labelOf(anchor), size, v);
    const most = widest?.get(anchor);
    return most === undefined ? w : Math.max(w, most * size);
  };
  const lines: TBreakLines = (spans, w, size, pre = false) => breakLines(spans, { maxW: fit(w), size, m, pre, refW: refW(size) });
  const plain: TPlain = (text, v = "regular") => [{ text: clean(text, m), v }];

  const toc = planToc(doc, m, lines, plain);
  const flow = new Flow();
  flow.pages.push({ kind: "cover", header: "", items: coverItems(doc, lines, plain) });
  for (let i = 0; i < toc.pages; i++) flow.pages.push({ kind: "toc", header: "Contents", items: [] });

  const pass: TPass = { flow, m, cache, lines, plain, openHeadings: [] };
  doc.sections.forEach((s, index) => layoutSection(pass, s, index));
  drawToc(flow, toc);

  return { pages: flow.pages, anchors: flow.anchors, anchorIds: flow.anchorIds, refs };
}

type TTocPlan = {
  sections: TSection[];
  titleW: number;
  /** Each section's title, on one or two lines. */
  titles: TLine[][];
  /** Whether a title was shortened (a note then says so). */
  cut: boolean;
  places: Array<{ page: number; y: number }>;
  pages: number;
};

/** The table of contents: each title on up to two lines, so the body's page numbers are final. */
function planToc(doc: TPackageDocument, m: TMeasurer, lines: TBreakLines, plain: TPlain): TTocPlan {
  const tocSections = doc.sections.filter((s) => s.toc !== false);
  const tocTitleW = CONTENT_W - 60;
  let tocCut = false;
  const tocTitles = tocSections.map((s) => {
    const ls = lines(plain(s.title), tocTitleW, TYPE.toc.size);
    if (ls.length <= 2) return ls;
    tocCut = true;
    const rest = ls.slice(1).map((l) => l.map((x) => x.text).join("")).join(" ");
    return [ls[0], [{ text: cut(rest, fit(tocTitleW), TYPE.toc.size, "regular", m), v: "regular" as const }]];
  });
  const tocTop = TYPE.h1.lh + 12 + (tocCut ? 2 * TYPE.note.lh : 0);
  const tocPlaces: Array<{ page: number; y: number }> = [];
  let page = 0;
  let y = tocTop;
  for (const t of tocTitles) {
    const h = t.length * TYPE.toc.lh;
    if (y + h > CONTENT_H) {
      page++;
      y = TYPE.h1.lh + 12;
    }
    tocPlaces.push({ page, y });
    y += h + (t.length > 1 ? 3 : 0);
  }
  const tocPages = (tocPlaces.at(-1)?.page ?? 0) + 1;
  return { sections: tocSections, titleW: tocTitleW, titles: tocTitles, cut: tocCut, places: tocPlaces, pages: tocPages };
}

/** The table of contents, now that the page numbers are known. */
function drawToc(flow: Flow, toc: TTocPlan) {
  const tocHeading = (page: TPageLayout, continued: boolean) => page.items.push({ ...flow.text(0, CONTENT_W, TYPE.h1, [[{ text: continued ? "Contents (continued)" : "Contents", v: "bold" }]]), y: 0 });
  tocHeading(flow.pages[1], false);
  if (toc.cut) {
    flow.pages[1].items.push({ ...flow.text(0, CONTENT_W, TYPE.note, [[{ text: "A title too long for two lines is shortened here; it is given in full on its page.", v: "italic" }]], 0, { color: "#666666" }), y: TYPE.h1.lh + 8 });
  }
  toc.sections.forEach((s, n) => {
    const { page: p, y } = toc.places[n];
    const page = flow.pages[1 + p];
    if (p > 0 && !page.items.length) tocHeading(page, true);
    const a = flow.anchors[s.anchor];
    const id = flow.anchorIds.get(s.anchor);
    page.items.push(
      { ...flow.text(0, toc.titleW, TYPE.toc, toc.titles[n]), y, ...(id ? { link: id } : {}) },
      { ...flow.text(CONTENT_W - 56, 56, TYPE.toc, [[{ text: a ? String(a.first) : "–", v: "regular" }]], 0, { align: "right" }), y },
    );
  });
}

function layoutSection(pass: TPass, s: TSection, index: number) {
  const { flow, m } = pass;
  const turn = Boolean(s.landscape) !== flow.landscape;
  const starts = index === 0 || s.newPage !== false || turn;
  flow.landscape = Boolean(s.landscape);
  const W = flow.w;
  // A running header too long for its line is shortened, and says where the title is in full.
  const title = clean(s.title, m);
  const headerW = fit(W);
  const first = starts ? flow.pages.length + 1 : flow.pages.length;
  flow.header = m.width(title, 8, "regular") <= headerW ? title : `${cut(title, headerW - m.width(` (in full on page ${first})`, 8, "regular"), 8, "regular", m)} (in full on page ${first})`;
  if (starts) flow.newPage();
  else flow.gap(14);
  flow.begin(s.anchor);
  layoutHeading(pass, 1, s.title);
  for (const b of s.blocks) layoutBlock(pass, b);
  while (pass.openHeadings.length) flow.end(pass.openHeadings.pop()!.anchor);
  flow.end(s.anchor);
}

function layoutHeading({ flow, lines, plain }: TPass, level: 1 | 2 | 3, title: string, anchor?: string) {
  const W = flow.w;
  const t = level === 1 ? TYPE.h1 : level === 2 ? TYPE.h2 : TYPE.h3;
  const ls = lines(plain(title, "bold"), W, t.size);
  flow.gap(level === 1 ? 10 : 8);
  flow.need(ls.length * t.lh + 4 + 2 * TYPE.body.lh); // keep with what follows
  flow.begin(anchor);
  flow.addLines(ls, t.lh, 0, (chunk) => [flow.text(0, W, t, chunk)]);
  flow.y += 4;
}

function layoutBlock(pass: TPass, b: TBlock) {
  const { flow, m, lines, plain } = pass;
  const W = flow.w;
  switch (b.kind) {
    case "heading":
      // A heading's anchor covers what follows it up to the next heading of its level or above,
      // so citing an exhibit gives the Bates range of the whole exhibit.
      while (pass.openHeadings.length && pass.openHeadings[pass.openHeadings.length - 1].level >= b.level) flow.end(pass.openHeadings.pop()!.anchor);
      if (b.anchor) pass.openHeadings.push({ level: b.level, anchor: b.anchor });
      return layoutHeading(pass, b.level, b.text, b.anchor);
    case "paragraph":
      flow.gap(6);
      return flow.addLines(lines(spansOf(b.inlines, m), W, TYPE.body.size), TYPE.body.lh, 0, (chunk) => [flow.text(0, W, TYPE.body, chunk)]);
    case "quote":
      flow.gap(6);
      return flow.addLines(lines(spansOf(b.inlines, m), W - 16, TYPE.body.size), TYPE.body.lh, 0, (chunk, h) => [
        { kind: "rect", x: 4, y: flow.y, w: 2, h, fill: "#B0B0B0" },
        flow.text(16, W - 16, TYPE.body, chunk, 0, { color: "#333333" }),
      ]);
    case "list":
      flow.gap(4);
      return layoutList(pass, b);
    case "note":
      flow.gap(4);
      return flow.addLines(lines(plain(b.text, "italic"), W, TYPE.note.size), TYPE.note.lh, 0, (chunk) => [flow.text(0, W, TYPE.note, chunk, 0, { color: "#666666" })]);
    case "pre":
      flow.gap(6);
      return layoutPre(pass, b);
    case "fields":
      flow.gap(6);
      return layoutFields(pass, b);
    case "table":
      flow.gap(6);
      return layoutTable(pass, b);
    case "chart": {
      flow.gap(8);
      const h = chartHeight(b.chart);
      flow.need(h);
      flow.begin(b.anchor);
      flow.add(h, { kind: "chart", x: 0, y: flow.y, w: W, h, chart: b.chart });
      flow.end(b.anchor);
      return;
    }
    case "pageBreak":
      if (flow.y > 0) flow.newPage();
      return;
  }
}

function layoutList({ flow, m, lines }: TPass, b: Extract<TBlock, { kind: "list" }>) {
  const W = flow.w;
  b.items.forEach((item, n) => {
    const marker = b.ordered ? `${n + 1}.` : "•";
    flow.addLines(lines(spansOf(item, m), W - 20, TYPE.body.size), TYPE.body.lh, 0, (chunk, _h, first) => [
      ...(first ? [flow.text(0, 16, TYPE.body, [[{ text: marker, v: "regular" as const }]], 0, { align: "right" })] : []),
      flow.text(20, W - 20, TYPE.body, chunk),
    ]);
  });
}

/** Verbatim text on a grey ground, under its label (kept with its first lines). */
function layoutPre({ flow, m, cache, lines, plain }: TPass, b: Extract<TBlock, { kind: "pre" }>) {
  const W = flow.w;
  const pad = 4;
  let body = cache.pre.get(b);
  if (!body) {
    body = keepIndent(lines(preSpans(b.text, b.highlights, m), W - 2 * pad - 2, TYPE.pre.size, true));
    cache.pre.set(b, body);
  }
  const label = b.label ? lines(plain(b.label, "bold"), W, TYPE.fields.size) : null;
  if (label) {
    flow.need(label.length * TYPE.fields.lh + 2 + 2 * pad + 2 * TYPE.pre.lh);
    flow.add(label.length * TYPE.fields.lh + 2, flow.text(0, W, TYPE.fields, label));
  }
  flow.addLines(body, TYPE.pre.lh, pad, (chunk, h) => [
    { kind: "rect", x: 0, y: flow.y, w: W, h, fill: "#F3F3F3" },
    flow.text(pad, W - 2 * pad, TYPE.pre, chunk, pad),
  ]);
}

function layoutFields({ flow, lines, plain }: TPass, b: Extract<TBlock, { kind: "fields" }>) {
  const W = flow.w;
  const labelW = Math.round(W * 0.28);
  const measured = b.rows.map(([label, value]) => [lines(plain(label, "bold"), labelW - 8, TYPE.fields.size), lines(plain(value), W - labelW, TYPE.fields.size)] as const);
  // A short block (an exhibit's metadata) stays on one page.
  const total = measured.reduce((s, [l, v]) => s + Math.max(l.length, v.length) * TYPE.fields.lh, 0);
  if (total <= flow.h / 3) flow.need(total);
  for (const [l, v] of measured) {
    const n = Math.max(l.length, v.length);
    const rows = Array.from({ length: n }, (_, i): [TLine, TLine] => [l[i] ?? [], v[i] ?? []]);
    // A row is one unit when it fits a page; a giant value runs on with its label repeated.
    if (n * TYPE.fields.lh <= flow.h) flow.need(n * TYPE.fields.lh);
    flow.addLines(rows.map((r) => r[1]), TYPE.fields.lh, 0, (chunk, _h, first) => {
      const labels = first ? rows.slice(0, chunk.length).map((r) => r[0]) : [[]];
      return [flow.text(0, labelW - 8, TYPE.fields, labels, 0, { color: "#444444" }), flow.text(labelW, W - labelW, TYPE.fields, chunk)];
    });
  }
}

/** A table split by rows across pages, its header on each; a row taller than a page runs on. */
function layoutTable({ flow, m, cache }: TPass, b: Extract<TBlock, { kind: "table" }>) {
  let t = cache.tables.get(b);
  if (!t) {
    t = prepareTable(b, m, flow.w);
    cache.tables.set(b, t);
  }
  const { lh } = t;
  const headerH = t.headerLines * lh + 2;
  let i = 0;
  let from = 0; // lines of row i already placed (a row taller than a page runs on)
  do {
    const room = flow.room() - headerH;
    let used = 0;
    let n = 0;
    for (; i + n < t.rows.length; n++) {
      const h = (t.heights[i + n] - (n === 0 ? from : 0)) * lh;
      if (used + h > room) break;
      used += h;
    }
    // Never a header with a row or two at the foot of a page: start the table on the next.
    if (n < Math.min(3, t.rows.length - i) && flow.y > 0) {
      flow.newPage();
      continue;
    }
    if (n === 0 && i < t.rows.length) {
      // One row taller than a whole page: as many of its lines as fit, the rest on the next.
      const take = Math.max(1, Math.floor(room / lh));
      const row = t.rows[i].map((cell) => cell.slice(from, from + take));
      flow.add(headerH + take * lh, { kind: "table", x: 0, y: flow.y, size: t.size, lh, columns: t.columns, header: t.header, headerLines: t.headerLines, rows: [row], heights: [take] });
      from += take;
      if (from >= t.heights[i]) {
        i++;
        from = 0;
      }
      if (i < t.rows.length) flow.newPage();
      continue;
    }
    const rows = t.rows.slice(i, i + n).map((r, k) => (k === 0 && from ? r.map((cell) => cell.slice(from)) : r));
    const heights = t.heights.slice(i, i + n).map((h, k) => (k === 0 ? h - from : h));
    flow.add(headerH + used, { kind: "table", x: 0, y: flow.y, size: t.size, lh, columns: t.columns, header: t.header, headerLines: t.headerLines, rows, heights });
    i += n;
    from = 0;
    if (i < t.rows.length) flow.newPage();
  } while (i < t.rows.length);
}

/** Untrusted text made drawable, on one line. */
const clean = (text: string, m: TMeasurer) => sanitize(text, m, " ").replace(/\s+/g, " ").trim();

type TPreparedTable = { size: number; lh: number; columns: TTableColumn[]; header: string[][]; headerLines: number; rows: string[][][]; heights: number[] };

const CELL_PAD = 3;

/**
 * Measures a table once: column widths from what the cells hold, then every cell broken into the
 * lines of its column. Nothing is cut: a value too long for its column wraps, and its row grows.
 */
function prepareTable(b: Extract<TBlock, { kind: "table" }>, m: TMeasurer, W: number): TPreparedTable {
  const t = b.size === "small" ? TYPE.tableSmall : TYPE.table;
  const header = b.columns.map((c) => clean(c.label, m));
  const cells = b.rows.map((r) => b.columns.map((_, i) => clean(String(r[i] ?? ""), m)));
  const widths = fitColumns(b, header, cells, t.size, m, W);
  let x = 0;
  const columns = b.columns.map((c, i) => {
    const col = { x: x + CELL_PAD, w: widths[i] - 2 * CELL_PAD, align: c.align ?? ("left" as const) };
    x += widths[i];
    return col;
  });
  const wrap = (s: string, i: number, v: TVariant): string[] => {
    const maxW = columns[i].w * CELL_SLACK;
    if (m.width(s, t.size, v) <= maxW) return [s];
    return breakLines([{ text: s, v }], { maxW, size: t.size, m }).map((l) => l.map((x) => x.text).join(""));
  };
  const head = header.map((h, i) => wrap(h, i, "bold"));
  const rows = cells.map((r) => r.map((s, i) => wrap(s, i, "regular")));
  return { size: t.size, lh: t.lh, columns, header: head, headerLines: Math.max(1, ...head.map((h) => h.length)), rows, heights: rows.map((r) => Math.max(1, ...r.map((c) => c.length))) };
}

/**
 * Column widths (points, summing to the content width) from the content, as a browser's automatic
 * table layout does: each column wants its header and its 95th-percentile cell on one line (so one
 * odd value wraps rather than widening its column for every row) and needs at least its longest
 * header word and a digest's group of 16; room left over goes by the widths the table asks for,
 * room missing is taken from the columns that want the most.
 */
function fitColumns(b: Extract<TBlock, { kind: "table" }>, header: string[], cells: string[][], size: number, m: TMeasurer, W: number): number[] {
  const n = b.columns.length;
  const weights = b.columns.map((c) => (Number.isFinite(c.width) && c.width > 0 ? c.width : 0));
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const share = (i: number) => (weightSum > 0 ? weights[i] / weightSum : 1 / n);
  const slack = (w: number) => w / CELL_SLACK + 2 * CELL_PAD + 0.5;
  const token = m.width("d".repeat(16), size, "regular");
  const want: number[] = [];
  const need: number[] = [];
  for (let i = 0; i < n; i++) {
    const words = header[i].split(" ").map((w) => m.width(w, size, "bold"));
    const natural: number[] = [];
    let longest = 0;
    for (const r of cells) {
      const s = r[i];
      if (!s) continue;
      natural.push(m.width(s, size, "regular"));
      if (natural.length <= 2000 || natural.length % 10 === 0) for (const w of s.split(" ")) longest = Math.max(longest, m.width(w, size, "regular"));
    }
    natural.sort((p, q) => p - q);
    const p95 = natural.length ? natural[Math.min(natural.length - 1, Math.floor(natural.length * 0.95))] : 0;
    need.push(slack(Math.max(...words, Math.min(longest, token))));
    want.push(Math.max(need[i], slack(Math.max(p95, m.width(header[i], size, "bold")))));
  }
  const total = (xs: number[]) => xs.reduce((s, w) => s + w, 0);
  if (total(want) <= W) {
    const spare = W - total(want);
    return want.map((w, i) => w + spare * share(i));
  }
  if (total(need) >= W) return need.map((w) => (w / total(need)) * W);
  // Too wide: the widest columns give way first, down to a common ceiling, so a long user agent
  // wraps while dates and emails keep their one line.
  let lo = 0;
  let hi = Math.max(...want);
  const at = (ceiling: number) => want.map((w, i) => Math.max(need[i], Math.min(w, ceiling)));
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (total(at(mid)) > W) hi = mid;
    else lo = mid;
  }
  const widths = at(lo);
  const spare = W - total(widths);
  const capped = widths.map((w, i) => (w < want[i] ? 1 : 0));
  return widths.map((w, i) => w + (spare * capped[i]) / Math.max(1, total(capped)));
}

export function chartHeight(c: TChartSpec): number {
  return 22 + (c.caption ? 14 : 0) + 170 + (c.categorical ? 64 : 22) + (c.series.length > 1 ? 18 : 0);
}

function coverItems(doc: TPackageDocument, lines: TBreakLines, plain: TPlain): TItem[] {
  const items: TItem[] = [];
  let y = 90;
  const put = (ls: TLine[], size: number, lh: number, x = 0, w = CONTENT_W, color?: string) => {
    items.push({ kind: "text", x, y, w, size, lh, lines: ls, ...(color ? { color } : {}) });
    return ls.length * lh;
  };
  // Nothing on the cover is cut: a long title is set smaller instead.
  const title = [[24, 30], [18, 23], [14, 18]].map(([size, lh]) => ({ size, lh, ls: lines(plain(doc.cover.title, "bold"), CONTENT_W, size) })).find((t) => t.ls.length <= 4 || t.size === 14)!;
  y += put(title.ls, title.size, title.lh) + 8;
  y += put(lines(plain(doc.cover.subtitle), CONTENT_W, 14), 14, 19, 0, CONTENT_W, "#444444") + 28;
  items.push({ kind: "rect", x: 0, y, w: CONTENT_W, h: 1, fill: "#999999" });
  y += 12;
  const labelW = Math.round(CONTENT_W * 0.3);
  for (const [label, value] of doc.cover.fields) {
    const l = lines(plain(label, "bold"), labelW - 8, TYPE.body.size);
    const v = lines(plain(value), CONTENT_W - labelW, TYPE.body.size);
    put(l, TYPE.body.size, TYPE.body.lh, 0, labelW - 8, "#444444");
    y += put(v, TYPE.body.size, TYPE.body.lh, labelW, CONTENT_W - labelW) + 4;
    if (l.length > v.length) y += (l.length - v.length) * TYPE.body.lh;
  }
  const notice = lines(plain(doc.cover.notice), CONTENT_W, TYPE.body.size);
  y = Math.max(y + 20, CONTENT_H - notice.length * TYPE.body.lh);
  items.push({ kind: "rect", x: 0, y: y - 8, w: CONTENT_W, h: 1, fill: "#999999" });
  put(notice, TYPE.body.size, TYPE.body.lh);
  return items;
}

/** One page's drawn text: every string on it, each line run together too (a value may wrap). */
export type TDrawnPage = { page: number; header: string; strings: string[] };

/** Everything the pages draw, as text: what the congressional guard searches for personal data. */
export function drawnPages(layout: Pick<TLayout, "pages">): TDrawnPage[] {
  return layout.pages.map((p, i) => {
    const strings: string[] = [p.header];
    const lines = (ls: string[]) => strings.push(ls.join("\n"), ls.join(""));
    for (const item of p.items) {
      if (item.kind === "text") lines(item.lines.map((l) => l.map((s) => s.text).join("")));
      else if (item.kind === "table") for (const cell of [...item.header, ...item.rows.flat()]) lines(cell);
      else if (item.kind === "chart") strings.push(item.chart.title, item.chart.caption ?? "", ...item.chart.series.map((s) => s.label), ...item.chart.rows.map((r) => String(r.x)));
    }
    return { page: i + 1, header: p.header, strings };
  });
}
