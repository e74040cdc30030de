// The parts of the S3 store that the test server (s3rver, tests/storage-s3.int.test.ts) cannot
// exercise: it has no UploadPartCopy, so the multipart copy of files over 5 GiB runs here against a
// bucket kept in memory, with the copy's limits made small.
import { describe, expect, it } from "vitest";
import { copyInBucket, copyRanges, MAX_SINGLE_COPY, uploadPartBytes } from "./s3-blob-store";

const MiB = 1024 * 1024;

type TInput = { Key: string; CopySource: string; UploadId: string; PartNumber: number; CopySourceRange: string; MultipartUpload: { Parts: Array<{ PartNumber: number; ETag: string }> } };

/** A bucket in memory answering the commands a copy sends, and what it was sent. */
function memoryBucket(objects: Map<string, Buffer>, failPart?: number) {
  const uploads = new Map<string, Map<number, Buffer>>();
  const sent: string[] = [];
  const source = (copySource: string) => objects.get(copySource.slice(copySource.indexOf("/") + 1))!;
  const bucket = {
    sent,
    uploads,
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown> {
      const name = command.constructor.name.replace(/Command$/, "");
      const i = command.input as TInput;
      sent.push(name);
      switch (name) {
        case "CopyObject":
          objects.set(i.Key, Buffer.from(source(i.CopySource)));
          return {};
        case "CreateMultipartUpload":
          uploads.set("u1", new Map());
          return { UploadId: "u1" };
        case "UploadPartCopy": {
          if (i.PartNumber === failPart) throw new Error("SlowDown");
          const [, first, last] = /^bytes=(\d+)-(\d+)$/.exec(i.CopySourceRange)!.map(Number);
          uploads.get(i.UploadId)!.set(i.PartNumber, source(i.CopySource).subarray(first, last + 1));
          return { CopyPartResult: { ETag: `"etag-${i.PartNumber}"` } };
        }
        case "CompleteMultipartUpload": {
          const parts = i.MultipartUpload.Parts;
          expect(parts.map((p) => p.ETag)).toEqual(parts.map((p) => `"etag-${p.PartNumber}"`));
          objects.set(i.Key, Buffer.concat(parts.map((p) => uploads.get(i.UploadId)!.get(p.PartNumber)!)));
          uploads.delete(i.UploadId);
          return {};
        }
        case "AbortMultipartUpload":
          uploads.delete(i.UploadId);
          return {};
      }
      throw new Error(`unexpected command ${name}`);
    },
  };
  return bucket as typeof bucket & TClient;
}

type TClient = Parameters<typeof copyInBucket>[0];

describe("the S3 store's copy to the final key", () => {
  it("cuts a copy into inclusive byte ranges that cover the file once", () => {
    expect(copyRanges(10, 4)).toEqual([
      { first: 0, last: 3 },
      { first: 4, last: 7 },
      { first: 8, last: 9 },
    ]);
    expect(copyRanges(8, 4)).toEqual([
      { first: 0, last: 3 },
      { first: 4, last: 7 },
    ]);
    // A 32 GiB file: 64 parts of 512 MiB, each within S3's 5 GiB a part.
    const big = copyRanges(32 * 1024 * MiB);
    expect(big).toHaveLength(64);
    expect(big.at(-1)!.last).toBe(32 * 1024 * MiB - 1);
    expect(() => copyRanges(10_001, 1)).toThrow(/10,?000/);
  });

  it("uploads in parts of 16 MiB, larger only when the limit needs more than 10,000 parts", () => {
    expect(uploadPartBytes(32 * 1024 * MiB)).toBe(16 * MiB);
    expect(uploadPartBytes(1000)).toBe(16 * MiB);
    expect(uploadPartBytes(1024 * 1024 * MiB) * 10_000).toBeGreaterThanOrEqual(1024 * 1024 * MiB);
  });

  it("copies a small file in one CopyObject, a large one part by part in the order of its bytes", async () => {
    const objects = new Map([["tmp/a", Buffer.from("0123456789abcdefghij")]]);
    const small = memoryBucket(objects);
    await copyInBucket(small, "bkt", "tmp/a", "blobs/a", 20);
    expect(small.sent).toEqual(["CopyObject"]);
    expect(objects.get("blobs/a")!.toString()).toBe("0123456789abcdefghij");
    expect(MAX_SINGLE_COPY).toBe(5 * 1024 * MiB);

    const large = memoryBucket(objects);
    await copyInBucket(large, "bkt", "tmp/a", "blobs/b", 20, { maxSingleCopy: 8, partBytes: 3 });
    expect(large.sent).toEqual(["CreateMultipartUpload", ...Array(7).fill("UploadPartCopy"), "CompleteMultipartUpload"]);
    expect(objects.get("blobs/b")!.toString()).toBe("0123456789abcdefghij");
  });

  it("aborts the multipart copy when a part fails: nothing appears under the final key", async () => {
    const objects = new Map([["tmp/a", Buffer.from("0123456789")]]);
    const bucket = memoryBucket(objects, 2);
    await expect(copyInBucket(bucket, "bkt", "tmp/a", "blobs/c", 10, { maxSingleCopy: 4, partBytes: 2 })).rejects.toThrow("SlowDown");
    expect(bucket.sent.at(-1)).toBe("AbortMultipartUpload");
    expect(bucket.uploads.size).toBe(0);
    expect(objects.has("blobs/c")).toBe(false);
  });
});
