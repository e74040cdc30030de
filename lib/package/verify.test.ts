import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, Zip, ZipPassThrough, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSigningKey, type TSigningKey } from "../signing/key";
import { buildSampleBag } from "./bag-fixture";
import { normalizeFingerprint, verdict, verifyBagEntries, verifyPackage } from "./verify";

let key: TSigningKey;
let zip: Uint8Array;
const ROOT = "CB-2026-0007_export_ck123/";
beforeAll(async () => {
  key = await loadOrCreateSigningKey(path.join(mkdtempSync(path.join(os.tmpdir(), "verify-test-")), "signing"));
  zip = (await buildSampleBag(key)).zip;
});

/** The package with `file`'s middle byte flipped, re-zipped (as if edited after unzipping). */
function flipped(file: string): Uint8Array {
  const files = unzipSync(zip);
  const b = new Uint8Array(files[ROOT + file]);
  b[b.length >> 1] ^= 0x01;
  files[ROOT + file] = b;
  return zipSync(files);
}

function edited(edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  edit(files);
  return zipSync(files);
}

describe("verifyPackage", () => {
  it("passes a package as built, and confirms the key when it is the trusted one", async () => {
    const r = await verifyPackage(zip, { trustedFingerprint: key.fingerprint });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.intact).toBe(true);
    expect(r.bag).toBe("CB-2026-0007_export_ck123");
    expect(r.files).toBe(3);
    expect(r.info["Casebook-Case"]).toBe("CB-2026-0007");
    expect(r.fingerprint).toBe(key.fingerprint);
    expect(r.signature.status).toBe("valid");
    expect(r.trust.status).toBe("confirmed");
    expect(r.checks.every((c) => c.status === "pass")).toBe(true);
    expect(verdict(r)).toBe(`Intact: 3 files, signature valid, signed by key SHA256 ${key.fingerprint.slice(0, 16)}… (the lab's published key)`);
    const byPem = await verifyPackage(zip, { trustedPublicKeyPem: key.publicKeyPem });
    expect(byPem.trust.status).toBe("confirmed");
  });

  it("without a trusted key, says the signature is valid but the key unconfirmed", async () => {
    const r = await verifyPackage(zip, {});
    expect(r.ok).toBe(true);
    expect(r.trust.status).toBe("unconfirmed");
    expect(r.checks.find((c) => c.id === "trust")).toMatchObject({ status: "warn", message: expect.stringContaining(key.fingerprint) });
    expect(verdict(r)).toContain("NOT confirmed");
  });

  it("refuses a package signed by another key than the trusted one", async () => {
    const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    const r = await verifyPackage(zip, { trustedPublicKeyPem: other });
    expect(r.ok).toBe(false);
    expect(r.intact).toBe(true);
    expect(r.trust.status).toBe("mismatch");
    expect(r.problems).toMatchObject([{ file: "signing-key.pem", check: "trust", found: key.fingerprint }]);
  });

  it.each([
    "data/CB-2026-0007-legal-referral.pdf",
    "data/natives/accounts.csv",
    "data/natives/exchanges.jsonl",
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
    "tagmanifest-sha256.txt.sig",
    "signing-key.pem",
  ])("one flipped byte in %s fails, naming that file", async (file) => {
    const r = await verifyPackage(flipped(file), { trustedFingerprint: key.fingerprint });
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.file === file || p.message.includes(file)), JSON.stringify(r.problems, null, 1)).toBe(true);
    expect(verdict(r)).toMatch(/^Not intact: /);
  });

  it("says which hash was expected and which found for a changed payload file", async () => {
    const r = await verifyPackage(flipped("data/natives/accounts.csv"));
    expect(r.problems).toHaveLength(1);
    const [p] = r.problems;
    expect(p).toMatchObject({ file: "data/natives/accounts.csv", check: "manifest" });
    expect(p.message).toBe(`data/natives/accounts.csv: SHA-256 expected ${p.expected}, found ${p.found}`);
    expect(r.signature.status).toBe("valid"); // the signature covers the manifest, which is intact
    expect(r.intact).toBe(false);
  });

  it("finds a byte flipped inside the ZIP itself (the stored PDF)", async () => {
    const raw = new Uint8Array(zip);
    const at = Buffer.from(raw).indexOf("a stand-in");
    raw[at] ^= 0x20;
    const r = await verifyPackage(raw);
    expect(r.problems.map((p) => p.file)).toEqual(["data/CB-2026-0007-legal-referral.pdf"]);
  });

  it("reports missing, extra and unlisted files, a wrong oxum, a swapped key", async () => {
    const missing = await verifyPackage(edited((f) => delete f[ROOT + "data/natives/accounts.csv"]));
    expect(missing.problems.map((p) => [p.check, p.file])).toEqual(
      expect.arrayContaining([
        ["manifest", "data/natives/accounts.csv"],
        ["payload-oxum", "bag-info.txt"],
      ]),
    );
    const extra = await verifyPackage(edited((f) => void (f[ROOT + "data/natives/extra.csv"] = new Uint8Array([1, 2]))));
    expect(extra.problems.map((p) => [p.check, p.file])).toEqual([
      ["complete", "data/natives/extra.csv"],
      ["payload-oxum", "bag-info.txt"],
    ]);
    const tagExtra = await verifyPackage(edited((f) => void (f[ROOT + "README.txt"] = new Uint8Array([65]))));
    expect(tagExtra.problems.map((p) => [p.check, p.file])).toEqual([["unlisted", "README.txt"]]);
    const swapped = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    const swap = await verifyPackage(edited((f) => void (f[ROOT + "signing-key.pem"] = new TextEncoder().encode(swapped))));
    expect(swap.problems.map((p) => [p.check, p.file])).toEqual([
      ["signature", "tagmanifest-sha256.txt.sig"],
      ["fingerprint", "signing-key.pem"],
    ]);
  });

  it("refuses an unreadable zip, a second bag folder and unsafe paths", async () => {
    const junk = await verifyPackage(new TextEncoder().encode("not a zip"));
    expect(junk.ok).toBe(false);
    expect(junk.checks[0]).toMatchObject({ id: "zip", status: "fail" });
    expect(junk.checks.slice(1).every((c) => c.status === "skip")).toBe(true);
    const two = await verifyPackage(edited((f) => void (f["other/bagit.txt"] = new Uint8Array([65]))));
    expect(two.problems[0]).toMatchObject({ check: "layout", file: "(package)" });
    const entries = new Map(Object.entries(unzipSync(zip)));
    entries.set(`${ROOT}../evil.txt`, new Uint8Array([1]));
    const unsafe = await verifyBagEntries(entries);
    expect(unsafe.problems[0]).toMatchObject({ check: "layout", file: `${ROOT}../evil.txt` });
  });

  it("refuses a ZIP holding one name twice, and keeps hostile bag-info labels as plain text", async () => {
    const chunks: Uint8Array[] = [];
    const z = new Zip((err, chunk) => {
      if (err) throw err;
      chunks.push(chunk);
    });
    for (const [name, bytes] of Object.entries(unzipSync(zip))) {
      const e = new ZipPassThrough(name);
      z.add(e);
      e.push(bytes, true);
    }
    const again = new ZipPassThrough(ROOT + "data/natives/accounts.csv");
    z.add(again);
    again.push(new TextEncoder().encode("forged"), true);
    z.end();
    const twice = await verifyPackage(new Uint8Array(Buffer.concat(chunks)));
    expect(twice.ok).toBe(false);
    expect(twice.problems[0]).toMatchObject({ check: "layout", file: ROOT + "data/natives/accounts.csv" });

    const hostile = await verifyPackage(edited((f) => void (f[ROOT + "bag-info.txt"] = new TextEncoder().encode("__proto__: x\nconstructor: y\n"))));
    expect(Object.getPrototypeOf(hostile.info)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(hostile.info, "__proto__")?.value).toBe("x");
    expect(hostile.info.constructor).toBe("y");
  });

  it("normalises fingerprints people paste", () => {
    const hex = "ab".repeat(32);
    expect(normalizeFingerprint(`SHA256:${hex.toUpperCase()}`)).toBe(hex);
    expect(normalizeFingerprint(hex.match(/../g)!.join(":"))).toBe(hex);
    expect(normalizeFingerprint("abc")).toBeNull();
  });
});
