import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadOrCreateSigningKey, type TSigningKey } from "../signing/key";
import { buildSampleBag } from "./bag-fixture";
import { verifyCommand } from "./cli";

const tmp = mkdtempSync(path.join(os.tmpdir(), "verify-cli-"));
// No local Casebook key unless a test makes one here (env() is read once per test file).
process.env.CASEBOOK_SIGNING_KEY_DIR = path.join(tmp, "local-signing");
let key: TSigningKey;
let good: string;
let bad: string;

beforeAll(async () => {
  key = await loadOrCreateSigningKey(path.join(tmp, "signing"));
  const zip = (await buildSampleBag(key)).zip;
  good = path.join(tmp, "good.zip");
  writeFileSync(good, zip);
  const files = unzipSync(zip);
  const name = "CB-2026-0007_export_ck123/bag-info.txt";
  files[name] = new TextEncoder().encode(new TextDecoder().decode(files[name]).replace("CB-2026-0007", "CB-2026-0008"));
  bad = path.join(tmp, "bad.zip");
  writeFileSync(bad, zipSync(files));
});
afterEach(() => vi.restoreAllMocks());

async function run(...argv: string[]) {
  const out: string[] = [];
  vi.spyOn(console, "log").mockImplementation((m) => void out.push(String(m)));
  vi.spyOn(console, "error").mockImplementation((m) => void out.push(String(m)));
  const code = await verifyCommand(argv, "usage: …");
  vi.restoreAllMocks();
  return { code, out: out.join("\n") };
}

describe("npm run casebook -- verify", () => {
  it("exits 0 for an intact package, trusting the key given, and prints each check", async () => {
    const r = await run(good, "--fingerprint", key.fingerprint);
    expect(r.code).toBe(0);
    expect(r.out).toContain("ok    Every payload file matches manifest-sha256.txt");
    expect(r.out).toContain("(the lab's published key)");
    const byKey = path.join(tmp, "published.pem");
    writeFileSync(byKey, key.publicKeyPem);
    expect((await run(good, "--key", byKey)).code).toBe(0);
  });

  it("without a key, and no local Casebook key, passes but says the signer is unconfirmed", async () => {
    const r = await run(good);
    expect(r.code).toBe(0);
    expect(r.out).toContain("no local Casebook key");
    expect(r.out).toContain("WARN  The key is confirmed");
  });

  it("exits 1 for a changed package, or one signed by another key than the trusted one", async () => {
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL  bagit.txt, bag-info.txt and the manifest match tagmanifest-sha256.txt: bag-info.txt: SHA-256 expected");
    expect((await run(good, "--fingerprint", "00".repeat(32))).code).toBe(1);
  });

  it("exits 2 on usage errors", async () => {
    expect((await run()).code).toBe(2);
    expect((await run(good, "--bogus")).code).toBe(2);
    expect((await run(good, "--key", "a.pem", "--fingerprint", "ab")).code).toBe(2);
    expect((await run(good, "--fingerprint", "not-hex")).code).toBe(2);
    expect((await run(path.join(tmp, "missing.zip"))).code).toBe(2);
  });

  // Last: it makes the local key the tests above run without.
  it("without a key, pins this Casebook's own signing key when there is one", async () => {
    const local = await loadOrCreateSigningKey(process.env.CASEBOOK_SIGNING_KEY_DIR!);
    const r = await run(good);
    expect(r.out).toContain("trusted key: this Casebook's signing key");
    expect(r.code).toBe(1); // the package was signed by another key
    expect(r.out).toContain(`not by the trusted key ${local.fingerprint}`);
  });
});
