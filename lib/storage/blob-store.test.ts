import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { LocalBlobStore } from "./blob-store";

const root = mkdtempSync(path.join(os.tmpdir(), "casebook-blobs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function bytes(r: Readable) {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe("local blob store", () => {
  it("stores by SHA-256, once, and gives the bytes back identical", async () => {
    const store = new LocalBlobStore(root);
    const data = Buffer.from("account_id,created_at\nä,2026-01-01T00:00:00Z\n");
    const a = await store.put(Readable.from([data.subarray(0, 5), data.subarray(5)]), 1 << 20);
    const b = await store.put(Readable.from([data]), 1 << 20);
    expect(a).toEqual(b);
    expect(a.sha256).toBe(createHash("sha256").update(data).digest("hex"));
    expect((await bytes(store.read(a.key))).equals(data)).toBe(true);
    expect(await store.size(a.key)).toBe(data.length);
  });

  it("refuses a file past the limit and keeps nothing of it", async () => {
    const store = new LocalBlobStore(root);
    await expect(store.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toMatchObject({ code: "too_large" });
    expect(readdirSync(path.join(root, "tmp"))).toEqual([]);
  });

  it("refuses keys that are not hashes (no path tricks)", () => {
    expect(() => new LocalBlobStore(root).read("../../etc/passwd")).toThrow();
    expect(existsSync(root)).toBe(true);
  });
});
