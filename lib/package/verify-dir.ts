// The Node side of the verifier: reads a package from disk, a ZIP or an unzipped bag folder, into the
// same entries the browser gets, and runs the one isomorphic core (lib/package/verify.ts).
import { promises as fs } from "node:fs";
import path from "node:path";
import { verifyBagEntries, verifyPackage, type TVerifyOptions, type TVerifyReport } from "./verify";

async function readTree(root: string, rel: string, out: Map<string, Uint8Array>): Promise<void> {
  for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await readTree(root, r, out);
    else if (entry.isFile()) out.set(r, new Uint8Array(await fs.readFile(path.join(root, r))));
    // Symlinks and other special files are left out: a bag is plain files, and a link could point anywhere.
  }
}

/** Verifies `file`: a .zip package, or a folder that is the bag itself (holds bagit.txt). */
export async function verifyPackageAt(file: string, opts: TVerifyOptions = {}): Promise<TVerifyReport> {
  const stat = await fs.stat(file);
  if (!stat.isDirectory()) return verifyPackage(new Uint8Array(await fs.readFile(file)), opts);
  const abs = path.resolve(file);
  const entries = new Map<string, Uint8Array>();
  const inner = new Map<string, Uint8Array>();
  await readTree(abs, "", inner);
  for (const [p, b] of inner) entries.set(`${path.basename(abs)}/${p}`, b);
  return verifyBagEntries(entries, opts);
}
