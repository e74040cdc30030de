// Where the files a backup covers live, outside the database. Passed explicitly to the backup and
// the restore (the CLI takes them from the environment), so a test can restore into another folder.
import path from "node:path";
import { checkpointFile } from "../audit/checkpoints";
import { dataDir } from "../env";
import { signingKeyDir } from "../signing/key";

export type TBackupPaths = { blobDir: string; signingKeyDir: string; checkpointFile: string };

export function configuredBackupPaths(): TBackupPaths {
  return { blobDir: path.join(dataDir(), "blobs"), signingKeyDir: signingKeyDir(), checkpointFile: checkpointFile() };
}
