// How far one gzipped import file may expand when decompressed. A fixed ceiling alone would let a
// 1 MB file grind through gigabytes of nothing (a decompression bomb), so the limit is also a ratio
// over the compressed size, with a floor that keeps small, very compressible files working. Pure.
import { formatBytes } from "../format";

/** Every gzipped file may expand this far, however small it is. */
export const GUNZIP_FLOOR_BYTES = 16 * 1024 ** 2;

export type TGunzipLimit = {
  bytes: number;
  compressedBytes: number;
  ratio: number;
  /** Which bound set `bytes`: it decides which setting the person has to raise. */
  by: "ceiling" | "ratio" | "floor";
};

export function gunzipLimit(compressedBytes: number, settings: { maxBytes: number; ratio: number }): TGunzipLimit {
  const byRatio = Math.floor(settings.ratio * compressedBytes);
  const bytes = Math.min(settings.maxBytes, Math.max(GUNZIP_FLOOR_BYTES, byRatio));
  const by = bytes === settings.maxBytes ? "ceiling" : bytes === byRatio ? "ratio" : "floor";
  return { bytes, compressedBytes, ratio: settings.ratio, by };
}

export function gunzipLimitMessage(l: TGunzipLimit): string {
  const past = `the file expands past ${formatBytes(l.bytes)} when decompressed`;
  const compressed = formatBytes(l.compressedBytes);
  if (l.by === "ceiling") {
    return `${past} (the CASEBOOK_MAX_DECOMPRESSED_BYTES limit; compressed, it is ${compressed}). Raise CASEBOOK_MAX_DECOMPRESSED_BYTES, or split the file into smaller imports.`;
  }
  const why =
    l.by === "ratio"
      ? `${l.ratio}× its ${compressed} compressed size, CASEBOOK_MAX_GZIP_RATIO`
      : `the ${formatBytes(GUNZIP_FLOOR_BYTES)} any gzipped file may reach; CASEBOOK_MAX_GZIP_RATIO, ${l.ratio}× its ${compressed} compressed size, is less`;
  return `${past} (${why}); this looks like a decompression bomb. If the file is genuine, raise CASEBOOK_MAX_GZIP_RATIO, or send it uncompressed.`;
}
