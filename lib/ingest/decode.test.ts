import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeText, IngestFileError, type TDecodeOptions } from "./decode";
import { gunzipLimit, gunzipLimitMessage } from "./gunzip-limit";

const KiB = 1024;
const MiB = 1024 ** 2;

/** Feeds `bytes` in chunks, counting what was read and noting whether the source was closed. */
function source(bytes: Buffer, chunk: number) {
  const seen = { read: 0, closed: false };
  async function* gen() {
    try {
      for (let i = 0; i < bytes.length; i += chunk) {
        const c = bytes.subarray(i, i + chunk);
        seen.read += c.length;
        yield c;
      }
    } finally {
      seen.closed = true;
    }
  }
  return { src: gen(), seen };
}

async function text(bytes: Buffer, chunk = 3, options?: TDecodeOptions) {
  let out = "";
  for await (const s of decodeText(source(bytes, chunk).src, options)) out += s;
  return out;
}

describe("decodeText", () => {
  it("drops a BOM and decodes UTF-8 split across chunks", async () => {
    expect(await text(Buffer.from("\uFEFFa,😀,مرحبا\n", "utf8"), 1)).toBe("a,😀,مرحبا\n");
  });

  it("gunzips by magic bytes, whatever the name", async () => {
    expect(await text(gzipSync(Buffer.from("x\ny\n")), 5)).toBe("x\ny\n");
  });

  it("turns invalid UTF-8 and truncated gzip into one clear error", async () => {
    await expect(text(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).rejects.toThrow(/not valid UTF-8/);
    const gz = gzipSync(Buffer.from("a".repeat(10_000) + "\n"));
    await expect(text(gz.subarray(0, gz.length - 12))).rejects.toThrow(IngestFileError);
    await expect(text(gz.subarray(0, gz.length - 12))).rejects.toThrow(/gzip data is truncated/);
    await expect(text(Buffer.from("abc\xe2", "latin1"))).rejects.toThrow(/UTF-8/);
  });

  it("closes the source when the reader stops early", async () => {
    const { src, seen } = source(Buffer.from("a\n".repeat(1000)), 10);
    for await (const _ of decodeText(src)) break;
    expect(seen).toEqual({ read: 10, closed: true });
  });
});

describe("decodeText with a gunzip limit", () => {
  it("lets gzipped data reach the limit exactly, and refuses one byte more", async () => {
    const limit = gunzipLimit(100, { maxBytes: 1000, ratio: 100 });
    expect(await text(gzipSync(Buffer.alloc(1000, "a")), 7, { gunzipLimit: limit })).toHaveLength(1000);
    await expect(text(gzipSync(Buffer.alloc(1001, "a")), 7, { gunzipLimit: limit })).rejects.toThrow(new IngestFileError(gunzipLimitMessage(limit)));
  });

  it("does not hold uncompressed data to it", async () => {
    expect(await text(Buffer.alloc(5000, "a"), 512, { gunzipLimit: gunzipLimit(100, { maxBytes: 1000, ratio: 100 }) })).toHaveLength(5000);
  });

  it("stops a decompression bomb at the limit, having read little of it, and closes the source", async () => {
    // 1 GiB of line breaks in about 1 MB: a gzip file may hold many members one after another.
    const bomb = Buffer.concat(Array<Buffer>(1024).fill(gzipSync(Buffer.alloc(MiB, "\n"))));
    const limit = gunzipLimit(bomb.length, { maxBytes: 16 * 1024 * MiB, ratio: 16 });
    expect(limit).toMatchObject({ by: "ratio", bytes: 16 * bomb.length });
    const { src, seen } = source(bomb, 16 * KiB);
    let decoded = 0;
    const run = async () => {
      for await (const s of decodeText(src, { gunzipLimit: limit })) decoded += s.length;
    };
    await expect(run()).rejects.toThrow(new IngestFileError(gunzipLimitMessage(limit)));
    // Everything up to the limit got through; the chunk that would have passed it did not.
    expect(decoded).toBeLessThanOrEqual(limit.bytes);
    expect(decoded).toBeGreaterThan(limit.bytes - 64 * KiB);
    // What it takes to inflate up to the limit (1/1000 of it: gzip's best ratio), plus a few
    // chunks of read-ahead: a tenth of the file, not all of it.
    expect(seen.read).toBeLessThan(limit.bytes / 1000 + 4 * 16 * KiB);
    expect(seen.read).toBeLessThan(bomb.length / 10);
    expect(seen.closed).toBe(true);
  });
});
