// Writes a secret file once: to a temporary file (mode 0600), synced, then hard-linked to its name.
// link() fails when the name exists, so of two processes racing, one file wins and the other reads
// it, and nobody ever reads a half-written file. Used for the signing key and the sharing KEK.
import { promises as fs } from "node:fs";
import path from "node:path";

/** Makes `file` with `make()`'s content unless it exists; its folder is made 0700. */
export async function createOnce(file: string, make: () => string | Uint8Array): Promise<void> {
  try {
    await fs.access(file);
    return;
  } catch {}
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const h = await fs.open(tmp, "wx", 0o600);
  try {
    await h.writeFile(make());
    await h.sync();
  } finally {
    await h.close();
  }
  try {
    await fs.link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    await fs.unlink(tmp).catch(() => {});
  }
}
