// Where the files a backup covers live, outside the database. Passed explicitly to the backup and
// the restore (the CLI takes them from the environment), so a test can restore into another folder.
import path from "node:path";
import { checkpointFile } from "../audit/checkpoints";
import { dataDir } from "../env";
import { signingKeyDir } from "../signing/key";
import type { TBlobStore } from "../storage/blob-store";
import { configuredS3BlobStore } from "../storage/s3-blob-store";

/** `objectStore`: where the evidence is when not in `blobDir` (CASEBOOK_S3_BUCKET). A backup then lists the files, and a restore checks them there. */
export type TBackupPaths = { blobDir: string; signingKeyDir: string; checkpointFile: string; objectStore?: TBlobStore };

export function configuredBackupPaths(): TBackupPaths {
  return { blobDir: path.join(dataDir(), "blobs"), signingKeyDir: signingKeyDir(), checkpointFile: checkpointFile(), objectStore: configuredS3BlobStore() ?? undefined };
}
