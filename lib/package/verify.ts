// Verifies an evidence package: the BagIt checks (RFC 8493) and the Ed25519 signature over the tag
// manifest. One module for the CLI and the browser's /verify page: fflate and WebCrypto only, no
// node: imports. A zip goes through verifyPackage; an unzipped folder is read into the same
// entries by lib/package/verify-dir.ts and goes through verifyBagEntries.
import { unzipSync } from "fflate";
import {
  BAG_INFO_TXT,
  BAGIT_TXT,
  FINGERPRINT_FIELD,
  fromUtf8,
  MANIFEST,
  OXUM_FIELD,
  parseManifest,
  parseTagFile,
  pemToDer,
  sha256Hex,
  shortFingerprint,
  SIGNATURE,
  SIGNING_KEY_PEM,
  TAGMANIFEST,
} from "./bagit-format";

export const CHECKS = {
  zip: "The ZIP file is readable",
  layout: "It holds exactly one bag folder",
  "bagit.txt": "bagit.txt declares a BagIt bag",
  "bag-info.txt": "bag-info.txt is readable",
  "payload-oxum": "Payload-Oxum matches the payload (bytes and files)",
  manifest: "Every payload file matches manifest-sha256.txt",
  complete: "No payload file is missing from the manifest",
  tagmanifest: "bagit.txt, bag-info.txt and the manifest match tagmanifest-sha256.txt",
  unlisted: "Every file is covered by a manifest",
  signature: "The Ed25519 signature over tagmanifest-sha256.txt is valid for the enclosed key",
  fingerprint: "The enclosed key is the one named in bag-info.txt",
  trust: "The key is confirmed as the lab's published key",
} as const;
export type TCheckId = keyof typeof CHECKS;

export type TVerifyProblem = { file: string; check: TCheckId; expected?: string; found?: string; message: string };
export type TVerifyCheck = { id: TCheckId; label: string; status: "pass" | "fail" | "warn" | "skip"; message: string };
export type TVerifyReport = {
  /** Intact, signature valid, and the key is not contradicted by the trusted key given (if any). */
  ok: boolean;
  /** Every BagIt check passed (the signature aside). */
  intact: boolean;
  bag: string;
  /** bag-info.txt as text, as the package states it: untrusted unless ok. Repeated labels are joined with "; ". */
  info: Record<string, string>;
  infoFields: Array<[string, string]>;
  /** Payload files and their total bytes. */
  files: number;
  bytes: number;
  checks: TVerifyCheck[];
  problems: TVerifyProblem[];
  signature: { status: "valid" | "invalid" | "missing"; message: string };
  /** SHA-256 (hex) of the enclosed key's DER SPKI, or null when there is no readable key. */
  fingerprint: string | null;
  trust: { status: "confirmed" | "unconfirmed" | "mismatch"; trustedFingerprint: string | null; message: string };
};
export type TVerifyOptions = {
  trustedFingerprint?: string;
  trustedPublicKeyPem?: string;
  /** Refuse archives that declare more unpacked bytes than this (default 4 GiB). */
  maxUnpackedBytes?: number;
};

/** "SHA256:AB:12 …" or "ab12…" → "ab12…"; null when it is not 64 hex digits. */
export function normalizeFingerprint(s: string): string | null {
  const hex = s.trim().replace(/^sha-?256[:\s]*/i, "").replace(/[\s:]/g, "").toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

function unsafePath(p: string): boolean {
  return p.startsWith("/") || /^[A-Za-z]:/.test(p) || p.includes("\\") || p.split("/").some((s) => s === "..");
}

function emptyReport(): TVerifyReport {
  return {
    ok: false,
    intact: false,
    bag: "",
    info: {},
    infoFields: [],
    files: 0,
    bytes: 0,
    checks: [],
    problems: [],
    signature: { status: "missing", message: "not checked" },
    fingerprint: null,
    trust: { status: "unconfirmed", trustedFingerprint: null, message: "not checked" },
  };
}

export async function verifyPackage(zipBytes: Uint8Array, opts: TVerifyOptions = {}): Promise<TVerifyReport> {
  const max = opts.maxUnpackedBytes ?? 4 * 1024 ** 3;
  let declared = 0;
  const names = new Set<string>();
  const duplicates = new Set<string>();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zipBytes, {
      filter: (f) => {
        declared += f.originalSize;
        if (declared > max) throw new Error(`it would unpack to more than ${max} bytes`);
        // Two entries of one name: unzip tools keep one or the other, so what was checked is ambiguous.
        if (names.has(f.name)) duplicates.add(f.name);
        names.add(f.name);
        return !f.name.endsWith("/");
      },
    });
  } catch (e) {
    const report = emptyReport();
    const message = `The file is not a readable ZIP archive (${(e as Error).message || String(e)}). Was it downloaded completely?`;
    report.problems.push({ file: "(package)", check: "zip", message });
    report.checks = finishChecks(report.problems, { zip: message });
    report.signature.message = "not checked: the ZIP is unreadable";
    return report;
  }
  const report = await verifyBagEntries(new Map(Object.entries(entries)), opts);
  if (duplicates.size) {
    for (const d of duplicates) report.problems.unshift({ file: d, check: "layout", message: `${d} appears more than once in the ZIP archive; which copy an unzip tool keeps differs` });
    report.checks = report.checks.map((c) => (c.id === "layout" ? { ...c, status: "fail", message: report.problems[0].message } : c));
    report.ok = report.intact = false;
  }
  return report;
}

/**
 * The checks over the bag's files. `entries` maps each file's path (with the bag's top folder,
 * forward slashes) to its bytes.
 */
export async function verifyBagEntries(entries: Map<string, Uint8Array>, opts: TVerifyOptions = {}): Promise<TVerifyReport> {
  const report = emptyReport();
  const problems = report.problems;
  const passed: Partial<Record<TCheckId, string>> = { zip: `${entries.size} files` };
  const problem = (p: TVerifyProblem) => void problems.push(p);

  const { tops, files } = splitBagFolder(entries, problem);
  if (tops.size !== 1) {
    if (tops.size > 1) problem({ file: "(package)", check: "layout", expected: "1 folder", found: [...tops].join(", "), message: `The archive holds ${tops.size} top folders (${[...tops].join(", ")}); a package holds exactly one bag` });
    else problem({ file: "(package)", check: "layout", message: "The archive holds no bag folder" });
    report.checks = finishChecks(problems, passed);
    report.signature.message = "not checked: no single bag folder";
    return report;
  }
  report.bag = [...tops][0];
  passed.layout = `one bag folder: ${report.bag}`;

  const bag: TBagCheck = { files, report, passed, problem };
  checkBagitTxt(bag);
  const bagInfo = checkBagInfo(bag);
  await checkPayload(bag);
  checkPayloadOxum(bag, bagInfo);
  const tagmanifest = await checkTagmanifest(bag);
  checkUnlisted(bag, tagmanifest.listed);
  await checkSignature(bag, tagmanifest.bytes);
  checkFingerprint(bag, bagInfo);
  await checkTrust(bag, opts);

  report.checks = finishChecks(problems, passed, report.trust.status === "unconfirmed" ? report.trust.message : undefined);
  const bagChecks = new Set<TCheckId>(["layout", "bagit.txt", "bag-info.txt", "payload-oxum", "manifest", "complete", "tagmanifest", "unlisted"]);
  report.intact = !problems.some((p) => bagChecks.has(p.check));
  report.ok = problems.length === 0 && report.signature.status === "valid";
  return report;
}

/** What every check below reads and writes: the bag's files, the report, what passed, the problems. */
type TBagCheck = {
  /** Path inside the bag → bytes. */
  files: Map<string, Uint8Array>;
  report: TVerifyReport;
  passed: Partial<Record<TCheckId, string>>;
  problem: (p: TVerifyProblem) => void;
};

/** Layout: one top folder, nothing outside it, no path that escapes when unpacked. */
function splitBagFolder(entries: Map<string, Uint8Array>, problem: TBagCheck["problem"]) {
  const tops = new Set<string>();
  const files = new Map<string, Uint8Array>(); // path inside the bag → bytes
  for (const [name, bytes] of entries) {
    if (unsafePath(name)) {
      problem({ file: name, check: "layout", message: `${name}: an unsafe path (absolute, "..", or a backslash); the archive was not made by Casebook` });
      continue;
    }
    const slash = name.indexOf("/");
    if (slash <= 0) {
      problem({ file: name, check: "layout", message: `${name}: a file outside the bag folder` });
      continue;
    }
    tops.add(name.slice(0, slash));
    files.set(name.slice(slash + 1), bytes);
  }
  return { tops, files };
}

function checkBagitTxt({ files, passed, problem }: TBagCheck) {
  const bagit = files.get(BAGIT_TXT);
  if (!bagit) problem({ file: BAGIT_TXT, check: "bagit.txt", message: `${BAGIT_TXT} is missing: this is not a BagIt bag` });
  else {
    const tags = Object.fromEntries(parseTagFile(fromUtf8(bagit)).fields);
    const version = tags["BagIt-Version"];
    const encoding = tags["Tag-File-Character-Encoding"];
    if (!version || !/^\d+\.\d+$/.test(version)) problem({ file: BAGIT_TXT, check: "bagit.txt", expected: "BagIt-Version: 1.0", found: version ?? "(none)", message: `${BAGIT_TXT}: BagIt-Version is missing or malformed` });
    if (!encoding || encoding.toUpperCase() !== "UTF-8") problem({ file: BAGIT_TXT, check: "bagit.txt", expected: "UTF-8", found: encoding ?? "(none)", message: `${BAGIT_TXT}: Tag-File-Character-Encoding is ${encoding ?? "missing"}; this verifier reads UTF-8 tag files` });
    passed["bagit.txt"] = `BagIt-Version ${version}, ${encoding}`;
  }
}

/** bag-info.txt into the report; its bytes, or undefined when it is missing. */
function checkBagInfo({ files, report, passed, problem }: TBagCheck): Uint8Array | undefined {
  const bagInfo = files.get(BAG_INFO_TXT);
  if (!bagInfo) problem({ file: BAG_INFO_TXT, check: "bag-info.txt", message: `${BAG_INFO_TXT} is missing` });
  else {
    const parsed = parseTagFile(fromUtf8(bagInfo));
    for (const b of parsed.bad) problem({ file: BAG_INFO_TXT, check: "bag-info.txt", found: b.text, message: `${BAG_INFO_TXT} line ${b.line} is not "Label: value": ${JSON.stringify(b.text.slice(0, 80))}` });
    report.infoFields = parsed.fields;
    // A Map, then fromEntries: labels are untrusted ("__proto__", "constructor" must stay plain keys).
    const info = new Map<string, string>();
    for (const [k, v] of parsed.fields) info.set(k, info.has(k) ? `${info.get(k)}; ${v}` : v);
    report.info = Object.fromEntries(info);
    passed["bag-info.txt"] = `${parsed.fields.length} fields`;
  }
  return bagInfo;
}

/** Payload: what is under data/, and manifest-sha256.txt. */
async function checkPayload({ files, report, passed, problem }: TBagCheck) {
  const payload = [...files.keys()].filter((p) => p.startsWith("data/"));
  report.files = payload.length;
  report.bytes = payload.reduce((n, p) => n + files.get(p)!.length, 0);
  const listed = new Set<string>();
  const manifestBytes = files.get(MANIFEST);
  if (!manifestBytes) problem({ file: MANIFEST, check: "manifest", message: `${MANIFEST} is missing: the payload cannot be checked` });
  else {
    const m = parseManifest(fromUtf8(manifestBytes));
    for (const b of m.bad) problem({ file: MANIFEST, check: "manifest", found: b.text, message: `${MANIFEST} line ${b.line} is not "<sha256>  <path>": ${JSON.stringify(b.text.slice(0, 80))}` });
    await Promise.all(
      m.entries.map(async (e) => {
        if (!e.path.startsWith("data/") || unsafePath(e.path)) {
          problem({ file: MANIFEST, check: "manifest", found: e.path, message: `${MANIFEST} line ${e.line} names "${e.path}", which is not a payload path under data/` });
          return;
        }
        if (listed.has(e.path)) {
          problem({ file: e.path, check: "manifest", message: `${e.path} is listed twice in ${MANIFEST}` });
          return;
        }
        listed.add(e.path);
        const bytes = files.get(e.path);
        if (!bytes) return problem({ file: e.path, check: "manifest", expected: e.hash, message: `${e.path}: listed in ${MANIFEST} but missing from the package` });
        const found = await sha256Hex(bytes);
        if (found !== e.hash) problem({ file: e.path, check: "manifest", expected: e.hash, found, message: `${e.path}: SHA-256 expected ${e.hash}, found ${found}` });
      }),
    );
    passed.manifest = `${m.entries.length} files match their SHA-256`;
    for (const p of payload.filter((p) => !listed.has(p)).sort()) problem({ file: p, check: "complete", message: `${p}: in the package but not in ${MANIFEST}, so nothing vouches for it` });
    passed.complete = `all ${payload.length} payload files are listed`;
  }
}

function checkPayloadOxum({ report, passed, problem }: TBagCheck, bagInfo: Uint8Array | undefined) {
  const oxum = report.info[OXUM_FIELD];
  if (bagInfo) {
    const found = `${report.bytes}.${report.files}`;
    if (!oxum) problem({ file: BAG_INFO_TXT, check: "payload-oxum", found, message: `${BAG_INFO_TXT} has no ${OXUM_FIELD}` });
    else if (oxum !== found) {
      const [eb, ef] = oxum.split(".");
      problem({ file: BAG_INFO_TXT, check: "payload-oxum", expected: oxum, found, message: `${OXUM_FIELD} says ${ef} files of ${eb} bytes; the package holds ${report.files} files of ${report.bytes} bytes` });
    } else passed["payload-oxum"] = `${report.files} files, ${report.bytes} bytes`;
  }
}

/**
 * tagmanifest-sha256.txt: its entries, and it must cover the three tag files the signature vouches
 * for. Returns its bytes (what the signature is over) and the paths it lists.
 */
async function checkTagmanifest({ files, passed, problem }: TBagCheck) {
  const tagmanifestBytes = files.get(TAGMANIFEST);
  const tagListed = new Set<string>();
  if (!tagmanifestBytes) problem({ file: TAGMANIFEST, check: "tagmanifest", message: `${TAGMANIFEST} is missing: the tag files and the signature cannot be checked` });
  else {
    const m = parseManifest(fromUtf8(tagmanifestBytes));
    for (const b of m.bad) problem({ file: TAGMANIFEST, check: "tagmanifest", found: b.text, message: `${TAGMANIFEST} line ${b.line} is not "<sha256>  <path>": ${JSON.stringify(b.text.slice(0, 80))}` });
    for (const e of m.entries) {
      tagListed.add(e.path);
      const bytes = files.get(e.path);
      if (e.path.startsWith("data/") || unsafePath(e.path)) problem({ file: TAGMANIFEST, check: "tagmanifest", found: e.path, message: `${TAGMANIFEST} line ${e.line} names "${e.path}", which is not a tag file` });
      else if (!bytes) problem({ file: e.path, check: "tagmanifest", expected: e.hash, message: `${e.path}: listed in ${TAGMANIFEST} but missing from the package` });
      else {
        const found = await sha256Hex(bytes);
        if (found !== e.hash) problem({ file: e.path, check: "tagmanifest", expected: e.hash, found, message: `${e.path}: SHA-256 expected ${e.hash} (as listed in ${TAGMANIFEST}), found ${found}` });
      }
    }
    for (const f of [BAGIT_TXT, BAG_INFO_TXT, MANIFEST]) {
      if (!tagListed.has(f)) problem({ file: f, check: "tagmanifest", message: `${f} is not listed in ${TAGMANIFEST}, so the signature does not cover it` });
    }
    passed.tagmanifest = `${m.entries.length} tag files match their SHA-256`;
  }
  return { bytes: tagmanifestBytes, listed: tagListed };
}

/** Anything else in the bag that no manifest covers could say anything: nothing vouches for it. */
function checkUnlisted({ files, passed, problem }: TBagCheck, tagListed: Set<string>) {
  const known = new Set([BAGIT_TXT, BAG_INFO_TXT, MANIFEST, TAGMANIFEST, SIGNATURE, SIGNING_KEY_PEM]);
  for (const p of [...files.keys()].sort()) {
    if (!p.startsWith("data/") && !known.has(p) && !tagListed.has(p)) problem({ file: p, check: "unlisted", message: `${p}: an extra file outside data/ that no manifest lists and the signature does not cover` });
  }
  passed.unlisted = "no unlisted files";
}

/** The signature, the key, its fingerprint (into report.fingerprint). */
async function checkSignature({ files, report, passed, problem }: TBagCheck, tagmanifestBytes: Uint8Array | undefined) {
  const sig = files.get(SIGNATURE);
  const pem = files.get(SIGNING_KEY_PEM);
  // The key's fingerprint: SHA-256 (hex) of its DER SPKI encoding, as a recipient computes it with
  //   openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum
  const der = pem ? pemToDer(fromUtf8(pem)) : null;
  report.fingerprint = der ? await sha256Hex(der) : null;
  if (!sig) {
    report.signature = { status: "missing", message: `${SIGNATURE} is missing: the package is unsigned` };
    problem({ file: SIGNATURE, check: "signature", message: report.signature.message });
  } else if (!pem || !der) {
    report.signature = { status: "missing", message: pem ? `${SIGNING_KEY_PEM} is not a readable PEM public key` : `${SIGNING_KEY_PEM} is missing: the signature cannot be checked` };
    problem({ file: SIGNING_KEY_PEM, check: "signature", message: report.signature.message });
  } else if (!tagmanifestBytes) {
    report.signature = { status: "missing", message: `${TAGMANIFEST} is missing: there is nothing the signature could cover` };
  } else {
    const { valid, why } = await verifyEd25519(der, sig, tagmanifestBytes);
    if (valid) report.signature = { status: "valid", message: `valid, by the key with SHA-256 fingerprint ${report.fingerprint}` };
    else {
      report.signature = {
        status: "invalid",
        message: `The signature in ${SIGNATURE} does not match ${TAGMANIFEST} with the key in ${SIGNING_KEY_PEM}${why}: one of the three was changed after signing`,
      };
      problem({ file: why.includes(SIGNING_KEY_PEM) ? SIGNING_KEY_PEM : SIGNATURE, check: "signature", message: report.signature.message });
    }
  }
  if (report.signature.status === "valid") passed.signature = report.signature.message;
}

/** WebCrypto's Ed25519 verify; `why` is what to add to the message when it fails for a known reason. */
async function verifyEd25519(der: Uint8Array, sig: Uint8Array, signed: Uint8Array): Promise<{ valid: boolean; why: string }> {
  let valid = false;
  let why = "";
  try {
    const key = await globalThis.crypto.subtle.importKey("spki", der as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]);
    valid = sig.length === 64 && (await globalThis.crypto.subtle.verify({ name: "Ed25519" }, key, sig as Uint8Array<ArrayBuffer>, signed as Uint8Array<ArrayBuffer>));
    if (sig.length !== 64) why = ` (${SIGNATURE} is ${sig.length} bytes; an Ed25519 signature is 64)`;
  } catch (e) {
    why = ` (${SIGNING_KEY_PEM} is not a usable Ed25519 public key: ${(e as Error).message || e})`;
  }
  return { valid, why };
}

/** The enclosed key against the fingerprint bag-info.txt names. */
function checkFingerprint({ report, passed, problem }: TBagCheck, bagInfo: Uint8Array | undefined) {
  const stated = report.info[FINGERPRINT_FIELD];
  if (report.fingerprint && bagInfo) {
    if (!stated) problem({ file: BAG_INFO_TXT, check: "fingerprint", found: report.fingerprint, message: `${BAG_INFO_TXT} has no ${FINGERPRINT_FIELD} naming the signing key` });
    else if (normalizeFingerprint(stated) !== report.fingerprint)
      problem({ file: SIGNING_KEY_PEM, check: "fingerprint", expected: stated, found: report.fingerprint, message: `${SIGNING_KEY_PEM}: SHA-256 fingerprint expected ${stated} (from ${BAG_INFO_TXT}), found ${report.fingerprint}: the key was swapped` });
    else passed.fingerprint = `${FINGERPRINT_FIELD} ${stated}`;
  }
}

/** Trust: only a key the recipient got from elsewhere (the lab's published key) confirms who signed. */
async function checkTrust({ report, passed, problem }: TBagCheck, opts: TVerifyOptions) {
  let trusted: string | null = null;
  if (opts.trustedFingerprint) {
    trusted = normalizeFingerprint(opts.trustedFingerprint);
    if (!trusted) throw new Error(`The trusted fingerprint "${opts.trustedFingerprint}" is not 64 hex digits`);
  } else if (opts.trustedPublicKeyPem) {
    const tder = pemToDer(opts.trustedPublicKeyPem);
    if (!tder) throw new Error("The trusted public key is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    trusted = await sha256Hex(tder);
  }
  const fp = report.fingerprint;
  if (!trusted) {
    report.trust = {
      status: "unconfirmed",
      trustedFingerprint: null,
      message: fp
        ? `The signature is by the key with fingerprint ${fp}, which was not confirmed: compare it with the fingerprint the lab publishes`
        : "No key to confirm",
    };
  } else if (fp === trusted) {
    report.trust = { status: "confirmed", trustedFingerprint: trusted, message: `The key is the trusted key ${trusted}` };
    passed.trust = report.trust.message;
  } else {
    report.trust = { status: "mismatch", trustedFingerprint: trusted, message: `The package is signed by key ${fp ?? "(none)"}, not by the trusted key ${trusted}` };
    problem({ file: SIGNING_KEY_PEM, check: "trust", expected: trusted, found: fp ?? undefined, message: report.trust.message });
  }
}

function finishChecks(problems: TVerifyProblem[], passed: Partial<Record<TCheckId, string>>, unconfirmed?: string): TVerifyCheck[] {
  return (Object.keys(CHECKS) as TCheckId[]).map((id) => {
    const mine = problems.filter((p) => p.check === id);
    if (mine.length) return { id, label: CHECKS[id], status: "fail", message: mine.length === 1 ? mine[0].message : `${mine.length} problems; first: ${mine[0].message}` };
    if (id === "trust" && unconfirmed) return { id, label: CHECKS[id], status: "warn", message: unconfirmed };
    if (passed[id] !== undefined) return { id, label: CHECKS[id], status: "pass", message: passed[id]! };
    return { id, label: CHECKS[id], status: "skip", message: "not checked" };
  });
}

/** One line for people: "Intact: 7 files, signature valid, signed by key SHA256 ab12…". */
export function verdict(r: TVerifyReport): string {
  if (!r.ok) {
    const first = r.problems[0];
    return `Not intact: ${first ? first.message : r.signature.message}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more problem${r.problems.length > 2 ? "s" : ""})` : ""}`;
  }
  const key = `signed by key SHA256 ${shortFingerprint(r.fingerprint ?? "")}`;
  const trust = r.trust.status === "confirmed" ? "the lab's published key" : "NOT confirmed as the lab's key";
  return `Intact: ${r.files} file${r.files === 1 ? "" : "s"}, signature valid, ${key} (${trust})`;
}
