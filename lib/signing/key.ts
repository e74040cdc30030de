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
//
// On several hosts the key comes from outside instead: CASEBOOK_SIGNING_KEY_PEM (the PKCS#8 PEM
// itself, in a variable) or CASEBOOK_SIGNING_KEY_FILE (a mounted secret). With either set, no host
// ever makes a key of its own, and lib/signing/identity.ts checks it against the fingerprint the
// database records, so a host given the wrong key refuses to sign rather than sign with a second one.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { TSigner } from "../package/bag";
import { createOnce } from "../create-once";
import { dataDir, env } from "../env";

export const PRIVATE_KEY_FILE = "signing-key.pkcs8.pem";
export const PUBLIC_KEY_FILE = "signing-key.pem";

/** Where the key comes from: a variable, a mounted file, or the folder where it is made on first use. */
export type TKeySource = { kind: "variable" } | { kind: "file"; file: string } | { kind: "folder"; dir: string };
export type TSigningKey = TSigner & { createdAt: Date; source: TKeySource; /** The private key, for keys derived from it (lib/sharing/secrets.ts). */ privateKey: KeyObject };
export type TPublicSigningKey = { publicKeyPem: string; fingerprint: string; algorithm: "Ed25519" };

export function signingKeyDir(): string {
  // turbopackIgnore: a folder chosen at run time, not a source file to trace into the build.
  return path.resolve(/*turbopackIgnore: true*/ env().CASEBOOK_SIGNING_KEY_DIR ?? path.join(dataDir(), "signing"));
}

function fingerprintOf(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

/** Says where a key came from, in a log line or an error. */
export function describeKeySource(source: TKeySource): string {
  if (source.kind === "variable") return "CASEBOOK_SIGNING_KEY_PEM";
  if (source.kind === "file") return `CASEBOOK_SIGNING_KEY_FILE (${source.file})`;
  return source.dir;
}

function signerFrom(privateKey: KeyObject, createdAt: Date, source: TKeySource): TSigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`The signing key in ${describeKeySource(source)} is a ${privateKey.asymmetricKeyType} key, not Ed25519.`);
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: fingerprintOf(publicKey),
    createdAt,
    source,
    privateKey,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** The key configured outside the host, or null when the folder holds it. */
export function externalKeySource(): Exclude<TKeySource, { kind: "folder" }> | null {
  const e = env();
  if (e.CASEBOOK_SIGNING_KEY_PEM && e.CASEBOOK_SIGNING_KEY_FILE) throw new Error("Set CASEBOOK_SIGNING_KEY_PEM or CASEBOOK_SIGNING_KEY_FILE, not both: Casebook signs with one key.");
  if (e.CASEBOOK_SIGNING_KEY_PEM) return { kind: "variable" };
  if (e.CASEBOOK_SIGNING_KEY_FILE) return { kind: "file", file: path.resolve(/*turbopackIgnore: true*/ e.CASEBOOK_SIGNING_KEY_FILE) };
  return null;
}

function parsePrivateKey(pem: string, source: TKeySource): KeyObject {
  try {
    // A PEM passed through some secret stores arrives with its line breaks written as \n.
    return createPrivateKey(pem.includes("-----BEGIN") && !pem.includes("\n") ? pem.replace(/\\n/g, "\n") : pem);
  } catch (e) {
    throw new Error(`The signing key in ${describeKeySource(source)} is not a readable PKCS#8 private key (${(e as Error).message}). Make one with: openssl genpkey -algorithm ed25519`);
  }
}

async function loadExternal(source: Exclude<TKeySource, { kind: "folder" }>): Promise<TSigningKey> {
  if (source.kind === "variable") return signerFrom(parsePrivateKey(env().CASEBOOK_SIGNING_KEY_PEM!, source), new Date(0), source);
  const [pem, stat] = await Promise.all([fs.readFile(source.file, "utf8"), fs.stat(source.file)]).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`CASEBOOK_SIGNING_KEY_FILE names ${source.file}, which cannot be read (${e.code ?? e.message}). Mount the key there; Casebook never makes one in its place.`);
  });
  return signerFrom(parsePrivateKey(pem, source), stat.mtime, source);
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
  const key = signerFrom(privateKey, stat.birthtimeMs ? stat.birthtime : stat.mtime, { kind: "folder", dir });
  // The public key beside it is derived, so rewriting it when missing or different is always safe.
  const pubFile = path.join(dir, PUBLIC_KEY_FILE);
  const existing = await fs.readFile(pubFile, "utf8").catch(() => null);
  if (existing !== key.publicKeyPem) await writeAtomically(pubFile, key.publicKeyPem, 0o644);
  return key;
}

const cache = new Map<string, Promise<TSigningKey>>();

/**
 * The signing key: the one configured outside the host (CASEBOOK_SIGNING_KEY_PEM or _FILE) when
 * there is one, else the folder's (CASEBOOK_SIGNING_KEY_DIR or <data dir>/signing), made on first
 * use. A `dir` given explicitly (tests, tools) always means that folder.
 */
export function loadOrCreateSigningKey(dir?: string): Promise<TSigningKey> {
  let external: ReturnType<typeof externalKeySource>;
  try {
    external = dir === undefined ? externalKeySource() : null;
  } catch (e) {
    return Promise.reject(e);
  }
  const d = external
    ? external.kind === "file"
      ? `file:${external.file}`
      : `variable:${createHash("sha256").update(env().CASEBOOK_SIGNING_KEY_PEM!).digest("hex")}`
    : path.resolve(/*turbopackIgnore: true*/ dir ?? signingKeyDir());
  let p = cache.get(d);
  if (!p) {
    p = external ? loadExternal(external) : loadAt(d);
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

/** The public key of this installation's key, never making one (the CLI's `verify` pins it). */
export async function readLocalPublicKey(dir?: string): Promise<{ publicKeyPem: string; fingerprint: string; file: string } | null> {
  const external = dir === undefined ? externalKeySource() : null;
  if (external) {
    const k = await loadExternal(external);
    return { publicKeyPem: k.publicKeyPem, fingerprint: k.fingerprint, file: describeKeySource(external) };
  }
  const file = path.join(dir ?? signingKeyDir(), PRIVATE_KEY_FILE);
  const pem = await fs.readFile(file, "utf8").catch(() => null);
  if (pem === null) return null;
  const publicKey = createPublicKey(createPrivateKey(pem));
  return { publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), fingerprint: fingerprintOf(publicKey), file };
}
