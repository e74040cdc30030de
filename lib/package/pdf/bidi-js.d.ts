// bidi-js ships no types: the one call paint-text.ts makes (UAX #9 embedding levels per UTF-16 unit).
declare module "bidi-js" {
  type TBidi = { getEmbeddingLevels(text: string, direction?: "ltr" | "rtl"): { levels: Uint8Array; paragraphs: Array<{ start: number; end: number; level: number }> } };
  export default function bidiFactory(): TBidi;
}
