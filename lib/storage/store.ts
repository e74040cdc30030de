// The evidence store this Casebook uses: the S3-compatible bucket when CASEBOOK_S3_BUCKET is set,
// else the folder <data dir>/blobs. Either way every read is checked against the file's SHA-256,
// and a mismatch is recorded in the audit log (lib/storage/integrity.ts) before the reader fails.
import path from "node:path";
import { dataDir } from "../env";
import { CheckedBlobStore, LocalBlobStore, type TBlobStore } from "./blob-store";
import { recordIntegrityFailure } from "./integrity";
import { configuredS3BlobStore } from "./s3-blob-store";

/** The store configured by the environment, unchecked (the backup lists and restores through it). */
export function configuredBlobStore(): TBlobStore {
  return configuredS3BlobStore() ?? new LocalBlobStore(path.join(dataDir(), "blobs"));
}

let chosen: CheckedBlobStore | null = null;

export function blobStore(): CheckedBlobStore {
  return (chosen ??= new CheckedBlobStore(configuredBlobStore(), recordIntegrityFailure));
}

/** For tests: point Casebook at `store` (the environment is read once); null goes back to the configured one. */
export function setBlobStore(store: TBlobStore | null): void {
  chosen = store ? new CheckedBlobStore(store, recordIntegrityFailure) : null;
}
