// A line of text as the runs a PDF draws it with: one font each (the first of the embedded fallback
// stack with the glyphs), in visual order (Unicode bidi, so a Hebrew or Arabic name reads right to
// left among Latin text), each with its x offset and its shaped width. Table cells are drawn from
// these straight into the PDF (lib/package/pdf/render.tsx), not through react-pdf's text layout,
// which is about 13 times slower for a page of table lines (115 vs 9 ms, measured here) and
// whose line breaking the layout pass has already done.
import bidiFactory from "bidi-js";
import type { TFontFaces } from "./fonts";
import type { TVariant } from "./text";

const bidi = bidiFactory();
const PLAIN = /^[\x20-\x7E]*$/;

/** `font`: the parsed font react-pdf embeds too, so pdfkit shares one embedded subset per face. */
export type TPaintRun = { font: object; text: string; x: number; w: number };

type TSegment = { start: number; end: number; face: number; level: number };

/**
 * Runs in visual order, with their offsets from the line's start; `width` is the whole line's.
 * Printable ASCII (most cells) is one Latin run measured by its advances (`plainWidth`, no
 * shaping to wait for); anything else is shaped as it will be drawn.
 */
export function paintRuns(line: string, v: TVariant, size: number, faces: TFontFaces, plainWidth: (text: string) => number): { runs: TPaintRun[]; width: number } {
  if (!line) return { runs: [], width: 0 };
  const widthOf = (face: number, text: string) => {
    const font = faces.font(face, v);
    return (font.layout(text).advanceWidth / font.unitsPerEm) * size;
  };
  if (PLAIN.test(line)) {
    const w = plainWidth(line);
    return { runs: [{ font: faces.font(0, v), text: line, x: 0, w }], width: w };
  }
  const { levels } = bidi.getEmbeddingLevels(line, "ltr");
  // Logical segments: the longest stretches of one face and one embedding level.
  const segments: TSegment[] = [];
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const face = faces.faceOf(cp);
    const last = segments.at(-1);
    // A code point no embedded font has (an invisible mark, a zero-width joiner) draws nothing.
    if (face >= 0) {
      if (last && last.end === i && last.face === face && last.level === levels[i]) last.end = i + len;
      else segments.push({ start: i, end: i + len, face, level: levels[i] });
    }
    i += len;
  }
  // Visual order (UAX #9, L2): from the highest level down to the lowest odd one, reverse every
  // run of segments at that level or above.
  const top = Math.max(...segments.map((s) => s.level));
  const lowestOdd = Math.min(...segments.map((s) => s.level).filter((l) => l % 2 === 1), Infinity);
  for (let level = top; level >= lowestOdd && level > 0; level--) {
    for (let i = 0; i < segments.length; ) {
      if (segments[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < segments.length && segments[j].level >= level) j++;
      segments.splice(i, j - i, ...segments.slice(i, j).reverse());
      i = j;
    }
  }
  const runs: TPaintRun[] = [];
  let x = 0;
  for (const s of segments) {
    // The logical text: the font's shaper (fontkit) orders a right-to-left script's glyphs itself.
    const text = line.slice(s.start, s.end);
    const w = widthOf(s.face, text);
    runs.push({ font: faces.font(s.face, v), text, x, w });
    x += w;
  }
  return { runs, width: x };
}
