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
const CJK = /^[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]$/u;
const BREAK_AFTER = new Set(["@", ":", "=", "&", ";"]);
const BREAK_BEFORE = new Set([".", "-", "_", "/", "~", ",", "#", "%", "?", "("]);
/** A digest or other long hex value: broken only between groups of 16 digits. */
const HEX = /^[0-9a-fA-F]{32,}$/;

type TBreakOpts = {
  maxW: number;
  size: number;
  m: TMeasurer;
  /** Verbatim text: keeps the spaces at the start of a line, breaks on "\n". */
  pre?: boolean;
  /** The width a citation of `anchor` takes once written (its Bates number or range). */
  refW?: (anchor: string, v: TVariant) => number;
};

type TPiece = { span: TSpan; text: string; w: number };

/**
 * Greedy line breaking of styled spans. A word is everything between two break opportunities,
 * across spans: a citation stays with the punctuation around it ("(CB-0000012)."). A word wider
 * than a line is broken between characters; a long hex value (a digest) only between groups of
 * 16 digits, in lines of equal groups where it can (2 × 32 rather than 48 + 16).
 */
export function breakLines(spans: TSpan[], o: TBreakOpts): TLine[] {
  const lines: TLine[] = [];
  let cur: TLine = [];
  let curW = 0;
  let pending = null as TPiece | null;
  let logicalStart = true;
  let word: TPiece[] = [];
  let wordW = 0;
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
  const place = (p: TPiece) => {
    if (pending) {
      append(pending.span, pending.text);
      curW += pending.w;
      pending = null;
    }
    append(p.span, p.text);
    curW += p.w;
    logicalStart = false;
  };
  /** Places a piece that may be wider than a line, breaking it where it must. */
  const placeLong = (p: TPiece) => {
    if (p.span.ref !== undefined || p.w <= o.maxW - curW) {
      if (cur.length > 0 && curW + (pending?.w ?? 0) + p.w > o.maxW) flush();
      return place(p);
    }
    const chars = Array.from(p.text);
    const cw = chars.map((ch) => o.m.width(ch, o.size, p.span.v));
    const groups = HEX.test(p.text) ? hexGroups(cw, o.maxW) : null;
    if (groups && cur.length > 0) flush();
    // The piece of the line being filled, as indexes into `chars`.
    let from = 0;
    let pw = 0;
    const emit = (to: number) => {
      if (to > from) place({ span: p.span, text: chars.slice(from, to).join(""), w: cw.slice(from, to).reduce((a, b) => a + b, 0) });
      flush();
      from = to;
      pw = cw.slice(from, i0).reduce((a, b) => a + b, 0);
    };
    let i0 = 0;
    for (; i0 < chars.length; i0++) {
      if (groups) {
        if (i0 > 0 && i0 % groups === 0) emit(i0);
      } else if (pw + cw[i0] > o.maxW - curW && (i0 > from || cur.length > 0)) {
        // Break at the last punctuation of the line's second half where there is one, as the
        // Chicago Manual breaks a URL: after "@" or ":", before ". - _ /". An email then reads
        // "name@example" + ".com", and no line ends in a hyphen a reader (or pdftotext) would
        // take for a hyphenation and drop.
        let at = i0 - 1;
        while (at > from + (i0 - from) / 2 && !BREAK_AFTER.has(chars[at - 1]) && !BREAK_BEFORE.has(chars[at])) at--;
        emit(at > from + (i0 - from) / 2 ? at : i0);
      }
      pw += cw[i0];
    }
    if (chars.length > from) place({ span: p.span, text: chars.slice(from).join(""), w: pw });
  };
  const endWord = () => {
    if (word.length === 0) return;
    const w = (pending?.w ?? 0) + wordW;
    if (curW + w <= o.maxW) word.forEach(place);
    else {
      if (cur.length > 0) flush();
      if (wordW <= o.maxW) word.forEach(place);
      else word.forEach(placeLong);
    }
    word = [];
    wordW = 0;
  };
  const add = (p: TPiece) => {
    word.push(p);
    wordW += p.w;
  };
  for (const span of spans) {
    if (span.ref !== undefined) {
      add({ span, text: span.text, w: o.refW?.(span.ref, span.v) ?? 0 });
      continue;
    }
    for (const tok of span.text.match(TOKEN) ?? []) {
      if (tok === "\n") {
        endWord();
        flush();
        logicalStart = true;
        continue;
      }
      const w = o.m.width(tok, o.size, span.v);
      if (tok[0] === " ") {
        endWord();
        if (o.pre && logicalStart && curW + w <= o.maxW) place({ span, text: tok, w });
        else if (cur.length > 0) pending = pending ? { span: pending.span, text: pending.text + tok, w: pending.w + w } : { span, text: tok, w };
        continue;
      }
      if (CJK.test(tok)) {
        endWord();
        add({ span, text: tok, w });
        endWord();
        continue;
      }
      add({ span, text: tok, w });
    }
  }
  endWord();
  if (cur.length > 0 || lines.length === 0 || (o.pre && logicalStart)) lines.push(cur);
  return lines;
}

/** Digits per line for a hex value broken at groups of 16: as many whole groups as fit, balanced. */
function hexGroups(cw: number[], maxW: number): number | null {
  const groupW = Math.max(...cw) * 16;
  const fit = Math.floor(maxW / groupW);
  if (fit < 1) return null;
  const groups = Math.ceil(cw.length / 16);
  const lines = Math.ceil(groups / fit);
  return Math.ceil(groups / lines) * 16;
}
