// Reads a PDF the way the recipient's tools do (poppler's pdftotext) and checks its tables: every
// word with its box, page by page, and each table row's cells found between that row's top and the
// next row's, in the column under their header. Used by the package tests.
import { execFileSync } from "node:child_process";

export type TWord = { x0: number; y0: number; x1: number; y1: number; t: string };

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Every page's words, in pdftotext's reading order. */
export function pdfWords(file: string): TWord[][] {
  const xml = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 1 << 28 });
  return xml
    .split("<page ")
    .slice(1)
    .map((page) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], t: unescape(m[5]) })));
}

/** The text pdftotext gives each page (`-layout` off), split on form feeds. */
export function pdfPages(file: string): string[] {
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 1 << 28 }).split("\f").slice(0, -1);
}

/**
 * What a reader compares: compatibility forms folded (pdftotext gives Arabic as presentation
 * forms), bidi marks and every kind of space removed.
 */
export const squash = (s: string) => s.normalize("NFKC").replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "").replace(/\s+/g, "");

/** A right-to-left value may come back in another word order: compare its letters as a multiset. */
export const sameText = (got: string, want: string) => {
  const a = squash(got);
  const b = squash(want);
  if (a === b) return true;
  if (!/[\u0590-\u08FF\uFB1D-\uFEFC]/.test(b)) return false;
  return [...a].sort().join("") === [...b].sort().join("");
};

/**
 * Checks a left-aligned table drawn over one or more pages: `rows[i][0]` must be unique and short
 * (an account id); it marks the row's top. Returns one message per cell that is not whole in its
 * own row and column, and the number of rows found.
 */
export function checkTableRows(pages: TWord[][], header: string[], rows: string[][]): { found: number; problems: string[] } {
  const problems: string[] = [];
  const byKey = new Map(rows.map((r) => [r[0], r]));
  let found = 0;
  for (const [p, words] of pages.entries()) {
    // The header line: its first label's first word, then each label's first word on that line.
    const first = words.find((w) => w.t === header[0].split(" ")[0] && header.slice(1).every((h) => words.some((v) => Math.abs(v.y0 - w.y0) < 2 && v.t === h.split(" ")[0])));
    if (!first) continue;
    const xs = header.map((h) => words.filter((v) => Math.abs(v.y0 - first.y0) < 2 && v.t === h.split(" ")[0]).sort((a, b) => a.x0 - b.x0)[0].x0);
    const starts = words.filter((w) => w.y0 > first.y1 && Math.abs(w.x0 - xs[0]) < 1.5 && byKey.has(w.t)).sort((a, b) => a.y0 - b.y0);
    const bottom = Math.max(...words.map((w) => w.y1)) - 40; // above the footer
    starts.forEach((s, k) => {
      found++;
      const row = byKey.get(s.t)!;
      const top = s.y0 - 1;
      const end = (starts[k + 1]?.y0 ?? bottom) - 1;
      for (let c = 1; c < header.length; c++) {
        const left = xs[c] - 1;
        const right = c + 1 < xs.length ? xs[c + 1] - 1 : Infinity;
        const got = readingOrder(words.filter((w) => mid(w) >= top && mid(w) < end && w.x0 >= left && w.x0 < right))
          .map((w) => w.t)
          .join("");
        if (!sameText(got, row[c])) problems.push(`page ${p + 1}, row ${s.t}, ${header[c]}: drew "${got}", the value is "${row[c]}"`);
      }
    });
  }
  return { found, problems };
}

const mid = (w: TWord) => (w.y0 + w.y1) / 2;

/** Words as lines (centres within 3 pt: scripts of other fonts sit a little higher or lower), left to right. */
function readingOrder(words: TWord[]): TWord[] {
  const sorted = [...words].sort((a, b) => mid(a) - mid(b));
  const lines: TWord[][] = [];
  for (const w of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(mid(line[0]) - mid(w)) < 3) line.push(w);
    else lines.push([w]);
  }
  return lines.flatMap((l) => l.sort((a, b) => a.x0 - b.x0));
}
