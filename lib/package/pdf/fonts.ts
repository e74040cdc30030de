// The package PDF's fonts: Noto files shipped from npm (never the host's fonts, never the network),
// registered once per process as a fallback stack that react-pdf walks per code point, and a
// measurer that reads the advances from the same parsed fonts so the layout pass agrees with them.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Font } from "@react-pdf/renderer";
import type { TMeasurer, TVariant } from "./text";
import { woffToSfnt } from "./woff";

// Order matters: react-pdf takes the first family that has a glyph for a code point.
const FAMILIES: Array<{ family: string; file: string; italic?: string; boldless?: boolean }> = [
  { family: "CbLatin", file: "@fontsource/noto-sans/files/noto-sans-latin-W-normal.woff", italic: "@fontsource/noto-sans/files/noto-sans-latin-W-italic.woff" },
  { family: "CbLatinExt", file: "@fontsource/noto-sans/files/noto-sans-latin-ext-W-normal.woff" },
  { family: "CbCyrillic", file: "@fontsource/noto-sans/files/noto-sans-cyrillic-W-normal.woff" },
  { family: "CbCyrillicExt", file: "@fontsource/noto-sans/files/noto-sans-cyrillic-ext-W-normal.woff" },
  { family: "CbGreek", file: "@fontsource/noto-sans/files/noto-sans-greek-W-normal.woff" },
  { family: "CbGreekExt", file: "@fontsource/noto-sans/files/noto-sans-greek-ext-W-normal.woff" },
  { family: "CbVietnamese", file: "@fontsource/noto-sans/files/noto-sans-vietnamese-W-normal.woff" },
  { family: "CbDevanagari", file: "@fontsource/noto-sans/files/noto-sans-devanagari-W-normal.woff" },
  { family: "CbHebrew", file: "@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-W-normal.woff" },
  { family: "CbArabic", file: "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-W-normal.woff" },
  { family: "CbSC", file: "@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-W-normal.woff" },
  { family: "CbKR", file: "@fontsource/noto-sans-kr/files/noto-sans-kr-korean-W-normal.woff" },
  { family: "CbEmoji", file: "@fontsource/noto-emoji/files/noto-emoji-emoji-W-normal.woff" },
  // Arrows, math operators, check marks… (→ ≥ ≠ ✓): missing from the Latin subset. One weight only.
  { family: "CbMath", file: "@fontsource/noto-sans-math/files/noto-sans-math-latin-W-normal.woff", boldless: true },
];

export const FONT_STACK: string[] = FAMILIES.map((f) => f.family);

// The subset of fontkit's Font the measurer and the table painter need.
type TFontkitFont = {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number };
  layout(text: string): { advanceWidth: number };
};

/** The embedded fonts as parsed fonts, for drawing text directly (lib/package/pdf/paint-text.ts). */
export type TFontFaces = {
  /** Index in the fallback stack of the first font with a glyph for the code point, or -1. */
  faceOf(cp: number): number;
  /** That face's parsed font in a variant: the object react-pdf hands pdfkit, so both embed one subset. */
  font(face: number, v: TVariant): TFontkitFont;
};
let faces: TFontFaces | null = null;

/** The faces react-pdf draws with, once loadFonts has registered them. */
export async function loadFontFaces(): Promise<TFontFaces> {
  await loadFonts();
  return faces!;
}

function resolveFile(spec: string): string {
  try {
    return createRequire(import.meta.url).resolve(spec);
  } catch {
    // Bundled (Next) code may not resolve through import.meta.url: the app runs from its root.
    return path.join(process.cwd(), "node_modules", spec);
  }
}

let unpackDir: string | null = null;
const unpacked = new Map<string, string>();

/** The font as a plain .ttf in a private temporary folder of this process (see ./woff.ts). */
function fontFile(spec: string): string {
  let file = unpacked.get(spec);
  if (!file) {
    if (!unpackDir) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-fonts-"));
      unpackDir = dir;
      process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    file = path.join(unpackDir, `${unpacked.size}.ttf`);
    fs.writeFileSync(file, woffToSfnt(fs.readFileSync(resolveFile(spec))));
    unpacked.set(spec, file);
  }
  return file;
}

let registered: Promise<TMeasurer> | null = null;

/** Registers the fonts (once per process) and returns the measurer built on the same font data. */
export function loadFonts(): Promise<TMeasurer> {
  registered ??= register();
  return registered;
}

const VARIANTS: TVariant[] = ["regular", "bold", "italic", "boldItalic"];
const descriptor = (family: string, v: TVariant) => ({
  fontFamily: family,
  fontWeight: v === "bold" || v === "boldItalic" ? 700 : 400,
  fontStyle: v === "italic" || v === "boldItalic" ? "italic" : "normal",
});

async function register(): Promise<TMeasurer> {
  for (const f of FAMILIES) {
    const fonts = [];
    for (const weight of [400, 700]) {
      const normal = fontFile(f.file.replace("-W-", `-${f.boldless ? 400 : weight}-`));
      // Only Latin has real italics; the other scripts reuse the upright file.
      const italic = f.italic ? fontFile(f.italic.replace("-W-", `-${weight}-`)) : normal;
      fonts.push({ src: normal, fontWeight: weight, fontStyle: "normal" as const }, { src: italic, fontWeight: weight, fontStyle: "italic" as const });
    }
    Font.register({ family: f.family, fonts });
  }
  // react-pdf appends "Helvetica" to every stack and gives it the characters no font has a glyph
  // for, "\n" included: the standard font is never embedded and pdffonts lists it. Point the name
  // at the embedded Noto Sans instead (it draws no glyph there; it only has to exist).
  const latin = FAMILIES[0];
  delete (Font.getRegisteredFonts() as Record<string, unknown>)["Helvetica"];
  Font.register({
    family: "Helvetica",
    fonts: [400, 700].flatMap((weight) => {
      const src = fontFile(latin.file.replace("-W-", `-${weight}-`));
      return [{ src, fontWeight: weight, fontStyle: "normal" as const }, { src, fontWeight: weight, fontStyle: "italic" as const }];
    }),
  });
  // Lines are broken by the layout pass; react-pdf must never hyphenate a word of evidence.
  Font.registerHyphenationCallback((word) => [word]);
  const store = Font as unknown as { load(d: object): Promise<void>; getFont(d: object): { data: TFontkitFont } | null };
  const byVariant = new Map<TVariant, TFontkitFont[]>();
  for (const v of VARIANTS) {
    const list: TFontkitFont[] = [];
    for (const f of FAMILIES) {
      await store.load(descriptor(f.family, v));
      const font = store.getFont(descriptor(f.family, v))?.data;
      if (!font) throw new Error(`font ${f.family} ${v} did not load`);
      list.push(font);
    }
    byVariant.set(v, list);
    // react-pdf loads only the families a style names; its "Helvetica" fallback must be ready too.
    // Sharing Latin's parsed font keeps a "\n" in the run of the text around it (one run per line,
    // not three) and embeds no second copy of the same file.
    await store.load(descriptor("Helvetica", v));
    const helvetica = store.getFont(descriptor("Helvetica", v));
    const latin = store.getFont(descriptor(FAMILIES[0].family, v));
    if (helvetica && latin) helvetica.data = latin.data;
  }
  const measurer = createMeasurer(byVariant);
  const regular = byVariant.get("regular")!;
  const index = new Map<number, number>();
  faces = {
    faceOf(cp) {
      let i = index.get(cp);
      if (i === undefined) index.set(cp, (i = regular.findIndex((f) => f.hasGlyphForCodePoint(cp))));
      return i;
    },
    font: (face, v) => byVariant.get(v)![face],
  };
  return measurer;
}

/** Advances in em from the first font of the stack with a glyph, cached per code point. */
function createMeasurer(byVariant: Map<TVariant, TFontkitFont[]>): TMeasurer {
  const regular = byVariant.get("regular")!;
  const coverage = new Map<number, number>();
  const fontIndex = (cp: number): number => {
    let i = coverage.get(cp);
    if (i === undefined) {
      i = regular.findIndex((f) => f.hasGlyphForCodePoint(cp));
      coverage.set(cp, i);
    }
    return i;
  };
  const caches = new Map<TVariant, Map<number, number>>(VARIANTS.map((v) => [v, new Map()]));
  const advance = (cp: number, v: TVariant): number => {
    const cache = caches.get(v)!;
    let a = cache.get(cp);
    if (a === undefined) {
      const i = fontIndex(cp);
      if (i < 0) a = 1;
      else {
        const font = byVariant.get(v)![i];
        const f = font.hasGlyphForCodePoint(cp) ? font : regular[i];
        a = f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm;
        if (f !== font) a *= 1.1;
      }
      cache.set(cp, a);
    }
    return a;
  };
  return {
    covers: (cp) => fontIndex(cp) >= 0,
    width(text, size, v) {
      let em = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.codePointAt(i)!;
        if (c > 0xffff) i++;
        em += advance(c, v);
      }
      return em * size;
    },
  };
}
