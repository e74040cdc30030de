// Builds an evidence package: a ZIP holding one BagIt 1.0 bag (RFC 8493) with SHA-256 manifests and
// a detached Ed25519 signature over the tag manifest. Pure apart from the signer passed in, and
// deterministic: the same input and key give the same bytes (sorted entries, one fixed timestamp,
// no extra fields, a fixed compression choice).
//
//   <name>/bagit.txt                  BagIt-Version 1.0, UTF-8
//   <name>/bag-info.txt               the caller's fields, then Payload-Oxum and Casebook-Signing-Key-SHA256
//   <name>/data/…                     the payload
//   <name>/manifest-sha256.txt        every payload file
//   <name>/tagmanifest-sha256.txt     bagit.txt, bag-info.txt, manifest-sha256.txt
//   <name>/tagmanifest-sha256.txt.sig raw 64-byte Ed25519 signature over tagmanifest-sha256.txt
//   <name>/signing-key.pem            the public key (SPKI PEM)
import { zipSync, type ZipOptions } from "fflate";
import {
  BAG_INFO_TXT,
  BAGIT_TXT,
  BAGIT_TXT_CONTENT,
  FINGERPRINT_FIELD,
  MANIFEST,
  manifestLine,
  OXUM_FIELD,
  sha256Hex,
  SIGNATURE,
  SIGNING_KEY_PEM,
  TAGMANIFEST,
  toUtf8,
} from "./bagit-format";

export type TBagFile = { path: string; bytes: Uint8Array };
export type TBagInput = {
  /** The bag's top folder inside the zip, e.g. "CB-2026-0007_export_ck123". */
  name: string;
  /** bag-info.txt fields in the caller's order; Payload-Oxum and the key fingerprint are appended. */
  info: Array<[string, string]>;
  /** Paths relative to data/, forward slashes. */
  payload: TBagFile[];
  /** Every zip entry's timestamp. */
  createdAt: Date;
};
export type TSigner = { sign(message: Uint8Array): Promise<Uint8Array>; publicKeyPem: string; fingerprint: string };
export type TBuiltBag = {
  zip: Uint8Array;
  /** SHA-256 (hex) of the zip. */
  sha256: string;
  /** Payload-Oxum: "<octets>.<count>". */
  oxum: string;
  /** The payload, sorted, with paths relative to data/ as given. */
  files: Array<{ path: string; bytes: number; sha256: string }>;
};

const RESERVED_FIELDS = [OXUM_FIELD, FINGERPRINT_FIELD].map((f) => f.toLowerCase());

/**
 * Already-compressed payload (the PDF's streams are deflated; images, archives) is stored: measured on
 * two real PDFs, deflate level 6 saved 1.4% and 2.5% and cost 0.5–0.8 s per 50 MB to build (and as
 * much again to inflate in the recipient's browser). Everything else is deflated at level 6.
 */
const STORED = /\.(pdf|zip|gz|tgz|bz2|xz|zst|7z|png|jpe?g|gif|webp|mp4|mov|webm|mp3|m4a|docx|xlsx|pptx)$/i;

/** Why a name cannot be a path in the bag, or null. Shared by the payload paths and the bag name. */
function pathProblem(p: string, what: string): string | null {
  if (p === "") return `${what} is empty`;
  if (p.includes("\\")) return `${what} "${p}" contains a backslash; use forward slashes`;
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return `${what} "${p}" is absolute; give it relative to data/`;
  if (/[\u0000-\u001f\u007f]/.test(p)) return `${what} "${JSON.stringify(p)}" contains a control character (line breaks, tabs)`;
  if (p.includes("%")) return `${what} "${p}" contains "%", which BagIt manifests must percent-encode and bagit-python does not decode; rename it`;
  if (p !== p.trim()) return `${what} "${p}" starts or ends with whitespace`;
  if (p.startsWith("*")) return `${what} "${p}" starts with "*", which manifest readers strip`;
  for (const seg of p.split("/")) {
    if (seg === "") return `${what} "${p}" has an empty segment (a leading, trailing or doubled "/")`;
    if (seg === "." || seg === "..") return `${what} "${p}" contains "${seg}"`;
  }
  return null;
}

function validate(input: TBagInput): void {
  const nameProblem = pathProblem(input.name, "The bag name");
  if (nameProblem) throw new Error(nameProblem);
  if (input.name.includes("/")) throw new Error(`The bag name "${input.name}" contains "/"; it is one folder name`);
  if (input.payload.length === 0) throw new Error("The bag has no payload files");
  const seen = new Map<string, string>();
  const paths = new Set(input.payload.map((f) => f.path));
  for (const f of input.payload) {
    const problem = pathProblem(f.path, "Payload path");
    if (problem) throw new Error(problem);
    // Case-insensitively too: on macOS and Windows the second file would overwrite the first when unzipped.
    const key = f.path.normalize("NFC").toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) throw new Error(other === f.path ? `Payload path "${f.path}" is given twice` : `Payload paths "${other}" and "${f.path}" differ only in case or Unicode form`);
    seen.set(key, f.path);
    const segs = f.path.split("/");
    for (let i = 1; i < segs.length; i++) {
      const dir = segs.slice(0, i).join("/");
      if (paths.has(dir)) throw new Error(`Payload path "${dir}" is a file, but "${f.path}" needs it to be a folder`);
    }
  }
  const labels = new Set<string>();
  for (const [label, value] of input.info) {
    if (!label || label !== label.trim() || /[:\r\n]/.test(label)) throw new Error(`bag-info label ${JSON.stringify(label)} must be non-empty, without ":", line breaks or surrounding spaces`);
    if (RESERVED_FIELDS.includes(label.toLowerCase())) throw new Error(`bag-info field "${label}" is written by the bag builder; leave it out`);
    if (/[\r\n]/.test(value)) throw new Error(`bag-info field "${label}" has a line break in its value; give it on one line`);
    labels.add(label);
  }
  const t = input.createdAt.getTime();
  if (!Number.isFinite(t) || input.createdAt.getUTCFullYear() < 1980 || input.createdAt.getUTCFullYear() > 2107) throw new Error("createdAt must be a valid date between 1980 and 2107 (the ZIP format's range)");
}

/** MS-DOS date and time of `d` in UTC (the ZIP format has no time zone; UTC keeps builds equal across hosts). */
function dosDateTime(d: Date): number {
  return (
    (((d.getUTCFullYear() - 1980) << 25) | ((d.getUTCMonth() + 1) << 21) | (d.getUTCDate() << 16) | (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1)) >>>
    0
  );
}

/**
 * fflate writes entry times in the host's local time zone; this rewrites every entry's time in the
 * local and central headers to `dos`, walking the central directory from the end record.
 */
function stampTimes(zip: Uint8Array, dos: number): void {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22; // no archive comment is written
  if (v.getUint32(eocd, true) !== 0x06054b50) throw new Error("internal: zip end record not where expected");
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  for (let i = 0; i < count; i++) {
    if (v.getUint32(p, true) !== 0x02014b50) throw new Error("internal: bad central directory entry");
    v.setUint32(p + 12, dos, true);
    const local = v.getUint32(p + 42, true);
    v.setUint32(local + 10, dos, true);
    p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
}

export async function buildBag(input: TBagInput, signer: TSigner): Promise<TBuiltBag> {
  validate(input);
  if (!/^[0-9a-f]{64}$/.test(signer.fingerprint)) throw new Error("The signer's fingerprint must be 64 lowercase hex digits");

  const payload = [...input.payload].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files = await Promise.all(payload.map(async (f) => ({ path: f.path, bytes: f.bytes.length, sha256: await sha256Hex(f.bytes) })));
  const octets = files.reduce((n, f) => n + f.bytes, 0);
  const oxum = `${octets}.${files.length}`;

  const bagit = toUtf8(BAGIT_TXT_CONTENT);
  const infoLines = [...input.info, [OXUM_FIELD, oxum], [FINGERPRINT_FIELD, signer.fingerprint]].map(([k, v]) => `${k}: ${v}\n`);
  const bagInfo = toUtf8(infoLines.join(""));
  const manifest = toUtf8(files.map((f) => manifestLine(f.sha256, `data/${f.path}`)).join(""));
  const tagFiles: Array<[string, Uint8Array]> = [
    [BAGIT_TXT, bagit],
    [BAG_INFO_TXT, bagInfo],
    [MANIFEST, manifest],
  ];
  const tagmanifest = toUtf8((await Promise.all(tagFiles.map(async ([n, b]) => manifestLine(await sha256Hex(b), n)))).join(""));
  const signature = await signer.sign(tagmanifest);
  if (signature.length !== 64) throw new Error(`The signer returned ${signature.length} bytes; an Ed25519 signature is 64`);

  // The mtime handed to fflate only has to be in its range; stampTimes sets the real one.
  const opts = (level: 0 | 6): ZipOptions => ({ level, mtime: new Date(2000, 0, 1), os: 3, attrs: 0o100644 << 16 });
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  const add = (p: string, bytes: Uint8Array, level: 0 | 6 = 6) => void (entries[`${input.name}/${p}`] = [bytes, opts(level)]);
  add(BAGIT_TXT, bagit);
  add(BAG_INFO_TXT, bagInfo);
  for (const f of payload) add(`data/${f.path}`, f.bytes, STORED.test(f.path) ? 0 : 6);
  add(MANIFEST, manifest);
  add(TAGMANIFEST, tagmanifest);
  add(SIGNATURE, signature, 0);
  add(SIGNING_KEY_PEM, toUtf8(signer.publicKeyPem));
  const zip = zipSync(entries);
  stampTimes(zip, dosDateTime(input.createdAt));

  return { zip, sha256: await sha256Hex(zip), oxum, files };
}
