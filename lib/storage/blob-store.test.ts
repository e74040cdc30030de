import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { LocalBlobStore } from "./blob-store";

const root = mkdtempSync(path.join(os.tmpdir(), "casebook-blobs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function bytes(r: Readable) {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Every file under the store's folder, as paths relative to it. */
function files(): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("local blob store", () => {
  it("stores by SHA-256, once, and gives the bytes back identical", async () => {
    const store = new LocalBlobStore(root);
    const data = Buffer.from("account_id,created_at\nä,2026-01-01T00:00:00Z\n");
    const sha256 = createHash("sha256").update(data).digest("hex");
    const a = await store.put(Readable.from([data.subarray(0, 5), data.subarray(5)]), 1 << 20);
    const b = await store.put(Readable.from([data]), 1 << 20);
    expect(a).toEqual({ key: sha256, sha256, size: data.length });
    expect(b).toEqual(a);
    expect(files()).toEqual([path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
    expect((await bytes(store.read(a.key))).equals(data)).toBe(true);
    expect(await store.size(a.key)).toBe(data.length);
  });

  it("refuses a file past the limit and keeps nothing of it", async () => {
    const store = new LocalBlobStore(root);
    const before = files();
    const refused = store.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "too_large", message: "The file is larger than the 1000 B limit (CASEBOOK_MAX_UPLOAD_BYTES)." });
    expect(files()).toEqual(before);
  });

  it("refuses keys that are not hashes (no path tricks), and answers well-formed ones", async () => {
    const store = new LocalBlobStore(root);
    for (const key of ["../../etc/passwd", `../${"a".repeat(61)}`, "A".repeat(64), "a".repeat(63), `${"a".repeat(64)}/..`]) {
      const e = thrown(() => store.read(key));
      expect(e, key).toBeInstanceOf(AppError);
      expect(e, key).toMatchObject({ code: "bad_input", message: "Not a storage key." });
      await expect(store.size(key), key).rejects.toMatchObject({ code: "bad_input", message: "Not a storage key." });
    }
    // The refusal is about the key's shape: a hash that was never stored is simply absent.
    expect(await store.size("0".repeat(64))).toBeNull();
  });
});
