// The export signing key: an Ed25519 keypair made on first use and kept on disk, outside the
// database (a dump of the database must not carry the means to sign packages; Casebook's own backup
// file, lib/backup, does carry it, and is written mode 0600 for that reason). Server only: it
// imports node:fs, so a client bundle that reaches it fails to build. (No `import "server-only"`:
// the CLI, run by plain tsx, reads the public key too.)
//
//   <dir>/signing-key.pkcs8.pem   private key, mode 0600 (dir 0700)
//   <dir>/signing-key.pem         public key (SPKI PEM), derived from the private key
//
// The fingerprint is the SHA-256 (hex) of the DER SPKI public key; recipients compute it with
//   openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { TSigner } from "../package/bag";
import { createOnce } from "../create-once";
import { dataDir, env } from "../env";

export const PRIVATE_KEY_FILE = "signing-key.pkcs8.pem";
export const PUBLIC_KEY_FILE = "signing-key.pem";

export type TSigningKey = TSigner & { createdAt: Date; dir: string };
export type TPublicSigningKey = { publicKeyPem: string; fingerprint: string; algorithm: "Ed25519" };

export function signingKeyDir(): string {
  // turbopackIgnore: a folder chosen at run time, not a source file to trace into the build.
  return path.resolve(/*turbopackIgnore: true*/ env().CASEBOOK_SIGNING_KEY_DIR ?? path.join(dataDir(), "signing"));
}

function fingerprintOf(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

function signerFrom(privateKey: KeyObject, createdAt: Date, dir: string): TSigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${path.join(dir, PRIVATE_KEY_FILE)} is a ${privateKey.asymmetricKeyType} key, not Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: fingerprintOf(publicKey),
    createdAt,
    dir,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  const h = await fs.open(tmp, "wx", mode);
  try {
    await h.writeFile(content);
    await h.sync();
  } finally {
    await h.close();
  }
  await fs.rename(tmp, file);
}

/** Makes the key when the folder has none (lib/create-once.ts: of two processes racing, one key wins). */
async function createIfMissing(dir: string): Promise<void> {
  await createOnce(path.join(dir, PRIVATE_KEY_FILE), () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
}

async function loadAt(dir: string): Promise<TSigningKey> {
  await createIfMissing(dir);
  const file = path.join(dir, PRIVATE_KEY_FILE);
  const [pem, stat] = await Promise.all([fs.readFile(file, "utf8"), fs.stat(file)]);
  if (stat.mode & 0o077) await fs.chmod(file, 0o600); // someone widened it; a private key is the owner's alone
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`${file} is not a readable private key (${(e as Error).message}). Restore it from a backup, or move it away to make a new key (packages signed with the old one then no longer match the published key).`);
  }
  const key = signerFrom(privateKey, stat.birthtimeMs ? stat.birthtime : stat.mtime, dir);
  // The public key beside it is derived, so rewriting it when missing or different is always safe.
  const pubFile = path.join(dir, PUBLIC_KEY_FILE);
  const existing = await fs.readFile(pubFile, "utf8").catch(() => null);
  if (existing !== key.publicKeyPem) await writeAtomically(pubFile, key.publicKeyPem, 0o644);
  return key;
}

const cache = new Map<string, Promise<TSigningKey>>();

/** The signing key, made on first use. `dir` defaults to CASEBOOK_SIGNING_KEY_DIR or <data dir>/signing. */
export function loadOrCreateSigningKey(dir: string = signingKeyDir()): Promise<TSigningKey> {
  const d = path.resolve(/*turbopackIgnore: true*/ dir);
  let p = cache.get(d);
  if (!p) {
    p = loadAt(d);
    cache.set(d, p);
    p.catch(() => cache.delete(d));
  }
  return p;
}

/** The published half, for the API and the /verify page. */
export async function publicSigningKey(): Promise<TPublicSigningKey> {
  const k = await loadOrCreateSigningKey();
  return { publicKeyPem: k.publicKeyPem, fingerprint: k.fingerprint, algorithm: "Ed25519" };
}

/** The public key of an existing local key, never making one (the CLI's `verify` pins it). */
export async function readLocalPublicKey(dir: string = signingKeyDir()): Promise<{ publicKeyPem: string; fingerprint: string; file: string } | null> {
  const file = path.join(dir, PRIVATE_KEY_FILE);
  const pem = await fs.readFile(file, "utf8").catch(() => null);
  if (pem === null) return null;
  const publicKey = createPublicKey(createPrivateKey(pem));
  return { publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), fingerprint: fingerprintOf(publicKey), file };
}
