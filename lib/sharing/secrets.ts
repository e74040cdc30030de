// The partners' sharing keys, at rest. Each 32-byte key (agreed with one partner lab) is stored in
// the database encrypted with AES-256-GCM under the sharing key-encryption key (KEK), which lives
// outside the database beside the export signing key, as `sharing-kek.bin` (mode 0600), made on
// first use; Casebook's backup carries it with the signing key. A dump of the database alone
// therefore holds no usable partner key. The ciphertext names the partner it belongs to (its id is
// the GCM associated data), so a ciphertext copied onto another partner's row does not decrypt.
//
// Stored form: base64 of version byte 1 | 12-byte IV | 16-byte tag | ciphertext.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { createOnce } from "../create-once";
import { externalKeySource, loadOrCreateSigningKey, signingKeyDir } from "../signing/key";

export const KEK_FILE = "sharing-kek.bin";
const VERSION = 1;

const cache = new Map<string, Promise<Buffer>>();
const DERIVED = "derived-from-the-signing-key";

/**
 * The KEK. With the signing key configured outside the host (CASEBOOK_SIGNING_KEY_PEM or _FILE),
 * it is derived from that key (HKDF-SHA256 over its PKCS#8 bytes, labelled for this use), so every
 * host that holds the installation's key reads the partners' keys and no file has to be shared.
 * Otherwise it is made on first use, in the signing key's folder.
 */
export function loadKek(dir?: string): Promise<Buffer> {
  if (dir === undefined && externalKeySource()) {
    let p = cache.get(DERIVED);
    if (!p) {
      p = loadOrCreateSigningKey().then((k) => Buffer.from(hkdfSync("sha256", k.privateKey.export({ type: "pkcs8", format: "der" }), Buffer.alloc(0), "casebook-sharing-kek-v1", 32)));
      cache.set(DERIVED, p);
      p.catch(() => cache.delete(DERIVED));
    }
    return p;
  }
  const file = path.join(path.resolve(/*turbopackIgnore: true*/ dir ?? signingKeyDir()), KEK_FILE);
  let p = cache.get(file);
  if (!p) {
    p = (async () => {
      await createOnce(file, () => randomBytes(32));
      const key = await fs.readFile(file);
      if (key.length !== 32) throw new Error(`${file} holds ${key.length} bytes, not a 32-byte key. Restore it from a backup: without it, the partners' sharing keys cannot be read.`);
      return key;
    })();
    cache.set(file, p);
    p.catch(() => cache.delete(file));
  }
  return p;
}

export async function sealPartnerKey(partnerId: string, key: Uint8Array): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await loadKek(), iv);
  cipher.setAAD(Buffer.from(partnerId));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString("base64");
}

export async function openPartnerKey(partnerId: string, sealed: string): Promise<Buffer> {
  const raw = Buffer.from(sealed, "base64");
  if (raw[0] !== VERSION || raw.length < 1 + 12 + 16 + 32) throw new Error("The partner's sharing key is not in a form this Casebook reads.");
  const decipher = createDecipheriv("aes-256-gcm", await loadKek(), raw.subarray(1, 13));
  decipher.setAAD(Buffer.from(partnerId));
  decipher.setAuthTag(raw.subarray(13, 29));
  try {
    return Buffer.concat([decipher.update(raw.subarray(29)), decipher.final()]);
  } catch {
    throw new Error(
      externalKeySource()
        ? `The sharing key of partner ${partnerId} does not decrypt: it was sealed under another key-encryption key (the ${KEK_FILE} of a single-host install, or another signing key). Enter the partner's key again in Admin → Partners.`
        : `The sharing key of partner ${partnerId} does not decrypt: the key-encryption key (${KEK_FILE} beside the signing key) is not the one it was sealed with. Restore that file from the backup made with this database.`,
    );
  }
}

/** A key given by a person: 32 bytes as 64 hex characters or as base64. Null when it is neither. */
export function parseSharingKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    return b.length === 32 ? b : null;
  }
  return null;
}

export const newSharingKey = () => randomBytes(32);

