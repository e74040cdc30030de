// What the bag builder and the verifier agree on: file names, the fingerprint field, path encoding in
// manifests, tag-file parsing, PEM and SHA-256. No node: imports: the verifier runs in browsers too.

export const BAGIT_TXT = "bagit.txt";
export const BAG_INFO_TXT = "bag-info.txt";
export const MANIFEST = "manifest-sha256.txt";
export const TAGMANIFEST = "tagmanifest-sha256.txt";
/** The raw 64-byte Ed25519 signature over the exact bytes of tagmanifest-sha256.txt. */
export const SIGNATURE = "tagmanifest-sha256.txt.sig";
/** The signer's public key, SPKI PEM. Its fingerprint is in bag-info.txt, which the signature covers. */
export const SIGNING_KEY_PEM = "signing-key.pem";
export const FINGERPRINT_FIELD = "Casebook-Signing-Key-SHA256";
export const OXUM_FIELD = "Payload-Oxum";
export const BAGIT_TXT_CONTENT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

const utf8 = new TextEncoder();
export const toUtf8 = (s: string) => utf8.encode(s);
export const fromUtf8 = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: false }).decode(b);

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * RFC 8493 §2.1.3: in a manifest, CR, LF and % in a path are percent-encoded. The builder refuses
 * such names (bagit-python decodes %0A and %0D but not %25, so a bag holding "%" would fail there);
 * the verifier decodes all three so it reads bags other tools wrote.
 */
export function decodeManifestPath(s: string): string {
  return s.replace(/%(0A|0D|25)/gi, (m) => ({ "%0A": "\n", "%0D": "\r", "%25": "%" })[m.toUpperCase()] ?? m);
}

/** One manifest line: `<hex>  <path>` (two spaces, as bagit-python writes; readers split on any whitespace). */
export function manifestLine(hex: string, path: string): string {
  return `${hex}  ${path}\n`;
}

export type TManifestEntry = { line: number; hash: string; path: string };

/** Parses a manifest: entries, and lines that are not `<hex> <path>`. */
export function parseManifest(text: string): { entries: TManifestEntry[]; bad: Array<{ line: number; text: string }> } {
  const entries: TManifestEntry[] = [];
  const bad: Array<{ line: number; text: string }> = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    const m = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(raw);
    if (!m) bad.push({ line: i + 1, text: raw });
    else entries.push({ line: i + 1, hash: m[1].toLowerCase(), path: decodeManifestPath(m[2].replace(/[ \t]+$/, "")) });
  });
  return { entries, bad };
}

/**
 * Parses a tag file (bagit.txt, bag-info.txt): `Label: value` lines; a line starting with a space
 * or tab continues the previous value (RFC 8493 §2.2.2), joined with one space.
 */
export function parseTagFile(text: string): { fields: Array<[string, string]>; bad: Array<{ line: number; text: string }> } {
  const fields: Array<[string, string]> = [];
  const bad: Array<{ line: number; text: string }> = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    if (/^[ \t]/.test(raw) && fields.length) {
      const last = fields[fields.length - 1];
      last[1] = `${last[1]} ${raw.trim()}`.trim();
      return;
    }
    const colon = raw.indexOf(":");
    if (colon <= 0) bad.push({ line: i + 1, text: raw });
    else fields.push([raw.slice(0, colon).trim(), raw.slice(colon + 1).trim()]);
  });
  return { fields, bad };
}

export function pemToDer(pem: string, label = "PUBLIC KEY"): Uint8Array | null {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (!m) return null;
  try {
    const bin = atob(m[1].replace(/\s+/g, ""));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The first 16 hex digits, for headlines; the full fingerprint is always shown beside it. */
export function shortFingerprint(hex: string): string {
  return `${hex.slice(0, 16)}…`;
}
