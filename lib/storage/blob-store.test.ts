import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { BlobIntegrityError, CheckedBlobStore, checkedRead, LocalBlobStore, localBlobPath, type TIntegrityFailure } from "./blob-store";

const root = mkdtempSync(path.join(os.tmpdir(), "casebook-blobs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function bytes(r: Readable) {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** What a reader got before the stream ended, and how it ended. */
async function readAll(r: Readable): Promise<{ got: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  try {
    for await (const c of r) parts.push(c as Buffer);
    return { got: Buffer.concat(parts), error: null };
  } catch (e) {
    return { got: Buffer.concat(parts), error: e };
  }
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
    const a = await store.put(Readable.from([data.subarray(0, 5), data.subarray(5)]), 1 << 20);
    const b = await store.put(Readable.from([data]), 1 << 20);
    expect(a).toEqual({ key: sha256(data), sha256: sha256(data), size: data.length });
    expect(b).toEqual(a);
    expect(files()).toEqual([path.join(a.key.slice(0, 2), a.key.slice(2, 4), a.key)]);
    expect((await bytes(new CheckedBlobStore(store).read(a.key))).equals(data)).toBe(true);
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
    const store = new CheckedBlobStore(new LocalBlobStore(root));
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

describe("reads checked against the SHA-256", () => {
  const data = Buffer.from("x".repeat(5000) + "the end\n");
  const check = { key: sha256(data), expected: sha256(data), location: "/srv/blobs", why: "test" };
  /** The data in pieces of `n` bytes, as a store streams it. */
  const pieces = (b: Buffer, n = 1000) => Readable.from(Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.subarray(i * n, (i + 1) * n)));

  it("passes the stored bytes through unchanged, and reports nothing", async () => {
    const reported: TIntegrityFailure[] = [];
    const { got, error } = await readAll(checkedRead(pieces(data), check, async (f) => void reported.push(f)));
    expect(error).toBeNull();
    expect(got.equals(data)).toBe(true);
    expect(reported).toEqual([]);
    // An empty file is a file too.
    expect(await readAll(checkedRead(Readable.from([]), { ...check, expected: sha256(Buffer.alloc(0)) }))).toEqual({ got: Buffer.alloc(0), error: null });
  });

  it("fails other bytes by name, after reporting them, and never hands over the last chunk", async () => {
    const altered = Buffer.from(data);
    altered[10] ^= 0x20;
    const events: string[] = [];
    const stream = checkedRead(pieces(altered), check, async (f) => {
      await new Promise((r) => setTimeout(r, 20)); // the audit write takes a moment: the error waits for it
      events.push(`reported ${f.actual}`);
    });
    const { got, error } = await readAll(stream);
    events.push("failed");
    expect(error).toBeInstanceOf(BlobIntegrityError);
    expect((error as BlobIntegrityError).failure).toEqual({ ...check, actual: sha256(altered) });
    expect((error as Error).message).toBe(
      `Evidence file ${check.key.slice(0, 12)}… read back from /srv/blobs does not match its SHA-256 (expected ${check.expected}, got ${sha256(altered)}): the stored copy was altered or damaged.`,
    );
    expect(events).toEqual([`reported ${sha256(altered)}`, "failed"]);
    // Everything but the last piece: a download of it is cut short, never complete and wrong.
    expect(got.equals(altered.subarray(0, 5000))).toBe(true);
  });

  it("fails a mismatch even when the report itself fails, and a truncated copy too", async () => {
    const stream = checkedRead(pieces(data.subarray(0, 3000)), check, async () => {
      throw new Error("database down");
    });
    const { got, error } = await readAll(stream);
    expect(error).toBeInstanceOf(BlobIntegrityError);
    expect(got.length).toBe(2000);
  });

  it("passes a failure of the store itself through as it is", async () => {
    const broken = Readable.from(
      (async function* () {
        yield data.subarray(0, 100);
        throw new Error("connection reset");
      })(),
    );
    const { error } = await readAll(checkedRead(broken, check));
    expect(error).toMatchObject({ message: "connection reset" });
    expect(error).not.toBeInstanceOf(BlobIntegrityError);
  });

  it("checks the local store's files: one altered on disk fails with its key, and is reported", async () => {
    const local = new LocalBlobStore(root);
    const stored = await local.put(Readable.from([data]), 1 << 20);
    const reported: TIntegrityFailure[] = [];
    const store = new CheckedBlobStore(local, async (f) => void reported.push(f));
    expect((await bytes(store.read(stored.key))).equals(data)).toBe(true);
    writeFileSync(localBlobPath(root, stored.key), Buffer.from(data.toString().replace("the end", "THE END")));
    const { error } = await readAll(store.read(stored.key, { why: "evidence download" }));
    expect(error).toBeInstanceOf(BlobIntegrityError);
    expect(reported).toEqual([{ key: stored.key, expected: stored.sha256, actual: expect.stringMatching(/^[0-9a-f]{64}$/), location: root, why: "evidence download" }]);
    // The digest recorded with the file is what counts, when it is given.
    const other = "0".repeat(64);
    expect(await readAll(store.read(stored.key, { sha256: other }))).toMatchObject({ error: { failure: { key: stored.key, expected: other } } });
  });
});
