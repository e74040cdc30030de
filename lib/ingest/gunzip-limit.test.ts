import { describe, expect, it } from "vitest";
import { GUNZIP_FLOOR_BYTES, gunzipLimit, gunzipLimitMessage } from "./gunzip-limit";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const defaults = { maxBytes: 16 * GiB, ratio: 100 };

describe("gunzipLimit", () => {
  it("allows the ratio over the compressed size", () => {
    expect(gunzipLimit(MiB, defaults)).toEqual({ bytes: 100 * MiB, compressedBytes: MiB, ratio: 100, by: "ratio" });
    expect(gunzipLimit(1000, { maxBytes: 16 * GiB, ratio: 20_000.5 })).toMatchObject({ bytes: 20_000_500, by: "ratio" });
  });

  it("lets a small file expand to the floor whatever its ratio", () => {
    expect(gunzipLimit(2048, defaults)).toMatchObject({ bytes: GUNZIP_FLOOR_BYTES, by: "floor" });
    expect(gunzipLimit(1, defaults)).toMatchObject({ bytes: GUNZIP_FLOOR_BYTES, by: "floor" });
  });

  it("never goes past the ceiling, not even for the floor", () => {
    expect(gunzipLimit(GiB, defaults)).toMatchObject({ bytes: 16 * GiB, by: "ceiling" });
    expect(gunzipLimit(2048, { maxBytes: MiB, ratio: 100 })).toMatchObject({ bytes: MiB, by: "ceiling" });
  });

  it("names the setting that would let the file through", () => {
    expect(gunzipLimitMessage(gunzipLimit(MiB, defaults))).toBe(
      "the file expands past 100 MiB when decompressed (100× its 1.0 MiB compressed size, CASEBOOK_MAX_GZIP_RATIO); this looks like a decompression bomb. If the file is genuine, raise CASEBOOK_MAX_GZIP_RATIO, or send it uncompressed.",
    );
    expect(gunzipLimitMessage(gunzipLimit(2048, defaults))).toMatch(/past 16\.0 MiB .*the 16\.0 MiB any gzipped file may reach; CASEBOOK_MAX_GZIP_RATIO, 100× its 2\.0 KiB compressed size, is less.*raise CASEBOOK_MAX_GZIP_RATIO/);
    expect(gunzipLimitMessage(gunzipLimit(GiB, defaults))).toBe(
      "the file expands past 16.0 GiB when decompressed (the CASEBOOK_MAX_DECOMPRESSED_BYTES limit; compressed, it is 1.0 GiB). Raise CASEBOOK_MAX_DECOMPRESSED_BYTES, or split the file into smaller imports.",
    );
  });
});
