// Evidence bytes, content-addressed: a file is stored once under its SHA-256 and read back
// byte-identical. An interface, so an S3-compatible object store can replace the local folder.
import { createHash, randomUUID } from "node:crypto";
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";
import { dataDir } from "../env";
import { AppError } from "../errors";
import { formatBytes } from "../format";

export type TStoredBlob = { key: string; sha256: string; size: number };

export interface TBlobStore {
  /** Streams `body` in, hashing as it goes; refuses past `maxBytes` and keeps nothing then. */
  put(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<TStoredBlob>;
  read(key: string): Readable;
  size(key: string): Promise<number | null>;
  /** Throws when the store cannot be reached or written (for /readyz); quick, touches no evidence. */
  probe(): Promise<void>;
}

/** Where the local store keeps a key's file (the backup restores files to the same place). */
export function localBlobPath(root: string, key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new AppError("bad_input", "Not a storage key.");
  return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
}

export class LocalBlobStore implements TBlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string) {
    return localBlobPath(this.root, key);
  }

  async put(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<TStoredBlob> {
    const tmpDir = path.join(this.root, "tmp");
    mkdirSync(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new AppError("too_large", `The file is larger than the ${formatBytes(maxBytes)} limit (CASEBOOK_MAX_UPLOAD_BYTES).`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tmp, { flags: "wx" }));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    const sha256 = hash.digest("hex");
    const final = this.pathOf(sha256);
    if (existsSync(final)) rmSync(tmp, { force: true });
    else {
      mkdirSync(path.dirname(final), { recursive: true });
      renameSync(tmp, final);
    }
    return { key: sha256, sha256, size };
  }

  read(key: string): Readable {
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

let store: TBlobStore | null = null;
export function blobStore(): TBlobStore {
  return (store ??= new LocalBlobStore(path.join(dataDir(), "blobs")));
}
