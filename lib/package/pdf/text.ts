// Text for the package PDF, pure: make untrusted strings drawable by the embedded fonts, break runs
// into lines that fit a width, cut table cells with "…". The layout pass decides every line break;
// react-pdf only ever receives lines that already fit.
export type TVariant = "regular" | "bold" | "italic" | "boldItalic";

/** Widths from the embedded fonts (lib/package/pdf/fonts.ts), or a fake one in tests. */
export type TMeasurer = {
  /** Whether some embedded font has a glyph for the code point. */
  covers(cp: number): boolean;
  /** Width in points, without kerning (kerning and shaping only ever make text narrower or equal). */
  width(text: string, size: number, v: TVariant): number;
};

/** A run of one style inside a line. `ref` is an anchor whose Bates range the renderer writes. */
export type TSpan = { text: string; v: TVariant; code?: boolean; hl?: boolean; ref?: string };
export type TLine = TSpan[];

export const variantOf = (bold?: boolean, italic?: boolean): TVariant => (bold ? (italic ? "boldItalic" : "bold") : italic ? "italic" : "regular");

const REPLACEMENT = "\uFFFD";
const ZWSP = "\u200C";
const PLAIN = /^[\x20-\x7E\n]*$/;
const INVISIBLE = /^[\p{Cf}\p{Mn}\p{Me}]$/u;

/**
 * Keeps the text's meaning and makes it safe to draw: CR/LF → "\n", a tab → spaces, control
 * characters and code points no embedded font has → "\uFFFD" (invisible marks are dropped), and a
 * zero-width space between two astral code points (react-pdf 4.9 draws the second of two adjacent
 * emoji as a missing glyph; pdftotext drops the zero-width space).
 */
export function sanitize(text: string, m: TMeasurer, tab = "    "): string {
  const t = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  if (PLAIN.test(t)) return t;
  let out = "";
  let prevAstral = false;
  for (const ch of t) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) out += ch;
    else if (cp === 0x09) out += tab;
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += REPLACEMENT;
    else if (!m.covers(cp)) out += INVISIBLE.test(ch) ? "" : REPLACEMENT;
    else {
      if (cp > 0xffff && prevAstral) out += ZWSP;
      out += ch;
    }
    prevAstral = cp > 0xffff;
  }
  return out;
}

/** Cuts `text` with "…" so that it fits `maxW`. */
export function cut(text: string, maxW: number, size: number, v: TVariant, m: TMeasurer): string {
  if (m.width(text, size, v) <= maxW) return text;
  const budget = maxW - m.width("…", size, v);
  let w = 0;
  let end = 0;
  for (const ch of text) {
    const cw = m.width(ch, size, v);
    if (w + cw > budget) break;
    w += cw;
    end += ch.length;
  }
  return text.slice(0, end).trimEnd() + "…";
}

// A break is allowed around spaces and next to every CJK character.
const TOKEN = /\n| +|[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]|[^ \n\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]+/gu;

type TBreakOpts = {
  maxW: number;
  size: number;
  m: TMeasurer;
  /** Verbatim text: keeps the spaces at the start of a line, breaks on "\n". */
  pre?: boolean;
  /** The width reserved for a citation, whatever range it turns out to be. */
  refW?: number;
};

/** Greedy line breaking of styled spans; a word wider than a line is broken between characters. */
export function breakLines(spans: TSpan[], o: TBreakOpts): TLine[] {
  const lines: TLine[] = [];
  let cur: TLine = [];
  let curW = 0;
  type TPending = { span: TSpan; text: string; w: number };
  let pending = null as TPending | null;
  let logicalStart = true;
  const append = (span: TSpan, text: string) => {
    const last = cur[cur.length - 1];
    if (last && !last.ref && !span.ref && last.v === span.v && last.code === span.code && last.hl === span.hl) last.text += text;
    else cur.push({ ...span, text });
  };
  const flush = () => {
    lines.push(cur);
    cur = [];
    curW = 0;
    pending = null;
  };
  const place = (span: TSpan, text: string, w: number) => {
    if (pending) {
      append(pending.span, pending.text);
      curW += pending.w;
      pending = null;
    }
    append(span, text);
    curW += w;
    logicalStart = false;
  };
  for (const span of spans) {
    if (span.ref !== undefined) {
      const w = o.refW ?? 0;
      if (cur.length > 0 && curW + (pending?.w ?? 0) + w > o.maxW) flush();
      place(span, span.text, w);
      continue;
    }
    for (const tok of span.text.match(TOKEN) ?? []) {
      if (tok === "\n") {
        flush();
        logicalStart = true;
        continue;
      }
      const w = o.m.width(tok, o.size, span.v);
      if (tok[0] === " ") {
        if (o.pre && logicalStart && curW + w <= o.maxW) place(span, tok, w);
        else if (cur.length > 0) {
          const p: TPending | null = pending;
          pending = p ? { span: p.span, text: p.text + tok, w: p.w + w } : { span, text: tok, w };
        }
        continue;
      }
      if (curW + (pending?.w ?? 0) + w <= o.maxW) {
        place(span, tok, w);
        continue;
      }
      if (cur.length > 0) flush();
      if (w <= o.maxW) {
        place(span, tok, w);
        continue;
      }
      // A word wider than the line: as many characters as fit, then the next line.
      let piece = "";
      let pw = 0;
      for (const ch of tok) {
        const cw = o.m.width(ch, o.size, span.v);
        if (pw + cw > o.maxW && piece) {
          place(span, piece, pw);
          flush();
          piece = "";
          pw = 0;
        }
        piece += ch;
        pw += cw;
      }
      if (piece) place(span, piece, pw);
    }
  }
  if (cur.length > 0 || lines.length === 0 || (o.pre && logicalStart)) lines.push(cur);
  return lines;
}
