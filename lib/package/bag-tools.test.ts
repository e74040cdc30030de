// The recipient's side, with the real tools: a package Casebook builds validates with the Library of
// Congress's bagit-python and its signature verifies with openssl, exactly as the README tells
// recipients; a flipped byte fails both bagit-python and our verifier.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSigningKey, type TSigningKey } from "../signing/key";
import { buildSampleBag } from "./bag-fixture";
import { verifyPackageAt } from "./verify-dir";

// A copy of the Library of Congress validator (public domain; ../shared/tools/bagit.py) kept in
// the repo, so a clone anywhere runs it.
const BAGIT_PY = path.resolve(import.meta.dirname, "../../tests/tools/bagit.py");
let key: TSigningKey;
let zipFile: string;

beforeAll(async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bag-tools-"));
  key = await loadOrCreateSigningKey(path.join(tmp, "signing"));
  zipFile = path.join(tmp, "package.zip");
  writeFileSync(zipFile, (await buildSampleBag(key)).zip);
});

/** Unzips the package into a fresh folder with Python's zipfile and returns the bag folder. */
function unzipped(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bag-tools-unzipped-"));
  execFileSync("python3", ["-m", "zipfile", "-e", zipFile, dir]);
  return path.join(dir, "CB-2026-0007_export_ck123");
}

// Exactly as the README tells recipients: from inside the unzipped folder.
const bagitPy = (dir: string) => spawnSync("python3", [BAGIT_PY, "--validate", "."], { cwd: dir, encoding: "utf8" });
const opensslVerify = (dir: string) =>
  spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "signing-key.pem", "-rawin", "-in", "tagmanifest-sha256.txt", "-sigfile", "tagmanifest-sha256.txt.sig"], { cwd: dir, encoding: "utf8" });

function flip(file: string) {
  const b = readFileSync(file);
  b[b.length >> 1] ^= 0x01;
  writeFileSync(file, b);
}

describe("the package with the recipient's tools", () => {
  it("validates with bagit-python, verifies with openssl, and has the fingerprint openssl computes", async () => {
    const dir = unzipped();
    const v = bagitPy(dir);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr).toContain(" is valid");
    const s = opensslVerify(dir);
    expect(s.stdout.trim(), s.stderr).toBe("Signature Verified Successfully");
    expect(s.status).toBe(0);
    const der = execFileSync("openssl", ["pkey", "-pubin", "-in", path.join(dir, "signing-key.pem"), "-outform", "DER"]);
    expect(execFileSync("sha256sum", { input: der }).toString().split(" ")[0]).toBe(key.fingerprint);
    expect(readFileSync(path.join(dir, "bag-info.txt"), "utf8")).toContain(`Casebook-Signing-Key-SHA256: ${key.fingerprint}`);
    // Our verifier reads the unzipped folder as well as the zip.
    expect((await verifyPackageAt(dir, { trustedFingerprint: key.fingerprint })).ok).toBe(true);
    expect((await verifyPackageAt(zipFile, { trustedFingerprint: key.fingerprint })).ok).toBe(true);
  });

  it("fails bagit-python and our verifier when a payload byte is flipped", async () => {
    const dir = unzipped();
    flip(path.join(dir, "data/natives/accounts.csv"));
    const v = bagitPy(dir);
    expect(v.status).not.toBe(0);
    expect(v.stderr).toContain("data/natives/accounts.csv");
    const r = await verifyPackageAt(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file)).toEqual(["data/natives/accounts.csv"]);
    expect(opensslVerify(dir).status).toBe(0); // the signature covers the manifest, which is unchanged
  });

  it("fails bagit-python, openssl and our verifier when a tag file byte is flipped", async () => {
    const dir = unzipped();
    flip(path.join(dir, "manifest-sha256.txt"));
    const v = bagitPy(dir);
    expect(v.status).not.toBe(0);
    expect(v.stderr).toContain("manifest-sha256.txt");
    expect((await verifyPackageAt(dir)).problems.some((p) => p.file === "manifest-sha256.txt")).toBe(true);

    const dir2 = unzipped();
    flip(path.join(dir2, "tagmanifest-sha256.txt"));
    expect(bagitPy(dir2).status).not.toBe(0);
    const s = opensslVerify(dir2);
    expect(s.status).not.toBe(0);
    expect(s.stdout + s.stderr).toContain("Signature Verification Failure");
    expect((await verifyPackageAt(dir2)).ok).toBe(false);
  });
});
