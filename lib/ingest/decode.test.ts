import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeText, IngestFileError } from "./decode";

async function text(bytes: Buffer, chunk = 3) {
  async function* src() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  let out = "";
  for await (const s of decodeText(src())) out += s;
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
});
