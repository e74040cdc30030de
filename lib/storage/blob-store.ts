// Evidence bytes, content-addressed: a file is stored once under its SHA-256, computed by Casebook
// as the bytes stream in, and every read is checked against it as the bytes stream out. Two stores
// keep the bytes (this folder one, and an S3-compatible bucket: s3-blob-store.ts); store.ts picks
// the one configured and wraps it in CheckedBlobStore, the only way the rest of Casebook reads.
import { createHash, randomUUID } from "node:crypto";
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { pipeline as pipe, Transform, type Readable } from "node:stream";
import { AppError } from "../errors";
import { formatBytes } from "../format";

/** `key` is the SHA-256 in every store (a store maps it to its own file or object name). */
export type TStoredBlob = { key: string; sha256: string; size: number };

export interface TBlobStore {
  /** Where the bytes are, as messages and the audit log name it: a folder, or s3://bucket/prefix. */
  readonly location: string;
  /** Streams `body` in, hashing as it goes; refuses past `maxBytes` and keeps nothing then. */
  put(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<TStoredBlob>;
  /** The bytes as stored, unchecked: read through CheckedBlobStore instead. */
  open(key: string): Readable;
  size(key: string): Promise<number | null>;
  /** Throws when the store cannot be reached or written (for /readyz); quick, touches no evidence. */
  probe(): Promise<void>;
}

export function assertKey(key: string): void {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new AppError("bad_input", "Not a storage key.");
}

/**
 * Counts, limits and hashes the bytes of a put on their way to the store: the SHA-256 is Casebook's
 * own, whatever the store computes. `result()` once the stream has ended.
 */
export function putMeter(maxBytes: number) {
  const hash = createHash("sha256");
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError("too_large", `The file is larger than the ${formatBytes(maxBytes)} limit (CASEBOOK_MAX_UPLOAD_BYTES).`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest("hex"), size }) };
}

export type TIntegrityFailure = { key: string; expected: string; actual: string; location: string; why: string };

/** The bytes read back are not the bytes stored: named, so that callers can tell it from a lost connection. */
export class BlobIntegrityError extends Error {
  constructor(readonly failure: TIntegrityFailure) {
    const f = failure;
    super(`Evidence file ${f.key.slice(0, 12)}… read back from ${f.location} does not match its SHA-256 (expected ${f.expected}, got ${f.actual}): the stored copy was altered or damaged.`);
    this.name = "BlobIntegrityError";
  }
}

/** Told of every mismatch before the reader sees the error (store.ts audits it). */
export type TIntegrityReporter = (failure: TIntegrityFailure) => Promise<void>;

/**
 * `raw`, hashed as it is read. The last chunk is held back until the digest is known: a reader
 * (a download, an import) never gets the whole of a file whose digest is wrong. On a mismatch the
 * stream errors with BlobIntegrityError once `report` has settled. A reader that stops early
 * checks nothing (it has not seen the whole file).
 */
export function checkedRead(raw: Readable, check: Omit<TIntegrityFailure, "actual">, report?: TIntegrityReporter): Readable {
  const hash = createHash("sha256");
  let held: Buffer | null = null;
  const verify = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      const out = held;
      held = chunk;
      done(null, out);
    },
    flush(done) {
      const actual = hash.digest("hex");
      if (actual === check.expected) return done(null, held);
      const failure = { ...check, actual };
      const reported = report ? report(failure).catch((e: unknown) => console.error(`[storage] could not record the integrity failure of ${check.key}: ${(e as Error).message}`)) : Promise.resolve();
      void reported.then(() => done(new BlobIntegrityError(failure)));
    },
  });
  return pipe(raw, verify, () => {});
}

/** The store as Casebook uses it: every read checked against the SHA-256 the file was stored under. */
export class CheckedBlobStore {
  constructor(
    readonly inner: TBlobStore,
    private readonly report?: TIntegrityReporter,
  ) {}

  get location() {
    return this.inner.location;
  }

  put(body: AsyncIterable<Uint8Array>, maxBytes: number) {
    return this.inner.put(body, maxBytes);
  }

  /** `sha256`: the digest recorded with the file (default: the key, which is its SHA-256); `why`: who reads, for the audit log. */
  read(key: string, opts: { sha256?: string; why?: string } = {}): Readable {
    return checkedRead(this.inner.open(key), { key, expected: opts.sha256 ?? key, location: this.inner.location, why: opts.why ?? "read" }, this.report);
  }

  size(key: string) {
    return this.inner.size(key);
  }

  probe() {
    return this.inner.probe();
  }
}

/** Where the local store keeps a key's file (the backup restores files to the same place). */
export function localBlobPath(root: string, key: string): string {
  assertKey(key);
  return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
}

export class LocalBlobStore implements TBlobStore {
  constructor(private readonly root: string) {}

  get location() {
    return this.root;
  }

  private pathOf(key: string) {
    return localBlobPath(this.root, key);
  }

  async put(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<TStoredBlob> {
    const tmpDir = path.join(this.root, "tmp");
    mkdirSync(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const meter = putMeter(maxBytes);
    try {
      await pipeline(body, meter.stream, createWriteStream(tmp, { flags: "wx" }));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    const { sha256, size } = meter.result();
    const final = this.pathOf(sha256);
    if (existsSync(final)) rmSync(tmp, { force: true });
    else {
      mkdirSync(path.dirname(final), { recursive: true });
      renameSync(tmp, final);
    }
    return { key: sha256, sha256, size };
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key), { highWaterMark: 1 << 20 });
  }

  async size(key: string): Promise<number | null> {
    const p = this.pathOf(key);
    return existsSync(p) ? statSync(p).size : null;
  }

  async probe(): Promise<void> {
    mkdirSync(this.root, { recursive: true });
    accessSync(this.root, constants.R_OK | constants.W_OK);
  }
}
